/**
 * Reading facts out of a recorded exchange, tolerantly: a target may answer anything, and a
 * check must never throw on what it reads (checks return findings, they never throw).
 */
import { type Exchange, type ExchangeRequest, type ExchangeResponse } from '../contract/exchange';
import { sentUrlOf } from '../target/exchange-record';

/** Schema and message URNs from RFC 7643 §8.7 / §5–§7 and RFC 7644 §3. */
export const URN = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterpriseUser: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  serviceProviderConfig: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
  resourceType: 'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
  schema: 'urn:ietf:params:scim:schemas:core:2.0:Schema',
  listResponse: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  patchOp: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  searchRequest: 'urn:ietf:params:scim:api:messages:2.0:SearchRequest',
  messagesPrefix: 'urn:ietf:params:scim:api:messages:2.0:',
} as const;

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Every check of one exchange reads the same URL, one after the other; remembering the last
 * parse keeps a 100,000-request run from parsing each URL dozens of times.
 */
interface ParsedUrl {
  readonly url: string;
  readonly parsed: URL | undefined;
  readonly segments: readonly string[] | undefined;
  /** The query's name/value pairs in order, read from `parsed.searchParams` on first use. */
  query?: readonly (readonly [string, string])[];
}

let lastParsed: ParsedUrl | undefined;

function parseOnce(url: string, request?: ExchangeRequest): ParsedUrl {
  if (lastParsed?.url === url) return lastParsed;
  // The client's own parse of the same URL, when the exchange was recorded in this process.
  let parsed: URL | undefined = request !== undefined && request.url === url ? sentUrlOf(request) : undefined;
  if (parsed === undefined) {
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
  }
  lastParsed = { url, parsed, segments: parsed === undefined ? undefined : decodedSegmentsOf(parsed.pathname) };
  return lastParsed;
}

/** Non-empty path segments, percent-decoded where they hold an escape (a malformed one stays as it is). */
function decodedSegmentsOf(pathname: string): string[] {
  const segments: string[] = [];
  for (const segment of pathname.split('/')) {
    if (segment.length === 0) continue;
    segments.push(segment.includes('%') ? decodeSegment(segment) : segment);
  }
  return segments;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The parsed URL; callers only read it. */
export function requestUrlOf(url: string): URL | undefined {
  return parseOnce(url).parsed;
}

/** Decoded, non-empty path segments, or undefined when the URL does not parse. */
export function pathSegmentsOf(url: string): string[] | undefined {
  const segments = parseOnce(url).segments;
  return segments ? [...segments] : undefined;
}

/** Whether one of the decoded path segments is exactly `segment` (no copy of the cached list). */
export function pathHasSegment(url: string, segment: string): boolean {
  return parseOnce(url).segments?.includes(segment) ?? false;
}

/**
 * The last and next-to-last decoded path segments (RFC 7644 §3.2: with the method they name the
 * operation), or undefined when the URL does not parse. Read without copying the cached list.
 */
export function endpointSegmentsOf(
  url: string,
  request?: ExchangeRequest,
): { readonly last: string | undefined; readonly previous: string | undefined } | undefined {
  const segments = parseOnce(url, request).segments;
  if (!segments) return undefined;
  return { last: segments[segments.length - 1], previous: segments[segments.length - 2] };
}

/**
 * A query parameter. RFC 7644 §3.4.2 spells them `filter`, `attributes`…; a client may send
 * another case, so an exact match wins and a case-insensitive one is the fallback.
 */
export function queryParamOf(exchange: Exchange, name: string): string | undefined {
  const entry = parseOnce(exchange.request.url, exchange.request);
  if (!entry.parsed) return undefined;
  // Most requests carry no query: no URLSearchParams is built for them.
  entry.query ??= entry.parsed.search === '' ? [] : [...entry.parsed.searchParams];
  for (const [key, value] of entry.query) if (key === name) return value;
  const lower = name.toLowerCase();
  for (const [key, value] of entry.query) if (key.toLowerCase() === lower) return value;
  return undefined;
}

/** The `{id}` of `/Users/{id}` or `/Groups/{id}`. */
export function resourceIdInUrl(exchange: Exchange): string | undefined {
  const ends = endpointSegmentsOf(exchange.request.url, exchange.request);
  if (!ends || ends.previous === undefined) return undefined;
  const { previous, last } = ends;
  return (previous === 'Users' || previous === 'Groups') && last !== '.search' ? last : undefined;
}

export function isSuccess(exchange: Exchange): boolean {
  const status = exchange.response?.status;
  return status !== undefined && status >= 200 && status < 300;
}

/** True when the response carried any body bytes (a 204 or an empty 200 does not). */
export function hasResponseBody(response: ExchangeResponse): boolean {
  return response.bytes > 0 || response.text.length > 0 || response.body !== undefined;
}

export function responseObjectOf(exchange: Exchange): JsonObject | undefined {
  const body = exchange.response?.body;
  return isJsonObject(body) ? body : undefined;
}

export function requestObjectOf(exchange: Exchange): JsonObject | undefined {
  const body = exchange.request.body;
  return isJsonObject(body) ? body : undefined;
}

export function headerOf(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const lower = name.toLowerCase();
  const direct = headers[lower];
  if (direct !== undefined) return direct;
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === lower) return value;
  return undefined;
}

