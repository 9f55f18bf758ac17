/**
 * Matching values Entra cannot put into a filter (docs/entra-behaviour.md#filter-value-characters).
 * Microsoft lists as a known issue that filter queries on values containing special characters
 * are not supported and that provisioning such an object fails (D-KNOWN), without saying which
 * characters. [INF] The harness takes the characters that would break the filter string
 * `attr eq "<value>"` itself: a double quote (ends the string literal), a backslash (starts an
 * escape) and control characters (U+0000–U+001F, U+007F). Characters common in real userNames —
 * `.`, `-`, `_`, `@`, `+`, `'` — are deliberately not in the set: the documented request examples
 * and captures filter on such values (`userName eq "dale.mohr@romaguera.uk"`), so failing them would
 * contradict observed traffic.
 */

/** The first character of `value` Entra cannot filter on, or undefined when the value is fine. */
export function unsupportedFilterCharacter(value: string): string | undefined {
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\' || code <= 0x1f || code === 0x7f) return ch;
  }
  return undefined;
}

/** A character as a reason can show it: printable ones quoted, control characters as U+XXXX. */
export function describeCharacter(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code <= 0x1f || code === 0x7f) return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `'${ch}'`;
}
