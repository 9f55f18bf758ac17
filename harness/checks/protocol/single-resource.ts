/** Protocol rules for a response that returns one resource: its id matches the URL, meta.resourceType, and the ETag agrees with meta.version (RFC 7643 §3.1; RFC 7644 §3.14). */
import { type ExchangeCheck } from '../check-types';
import { describe, getAttribute, headerOf, idOf, isJsonObject, isSuccess, type JsonObject, listResourcesOf, resourceIdInUrl, responseObjectOf, returnedResourcesOf } from '../exchange-facts';
import { SINGLE_RESOURCE_OPERATIONS, statusIs, looksLikeListResponse } from './shared';

const resourceIdMatchesUrl: ExchangeCheck = {
  id: 'protocol/resource-id-matches-url',
  severity: 'required',
  severityReason: 'Entra fails: MultipleEntriesInResponse when a request by id answers anything but that resource (docs/entra-behaviour.md#error-codes)',
  spec: 'RFC 7644 §3.4.1; Entra: SystemForCrossDomainIdentityManagementMultipleEntriesInResponse',
  title: 'Response to a request by id is not that one resource',
  fix: 'Answer GET/PUT/PATCH on /{type}/{id} with that single resource (same id), never a ListResponse.',
  appliesTo: (ctx) =>
    (ctx.operation === 'read' || ctx.operation === 'replace' || ctx.operation === 'patch') &&
    statusIs(ctx, (s) => s === 200) &&
    responseObjectOf(ctx.exchange) !== undefined,
  run: (ctx) => {
    const body = responseObjectOf(ctx.exchange) as JsonObject;
    const wanted = resourceIdInUrl(ctx.facts);
    if (looksLikeListResponse(body)) {
      return { expected: `the single resource ${describe(wanted)}`, actual: `a ListResponse with ${listResourcesOf(body)?.length ?? 0} resource(s)` };
    }
    const id = idOf(body);
    return id === undefined || wanted === undefined || id === wanted ? null : { expected: `id ${describe(wanted)}`, actual: `id ${describe(id)}` };
  },
};

const metaResourceType: ExchangeCheck = {
  id: 'protocol/meta-resource-type',
  severity: 'required',
  severityReason: 'SHALL: RFC 7644 §3.3.1, meta.resourceType SHALL be set to the endpoint\'s resource type',
  spec: 'RFC 7644 §3.3.1; RFC 7643 §3.1',
  title: 'meta.resourceType does not name the endpoint\'s resource type',
  fix: 'Set meta.resourceType to "User" for /Users and "Group" for /Groups.',
  appliesTo: (ctx) => ctx.objectType !== undefined && isSuccess(ctx.exchange) && responseObjectOf(ctx.exchange) !== undefined,
  run: (ctx) => {
    const wanted = (ctx.objectType as string).toLowerCase();
    // One pass without intermediate arrays: a page may hold a million resources.
    for (const resource of returnedResourcesOf(ctx.facts)) {
      const meta = getAttribute(resource, 'meta');
      const type = isJsonObject(meta) ? getAttribute(meta, 'resourceType') : undefined;
      if (typeof type === 'string' && type.toLowerCase() !== wanted) {
        return { expected: `meta.resourceType "${ctx.objectType}"`, actual: `meta.resourceType ${describe(type)}` };
      }
    }
    return null;
  },
};

/** An entity tag without its weak prefix and quotes (RFC 7232 §2.3): two spellings of one tag compare equal. */
function normalizeEntityTag(tag: string): string {
  return tag.trim().replace(/^W\//i, '').replace(/^"(.*)"$/, '$1');
}

const etagMatchesVersion: ExchangeCheck = {
  id: 'protocol/etag-matches-version',
  severity: 'recommended',
  severityReason: 'SHOULD: RFC 7644 §3.14, the version SHOULD be in meta.version; Entra sends no If-Match',
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

export const SINGLE_RESOURCE_CHECKS: readonly ExchangeCheck[] = [resourceIdMatchesUrl, metaResourceType, etagMatchesVersion];
