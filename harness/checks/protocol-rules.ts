/**
 * RFC 7644 protocol rules judged on one exchange: status codes, headers, error bodies, query
 * responses, projections. What Entra treats as success comes from reference §1.11.
 */
import { type ExchangeCheck, type ExchangeContext, type ObjectType } from './check-types';
import {
  attributeListOf,
  describe,
  getAttribute,
  hasResponseBody,
  hasSchema,
  headerOf,
  idOf,
  integerOptionOf,
  isJsonObject,
  isSuccess,
  type JsonObject,
  listOptionOf,
  listResourcesOf,
  MAX_VALIDATED_RESOURCES,
  mediaTypeOf,
  pathHasSegment,
  requestObjectOf,
  resourceIdInUrl,
  responseObjectOf,
  returnedResourcesOf,
  URN,
} from './exchange-facts';
import { groupDigits } from './first-few';
import { isCoreSchema, isExtensionSchemaPath, normalizeScimPath, parseEqConjunction, parseScimPath, valueAtPath } from './scim-path';
import { isUnassigned, valueMatches } from './scim-values';

const SCIM_MEDIA_TYPE = 'application/scim+json';

/** Operations answered with one resource (RFC 7644 §3.3, §3.4.1, §3.5.1, §3.5.2). */
const SINGLE_RESOURCE_OPERATIONS: ReadonlySet<string> = new Set(['create', 'read', 'replace', 'patch']);

function statusIs(ctx: ExchangeContext, predicate: (status: number) => boolean): boolean {
  const status = ctx.exchange.response?.status;
  return status !== undefined && predicate(status);
}

function isListOperation(ctx: ExchangeContext): boolean {
  return ctx.operation === 'filter' || ctx.operation === 'search';
}

function hasProjection(ctx: ExchangeContext): boolean {
  return attributeListOf(ctx.exchange, 'attributes') !== undefined || attributeListOf(ctx.exchange, 'excludedAttributes') !== undefined;
}

function looksLikeListResponse(body: JsonObject): boolean {
  return hasSchema(body, URN.listResponse) || listResourcesOf(body) !== undefined;
}

/** A successful ListResponse body with an integer totalResults, for the paging rules. */
interface ListFacts {
  readonly total: number;
  readonly returned: number;
  readonly itemsPerPage: unknown;
  readonly startIndex: unknown;
}

function listFactsOf(ctx: ExchangeContext): ListFacts | undefined {
  if (!isListOperation(ctx) || !statusIs(ctx, (s) => s === 200)) return undefined;
  const body = responseObjectOf(ctx.exchange);
  if (!body) return undefined;
  const total = getAttribute(body, 'totalResults');
  if (typeof total !== 'number' || !Number.isInteger(total)) return undefined;
  return {
    total,
    returned: listResourcesOf(body)?.length ?? 0,
    itemsPerPage: getAttribute(body, 'itemsPerPage'),
    startIndex: getAttribute(body, 'startIndex'),
  };
}

// ---------------------------------------------------------------- every response

const responseParseError: ExchangeCheck = {
  id: 'protocol/response-parse-error',
  severity: 'required',
  spec: 'RFC 7644 §3.1, §3.8',
  title: 'Successful response body is not valid JSON',
  fix: 'Return UTF-8 JSON bodies; Entra cannot deserialize anything else and fails the object.',
  // A body refused for its depth is valid JSON: protocol/response-nesting-depth reports it.
  appliesTo: (ctx) => isSuccess(ctx.exchange) && ctx.exchange.response?.parseError !== undefined && ctx.exchange.response.nesting === undefined,
  run: (ctx) => ({
    expected: 'a JSON body Entra can deserialize',
    actual: `${ctx.exchange.response?.parseError ?? 'unparseable'} (content-type ${describe(headerOf(ctx.exchange.response?.headers ?? {}, 'content-type'))})`,
  }),
};

/*
 * Required whatever the status: the body cannot be read, by Entra (whose .NET JSON readers stop at
 * 64 levels by default) nor by the harness, which keeps its start as text (json-limits.ts).
 */
const responseNestingDepth: ExchangeCheck = {
  id: 'protocol/response-nesting-depth',
  severity: 'required',
  spec: 'RFC 8259 §9; RFC 7643 §2.3.8',
  title: 'Response body nests deeper than a JSON reader accepts',
  fix: 'Return resources as RFC 7643 shapes them, a few levels deep: complex attributes hold no complex sub-attributes.',
  appliesTo: (ctx) => ctx.exchange.response?.nesting !== undefined,
  run: (ctx) => {
    const nesting = ctx.exchange.response?.nesting;
    if (nesting === undefined) return null;
    return {
      expected: `a body nested at most ${nesting.limit} levels deep`,
      actual: `response nests ${groupDigits(nesting.depth)} levels, more than the limit of ${nesting.limit}; recorded as text, not parsed`,
    };
  },
};

