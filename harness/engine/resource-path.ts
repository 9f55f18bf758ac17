/**
 * The one way a resource URL is built from a target's id. An id is the target's own data: the
 * harness must never let one leave its collection. RFC 7643 §3.1 makes `id` opaque to the client,
 * but a URL path is not: the segments "." and ".." are removed by dot-segment normalisation
 * (RFC 3986 §5.2.4, and WHATWG URL also reads "%2e" as "."), so `DELETE /Users/..` goes out as
 * `DELETE /` — and "/", "?", "#" or "\" change the path or end it. Such ids are refused; every
 * other id is percent-encoded as one path segment (RFC 3986 §3.3) and the result is asserted to
 * stay inside the collection.
 */

export type ResourceCollection = '/Users' | '/Groups';

/** "%2e", "%2E" and "." alike: the forms RFC 3986 §2.3/§6.2.2.2 and WHATWG URL treat as a dot. */
const DOT = /^(?:\.|%2e)$/i;
const DOT_DOT = /^(?:\.|%2e){2}$/i;
/** Delimiters that would change the path, start the query or the fragment, plain or percent-encoded (RFC 3986 §2.2). */
const PATH_BREAKERS = /[/?#\\]|%2f|%3f|%23|%5c/i;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Why `id` cannot be used as a resource's URL path segment, or undefined when it can. The reason
 * names the rule, e.g. `".." is a dot segment, removed by URL normalisation (RFC 3986 §5.2.4)`.
 */
export function unusableIdReason(id: string): string | undefined {
  const shown = JSON.stringify(id);
  if (id.length === 0) return 'the empty id "" names the collection itself, not a resource (RFC 7643 §3.1)';
  if (DOT.test(id) || DOT_DOT.test(id)) return `${shown} is a dot segment, removed by URL normalisation (RFC 3986 §5.2.4)`;
  if (id.trim().length === 0) return `${shown} is only white space (RFC 7643 §3.1)`;
  if (PATH_BREAKERS.test(id)) return `${shown} contains "/", "?", "#" or "\\" (or their percent-encoding), which change the request's path (RFC 3986 §3.3)`;
  if (CONTROL.test(id)) return `${shown} contains a control character (RFC 3986 §2)`;
  return undefined;
}

export class UnusableResourceIdError extends Error {
  override readonly name = 'UnusableResourceIdError';
}

/**
 * `/Users/<id>` or `/Groups/<id>`, the id percent-encoded as one segment. Throws
 * UnusableResourceIdError for an id `unusableIdReason` refuses: callers validate ids where they
 * enter (a create's or a match's response), so a throw here is a missed validation, never a
 * request to the wrong URL.
 */
export function resourcePath(collection: ResourceCollection, id: string): string {
  const reason = unusableIdReason(id);
  if (reason !== undefined) throw new UnusableResourceIdError(`cannot address a resource in ${collection}: ${reason}`);
  const path = `${collection}/${encodeURIComponent(id)}`;
  // The same parse the client applies: the path must come out unchanged, one segment below the collection.
  const parsed = new URL(`http://resource.invalid${path}`).pathname;
  if (parsed !== path || path.lastIndexOf('/') !== collection.length) {
    throw new UnusableResourceIdError(`cannot address a resource in ${collection}: ${JSON.stringify(id)} does not stay one path segment (became ${parsed})`);
  }
  return path;
}
