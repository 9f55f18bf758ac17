/**
 * Escaping for the HTML report. Everything shown comes from a target under test (response
 * bodies, error texts, display names), so every value is escaped on the way into markup.
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text and attribute values (quotes included, so the result is safe in either place). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}

/**
 * JSON for a `<script type="application/json">` block. `<` only occurs inside JSON strings, so
 * writing it as \u003c keeps the data intact while `</script` and `<!--` (HTML §13.1.2.6, script
 * data states) can never end or confuse the block; U+2028/2029 are escaped for older parsers.
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * A classic script inlined as is: only `</script` can end it early (HTML §13.1.2.6). `<\/script`
 * reads the same inside the string and regex literals where it can legitimately occur.
 */
export function embedScript(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1');
}