/** A target sends the same Content-Type on every response: the last one is remembered. */
let lastMediaType: { readonly contentType: string; readonly type: string | undefined } | undefined;

/** `application/scim+json; charset=utf-8` → `application/scim+json`. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  if (lastMediaType?.contentType === contentType) return lastMediaType.type;
  const type = contentType.split(';')[0]?.trim().toLowerCase();
  lastMediaType = { contentType, type: type ? type : undefined };
  return lastMediaType.type;
}

const NON_ASCII = /[\u0080-\uffff]/;

let lastName = '';
let lastNameIsAscii = true;

/** RFC 7643 §2.1: attribute names are case-insensitive. */
export function getAttribute(object: JsonObject, name: string): unknown {
  if (name in object) return object[name];
  const lower = name.toLowerCase();
  // Checks look up absent names on every response: no character lower-cases to several ASCII
  // ones, so a key of another length cannot match an ASCII name and is passed over unlowered.
  // The checks ask for the same few names over and over (once per resource of a page): the last
  // name's answer is kept.
  if (name !== lastName) {
    lastName = name;
    lastNameIsAscii = !NON_ASCII.test(name);
  }
  const sameLength = lastNameIsAscii;
  for (const key in object) {
    if (sameLength && key.length !== name.length) continue;
    if (Object.hasOwn(object, key) && key.toLowerCase() === lower) return object[key];
  }
  return undefined;
}

export function schemasOf(object: JsonObject): string[] {
  const schemas = getAttribute(object, 'schemas');
  return Array.isArray(schemas) ? schemas.filter((s): s is string => typeof s === 'string') : [];
}

/** Schema URIs compared case-insensitively: a different case is not worth a finding. */
export function hasSchema(object: JsonObject, urn: string): boolean {
  const schemas = getAttribute(object, 'schemas');
  if (!Array.isArray(schemas)) return false;
  const lower = urn.toLowerCase();
  // As in getAttribute: a URI of another length cannot match an ASCII one in any case.
  const sameLength = !NON_ASCII.test(urn);
  return schemas.some(
    (schema) => typeof schema === 'string' && (schema === urn || ((!sameLength || schema.length === urn.length) && schema.toLowerCase() === lower)),
  );
}

/**
 * Resources of one response validated against their RFC 7643 schema. Every other check reads
 * every resource (a few property lookups each); schema validation costs microseconds per
 * resource, so a page of a million would hold the event loop for seconds. RFC 7644 §3.4.2.4 lets
 * the service provider choose its page size, and real ones page at a few hundred; a larger page
 * is validated up to this many and reported (protocol/list-page-size).
 */
export const MAX_VALIDATED_RESOURCES = 10_000;

/** `Resources` of a ListResponse (RFC 7644 §3.4.2), objects only; undefined when absent. */
export function listResourcesOf(body: JsonObject): unknown[] | undefined {
  const resources = getAttribute(body, 'Resources');
  return Array.isArray(resources) ? resources : undefined;
}

/**
 * What several checks derive from the same exchange, one check after the other: kept for the
 * exchange being checked. Its parts are compared by identity, so another exchange, or one rebuilt
 * with another body or URL, starts afresh. Shared values are frozen.
 */
interface ExchangeMemo {
  readonly exchange: Exchange;
  readonly url: string;
  readonly requestBody: unknown;
  readonly responseBody: unknown;
  returned?: readonly JsonObject[];
  readonly attributeLists: Map<string, readonly string[] | undefined>;
}

let lastMemo: ExchangeMemo | undefined;

function memoOf(exchange: Exchange): ExchangeMemo {
  const memo = lastMemo;
  if (
    memo !== undefined &&
    memo.exchange === exchange &&
    memo.url === exchange.request.url &&
    memo.requestBody === exchange.request.body &&
    memo.responseBody === exchange.response?.body
  ) {
    return memo;
  }
  lastMemo = { exchange, url: exchange.request.url, requestBody: exchange.request.body, responseBody: exchange.response?.body, attributeLists: new Map() };
  return lastMemo;
}

/** The single resource or the ListResponse resources a response returns. */
export function returnedResourcesOf(exchange: Exchange): readonly JsonObject[] {
  const memo = memoOf(exchange);
  memo.returned ??= largePages.get(exchange)?.resources ?? findReturnedResources(exchange);
  return memo.returned;
}

/**
 * Pages at least this long keep their resources, and an index by id, beyond the one-exchange memo:
 * lifecycle checks walk several objects' histories that share one query response, and without
 * it each step would scan the whole page again (quadratic in what the target sent). Entra's own
 * queries return one resource or none, so a clean run never fills it.
 */
