/**
 * SCIM attribute paths and the `eq`/`and` filters Entra sends (RFC 7644 §3.4.2.2, §3.5.2 PATH
 * grammar, §3.10 URN-qualified names), read against a returned resource.
 *
 * Only the subset Entra uses is understood (docs/entra-behaviour.md#filters-used: "Only filter operators used: eq and
 * and"). Anything else parses to `undefined`, so a check can stay silent rather than guess.
 */
import { getAttribute, isJsonObject, type JsonObject, URN } from './exchange-facts';
import { valueMatches } from './scim-values';

export interface EqComparison {
  /** Attribute path on the left, e.g. `userName` or `emails[type eq "work"].value`. */
  readonly path: string;
  /** The JSON literal on the right (RFC 7644 §3.4.2.2 compValue). */
  readonly value: unknown;
}

export interface ScimPath {
  /** Schema URN prefix when the path was URN-qualified (RFC 7644 §3.10). */
  readonly schema?: string;
  readonly attribute: string;
  readonly filter?: readonly EqComparison[];
  readonly subAttribute?: string;
}

/** Core schemas whose attributes live at the top level of a resource, not under their URN key. */
const CORE_SCHEMAS: ReadonlySet<string> = new Set([URN.user.toLowerCase(), URN.group.toLowerCase()]);

/** Schema URNs that are whole extension objects when used as a path (RFC 7643 §3.3). */
const EXTENSION_SCHEMAS: ReadonlySet<string> = new Set([URN.enterpriseUser.toLowerCase()]);

export function isCoreSchema(urn: string): boolean {
  return CORE_SCHEMAS.has(urn.toLowerCase());
}

/** True for a path that names a whole extension object, e.g. the enterprise User URN. */
export function isExtensionSchemaPath(path: string): boolean {
  return EXTENSION_SCHEMAS.has(path.toLowerCase());
}

/** Separators of the filter grammar (RFC 7644 §3.4.2.2), sticky: each is tried at one position. */
const AND = /\s+and\s+/iy;
const OR = /\s+or\s+/iy;
const EQ = /\s+eq\s+/iy;
const WHITESPACE = /\s/;
/** A plain attribute path, one ` eq `, one string literal: nothing the splits could cut elsewhere. */
const SIMPLE_EQ = /^([A-Za-z][\w.:$-]*) eq ("(?:[^"\\]|\\.)*")$/;

/**
 * Splits at top level: outside quoted strings, brackets and parentheses. `separator` (a sticky
 * expression starting with whitespace) is matched case-insensitively as a whole word, e.g. " and ".
 */
function splitTopLevel(text: string, separator: RegExp): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i += 1;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '(') depth += 1;
    else if (ch === ']' || ch === ')') depth -= 1;
    else if (depth === 0 && WHITESPACE.test(ch)) {
      separator.lastIndex = i;
      const match = separator.exec(text);
      if (match) {
        parts.push(text.slice(start, i));
        i += match[0].length - 1;
        start = i + 1;
      }
    }
    if (depth < 0) return undefined;
  }
  if (inString || depth !== 0) return undefined;
  parts.push(text.slice(start));
  return parts;
}

function parseLiteral(text: string): { ok: true; value: unknown } | { ok: false } {
  const trimmed = text.trim();
  if (/^(true|false|null)$/i.test(trimmed)) {
    const lower = trimmed.toLowerCase();
    return { ok: true, value: lower === 'null' ? null : lower === 'true' };
  }
  if (trimmed.startsWith('"') || /^-?\d/.test(trimmed)) {
    try {
      return { ok: true, value: JSON.parse(trimmed) as unknown };
    } catch {
      return { ok: false };
    }
  }
  return { ok: false };
}

/**
 * `a eq "x" and b eq "y"` → comparisons. Anything beyond `eq` joined by `and` (other operators,
 * `or`, `not`, grouping parentheses) gives undefined: the caller cannot judge it.
 */
