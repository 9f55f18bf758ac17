/**
 * Query parameters of a list or search (RFC 7644 §3.4.2, §3.4.3): read from a GET query
 * string or from a SearchRequest body into one shape, and the sort order of results.
 */
import { resolveAttributePath } from './attribute-paths';
import { badRequest } from './errors';
import { parseAttributePath } from './filter-parser';
import { type JsonObject, type JsonValue, findKey, isJsonObject } from './json';
import { splitAttributeList } from './attribute-projection';
import { type AttributeDefinition, type ResourceTypeDefinition, SEARCH_REQUEST_SCHEMA, findSubAttribute } from './schemas';

export type SortOrder = 'ascending' | 'descending';

export interface ListParams {
  readonly filter?: string;
  /** The startIndex the client sent, before values below 1 were read as 1 (the `start-index-below-one-400` fault reads it). */
  readonly requestedStartIndex?: number;
  /** 1-based (RFC 7644 §3.4.2.4); values below 1 are read as 1. */
  readonly startIndex: number;
  /** Undefined: the server's page size (maxResults). 0: totalResults only. */
  readonly count?: number;
  readonly sortBy?: string;
  readonly sortOrder: SortOrder;
  readonly attributes: readonly string[];
  readonly excludedAttributes: readonly string[];
}

type QueryValue = string | string[] | undefined;

function single(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name] as QueryValue;
  if (Array.isArray(value)) {
    throw badRequest('invalidValue', `Query parameter "${name}" was given ${value.length} times; give it once`);
  }
  return typeof value === 'string' ? value : undefined;
}

function integer(name: string, raw: string | number | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = typeof raw === 'number' ? raw : raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isInteger(value)) throw badRequest('invalidValue', `"${name}" must be a whole number, got ${JSON.stringify(raw)}`);
  return value;
}

function sortOrder(raw: string | undefined): SortOrder {
  if (raw === undefined || raw === '') return 'ascending';
  const lower = raw.toLowerCase();
  if (lower === 'ascending' || lower === 'descending') return lower;
  throw badRequest('invalidValue', `"sortOrder" must be "ascending" or "descending", got ${JSON.stringify(raw)}`);
}

function build(input: {
  filter?: string;
  startIndex?: number;
  count?: number;
  sortBy?: string;
  sortOrder: SortOrder;
  attributes: string[];
  excludedAttributes: string[];
}): ListParams {
  // RFC 7644 §3.4.2.4: startIndex below 1 is read as 1; a negative count as 0.
  const startIndex = input.startIndex === undefined || input.startIndex < 1 ? 1 : input.startIndex;
  const count = input.count === undefined ? undefined : Math.max(0, input.count);
  return {
    ...(input.filter !== undefined && input.filter.trim() !== '' ? { filter: input.filter } : {}),
    ...(input.startIndex !== undefined ? { requestedStartIndex: input.startIndex } : {}),
    startIndex,
    ...(count !== undefined ? { count } : {}),
    ...(input.sortBy !== undefined && input.sortBy.trim() !== '' ? { sortBy: input.sortBy.trim() } : {}),
    sortOrder: input.sortOrder,
    attributes: input.attributes,
    excludedAttributes: input.excludedAttributes,
  };
}

export function readListQuery(query: Record<string, unknown>): ListParams {
  return build({
    filter: single(query, 'filter'),
    startIndex: integer('startIndex', single(query, 'startIndex')),
    count: integer('count', single(query, 'count')),
    sortBy: single(query, 'sortBy'),
    sortOrder: sortOrder(single(query, 'sortOrder')),
    attributes: splitAttributeList(single(query, 'attributes')),
    excludedAttributes: splitAttributeList(single(query, 'excludedAttributes')),
  });
}

function optionalString(body: JsonObject, name: string): string | undefined {
  const key = findKey(body, name);
  const value = key === undefined ? undefined : body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest('invalidValue', `SearchRequest "${name}" must be a string, got ${JSON.stringify(value)}`);
  return value;
}

function optionalNumber(body: JsonObject, name: string): number | undefined {
  const key = findKey(body, name);
  const value: JsonValue | undefined = key === undefined ? undefined : body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw badRequest('invalidValue', `SearchRequest "${name}" must be a number, got ${JSON.stringify(value)}`);
  return integer(name, value);
}

function stringList(body: JsonObject, name: string): string[] {
  const key = findKey(body, name);
  const value = key === undefined ? undefined : body[key];
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return splitAttributeList(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return (value as string[]).map((item) => item.trim()).filter((item) => item !== '');
  throw badRequest('invalidValue', `SearchRequest "${name}" must be an array of attribute names, got ${JSON.stringify(value)}`);
}

/** RFC 7644 §3.4.3 SearchRequest body. */
export function readSearchRequest(body: unknown): ListParams {
  if (!isJsonObject(body)) throw badRequest('invalidSyntax', 'A search needs a JSON SearchRequest body');
  const schemas = body[findKey(body, 'schemas') ?? 'schemas'];
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === SEARCH_REQUEST_SCHEMA.toLowerCase())) {
    throw badRequest('invalidSyntax', `A SearchRequest needs "schemas": ["${SEARCH_REQUEST_SCHEMA}"]`);
  }
  return build({
    filter: optionalString(body, 'filter'),
    startIndex: optionalNumber(body, 'startIndex'),
    count: optionalNumber(body, 'count'),
    sortBy: optionalString(body, 'sortBy'),
    sortOrder: sortOrder(optionalString(body, 'sortOrder')),
    attributes: stringList(body, 'attributes'),
    excludedAttributes: stringList(body, 'excludedAttributes'),
  });
}

export type SortKey = string | number | boolean | undefined;

/**
 * Reads the value a resource sorts by (RFC 7644 §3.4.2.3): for multi-valued attributes the
 * primary value, else the first; strings fold case unless the attribute is caseExact.
 * Undefined when sortBy does not name an attribute of this resource type.
 */
export function compileSortKey(resourceType: ResourceTypeDefinition, sortBy: string): ((resource: JsonObject) => SortKey) | undefined {
  let resolution;
  try {
    resolution = resolveAttributePath(resourceType, parseAttributePath(sortBy));
  } catch {
    return undefined;
  }
  if (!resolution || resolution.kind !== 'attribute') return undefined;
  const { definition, extension } = resolution;
  let leaf: AttributeDefinition | undefined = resolution.subDefinition;
  if (!leaf && definition.type === 'complex') leaf = findSubAttribute(definition, 'value');
  if (definition.type === 'complex' && !leaf) return undefined;
  const caseExact = (leaf ?? definition).caseExact;
  const leafName = leaf?.name;
  return (resource) => {
    const holder = extension === undefined ? resource : resource[extension];
    if (!isJsonObject(holder)) return undefined;
    let value: JsonValue | undefined = holder[definition.name];
    if (Array.isArray(value)) value = value.find((item) => isJsonObject(item) && item.primary === true) ?? value[0];
    if (leafName !== undefined) value = isJsonObject(value) ? value[leafName] : undefined;
    if (typeof value === 'string') return caseExact ? value : value.toLowerCase();
    return typeof value === 'number' || typeof value === 'boolean' ? value : undefined;
  };
}

/** Unassigned values sort last in either order. */
export function compareSortKeys(a: SortKey, b: SortKey, order: SortOrder): number {
  if (a === undefined && b === undefined) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  const result = a < b ? -1 : a > b ? 1 : 0;
  return order === 'ascending' ? result : -result;
}