const contentType: ExchangeCheck = {
  id: 'protocol/content-type',
  severity: 'recommended',
  spec: 'RFC 7644 §3.1, §8.1',
  title: 'Response is not served as application/scim+json',
  fix: 'Send "Content-Type: application/scim+json" on every response with a body.',
  appliesTo: (ctx) => ctx.exchange.response !== undefined && hasResponseBody(ctx.exchange.response),
  run: (ctx) => {
    const header = headerOf(ctx.exchange.response?.headers ?? {}, 'content-type');
    return mediaTypeOf(header) === SCIM_MEDIA_TYPE
      ? null
      : { expected: `Content-Type: ${SCIM_MEDIA_TYPE}`, actual: header === undefined ? 'no Content-Type header' : `Content-Type: ${header}` };
  },
};

const errorBody: ExchangeCheck = {
  id: 'protocol/error-body',
  severity: 'recommended',
  spec: 'RFC 7644 §3.12',
  title: 'Error response body is not a SCIM Error',
  fix: 'Answer errors with {"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"<code>","detail":"…"}.',
  // Entra accepts an error without a body ("The detail isn't required", reference §1.4), so
  // only a body that is there and is not a SCIM Error counts.
  appliesTo: (ctx) =>
    statusIs(ctx, (s) => s >= 400) && ctx.exchange.response !== undefined && hasResponseBody(ctx.exchange.response),
  run: (ctx) => {
    const body = responseObjectOf(ctx.exchange);
    if (body && hasSchema(body, URN.error)) return null;
    const text = ctx.exchange.response?.text ?? '';
    return {
      expected: `a JSON body with schemas ["${URN.error}"]`,
      actual: body ? `JSON without the Error schema: ${describe(body, 100)}` : `non-JSON body: ${describe(text.slice(0, 100))}`,
    };
  },
};

const errorStatusMatches: ExchangeCheck = {
  id: 'protocol/error-status-matches',
  severity: 'recommended',
  spec: 'RFC 7644 §3.12',
  title: 'Error body status differs from the HTTP status',
  fix: 'Set the Error body "status" to the HTTP status code of the response, as a string.',
  appliesTo: (ctx) => {
    const body = responseObjectOf(ctx.exchange);
    return statusIs(ctx, (s) => s >= 400) && body !== undefined && hasSchema(body, URN.error) && getAttribute(body, 'status') !== undefined;
  },
  run: (ctx) => {
    const http = String(ctx.exchange.response?.status);
    const status = getAttribute(responseObjectOf(ctx.exchange) ?? {}, 'status');
    // A numeric status is the schema check's finding; here only the code itself is compared.
    return String(status).trim() === http ? null : { expected: `status "${http}"`, actual: `status ${describe(status)}` };
  },
};

const unauthorizedChallenge: ExchangeCheck = {
  id: 'protocol/unauthorized-www-authenticate',
  severity: 'recommended',
  spec: 'RFC 7644 §2; RFC 7235 §3.1',
  title: '401 response without a WWW-Authenticate header',
  fix: 'Send "WWW-Authenticate: Bearer" (or the scheme in use) with every 401.',
  appliesTo: (ctx) => statusIs(ctx, (s) => s === 401),
  run: (ctx) =>
    headerOf(ctx.exchange.response?.headers ?? {}, 'www-authenticate') !== undefined
      ? null
      : { expected: 'a WWW-Authenticate header naming the supported scheme', actual: 'no WWW-Authenticate header' },
};

// ---------------------------------------------------------------- create

const createStatus: ExchangeCheck = {
  id: 'protocol/create-status-201',
  severity: 'required',
  spec: 'RFC 7644 §3.3',
  title: 'Create answered a 2xx other than 201 Created',
  fix: 'Answer a successful POST with 201 Created; Entra and the Microsoft SCIM Validator treat 200 as failure.',
  appliesTo: (ctx) => ctx.operation === 'create' && isSuccess(ctx.exchange),
  run: (ctx) =>
    ctx.exchange.response?.status === 201 ? null : { expected: '201 Created', actual: `${ctx.exchange.response?.status}` },
};

const createReturnsId: ExchangeCheck = {
  id: 'protocol/create-returns-id',
  severity: 'required',
  spec: 'RFC 7644 §3.3; Entra: target id is cached after create',
  title: 'Create response has no resource id',
  fix: 'Return the created resource, including its server-assigned "id", in the 201 body.',
  appliesTo: (ctx) => ctx.operation === 'create' && isSuccess(ctx.exchange) && ctx.exchange.response?.parseError === undefined,
  run: (ctx) => {
    const body = responseObjectOf(ctx.exchange);
    if (idOf(body) !== undefined) return null;
    return {
      expected: 'a body with a non-empty "id"',
      actual: body ? `body without id: ${describe(body, 100)}` : ctx.exchange.response?.body === undefined ? 'no body' : 'body is not a JSON object',
    };
  },
};