export function parseEqConjunction(filter: string): EqComparison[] | undefined {
  const simple = SIMPLE_EQ.exec(filter.trim());
  if (simple) {
    // `userName eq "…"`, the query Entra sends for every object: what the general parse below
    // gives for it, without walking it three times.
    const literal = parseLiteral(simple[2] as string);
    return literal.ok ? [{ path: simple[1] as string, value: literal.value }] : undefined;
  }
  const terms = splitTopLevel(filter.trim(), AND);
  if (!terms || terms.length === 0) return undefined;
  const comparisons: EqComparison[] = [];
  for (const term of terms) {
    const trimmed = term.trim();
    if (trimmed.startsWith('(') || /^not\s*\(/i.test(trimmed)) return undefined;
    if (splitTopLevel(trimmed, OR)?.length !== 1) return undefined;
    const pieces = splitTopLevel(trimmed, EQ);
    if (!pieces || pieces.length !== 2) return undefined;
    const [path, literal] = pieces as [string, string];
    if (path.trim().length === 0 || /\s/.test(path.trim().replace(/\[.*\]/, ''))) return undefined;
    const parsed = parseLiteral(literal);
    if (!parsed.ok) return undefined;
    comparisons.push({ path: path.trim(), value: parsed.value });
  }
  return comparisons;
}

/**
 * RFC 7644 §3.5.2 PATH: `[URN ":"] attr ["." sub]` or `attr "[" filter "]" ["." sub]`. The
 * result is frozen: a caller that reads one path on many resources parses it once (pathReader)
 * and shares it.
 */
export function parseScimPath(path: string): ScimPath | undefined {
  const parsed = parseScimPathOnce(path);
  if (parsed) {
    parsed.filter?.forEach((comparison) => Object.freeze(comparison));
    if (parsed.filter) Object.freeze(parsed.filter);
    Object.freeze(parsed);
  }
  return parsed;
}

function parseScimPathOnce(path: string): ScimPath | undefined {
  const text = path.trim();
  if (text.length === 0) return undefined;
  const open = text.indexOf('[');
  let head = open >= 0 ? text.slice(0, open) : text;
  let filter: EqComparison[] | undefined;
  let tail = '';
  if (open >= 0) {
    const close = text.lastIndexOf(']');
    if (close < open) return undefined;
    filter = parseEqConjunction(text.slice(open + 1, close));
    if (!filter) return undefined;
    tail = text.slice(close + 1);
    if (tail.length > 0 && !tail.startsWith('.')) return undefined;
    tail = tail.slice(1);
  }
  let schema: string | undefined;
  if (/^urn:/i.test(head)) {
    const colon = head.lastIndexOf(':');
    schema = head.slice(0, colon);
    head = head.slice(colon + 1);
  }
  const [attribute, sub, ...extra] = head.split('.');
  if (!attribute || extra.length > 0) return undefined;
  if (filter && sub !== undefined) return undefined;
  const subAttribute = filter ? tail || undefined : sub;
  if (subAttribute !== undefined && !/^[$A-Za-z][\w$-]*$/.test(subAttribute)) return undefined;
  if (!/^[$A-Za-z][\w$-]*$/.test(attribute)) return undefined;
  return {
    ...(schema !== undefined ? { schema } : {}),
    attribute,
    ...(filter ? { filter } : {}),
    ...(subAttribute !== undefined ? { subAttribute } : {}),
  };
}

/** Does one element of a multi-valued attribute satisfy a value filter such as `type eq "work"`? */
export function matchesValueFilter(element: unknown, filter: readonly EqComparison[]): boolean {
  if (!isJsonObject(element)) return false;
  // Sub-attribute values such as `type` are caseExact false (RFC 7643 §2.4); compare leniently.
  return filter.every((term) => valueMatches(term.value, getAttribute(element, term.path), { caseInsensitive: true }));
}

function containerOf(resource: JsonObject, parsed: ScimPath): unknown {
  if (parsed.schema !== undefined) {
    if (isCoreSchema(parsed.schema)) return getAttribute(resource, parsed.attribute);
    const extension = getAttribute(resource, parsed.schema);
    return isJsonObject(extension) ? getAttribute(extension, parsed.attribute) : undefined;
  }
  const direct = getAttribute(resource, parsed.attribute);
  if (direct !== undefined) return direct;
  // An unqualified name may belong to an extension (Entra default mode sends `manager` bare,
  // docs/entra-behaviour.md#update-user); RFC 7644 §3.10 lets the server resolve it against any schema.
  for (const [key, value] of Object.entries(resource)) {
    if (/^urn:/i.test(key) && isJsonObject(value)) {
      const found = getAttribute(value, parsed.attribute);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function subValue(value: unknown, sub: string): unknown {
  if (Array.isArray(value)) {
    const values = value.map((item) => (isJsonObject(item) ? getAttribute(item, sub) : undefined)).filter((v) => v !== undefined);
    return values.length === 0 ? undefined : values;
  }
  return isJsonObject(value) ? getAttribute(value, sub) : undefined;
}

/**
 * The value a SCIM path designates in a resource: `userName`, `name.givenName`,
 * `emails[type eq "work"].value`, `urn:…:enterprise:2.0:User:manager.value`. Several matches of
 * a value filter give an array; no match gives undefined. An unparseable path gives undefined.
 */
export function valueAtPath(resource: unknown, path: string): unknown {
  return pathReader(path)(resource);
}

/**
 * valueAtPath with the path parsed once: checks read the same path on every resource of a page,
 * and parse it before the loop rather than once per resource.
 */
export function pathReader(path: string): (resource: unknown) => unknown {
  if (isExtensionSchemaPath(path)) return (resource) => (isJsonObject(resource) ? getAttribute(resource, path) : undefined);
  const parsed = parseScimPath(path);
  if (!parsed) return () => undefined;
  return (resource) => (isJsonObject(resource) ? valueAtParsedPath(resource, parsed) : undefined);
}

function valueAtParsedPath(resource: JsonObject, parsed: ScimPath): unknown {
  const value = containerOf(resource, parsed);
  if (parsed.filter) {
    if (!Array.isArray(value)) return undefined;
    const filter = parsed.filter;
    const matches = value.filter((element) => matchesValueFilter(element, filter));
    if (matches.length === 0) return undefined;
    const picked = parsed.subAttribute !== undefined ? matches.map((m) => subValue(m, parsed.subAttribute as string)) : matches;
    const present = picked.filter((v) => v !== undefined);
    if (present.length === 0) return undefined;
    return present.length === 1 ? present[0] : present;
  }
  return parsed.subAttribute !== undefined ? subValue(value, parsed.subAttribute) : value;
}

/**
 * A path in one comparable spelling: core-schema URN prefix dropped (RFC 7644 §3.10), case
 * folded (RFC 7643 §2.1), whitespace collapsed. `urn:…:core:2.0:User:userName` → `username`.
 */
export function normalizeScimPath(path: string): string {
  const trimmed = path.trim();
  const parsed = parseScimPath(trimmed);
  const bare = parsed?.schema !== undefined && isCoreSchema(parsed.schema) ? trimmed.slice(parsed.schema.length + 1) : trimmed;
  return bare.replace(/\s+/g, ' ').toLowerCase();
}
