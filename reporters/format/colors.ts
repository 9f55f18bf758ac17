/**
 * ANSI colours for terminal output. With colour off every function is the identity, so the
 * same rendering code produces plain text for files, pipes and CI logs.
 */

export type Paint = (text: string) => string;

export interface Colors {
  readonly enabled: boolean;
  readonly bold: Paint;
  readonly dim: Paint;
  readonly red: Paint;
  readonly green: Paint;
  readonly yellow: Paint;
  readonly cyan: Paint;
}

function ansi(open: number, close: number): Paint {
  return (text) => (text === '' ? text : `\u001b[${open}m${text}\u001b[${close}m`);
}

const identity: Paint = (text) => text;

export function createColors(enabled: boolean): Colors {
  if (!enabled) {
    return { enabled, bold: identity, dim: identity, red: identity, green: identity, yellow: identity, cyan: identity };
  }
  return {
    enabled,
    bold: ansi(1, 22),
    dim: ansi(2, 22),
    red: ansi(31, 39),
    green: ansi(32, 39),
    yellow: ansi(33, 39),
    cyan: ansi(36, 39),
  };
}

/**
 * The no-color.org and FORCE_COLOR conventions: NO_COLOR (any non-empty value) turns colour
 * off, FORCE_COLOR=0 off and any other FORCE_COLOR value on; otherwise colour follows the TTY.
 */
export function detectColor(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY;
}

/** Removes ANSI escape sequences: widths are measured on what the eye sees. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
}

/** The escape sequences this module writes itself: bold, dim, colours and their resets. */
// eslint-disable-next-line no-control-regex
const OWN_SGR = /^\u001b\[(?:1|2|22|31|32|33|36|39)m/;

/**
 * Target-supplied text (names, error bodies) reaches the terminal: a response holding ESC
 * sequences could move the cursor, rewrite earlier lines or retitle the window. Every control
 * character except tab and newline is shown as \uXXXX instead; only this module's colour codes pass.
 */
export function neutralizeControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (ch: string, offset: number) =>
    ch === '\u001b' && OWN_SGR.test(text.slice(offset, offset + 8))
      ? ch
      : `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
}
