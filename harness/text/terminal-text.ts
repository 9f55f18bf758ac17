/**
 * Text from the target (ids, names, error details, headers, bodies) on its way to a terminal or
 * a CI log. A terminal obeys control characters: ESC starts sequences that clear the screen
 * (`ESC[2J`), move the cursor, retitle the window (OSC `ESC]0;…BEL`), plant hyperlinks (OSC 8)
 * or ask the terminal to answer (DCS `ESC P…ESC \`) — ECMA-48 §5. C1 controls do the same in
 * one byte (0x9B is CSI, 0x9D OSC, 0x90 DCS; ECMA-48 §5.3), CR returns to the start of the line
 * and overwrites what was printed, and Unicode's bidirectional overrides reorder what the eye
 * reads (Unicode TR #9; the "Trojan Source" technique, CVE-2021-42574).
 *
 * Every such character is shown instead of obeyed, as `\uXXXX` — the notation JSON and
 * JavaScript use, so the reader can tell exactly which code point the target sent, and one that
 * never contains a control character itself, so sanitising twice changes nothing. Whatever
 * followed an ESC stays as plain, visible text (`\u001B[2J`). The harness's own escape
 * sequences (its colours) are added after the target's text has passed through here.
 */

export interface TerminalTextOptions {
  /**
   * `block` keeps line feeds and tabs, which lay out multi-line text (a CRLF counts as one line
   * feed); `line` shows them too, for a table cell or a record that must stay on one line.
   * Default `block`.
   */
  readonly layout?: 'block' | 'line';
  /**
   * Escape sequences the caller wrote itself and wants kept, matched at each ESC (use the `y`
   * flag). For a final pass over a line the caller has already built from sanitised text.
   */
  readonly keep?: RegExp;
}

/**
 * C0 controls, DEL, C1 controls, the bidirectional formatting characters (ALM, LRM, RLM,
 * LRE…RLO, LRI…PDI) and the Unicode line and paragraph separators, which some terminals and
 * log viewers render as line breaks.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE_BLOCK = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_LINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function visible(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The text with every control character shown as `\uXXXX`; safe text comes back unchanged. */
export function terminalText(text: string, options: TerminalTextOptions = {}): string {
  const line = options.layout === 'line';
  const unsafe = line ? UNSAFE_LINE : UNSAFE_BLOCK;
  unsafe.lastIndex = 0;
  if (!unsafe.test(text)) return text;
  // A CRLF line ending lays a block out like LF; a lone CR would overwrite the line it ends.
  const source = line ? text : text.replace(/\r\n/g, '\n');
  const keep = options.keep;
  return source.replace(unsafe, (ch: string, offset: number) => {
    if (keep && ch === '\u001b') {
      keep.lastIndex = offset;
      if (keep.test(source)) return ch;
    }
    return visible(ch);
  });
}

/** Whether the text would reach a terminal unchanged (no control character of either layout). */
export function isTerminalSafe(text: string, layout: 'block' | 'line' = 'block'): boolean {
  const unsafe = layout === 'line' ? UNSAFE_LINE : UNSAFE_BLOCK;
  unsafe.lastIndex = 0;
  return !unsafe.test(text);
}
