/** Protocol rules for PATCH, PUT and DELETE: their statuses and bodies, throttling, and a remove with no path (RFC 7644 §3.5, §3.6). */
import { type ExchangeCheck } from '../check-types';
import { getAttribute, hasResponseBody, isJsonObject, isSuccess, listOptionOf, pathHasSegment, requestObjectOf, responseObjectOf } from '../exchange-facts';
import { statusIs } from './shared';

const patchStatus: ExchangeCheck = {
  id: 'protocol/patch-status',
  severity: 'required',
  severityReason: 'MUST: RFC 7644 §3.5.2, a successful PATCH MUST answer 200 with the resource, or 204',
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
  severity: 'required',
  severityReason: 'MUST: RFC 7644 §3.5.2, a 200 to a PATCH MUST carry the entire resource (or answer 204)',
  spec: 'RFC 7644 §3.5.2',
  title: 'PATCH answered 200 without a body',
  fix: 'Return the resource with 200, or answer 204 No Content when returning no body.',
  appliesTo: (ctx) => ctx.operation === 'patch' && statusIs(ctx, (s) => s === 200) && ctx.exchange.response !== undefined,
  run: (ctx) =>
    hasResponseBody(ctx.exchange.response!) ? null : { expected: '200 with the resource, or 204', actual: '200 with an empty body' },
};

/**
 * Entra: "Update to the group PATCH request should yield an HTTP 204 No Content … Returning a
 * body with a list of all the members isn't advisable" (docs/entra-behaviour.md#groups). A projection asked for
 * with attributes/excludedAttributes makes a 200 with a body the right answer (RFC 7644 §3.5.2).
 */
const groupPatchNoContent: ExchangeCheck = {
  id: 'protocol/group-patch-204',
  severity: 'advisory',
  severityReason: 'RFC allows: RFC 7644 §3.5.2 allows 200 with the resource; only Entra\'s guidance asks for 204 (docs/entra-behaviour.md#groups)',
  spec: 'Entra: group PATCH (docs/entra-behaviour.md#groups); RFC 7644 §3.5.2',
  title: 'Group PATCH answered 200 with the group instead of 204',
  fix: 'Answer a group PATCH with 204 No Content: returning every member on each membership change is costly for large groups.',
  appliesTo: (ctx) =>
    ctx.operation === 'patch' &&
    (ctx.objectType === 'Group' || pathHasSegment(ctx.facts, 'Groups')) &&
    statusIs(ctx, (s) => s === 200) &&
    listOptionOf(ctx.facts, 'attributes') === undefined &&
    listOptionOf(ctx.facts, 'excludedAttributes') === undefined,
  run: (ctx) => (ctx.exchange.response && hasResponseBody(ctx.exchange.response) ? { expected: '204 No Content', actual: '200 with a body' } : null),
};

/**
 * A 429 is not a failure Entra quarantines for, but each one is logged as TooManyRequests and
 * retried in a later cycle (docs/entra-behaviour.md#error-codes, docs/entra-behaviour.md#rate-limits): the gallery promise is 25 requests/second.
 */
const throttled: ExchangeCheck = {
  id: 'protocol/throttled',
  severity: 'advisory',
  severityReason: 'RFC allows: RFC 6585 allows 429, and Entra retries it in a later cycle (docs/entra-behaviour.md#rate-limits)',
  spec: 'Entra: TooManyRequests (docs/entra-behaviour.md#error-codes, docs/entra-behaviour.md#rate-limits)',
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
  severityReason: 'Entra tolerates: it never sends a path-less remove; RFC 7644 §3.5.2.2 says it fails with noTarget, without a MUST',
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
  severityReason: 'Entra tolerates: it never sends PUT (docs/entra-behaviour.md#no-put-no-bulk); RFC 7644 §3.5.1 states 200 without a MUST',
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
  severity: 'required',
  severityReason: 'SHALL: RFC 7644 §3.6, a successful DELETE SHALL answer 204 No Content',
  spec: 'RFC 7644 §3.6',
  title: 'DELETE answered a 2xx other than 204',
  fix: 'Answer a successful DELETE with 204 No Content.',
  appliesTo: (ctx) => ctx.operation === 'delete' && isSuccess(ctx.exchange),
  run: (ctx) =>
    ctx.exchange.response?.status === 204 ? null : { expected: '204 No Content', actual: `${ctx.exchange.response?.status}` },
};

export const UPDATE_DELETE_CHECKS: readonly ExchangeCheck[] = [patchStatus, patchOkHasBody, patchRemoveNeedsPath, groupPatchNoContent, throttled, replaceStatus, deleteStatus];
