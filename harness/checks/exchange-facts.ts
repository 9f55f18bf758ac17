/**
 * Reading facts out of a recorded exchange, tolerantly: a target may answer anything, and a
 * check must never throw on what it reads (checks return findings, they never throw).
 */
import { type Exchange, type ExchangeResponse } from '../contract/exchange';
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

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

const NO_RESOURCES: readonly JsonObject[] = Object.freeze([]);

/**
 * Pages at least this long get an index by id: lifecycle checks walk several objects' histories
 * that share one query response (the same facts object), and without it each step would scan the
 * whole page again (quadratic in what the target sent). Entra's own queries return one resource or
 * none, so a clean run never builds one.
 */
const LARGE_PAGE = 64;

/**
 * What the checks read from one exchange — its parsed URL and path, its query, the resources it
 * returned, its attribute lists — derived once, when the exchange enters the checks, and handed
 * to every check that reads it (through ExchangeContext, and the lifecycle histories), so no
 * check parses a URL or walks a page another check already did. The parts read by few checks are
 * derived on their first read and kept here, with the exchange they belong to: nothing outlives
 * the facts object, and no module keeps state between exchanges.
 */
export class ExchangeFacts {
  /** The request URL as parsed (the client's own parse when it is at hand), undefined when it does not parse. */
  readonly url: URL | undefined;
  /** Decoded, non-empty path segments; undefined when the URL does not parse. */
  readonly segments: readonly string[] | undefined;
  private queryPairs?: readonly (readonly [string, string])[];
  private returned?: readonly JsonObject[];
  private byId?: ReadonlyMap<string, JsonObject>;
  private readonly attributeLists = new Map<string, readonly string[] | undefined>();

  constructor(readonly exchange: Exchange) {
    const request = exchange.request;
    // The client's own parse of the same URL, when the exchange was recorded in this process.
    this.url = sentUrlOf(request) ?? parseUrl(request.url);
    this.segments = this.url === undefined ? undefined : Object.freeze(decodedSegmentsOf(this.url.pathname));
  }

  /** The last and next-to-last path segments (RFC 7644 §3.2: with the method they name the operation). */
  get endpoint(): { readonly last: string | undefined; readonly previous: string | undefined } | undefined {
    const segments = this.segments;
    if (!segments) return undefined;
    return { last: segments[segments.length - 1], previous: segments[segments.length - 2] };
  }

  /** The query's name/value pairs in order; read from the URL on first use (most requests carry none). */
  get query(): readonly (readonly [string, string])[] {
    this.queryPairs ??= this.url === undefined || this.url.search === '' ? [] : [...this.url.searchParams];
    return this.queryPairs;
  }

  /** The single resource or the ListResponse resources the response returns. */
  get returnedResources(): readonly JsonObject[] {
    this.returned ??= findReturnedResources(this.exchange);
    return this.returned;
  }

  /** The returned resource with this id (the first, as a scan would find it), or undefined. */
  returnedResourceById(id: string): JsonObject | undefined {
    const resources = this.returnedResources;
    if (resources.length < LARGE_PAGE) return resources.find((resource) => idOf(resource) === id);
    if (this.byId === undefined) {
      const byId = new Map<string, JsonObject>();
      for (const resource of resources) {
        const key = idOf(resource);
        if (key !== undefined && !byId.has(key)) byId.set(key, resource);
      }
      this.byId = byId;
    }
    return this.byId.get(id);
  }

  /** Comma-separated attribute lists of `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5). */
  attributeList(name: 'attributes' | 'excludedAttributes'): readonly string[] | undefined {
    if (this.attributeLists.has(name)) return this.attributeLists.get(name);
    const names = findAttributeList(this, name);
    const frozen = names && Object.freeze(names);
    this.attributeLists.set(name, frozen);
    return frozen;
  }
}

/** An exchange, or the facts already derived from it. */
export type ExchangeOrFacts = Exchange | ExchangeFacts;

/**
 * The facts of an exchange: the ones given, or derived now. Checks pass facts along; a bare
 * exchange (a one-off reader, a test) costs one derivation per call.
 */
export function factsOf(source: ExchangeOrFacts): ExchangeFacts {
  return source instanceof ExchangeFacts ? source : new ExchangeFacts(source);
}

