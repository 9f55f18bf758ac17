import fc from 'fast-check';
import { isTerminalSafe, terminalText } from '../../../harness/text/terminal-text';

/** Everything a terminal obeys: C0 (but line feed and tab), DEL, C1 (0x9B is the 8-bit CSI), bidi overrides, line separators. */
// eslint-disable-next-line no-control-regex
const OBEYED_IN_BLOCK = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex
const OBEYED_ON_A_LINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Strings rich in the characters that matter: controls, ESC sequences, C1, bidi, plus ordinary text. */
const hostileString = fc.string({
  unit: fc.oneof(
    fc.constantFrom('\u001b', '\u009b', '\u009d', '\u0090', '\u0007', '\r', '\n', '\t', '\u007f', '\u0000', '\u202e', '\u2066', '\u2028', '[', ']', '\\', '2J', '0;', 'P', 'm'),
    fc.integer({ min: 0, max: 0x2100 }).map((code) => String.fromCharCode(code)),
    fc.string({ unit: 'grapheme', maxLength: 3 }),
  ),
  maxLength: 60,
});

describe('terminalText', () => {
  it.each([
    ['OSC window title', '\u001b]0;pwned\u0007', '\\u001B]0;pwned\\u0007'],
    ['clear screen', 'a\u001b[2Jb', 'a\\u001B[2Jb'],
    ['OSC 8 hyperlink', '\u001b]8;;http://evil.example\u001b\\click\u001b]8;;\u001b\\', '\\u001B]8;;http://evil.example\\u001B\\click\\u001B]8;;\\u001B\\'],
    ['DCS query', '\u001bP$q"p\u001b\\', '\\u001BP$q"p\\u001B\\'],
    ['cursor up and erase line', '\u001b[1A\u001b[2K', '\\u001B[1A\\u001B[2K'],
    ['8-bit CSI', '\u009b31mred', '\\u009B31mred'],
    ['carriage return overwrite', 'ok\rFAIL', 'ok\\u000DFAIL'],
    ['right-to-left override', 'user\u202egnp.exe', 'user\\u202Egnp.exe'],
    ['DEL and NUL', 'a\u007fb\u0000', 'a\\u007Fb\\u0000'],
  ])('shows a %s instead of passing it on', (_name, input, expected) => {
    expect(terminalText(input)).toBe(expected);
  });

  it('keeps line feeds and tabs in a block, and a CRLF as a line feed', () => {
    expect(terminalText('a\tb\nc\r\nd')).toBe('a\tb\nc\nd');
  });

  it('shows line feeds, tabs and CRs on a line', () => {
    expect(terminalText('a\tb\nc\r\nd', { layout: 'line' })).toBe('a\\u0009b\\u000Ac\\u000D\\u000Ad');
  });

  it("keeps only the caller's own sequences when asked, and only where an ESC starts one", () => {
    // eslint-disable-next-line no-control-regex
    const own = /\u001b\[(?:31|39)m/y;
    expect(terminalText('\u001b[31mred\u001b[39m \u001b[2J', { keep: own })).toBe('\u001b[31mred\u001b[39m \\u001B[2J');
  });

  it('never lets a character a terminal obeys through (property)', () => {
    fc.assert(
      fc.property(hostileString, (text) => {
        expect(terminalText(text)).not.toMatch(OBEYED_IN_BLOCK);
        expect(terminalText(text, { layout: 'line' })).not.toMatch(OBEYED_ON_A_LINE);
        expect(isTerminalSafe(terminalText(text))).toBe(true);
        expect(isTerminalSafe(terminalText(text, { layout: 'line' }), 'line')).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent, and returns safe text unchanged (property)', () => {
    fc.assert(
      fc.property(hostileString, (text) => {
        const once = terminalText(text);
        expect(terminalText(once)).toBe(once);
        const line = terminalText(text, { layout: 'line' });
        expect(terminalText(line, { layout: 'line' })).toBe(line);
        if (isTerminalSafe(text)) expect(terminalText(text)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('loses nothing: every character is either kept or shown by its code point (property)', () => {
    fc.assert(
      fc.property(hostileString, (text) => {
        const shown = terminalText(text, { layout: 'line' });
        const restored = shown.replace(/\\u([0-9A-F]{4})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
        // Only exact when the input holds no literal "\uXXXX" of its own.
        if (!/\\u[0-9A-F]{4}/.test(text)) expect(restored).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });
});
