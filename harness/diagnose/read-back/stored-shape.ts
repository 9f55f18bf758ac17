/**
 * What a returned resource shows about how the target stored it, without sending anything
 * (docs/diagnosis.md#read-back): a PATCH path kept as a literal key, an extension URN split at the
 * dot in "2.0", a boolean kept as the string Entra's default dialect sent, a manager returned as a
 * bare string. Each shape names its cause; `concerns` says which SCIM paths of a read-back it
 * explains, so a failed expectation is tied to the shape that accounts for it.
 *
 * Pure and bounded: one pass over a resource's top-level keys (a ListResponse: its first few
 * resources). The resource is the target's text: what is quoted from it is JSON-escaped and capped.
 */
import { getAttribute, isJsonObject, type JsonObject, URN } from '../../checks/exchange-facts';
import { normalizeScimPath, parseScimPath } from '../../checks/scim-path';
import { type CauseSpec } from '../cause';
import { EXTENSION_URN_SPLIT, LITERAL_PATH_KEYS, MANAGER_AS_STRING, STRING_BOOLEANS_STORED } from './read-back-causes';

export interface StoredShape {
  readonly cause: CauseSpec;
  /** What was seen, quoted from the target (JSON-escaped, capped), for the diagnosis's serverDetail. */
  readonly seen: string;
  /** Whether the shape explains a differing value at this SCIM path. */
  concerns(path: string): boolean;
}

/** Resources of a ListResponse looked at: the shape of a fault repeats on every one. */
const LIST_RESOURCES_INSPECTED = 20;
const SEEN_LIMIT = 200;
/** A URN head cut at the dot of a version ("…:enterprise:2") holding keys that start after it ("0:User:…"). */
const SPLIT_URN_HEAD = /^urn:[^.]*:\d+$/i;
const SPLIT_URN_TAIL = /^\d+:/;
const STRING_BOOLEAN = /^(true|false)$/i;

/** A resource's top-level keys, split once: schema URNs and the rest. */
interface TopLevelKeys {
  readonly urn: readonly string[];
  readonly other: readonly string[];
}

function quote(keys: readonly string[]): string {
  const text = keys.map((key) => JSON.stringify(key)).join(', ');
  return text.length > SEEN_LIMIT ? `${text.slice(0, SEEN_LIMIT - 1)}…` : text;
}

/** `path` names `key` or something inside it, compared as SCIM compares names (case-insensitively). */
function within(path: string, key: string): boolean {
  const normal = normalizeScimPath(path);
  const lower = normalizeScimPath(key);
  return normal === lower || normal.startsWith(`${lower}.`) || normal.startsWith(`${lower}:`) || normal.startsWith(`${lower}[`);
}

/**
 * A key that is itself a SCIM path to a sub-attribute (`name.givenName`, `emails[type eq "work"].value`):
 * attribute names never hold "." or "[" (RFC 7643 §2.1), so only a path kept as text looks like this.
 */
function isSubAttributePath(key: string): boolean {
  // Most keys are plain names: they are passed over without parsing (this runs on every response of a log entry).
  if (!key.includes('.') && !key.includes('[')) return false;
  const parsed = parseScimPath(key);
  return parsed !== undefined && parsed.schema === undefined && (parsed.subAttribute !== undefined || parsed.filter !== undefined);
}

/** Schema URNs whose attributes may legitimately be written `urn:…:attr` (the resource's `schemas` and the enterprise extension). */
function schemaUrnsOf(resource: JsonObject): string[] {
  const listed = getAttribute(resource, 'schemas');
  const urns = Array.isArray(listed) ? listed.filter((urn): urn is string => typeof urn === 'string') : [];
  return [...urns, URN.enterpriseUser].map((urn) => urn.toLowerCase());
}

function literalPathKeys(resource: JsonObject, keys: TopLevelKeys): StoredShape | undefined {
  const urnValued = keys.urn.filter((key) => !isJsonObject(resource[key]));
  const urns = urnValued.length > 0 ? schemaUrnsOf(resource) : [];
  // `urn:…:enterprise:2.0:User:employeeNumber` at the top level with a plain value: a URN path kept whole.
  const found = [...keys.other.filter(isSubAttributePath), ...urnValued.filter((key) => urns.some((urn) => key.toLowerCase().startsWith(`${urn}:`)))];
  if (found.length === 0) return undefined;
  return { cause: LITERAL_PATH_KEYS, seen: `top-level keys ${quote(found)}`, concerns: (path) => found.some((key) => within(path, key)) };
}

function splitExtensionKeys(resource: JsonObject, keys: TopLevelKeys): StoredShape | undefined {
  const heads = keys.urn.filter((key) => {
    const value = resource[key];
    return SPLIT_URN_HEAD.test(key) && isJsonObject(value) && Object.keys(value).some((inner) => SPLIT_URN_TAIL.test(inner));
  });
  if (heads.length === 0) return undefined;
  const inner = heads.flatMap((head) => Object.keys(resource[head] as JsonObject).filter((key) => SPLIT_URN_TAIL.test(key)));
  return {
    cause: EXTENSION_URN_SPLIT,
    seen: `top-level keys ${quote(heads)} holding ${quote(inner)}`,
    concerns: (path) => heads.some((head) => normalizeScimPath(path).startsWith(`${head.toLowerCase()}.`)),
  };
}

function stringBooleans(resource: JsonObject): StoredShape | undefined {
  const active = getAttribute(resource, 'active');
  if (typeof active !== 'string' || !STRING_BOOLEAN.test(active)) return undefined;
  return { cause: STRING_BOOLEANS_STORED, seen: `"active": ${JSON.stringify(active)}`, concerns: (path) => normalizeScimPath(path) === 'active' };
}

function managerString(resource: JsonObject): StoredShape | undefined {
  const extension = getAttribute(resource, URN.enterpriseUser);
  const manager = isJsonObject(extension) ? getAttribute(extension, 'manager') : undefined;
  if (typeof manager !== 'string') return undefined;
  const seen = `"manager": ${JSON.stringify(manager.length > 80 ? `${manager.slice(0, 79)}…` : manager)}`;
  return { cause: MANAGER_AS_STRING, seen, concerns: (path) => /(^|:)manager(\.|$)/i.test(path.trim()) };
}

const INSPECTIONS: readonly ((resource: JsonObject, keys: TopLevelKeys) => StoredShape | undefined)[] = [literalPathKeys, splitExtensionKeys, stringBooleans, managerString];

/** The shapes one returned resource shows, in a fixed order (literal keys, split URN, string booleans, manager). */
export function storedShapes(resource: unknown): StoredShape[] {
  if (!isJsonObject(resource)) return [];
  const urn: string[] = [];
  const other: string[] = [];
  for (const key of Object.keys(resource)) (/^urn:/i.test(key) ? urn : other).push(key);
  const shapes: StoredShape[] = [];
  for (const inspect of INSPECTIONS) {
    const shape = inspect(resource, { urn, other });
    if (shape) shapes.push(shape);
  }
  return shapes;
}

/** The shapes a response body shows: one resource, or the first resources of a ListResponse. */
export function responseShapes(body: unknown): StoredShape[] {
  if (!isJsonObject(body)) return [];
  const resources = getAttribute(body, 'Resources');
  if (!Array.isArray(resources)) return storedShapes(body);
  for (const resource of resources.slice(0, LIST_RESOURCES_INSPECTED)) {
    const shapes = storedShapes(resource);
    if (shapes.length > 0) return shapes;
  }
  return [];
}
