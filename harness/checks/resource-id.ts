/**
 * A resource's id must be usable as one URL path segment: Entra addresses every later read,
 * update and delete as `/Users/{id}` (RFC 7644 §3.4.1, §3.5, §3.6), so an id of ".", "..", ""
 * or one containing "/", "?", "#" sends those requests to another URL after dot-segment
 * normalisation (RFC 3986 §5.2.4) or ends the path early (RFC 3986 §3.3). RFC 7643 §3.1 leaves
 * the id's form to the service provider but requires it to identify the resource; one that
 * cannot be put in its URL does not.
 */
import { type ExchangeCheck } from './check-types';
import { isJsonObject, isSuccess, responseObjectOf, returnedResourcesOf, type JsonObject } from './exchange-facts';
import { unusableIdReason } from '../engine/resource-path';

function rawIdOf(resource: JsonObject | undefined): string | undefined {
  const id = resource?.id;
  return typeof id === 'string' ? id : undefined;
}

function idsOf(ctx: Parameters<ExchangeCheck['run']>[0]): string[] {
  if (ctx.operation === 'filter' || ctx.operation === 'search') return returnedResourcesOf(ctx.facts).map(rawIdOf).filter((id): id is string => id !== undefined);
  const id = rawIdOf(responseObjectOf(ctx.exchange));
  return id === undefined ? [] : [id];
}

const idPathSegment: ExchangeCheck = {
  id: 'protocol/id-path-segment',
  severity: 'required',
  severityReason: 'Entra fails: it addresses the object as /Users/{id} (RFC 7643 §3.1, docs/entra-behaviour.md#matching)',
  spec: 'RFC 7643 §3.1; RFC 3986 §3.3, §5.2.4',
  title: 'A resource id cannot be used as its URL path segment',
  fix: 'Issue ids that are one non-empty URL path segment: not "." or "..", without "/", "?", "#" or "\\" (a GUID is safe).',
  appliesTo: (ctx) =>
    isSuccess(ctx.exchange) &&
    isJsonObject(ctx.exchange.response?.body) &&
    (ctx.operation === 'create' || ctx.operation === 'read' || ctx.operation === 'replace' || ctx.operation === 'patch' || ctx.operation === 'filter' || ctx.operation === 'search'),
  run: (ctx) => {
    for (const id of idsOf(ctx)) {
      const reason = unusableIdReason(id);
      if (reason !== undefined) {
        return {
          expected: 'an id that addresses the resource as /Users/{id} or /Groups/{id}',
          actual: `${reason}: requests for this resource would leave its collection, so it cannot be read, updated or deleted`,
        };
      }
    }
    return null;
  },
};

export const RESOURCE_ID_CHECKS: readonly ExchangeCheck[] = [idPathSegment];
