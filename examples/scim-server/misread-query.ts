/**
 * The `misread-plus` fault: the query string decoded with decodeURIComponent, as some endpoints
 * do by hand, so a `+` stays a plus sign instead of a space (WHATWG URL, form encoding). Entra
 * writes the spaces of its filters as `+` (docs/entra-behaviour.md#match-query-encoding), so
 * `filter=userName+eq+%22a%22` reads as `userName+eq+"a"` and fails to parse.
 */
export function misreadQuery(query: string | null | undefined): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  // Express hands the parser null when the URL has no query string.
  for (const pair of (query ?? '').split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = decodeLeniently(equals === -1 ? pair : pair.slice(0, equals));
    const value = equals === -1 ? '' : decodeLeniently(pair.slice(equals + 1));
    const earlier = result[name];
    result[name] = earlier === undefined ? value : Array.isArray(earlier) ? [...earlier, value] : [earlier, value];
  }
  return result;
}

/** decodeURIComponent, keeping the raw text where it is not valid percent-encoding. */
function decodeLeniently(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