function resolveUrl(value: string, base: string): string | undefined {
  try {
    return new URL(value, base).href.replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}

const createLocation: ExchangeCheck = {
  id: 'protocol/create-location-header',
  severity: 'recommended',
  spec: 'RFC 7644 §3.3',
  title: 'Create response Location header missing or different from meta.location',
  fix: 'Send a "Location" header on 201 equal to the resource\'s meta.location.',
  appliesTo: (ctx) => ctx.operation === 'create' && statusIs(ctx, (s) => s === 201),
  run: (ctx) => {
    const location = headerOf(ctx.exchange.response?.headers ?? {}, 'location');
    const meta = getAttribute(responseObjectOf(ctx.exchange) ?? {}, 'meta');
    const metaLocation = isJsonObject(meta) ? getAttribute(meta, 'location') : undefined;
    if (location === undefined) {
      return {
        expected: typeof metaLocation === 'string' ? `Location: ${metaLocation}` : 'a Location header with the new resource URI',
        actual: 'no Location header',
      };
    }
    if (typeof metaLocation !== 'string') return null;
    // Both may be relative (RFC 7231 §7.1.2); compare them resolved against the request URL.
    const base = ctx.exchange.request.url;
    // The same text resolves the same way: most servers send one string twice.
    return location === metaLocation || resolveUrl(location, base) === resolveUrl(metaLocation, base)
      ? null
      : { expected: `Location equal to meta.location ${metaLocation}`, actual: `Location: ${location}` };
  },
};

const createIgnoresClientId: ExchangeCheck = {
  id: 'protocol/create-ignores-client-id',
  severity: 'recommended',
  spec: 'RFC 7643 §3.1 ("id" is always issued by the service provider)',
  title: 'Create used the id the client sent',
  fix: 'Ignore any "id" in a POST body and assign your own identifier.',
  appliesTo: (ctx) => {
    const sent = requestObjectOf(ctx.exchange);
    return ctx.operation === 'create' && isSuccess(ctx.exchange) && typeof getAttribute(sent ?? {}, 'id') === 'string';
  },
  run: (ctx) => {
    const sent = getAttribute(requestObjectOf(ctx.exchange) ?? {}, 'id') as string;
    const returned = idOf(responseObjectOf(ctx.exchange));
    return returned !== undefined && returned === sent
      ? { expected: 'a server-assigned id, not the one in the request', actual: `id ${describe(returned)} as sent by the client` }
      : null;
  },
};

/** RFC 7643 §4.1.1 userName and §4.2 displayName are REQUIRED. */
const REQUIRED_ON_CREATE: Readonly<Record<ObjectType, string>> = { User: 'userName', Group: 'displayName' };

const createRequiresRequired: ExchangeCheck = {
  id: 'protocol/create-requires-required-attributes',
  severity: 'recommended',
  spec: 'RFC 7643 §4.1.1, §4.2; RFC 7644 §3.3',
  title: 'Create without a required attribute succeeded',
  fix: 'Reject a POST without userName (Users) or displayName (Groups) with 400 and scimType "invalidValue".',
  appliesTo: (ctx) =>
    ctx.operation === 'create' && ctx.objectType !== undefined && isSuccess(ctx.exchange) && requestObjectOf(ctx.exchange) !== undefined,
  run: (ctx) => {
    const attribute = REQUIRED_ON_CREATE[ctx.objectType as ObjectType];
    const sent = getAttribute(requestObjectOf(ctx.exchange) ?? {}, attribute);
    return isUnassigned(sent)
      ? { expected: `400 for a ${ctx.objectType} without ${attribute}`, actual: `${ctx.exchange.response?.status}: created anyway` }
      : null;
  },
};

const conflictUniqueness: ExchangeCheck = {
  id: 'protocol/conflict-uniqueness',
  severity: 'recommended',
  spec: 'RFC 7644 §3.3, §3.12',
  title: '409 Conflict without scimType "uniqueness"',
  fix: 'Answer a uniqueness conflict with 409 and an Error body carrying "scimType":"uniqueness".',
  appliesTo: (ctx) =>
    statusIs(ctx, (s) => s === 409) && (ctx.operation === 'create' || ctx.operation === 'replace' || ctx.operation === 'patch'),
  run: (ctx) => {
    const body = responseObjectOf(ctx.exchange);
    const scimType = body ? getAttribute(body, 'scimType') : undefined;
    return scimType === 'uniqueness'
      ? null
      : { expected: 'scimType "uniqueness"', actual: body ? `scimType ${describe(scimType)}` : 'no Error body' };
  },
};

// ---------------------------------------------------------------- single resources

const resourceIdMatchesUrl: ExchangeCheck = {
  id: 'protocol/resource-id-matches-url',
  severity: 'required',
  spec: 'RFC 7644 §3.4.1; Entra: SystemForCrossDomainIdentityManagementMultipleEntriesInResponse',
  title: 'Response to a request by id is not that one resource',
  fix: 'Answer GET/PUT/PATCH on /{type}/{id} with that single resource (same id), never a ListResponse.',
  appliesTo: (ctx) =>
    (ctx.operation === 'read' || ctx.operation === 'replace' || ctx.operation === 'patch') &&
    statusIs(ctx, (s) => s === 200) &&
    responseObjectOf(ctx.exchange) !== undefined,
  run: (ctx) => {
    const body = responseObjectOf(ctx.exchange) as JsonObject;
    const wanted = resourceIdInUrl(ctx.exchange);
    if (looksLikeListResponse(body)) {
      return { expected: `the single resource ${describe(wanted)}`, actual: `a ListResponse with ${listResourcesOf(body)?.length ?? 0} resource(s)` };
    }
    const id = idOf(body);
    return id === undefined || wanted === undefined || id === wanted ? null : { expected: `id ${describe(wanted)}`, actual: `id ${describe(id)}` };
  },
};

const metaResourceType: ExchangeCheck = {
  id: 'protocol/meta-resource-type',
  severity: 'recommended',
  spec: 'RFC 7644 §3.3.1; RFC 7643 §3.1',
  title: 'meta.resourceType does not name the endpoint\'s resource type',
  fix: 'Set meta.resourceType to "User" for /Users and "Group" for /Groups.',
  appliesTo: (ctx) => ctx.objectType !== undefined && isSuccess(ctx.exchange) && responseObjectOf(ctx.exchange) !== undefined,
  run: (ctx) => {
    const wanted = (ctx.objectType as string).toLowerCase();
    // One pass without intermediate arrays: a page may hold a million resources.
    for (const resource of returnedResourcesOf(ctx.exchange)) {
      const meta = getAttribute(resource, 'meta');
      const type = isJsonObject(meta) ? getAttribute(meta, 'resourceType') : undefined;
      if (typeof type === 'string' && type.toLowerCase() !== wanted) {
        return { expected: `meta.resourceType "${ctx.objectType}"`, actual: `meta.resourceType ${describe(type)}` };
      }
    }
    return null;
  },
};

/** The ETag header and meta.version hold the same few spellings over a run: the last two are kept. */
const entityTags = new Map<string, string>();

function normalizeEntityTag(tag: string): string {
  let normalized = entityTags.get(tag);
  if (normalized === undefined) {
    normalized = tag.trim().replace(/^W\//i, '').replace(/^"(.*)"$/, '$1');
    if (entityTags.size >= 2) entityTags.clear();
    entityTags.set(tag, normalized);
  }
  return normalized;
}

const etagMatchesVersion: ExchangeCheck = {
  id: 'protocol/etag-matches-version',
  severity: 'recommended',
  spec: 'RFC 7644 §3.14; RFC 7643 §3.1',
  title: 'ETag header differs from meta.version',
  fix: 'Send the same entity tag in the ETag header and in meta.version.',
  appliesTo: (ctx) =>
    SINGLE_RESOURCE_OPERATIONS.has(ctx.operation) &&
    isSuccess(ctx.exchange) &&
    headerOf(ctx.exchange.response?.headers ?? {}, 'etag') !== undefined,
  run: (ctx) => {
    const etag = headerOf(ctx.exchange.response?.headers ?? {}, 'etag') as string;
    const meta = getAttribute(responseObjectOf(ctx.exchange) ?? {}, 'meta');
    const version = isJsonObject(meta) ? getAttribute(meta, 'version') : undefined;
    if (typeof version !== 'string') return null;
    // Quoting and the weak prefix are compared loosely: only a different tag is a deviation.
    return normalizeEntityTag(etag) === normalizeEntityTag(version)
      ? null
      : { expected: `meta.version equal to ETag ${etag}`, actual: `meta.version ${describe(version)}` };
  },
};

// ---------------------------------------------------------------- update and delete

const patchStatus: ExchangeCheck = {
  id: 'protocol/patch-status',
  severity: 'required',
  spec: 'RFC 7644 §3.5.2',
  title: 'PATCH answered a 2xx other than 200 or 204',
  fix: 'Answer a successful PATCH with 200 and the resource, or 204 No Content.',
  appliesTo: (ctx) => ctx.operation === 'patch' && isSuccess(ctx.exchange),
  run: (ctx) => {
    const status = ctx.exchange.response?.status;
    return status === 200 || status === 204 ? null : { expected: '200 or 204', actual: `${status}` };
  },
};

const patchOkHasBody: ExchangeCheck = {
  id: 'protocol/patch-200-has-body',
  severity: 'recommended',
  spec: 'RFC 7644 §3.5.2',
  title: 'PATCH answered 200 without a body',
  fix: 'Return the resource with 200, or answer 204 No Content when returning no body.',
  appliesTo: (ctx) => ctx.operation === 'patch' && statusIs(ctx, (s) => s === 200) && ctx.exchange.response !== undefined,
  run: (ctx) =>
    hasResponseBody(ctx.exchange.response!) ? null : { expected: '200 with the resource, or 204', actual: '200 with an empty body' },
};

/**
 * Entra: "Update to the group PATCH request should yield an HTTP 204 No Content … Returning a
 * body with a list of all the members isn't advisable" (reference §1.8). A projection asked for
 * with attributes/excludedAttributes makes a 200 with a body the right answer (RFC 7644 §3.5.2).
 */
const groupPatchNoContent: ExchangeCheck = {
  id: 'protocol/group-patch-204',
  severity: 'recommended',
  spec: 'Entra: group PATCH (reference §1.8); RFC 7644 §3.5.2',
  title: 'Group PATCH answered 200 with the group instead of 204',
  fix: 'Answer a group PATCH with 204 No Content: returning every member on each membership change is costly for large groups.',
  appliesTo: (ctx) =>
    ctx.operation === 'patch' &&
    (ctx.objectType === 'Group' || pathHasSegment(ctx.exchange.request.url, 'Groups')) &&
    statusIs(ctx, (s) => s === 200) &&
    listOptionOf(ctx.exchange, 'attributes') === undefined &&
    listOptionOf(ctx.exchange, 'excludedAttributes') === undefined,
  run: (ctx) => (ctx.exchange.response && hasResponseBody(ctx.exchange.response) ? { expected: '204 No Content', actual: '200 with a body' } : null),
};

/**
 * A 429 is not a failure Entra quarantines for, but each one is logged as TooManyRequests and
 * retried in a later cycle (reference §3.1, §6.4): the gallery promise is 25 requests/second.
 */
const throttled: ExchangeCheck = {
  id: 'protocol/throttled',
  severity: 'advisory',
  spec: 'Entra: TooManyRequests (reference §3.1, §6.4)',
  title: 'The endpoint throttled a request with 429',
  fix: 'Serve at least 25 requests per second per tenant (Entra gallery requirement); send Retry-After with every 429.',
  appliesTo: (ctx) => statusIs(ctx, (s) => s === 429),
  run: (ctx) => ({
    expected: 'the request served (at least 25 requests/second per tenant)',
    actual: `429 Too Many Requests${ctx.exchange.response?.headers['retry-after'] ? ` (Retry-After: ${ctx.exchange.response.headers['retry-after']})` : ' without Retry-After'}`,
  }),
};

const patchRemoveNeedsPath: ExchangeCheck = {
  id: 'protocol/patch-remove-needs-path',
  severity: 'recommended',
  spec: 'RFC 7644 §3.5.2.2',
  title: 'PATCH remove without a path succeeded',
  fix: 'Reject a "remove" operation without "path" with 400 and scimType "noTarget".',
  appliesTo: (ctx) => ctx.operation === 'patch' && isSuccess(ctx.exchange),
  run: (ctx) => {
    const operations = getAttribute(requestObjectOf(ctx.exchange) ?? {}, 'Operations');
    if (!Array.isArray(operations)) return null;
    const pathless = operations.some((op) => {
      if (!isJsonObject(op)) return false;
      const name = getAttribute(op, 'op');
      const path = getAttribute(op, 'path');
      return typeof name === 'string' && name.toLowerCase() === 'remove' && (typeof path !== 'string' || path.trim() === '');
    });
    return pathless ? { expected: '400 with scimType "noTarget"', actual: `${ctx.exchange.response?.status}` } : null;
  },
};

const replaceStatus: ExchangeCheck = {
  id: 'protocol/replace-status-200',
  severity: 'recommended',
  spec: 'RFC 7644 §3.5.1',
  title: 'PUT did not answer 200 with the resource',
  fix: 'Answer a successful PUT with 200 and the full resource; PUT never creates (no 201).',
  appliesTo: (ctx) => ctx.operation === 'replace' && isSuccess(ctx.exchange),
  run: (ctx) => {
    const status = ctx.exchange.response?.status;
    if (status === 200 && responseObjectOf(ctx.exchange) !== undefined) return null;
    return { expected: '200 with the resource', actual: status === 200 ? '200 without a resource body' : `${status}` };
  },
};

const deleteStatus: ExchangeCheck = {
  id: 'protocol/delete-status-204',
  severity: 'recommended',
  spec: 'RFC 7644 §3.6',
  title: 'DELETE answered a 2xx other than 204',
  fix: 'Answer a successful DELETE with 204 No Content.',
  appliesTo: (ctx) => ctx.operation === 'delete' && isSuccess(ctx.exchange),
  run: (ctx) =>
    ctx.exchange.response?.status === 204 ? null : { expected: '204 No Content', actual: `${ctx.exchange.response?.status}` },
};

// ---------------------------------------------------------------- queries

const filterNot404: ExchangeCheck = {
  id: 'protocol/filter-no-match-200',
  severity: 'required',
  spec: 'RFC 7644 §3.4.2; Entra: quarantine on 404',
  title: 'Query answered 404 instead of 200 with totalResults 0',
  fix: 'Answer a filter that matches nothing with 200 and {"totalResults":0,"Resources":[]}; a 404 quarantines the Entra job.',
  appliesTo: (ctx) => ctx.operation === 'filter' && listOptionOf(ctx.exchange, 'filter') !== undefined && statusIs(ctx, (s) => s === 404),
  run: () => ({
    expected: '200 with a ListResponse, totalResults 0',
    actual: 'an HTTP/404 Not Found response was returned rather than the expected HTTP/200 OK',
  }),
};

/** The queries Entra sends (reference §1.10); the manager check's URL is undocumented, so it is left out. */
const ENTRA_FILTER_PATHS: ReadonlySet<string> = new Set(['username', 'externalid', 'displayname', 'id', 'emails[type eq "work"].value']);

const entraFilterSupported: ExchangeCheck = {
  id: 'protocol/entra-filter-supported',
  severity: 'required',
  spec: 'Entra: matching queries (eq on userName, externalId, emails[type eq "work"].value, displayName)',
  title: 'Query Entra uses for matching was rejected',
  fix: 'Support "eq" (and "and") filters on userName, externalId, emails[type eq "work"].value and Group displayName.',
  appliesTo: (ctx) => ctx.operation === 'filter' && statusIs(ctx, (s) => s === 400 || s === 501),
  run: (ctx) => {
    const filter = listOptionOf(ctx.exchange, 'filter');
    const comparisons = filter === undefined ? undefined : parseEqConjunction(filter);
    if (!comparisons || !comparisons.every((c) => ENTRA_FILTER_PATHS.has(normalizeScimPath(c.path)))) return null;
    return { expected: `200 with a ListResponse for filter ${describe(filter)}`, actual: `${ctx.exchange.response?.status}` };
  },
};

const filterResultsMatch: ExchangeCheck = {
  id: 'protocol/filter-results-match',
  severity: 'required',
  spec: 'RFC 7644 §3.4.2.2; Entra: DuplicateTargetEntries',
  title: 'Query returned resources that do not match its filter',
  fix: 'Apply the filter: return only resources whose attribute equals the filter value (ignoring case where caseExact is false).',
  appliesTo: (ctx) => isListOperation(ctx) && statusIs(ctx, (s) => s === 200) && listOptionOf(ctx.exchange, 'filter') !== undefined,
  run: (ctx) => {
    const filter = listOptionOf(ctx.exchange, 'filter') as string;
    const comparisons = parseEqConjunction(filter);
    if (!comparisons) return null;
    const projected = hasProjection(ctx);
    const resources = returnedResourcesOf(ctx.exchange);
    for (let index = 0; index < resources.length; index += 1) {
      const resource = resources[index] as JsonObject;
      for (const comparison of comparisons) {
        const actual = valueAtPath(resource, comparison.path);
        if (actual === undefined && projected) continue;
        // caseExact attributes (externalId, id) are compared loosely too: a wrong-case match is a
        // lesser matter than a non-match, and must not be reported as one.
        if (!valueMatches(comparison.value, actual, { caseInsensitive: true })) {
          return {
            expected: `only resources matching ${filter}`,
            actual: `Resources[${index}] (id ${describe(idOf(resource))}) has ${comparison.path} = ${describe(actual)}`,
          };
        }
      }
    }
    return null;
  },
};

const listTotalConsistent: ExchangeCheck = {
  id: 'protocol/list-total-consistent',
  severity: 'required',
  spec: 'RFC 7644 §3.4.2',
  title: 'ListResponse totalResults contradicts its Resources',
  fix: 'Set totalResults to the number of matches and include Resources whenever it is non-zero.',
  appliesTo: (ctx) => listFactsOf(ctx) !== undefined,
  run: (ctx) => {
    const facts = listFactsOf(ctx) as ListFacts;
    if (facts.returned > facts.total) {
      return { expected: `at most totalResults (${facts.total}) Resources`, actual: `${facts.returned} Resources` };
    }
    // RFC 7644 §3.4.2.4: count=0 asks for totalResults only; a startIndex past the end has
    // nothing left to return. Otherwise a non-zero total needs Resources.
    const count = integerOptionOf(ctx.exchange, 'count');
    const startIndex = integerOptionOf(ctx.exchange, 'startIndex') ?? 1;
    if (facts.total > 0 && facts.returned === 0 && (count === undefined || count > 0) && startIndex <= facts.total) {
      return { expected: `Resources for totalResults ${facts.total}`, actual: 'no Resources' };
    }
    return null;
  },
};

/*
 * Advisory: many providers echo their page size (itemsPerPage 100 with 3 results), which
 * RFC 7644 §3.4.2's wording ("the number of resources returned") rules out but no client,
 * Entra included, is known to trip over.
 */
const listItemsPerPage: ExchangeCheck = {
  id: 'protocol/list-items-per-page',
  severity: 'advisory',
  spec: 'RFC 7644 §3.4.2',
  title: 'ListResponse itemsPerPage missing or wrong',
  fix: 'Set itemsPerPage to the number of Resources in the page whenever results are paged.',
  appliesTo: (ctx) => listFactsOf(ctx) !== undefined,
  run: (ctx) => {
    const facts = listFactsOf(ctx) as ListFacts;
    if (facts.itemsPerPage !== undefined && facts.itemsPerPage !== null) {
      return facts.itemsPerPage === facts.returned
        ? null
        : { expected: `itemsPerPage ${facts.returned} (the Resources returned)`, actual: `itemsPerPage ${describe(facts.itemsPerPage)}` };
    }
    // Paging by default is allowed (totalResults above what is returned), but then the page
    // size is REQUIRED so the client can page on.
    return facts.total > facts.returned
      ? { expected: `itemsPerPage ${facts.returned} on a partial page`, actual: `no itemsPerPage (totalResults ${facts.total}, ${facts.returned} returned)` }
      : null;
  },
};

const listRespectsCount: ExchangeCheck = {
  id: 'protocol/list-respects-count',
  severity: 'required',
  spec: 'RFC 7644 §3.4.2.4',
  title: 'Query returned more resources than count asked for',
  fix: 'Return at most "count" resources per page (a negative count means 0).',
  appliesTo: (ctx) => listFactsOf(ctx) !== undefined && integerOptionOf(ctx.exchange, 'count') !== undefined,
  run: (ctx) => {
    const facts = listFactsOf(ctx) as ListFacts;
    const count = Math.max(0, integerOptionOf(ctx.exchange, 'count') as number);
    return facts.returned <= count ? null : { expected: `at most ${count} Resources`, actual: `${facts.returned} Resources` };
  },
};

const listStartIndex: ExchangeCheck = {
  id: 'protocol/list-start-index',
  severity: 'recommended',
  spec: 'RFC 7644 §3.4.2, §3.4.2.4',
  title: 'ListResponse startIndex does not echo the page asked for',
  fix: 'Echo startIndex (values below 1 count as 1) in every paged ListResponse.',
  appliesTo: (ctx) => listFactsOf(ctx) !== undefined,
  run: (ctx) => {
    const facts = listFactsOf(ctx) as ListFacts;
    const asked = integerOptionOf(ctx.exchange, 'startIndex');
    const expected = Math.max(1, asked ?? 1);
    if (typeof facts.startIndex === 'number') {
      return facts.startIndex === expected ? null : { expected: `startIndex ${expected}`, actual: `startIndex ${facts.startIndex}` };
    }
    return asked !== undefined && facts.total > facts.returned
      ? { expected: `startIndex ${expected} on a partial page`, actual: 'no startIndex' }
      : null;
  },
};

/*
 * Not a protocol violation: RFC 7644 §3.4.2.4 lets the service provider choose its page size. But
 * a page this large is validated only in part (MAX_VALIDATED_RESOURCES), and the finding says so,
 * with the size, rather than pass over the rest in silence.
 */
const listPageSize: ExchangeCheck = {
  id: 'protocol/list-page-size',
  severity: 'recommended',
  spec: 'RFC 7644 §3.4.2.4; RFC 7643 §5 (filter.maxResults)',
  title: 'ListResponse page too large to check in full',
  fix: `Page query results (RFC 7644 §3.4.2.4) at well under ${groupDigits(MAX_VALIDATED_RESOURCES)} resources per page, and advertise the limit as filter.maxResults.`,
  appliesTo: (ctx) => isListOperation(ctx) && isSuccess(ctx.exchange) && responseObjectOf(ctx.exchange) !== undefined,
  run: (ctx) => {
    const returned = listResourcesOf(responseObjectOf(ctx.exchange) as JsonObject)?.length ?? 0;
    return returned <= MAX_VALIDATED_RESOURCES
      ? null
      : {
          expected: `at most ${groupDigits(MAX_VALIDATED_RESOURCES)} resources in one page`,
          actual: `${groupDigits(returned)} resources in one page; their schema was checked for the first ${groupDigits(MAX_VALIDATED_RESOURCES)} only`,
        };
  },
};

// ---------------------------------------------------------------- projections

/** RFC 7643 §3.1: `id` is returned "always"; `schemas` and `meta` describe the resource itself. */
const ALWAYS_RETURNED: ReadonlySet<string> = new Set(['id', 'schemas', 'meta']);
/**
 * userName / displayName are "returned: default" in RFC 7643 §8.7.1, but providers commonly
 * publish them as "always" in their own /Schemas, which RFC 7643 §7 allows; not judged.
 */
const OFTEN_ALWAYS: ReadonlySet<string> = new Set(['username', 'displayname']);

function isMembersPath(name: string): boolean {
  const parsed = parseScimPath(name);
  return (
    parsed !== undefined &&
    parsed.attribute.toLowerCase() === 'members' &&
    parsed.filter === undefined &&
    parsed.subAttribute === undefined &&
    (parsed.schema === undefined || isCoreSchema(parsed.schema))
  );
}

const excludedMembers: ExchangeCheck = {
  id: 'protocol/excluded-members-honoured',
  severity: 'required',
  spec: 'RFC 7644 §3.4.2.5; Entra: SystemForCrossDomainIdentityManagementMultipleEntriesInResponse',
  title: 'Group returned members despite excludedAttributes=members',
  fix: 'Honour excludedAttributes=members on Group reads and queries; Entra always sends it.',
  appliesTo: (ctx) =>
    ctx.objectType === 'Group' &&
    (ctx.operation === 'read' || isListOperation(ctx)) &&
    isSuccess(ctx.exchange) &&
    (attributeListOf(ctx.exchange, 'excludedAttributes') ?? []).some(isMembersPath),
  run: (ctx) => {
    const offending = returnedResourcesOf(ctx.exchange).find((group) => !isUnassigned(getAttribute(group, 'members')));
    if (!offending) return null;
    const members = getAttribute(offending, 'members');
    return {
      expected: 'no members in the response',
      actual: `group ${describe(idOf(offending))} returned ${Array.isArray(members) ? members.length : 1} member(s)`,
    };
  },
};

const excludedAttributes: ExchangeCheck = {
  id: 'protocol/excluded-attributes-honoured',
  severity: 'recommended',
  spec: 'RFC 7644 §3.4.2.5',
  title: 'Response returned attributes listed in excludedAttributes',
  fix: 'Leave attributes named in excludedAttributes out of the response (except those returned "always").',
  appliesTo: (ctx) =>
    (ctx.operation === 'read' || isListOperation(ctx)) && isSuccess(ctx.exchange) && attributeListOf(ctx.exchange, 'excludedAttributes') !== undefined,
  run: (ctx) => {
    const names = (attributeListOf(ctx.exchange, 'excludedAttributes') ?? []).filter((name) => {
      const parsed = parseScimPath(name);
      if (parsed && ALWAYS_RETURNED.has(parsed.attribute.toLowerCase()) && parsed.subAttribute === undefined) return false;
      // members on Groups has its own, stricter check.
      return !(ctx.objectType === 'Group' && isMembersPath(name));
    });
    for (const resource of returnedResourcesOf(ctx.exchange)) {
      const found = names.find((name) => !isUnassigned(valueAtPath(resource, name)));
      if (found !== undefined) return { expected: `no ${found} in the response`, actual: `${found} = ${describe(valueAtPath(resource, found), 80)}` };
    }
    return null;
  },
};

function allowedTopLevel(requested: readonly string[]): (key: string) => boolean {
  const plain = new Set<string>();
  const urnPrefixes: string[] = [];
  for (const name of requested) {
    if (/^urn:/i.test(name)) urnPrefixes.push(name.toLowerCase());
    if (isExtensionSchemaPath(name)) continue;
    const parsed = parseScimPath(name);
    if (parsed && (parsed.schema === undefined || isCoreSchema(parsed.schema))) plain.add(parsed.attribute.toLowerCase());
  }
  return (key) => {
    const lower = key.toLowerCase();
    if (ALWAYS_RETURNED.has(lower) || OFTEN_ALWAYS.has(lower) || plain.has(lower)) return true;
    // An extension object is allowed when any requested name lives under its URN.
    return /^urn:/i.test(key) && urnPrefixes.some((prefix) => prefix.startsWith(lower));
  };
}

const attributesHonoured: ExchangeCheck = {
  id: 'protocol/attributes-honoured',
  severity: 'recommended',
  spec: 'RFC 7644 §3.4.2.5',
  title: 'Response ignored the attributes parameter',
  fix: 'With attributes=…, return only the listed attributes plus those returned "always" (id).',
  appliesTo: (ctx) =>
    (ctx.operation === 'read' || isListOperation(ctx)) && isSuccess(ctx.exchange) && attributeListOf(ctx.exchange, 'attributes') !== undefined,
  run: (ctx) => {
    const requested = attributeListOf(ctx.exchange, 'attributes') ?? [];
    const allowed = allowedTopLevel(requested);
    for (const resource of returnedResourcesOf(ctx.exchange)) {
      const extra = Object.entries(resource)
        .filter(([key, value]) => !allowed(key) && !isUnassigned(value))
        .map(([key]) => key);
      if (extra.length > 0) {
        return { expected: `only ${requested.join(', ')} (and id)`, actual: `also returned ${extra.slice(0, 8).join(', ')}` };
      }
    }
    return null;
  },
};

// ---------------------------------------------------------------- discovery

const discoveryGetOnly: ExchangeCheck = {
  id: 'protocol/discovery-get-only',
  severity: 'advisory',
  spec: 'RFC 7644 §4',
  title: 'Discovery endpoint accepted a method other than GET',
  fix: 'Answer POST/PUT/PATCH/DELETE on /ServiceProviderConfig, /ResourceTypes and /Schemas with 405.',
  appliesTo: (ctx) => ctx.operation === 'discovery' && ctx.exchange.request.method !== 'GET' && isSuccess(ctx.exchange),
  run: (ctx) => ({ expected: '405 Method Not Allowed', actual: `${ctx.exchange.response?.status}` }),
};

export const PROTOCOL_CHECKS: readonly ExchangeCheck[] = [
  responseParseError,
  responseNestingDepth,
  contentType,
  errorBody,
  errorStatusMatches,
  unauthorizedChallenge,
  createStatus,
  createReturnsId,
  createLocation,
  createIgnoresClientId,
  createRequiresRequired,
  conflictUniqueness,
  resourceIdMatchesUrl,
  metaResourceType,
  etagMatchesVersion,
  patchStatus,
  patchOkHasBody,
  patchRemoveNeedsPath,
  groupPatchNoContent,
  throttled,
  replaceStatus,
  deleteStatus,
  filterNot404,
  entraFilterSupported,
  filterResultsMatch,
  listTotalConsistent,
  listItemsPerPage,
  listRespectsCount,
  listStartIndex,
  listPageSize,
  excludedMembers,
  excludedAttributes,
  attributesHonoured,
  discoveryGetOnly,
];

/**
 * Whether a sorted query came back in order (RFC 7644 §3.4.2.3), for discovery honesty:
 * true/false when the response can be judged, undefined when it cannot (no sortBy, fewer than
 * two values, values that are not plain strings or numbers). Strings are compared ignoring case
 * both ordinally and by locale; only an order wrong under both counts as unsorted.
 */
export function sortHonouredBy(exchange: ExchangeContext['exchange']): boolean | undefined {
  const sortBy = listOptionOf(exchange, 'sortBy');
  if (sortBy === undefined || exchange.response?.status !== 200) return undefined;
  const descending = (listOptionOf(exchange, 'sortOrder') ?? 'ascending').toLowerCase() === 'descending';
  const values = returnedResourcesOf(exchange).map((resource) => valueAtPath(resource, sortBy));
  if (values.length < 2 || !values.every((v) => typeof v === 'string' || typeof v === 'number')) return undefined;
  for (let i = 1; i < values.length; i += 1) {
    const [a, b] = descending ? [values[i], values[i - 1]] : [values[i - 1], values[i]];
    if (typeof a === 'number' && typeof b === 'number') {
      if (a > b) return false;
      continue;
    }
    const left = String(a).toLowerCase();
    const right = String(b).toLowerCase();
    if (left > right && left.localeCompare(right) > 0) return false;
  }
  return true;
}

