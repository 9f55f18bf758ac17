/** What several protocol rules share: the SCIM media type, which operations answer one resource or a list, and the paging facts of a ListResponse (RFC 7644 §3.4.2). */
import { type ExchangeContext } from '../check-types';
import { attributeListOf, getAttribute, hasSchema, type JsonObject, listResourcesOf, responseObjectOf, URN } from '../exchange-facts';

export const SCIM_MEDIA_TYPE = 'application/scim+json';

/** Operations answered with one resource (RFC 7644 §3.3, §3.4.1, §3.5.1, §3.5.2). */
export const SINGLE_RESOURCE_OPERATIONS: ReadonlySet<string> = new Set(['create', 'read', 'replace', 'patch']);

export function statusIs(ctx: ExchangeContext, predicate: (status: number) => boolean): boolean {
  const status = ctx.exchange.response?.status;
  return status !== undefined && predicate(status);
}

export function isListOperation(ctx: ExchangeContext): boolean {
  return ctx.operation === 'filter' || ctx.operation === 'search';
}

export function hasProjection(ctx: ExchangeContext): boolean {
  return attributeListOf(ctx.facts, 'attributes') !== undefined || attributeListOf(ctx.facts, 'excludedAttributes') !== undefined;
}

export function looksLikeListResponse(body: JsonObject): boolean {
  return hasSchema(body, URN.listResponse) || listResourcesOf(body) !== undefined;
}

/** A successful ListResponse body with an integer totalResults, for the paging rules. */
export interface ListFacts {
  readonly total: number;
  readonly returned: number;
  readonly itemsPerPage: unknown;
  readonly startIndex: unknown;
}

export function listFactsOf(ctx: ExchangeContext): ListFacts | undefined {
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
