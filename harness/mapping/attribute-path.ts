/**
 * SCIM attribute paths as Entra's mappings write them (RFC 7644 §3.10 "attrPath" and
 * §3.5.2 "valuePath"), limited to the forms Entra emits: `userName`, `name.givenName`,
 * `emails[type eq "work"].value`, and URN-qualified extension attributes such as
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber`.
 */

export interface ScimPath {
  readonly raw: string;
  /** Extension schema URN when the path is URN-qualified, else null (core schema). */
  readonly schemaUrn: string | null;
  /** Attribute name within the schema: `emails`, `name`, `employeeNumber`, `manager`. */
  readonly attribute: string;
  /** `[type eq "work"]`: selects one entry of a multi-valued attribute. */
  readonly filter: { readonly attribute: string; readonly value: string } | null;
  /** `value`, `givenName`, `streetAddress`… */
  readonly subAttribute: string | null;
}

export const ENTERPRISE_USER_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const MANAGER_PATH = `${ENTERPRISE_USER_URN}:manager`;

const NAME = '[A-Za-z$][\\w$-]*';
const SIMPLE = new RegExp(`^(${NAME})(?:\\[\\s*(${NAME})\\s+eq\\s+"((?:[^"\\\\]|\\\\.)*)"\\s*\\])?(?:\\.(${NAME}))?$`, 'i');

const cache = new Map<string, ScimPath>();

export class ScimPathError extends Error {
  override readonly name = 'ScimPathError';
}

/**
 * The URN ends at the last ':' before any filter: schema URNs themselves hold ':' and '.'
 * (`…:enterprise:2.0:User`), attribute names never do (RFC 7643 §2.1).
 */
function splitUrn(path: string): { urn: string | null; rest: string } {
  if (!/^urn:/i.test(path)) return { urn: null, rest: path };
  const bracket = path.indexOf('[');
  const head = bracket === -1 ? path : path.slice(0, bracket);
  const colon = head.lastIndexOf(':');
  return { urn: path.slice(0, colon), rest: path.slice(colon + 1) };
}

export function parseScimPath(path: string): ScimPath {
  const cached = cache.get(path);
  if (cached) return cached;
  const { urn, rest } = splitUrn(path.trim());
  const match = SIMPLE.exec(rest);
  if (!match || (urn !== null && urn.split(':').length < 4)) {
    throw new ScimPathError(
      `"${path}" is not a SCIM attribute path Entra can write (use attribute, attribute.subAttribute, attribute[type eq "work"].subAttribute or a URN-qualified extension attribute, e.g. emails[type eq "work"].value)`,
    );
  }
  const parsed: ScimPath = {
    raw: path,
    schemaUrn: urn,
    attribute: match[1],
    filter: match[2] ? { attribute: match[2], value: match[3].replace(/\\(.)/g, '$1') } : null,
    subAttribute: match[4] ?? null,
  };
  cache.set(path, parsed);
  return parsed;
}

/** A value-path filter (`emails[type eq "work"].value`): kept as its own op in the compliant dialect (docs/entra-behaviour.md#patch-dialects). */
export function isFilteredPath(path: string): boolean {
  return parseScimPath(path).filter !== null;
}

/** `members` and the enterprise `manager` point at other provisioned objects (docs/entra-behaviour.md#manager-reference, docs/entra-behaviour.md#groups). */
export function isReferencePath(path: string): boolean {
  const parsed = parseScimPath(path);
  const attribute = parsed.attribute.toLowerCase();
  return (parsed.schemaUrn === null && attribute === 'members') || attribute === 'manager';
}

/** The multi-valued reference `members`: synchronised by member PATCHes, never part of a view. */
export function isMembersPath(path: string): boolean {
  const parsed = parseScimPath(path);
  return parsed.schemaUrn === null && parsed.attribute.toLowerCase() === 'members';
}
