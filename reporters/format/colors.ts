/**
 * ANSI colours for terminal output. With colour off every function is the identity, so the
 * same rendering code produces plain text for files, pipes and CI logs.
 */
import { terminalText } from '../../harness/text/terminal-text';

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

/** The escape sequences this module writes itself: bold, dim, colours and their resets (sticky: matched at an ESC). */
// eslint-disable-next-line no-control-regex
const OWN_SGR = /\u001b\[(?:1|2|22|31|32|33|36|39)m/y;

/**
 * The last pass over a line the console builds: every control character is shown as \uXXXX
 * (harness/text/terminal-text.ts) except this module's own colour codes. Target text is
 * sanitised before it is coloured, so a target sending these very codes is already shown, not
 * obeyed; this pass only catches text a caller forgot to sanitise.
 */
export function neutralizeControls(text: string): string {
  return terminalText(text, { keep: OWN_SGR });
}