const LARGE_PAGE = 64;

interface LargePage {
  readonly resources: readonly JsonObject[];
  byId?: ReadonlyMap<string, JsonObject>;
}

const largePages = new WeakMap<Exchange, LargePage>();

/** The returned resource with this id (the first, as a scan would find it), or undefined. */
export function returnedResourceById(exchange: Exchange, id: string): JsonObject | undefined {
  const resources = returnedResourcesOf(exchange);
  if (resources.length < LARGE_PAGE) return resources.find((resource) => idOf(resource) === id);
  let page = largePages.get(exchange);
  if (page === undefined || page.resources !== resources) {
    page = { resources };
    largePages.set(exchange, page);
  }
  if (page.byId === undefined) {
    const byId = new Map<string, JsonObject>();
    for (const resource of resources) {
      const key = idOf(resource);
      if (key !== undefined && !byId.has(key)) byId.set(key, resource);
    }
    page.byId = byId;
  }
  return page.byId.get(id);
}

const NONE: readonly JsonObject[] = Object.freeze([]);

function findReturnedResources(exchange: Exchange): readonly JsonObject[] {
  const body = responseObjectOf(exchange);
  if (!body) return NONE;
  if (hasSchema(body, URN.listResponse) || listResourcesOf(body) !== undefined) {
    const resources = listResourcesOf(body) ?? [];
    // The usual page holds objects only: it is read in place, not copied. (Not frozen either:
    // freezing an array of a million items turns its storage into a slow dictionary, and the
    // recorded body is the target's, read here, never written.)
    return resources.every(isJsonObject) ? (resources as readonly JsonObject[]) : Object.freeze(resources.filter(isJsonObject));
  }
  return Object.freeze([body]);
}

export function idOf(resource: JsonObject | undefined): string | undefined {
  if (!resource) return undefined;
  const id = getAttribute(resource, 'id');
  if (typeof id === 'string' && id.length > 0) return id;
  return typeof id === 'number' ? String(id) : undefined;
}

/** A short, single-line rendering of a value for `expected`/`actual` texts. */
export function describe(value: unknown, max = 120): string {
  let text: string;
  if (value === undefined) text = 'absent';
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Comma-separated attribute lists of `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5). */
export function attributeListOf(exchange: Exchange, name: 'attributes' | 'excludedAttributes'): readonly string[] | undefined {
  const { attributeLists } = memoOf(exchange);
  if (attributeLists.has(name)) return attributeLists.get(name);
  const names = findAttributeList(exchange, name);
  attributeLists.set(name, names && Object.freeze(names));
  return names;
}

function findAttributeList(exchange: Exchange, name: 'attributes' | 'excludedAttributes'): string[] | undefined {
  const fromQuery = queryParamOf(exchange, name);
  let raw: unknown = fromQuery;
  if (raw === undefined) {
    // RFC 7644 §3.4.3: a SearchRequest carries them in the body, as arrays or strings.
    const body = requestObjectOf(exchange);
    raw = body ? getAttribute(body, name) : undefined;
  }
  const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : undefined;
  if (!items) return undefined;
  const names = items
    .filter((item): item is string => typeof item === 'string')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  return names.length > 0 ? names : undefined;
}

export type DiscoveryEndpoint = 'ServiceProviderConfig' | 'ResourceTypes' | 'Schemas';

const DISCOVERY_ENDPOINTS: readonly DiscoveryEndpoint[] = ['ServiceProviderConfig', 'ResourceTypes', 'Schemas'];

/** RFC 7644 §4: which discovery endpoint a URL addresses, and whether by id (`/Schemas/{id}`). */
export function discoveryEndpointOf(url: string): { endpoint: DiscoveryEndpoint; byId: boolean } | undefined {
  const ends = endpointSegmentsOf(url);
  if (!ends) return undefined;
  const { last, previous } = ends;
  const whole = DISCOVERY_ENDPOINTS.find((name) => name === last);
  if (whole) return { endpoint: whole, byId: false };
  const parent = DISCOVERY_ENDPOINTS.find((name) => name === previous);
  return parent ? { endpoint: parent, byId: true } : undefined;
}

/**
 * A query option (`filter`, `count`, `startIndex`, `sortBy`…) from the URL, or for
 * `POST …/.search` from the SearchRequest body (RFC 7644 §3.4.3).
 */
export function listOptionOf(exchange: Exchange, name: string): string | undefined {
  const fromQuery = queryParamOf(exchange, name);
  if (fromQuery !== undefined) return fromQuery;
  if (exchange.request.method !== 'POST') return undefined;
  const body = requestObjectOf(exchange);
  const value = body ? getAttribute(body, name) : undefined;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** An integer option, or undefined when absent or not an integer. */
export function integerOptionOf(exchange: Exchange, name: string): number | undefined {
  const raw = listOptionOf(exchange, name);
  if (raw === undefined || !/^\s*-?\d+\s*$/.test(raw)) return undefined;
  return Number.parseInt(raw, 10);
}
