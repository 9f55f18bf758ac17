/**
 * Weak entity tags (RFC 7643 §3.1 meta.version, RFC 7644 §3.14): `W/"<n>"`, where n counts the
 * versions of one resource. Preconditions compare opaque tags weakly (RFC 7232 §2.3.2), so
 * `"3"` and `W/"3"` name the same version.
 */

export function formatEtag(version: number): string {
  return `W/"${version}"`;
}

function opaque(tag: string): string {
  const trimmed = tag.trim();
  return trimmed.startsWith('W/') ? trimmed.slice(2) : trimmed;
}

/** Splits an If-Match / If-None-Match header into its tags; `*` is kept as is. */
export function parseEtagList(header: string): string[] {
  const tags: string[] = [];
  const pattern = /\s*(\*|(?:W\/)?"[^"]*")\s*(?:,|$)/gy;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(header)) !== null && match[0] !== '') tags.push(match[1]);
  return tags;
}

/** Whether a precondition header names the current tag (or `*`, which any existing resource matches). */
export function etagMatches(header: string, current: string): boolean {
  const wanted = opaque(current);
  return parseEtagList(header).some((tag) => tag === '*' || opaque(tag) === wanted);
}