/** Decoded, non-empty path segments, or undefined when the URL does not parse. */
export function pathSegmentsOf(url: string): string[] | undefined {
  const parsed = parseUrl(url);
  return parsed === undefined ? undefined : decodedSegmentsOf(parsed.pathname);
}

/** Whether one of the decoded path segments of the request is exactly `segment`. */
export function pathHasSegment(source: ExchangeOrFacts, segment: string): boolean {
  return factsOf(source).segments?.includes(segment) ?? false;
}

/**
 * The last and next-to-last decoded path segments (RFC 7644 §3.2: with the method they name the
 * operation), or undefined when the URL does not parse.
 */
export function endpointSegmentsOf(source: ExchangeOrFacts): { readonly last: string | undefined; readonly previous: string | undefined } | undefined {
  return factsOf(source).endpoint;
}

/**
 * A query parameter. RFC 7644 §3.4.2 spells them `filter`, `attributes`…; a client may send
 * another case, so an exact match wins and a case-insensitive one is the fallback.
 */
export function queryParamOf(source: ExchangeOrFacts, name: string): string | undefined {
  const query = factsOf(source).query;
  for (const [key, value] of query) if (key === name) return value;
  const lower = name.toLowerCase();
  for (const [key, value] of query) if (key.toLowerCase() === lower) return value;
  return undefined;
}

/** The `{id}` of `/Users/{id}` or `/Groups/{id}`. */
export function resourceIdInUrl(source: ExchangeOrFacts): string | undefined {
  const ends = factsOf(source).endpoint;
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

/** `application/scim+json; charset=utf-8` → `application/scim+json`. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const type = contentType.split(';')[0]?.trim().toLowerCase();
  return type ? type : undefined;
}

const NON_ASCII = /[\u0080-\uffff]/;

/** RFC 7643 §2.1: attribute names are case-insensitive. */
export function getAttribute(object: JsonObject, name: string): unknown {
  if (name in object) return object[name];
  const lower = name.toLowerCase();
  // Checks look up absent names on every response: no character lower-cases to several ASCII
  // ones, so a key of another length cannot match an ASCII name and is passed over unlowered.
  const sameLength = !NON_ASCII.test(name);
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

/** The single resource or the ListResponse resources a response returns. */
export function returnedResourcesOf(source: ExchangeOrFacts): readonly JsonObject[] {
  return factsOf(source).returnedResources;
}

/** The returned resource with this id (the first, as a scan would find it), or undefined. */
export function returnedResourceById(source: ExchangeOrFacts, id: string): JsonObject | undefined {
  return factsOf(source).returnedResourceById(id);
}

function findReturnedResources(exchange: Exchange): readonly JsonObject[] {
  const body = responseObjectOf(exchange);
  if (!body) return NO_RESOURCES;
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
export function attributeListOf(source: ExchangeOrFacts, name: 'attributes' | 'excludedAttributes'): readonly string[] | undefined {
  return factsOf(source).attributeList(name);
}

function findAttributeList(facts: ExchangeFacts, name: 'attributes' | 'excludedAttributes'): string[] | undefined {
  const fromQuery = queryParamOf(facts, name);
  let raw: unknown = fromQuery;
  if (raw === undefined) {
    // RFC 7644 §3.4.3: a SearchRequest carries them in the body, as arrays or strings.
    const body = requestObjectOf(facts.exchange);
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
export function discoveryEndpointOf(source: ExchangeOrFacts): { endpoint: DiscoveryEndpoint; byId: boolean } | undefined {
  const ends = factsOf(source).endpoint;
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
export function listOptionOf(source: ExchangeOrFacts, name: string): string | undefined {
  const facts = factsOf(source);
  const fromQuery = queryParamOf(facts, name);
  if (fromQuery !== undefined) return fromQuery;
  if (facts.exchange.request.method !== 'POST') return undefined;
  const body = requestObjectOf(facts.exchange);
  const value = body ? getAttribute(body, name) : undefined;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** An integer option, or undefined when absent or not an integer. */
export function integerOptionOf(source: ExchangeOrFacts, name: string): number | undefined {
  const raw = listOptionOf(source, name);
  if (raw === undefined || !/^\s*-?\d+\s*$/.test(raw)) return undefined;
  return Number.parseInt(raw, 10);
}
