/** Protocol rules every response is judged by: a parseable body, the SCIM media type, error bodies and their status, the 401 challenge (RFC 7644 §3.1, §3.12; RFC 7235 §3.1). */
import { type ExchangeCheck, type ExchangeContext } from '../check-types';
import { describe, getAttribute, hasResponseBody, hasSchema, headerOf, isSuccess, mediaTypeOf, responseObjectOf, URN } from '../exchange-facts';
import { groupDigits } from '../first-few';
import { SCIM_MEDIA_TYPE, statusIs } from './shared';

const responseParseError: ExchangeCheck = {
  id: 'protocol/response-parse-error',
  severity: 'required',
  severityReason: 'Entra fails: it cannot deserialise a body that is not JSON (RFC 7644 §3.8, docs/entra-behaviour.md#status-to-error-code)',
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
  severityReason: 'Entra fails: its .NET JSON reader stops at 64 levels (RFC 8259 §9, docs/entra-behaviour.md#status-to-error-code)',
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
  severityReason: 'Entra tolerates: it reads application/json as well; the SCIM Validator warns (RFC 7644 §3.1, docs/entra-behaviour.md#validator-tests)',
  spec: 'RFC 7644 §3.1, §8.1',
  title: 'Response is not served as application/scim+json',
  fix: 'Send "Content-Type: application/scim+json" on every response with a body.',
  // An error whose body is not JSON at all is protocol/error-body's deviation: one cause, one finding.
  appliesTo: (ctx) => ctx.exchange.response !== undefined && hasResponseBody(ctx.exchange.response) && !isNonJsonError(ctx),
  run: (ctx) => {
    const header = headerOf(ctx.exchange.response?.headers ?? {}, 'content-type');
    return mediaTypeOf(header) === SCIM_MEDIA_TYPE
      ? null
      : { expected: `Content-Type: ${SCIM_MEDIA_TYPE}`, actual: header === undefined ? 'no Content-Type header' : `Content-Type: ${header}` };
  },
};

/** An error response whose body is not a JSON object: what protocol/error-body reports. */
function isNonJsonError(ctx: ExchangeContext): boolean {
  return statusIs(ctx, (s) => s >= 400) && responseObjectOf(ctx.exchange) === undefined;
}

const errorBody: ExchangeCheck = {
  id: 'protocol/error-body',
  severity: 'required',
  severityReason: 'MUST: RFC 7644 §3.12, implementers MUST return errors in a JSON body with the Error schema',
  spec: 'RFC 7644 §3.12',
  title: 'Error response body is not a SCIM Error',
  fix: 'Answer errors with {"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"<code>","detail":"…"}.',
  // Entra accepts an error without a body ("The detail isn't required", docs/entra-behaviour.md#get-user), so
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
  severity: 'required',
  severityReason: 'MUST: RFC 7644 §3.12 makes status REQUIRED, and it is the HTTP status code of the response',
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
  severity: 'required',
  severityReason: 'SHALL: RFC 7644 §2, a service provider SHALL name its schemes in WWW-Authenticate',
  spec: 'RFC 7644 §2; RFC 7235 §3.1',
  title: '401 response without a WWW-Authenticate header',
  fix: 'Send "WWW-Authenticate: Bearer" (or the scheme in use) with every 401.',
  appliesTo: (ctx) => statusIs(ctx, (s) => s === 401),
  run: (ctx) =>
    headerOf(ctx.exchange.response?.headers ?? {}, 'www-authenticate') !== undefined
      ? null
      : { expected: 'a WWW-Authenticate header naming the supported scheme', actual: 'no WWW-Authenticate header' },
};

export const RESPONSE_CHECKS: readonly ExchangeCheck[] = [responseParseError, responseNestingDepth, contentType, errorBody, errorStatusMatches, unauthorizedChallenge];
