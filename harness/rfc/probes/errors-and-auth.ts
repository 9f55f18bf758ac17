/**
 * Errors, authentication and media types (RFC 7644 §2, §3.1, §3.8, §3.12): what a server answers
 * a request it must refuse, and the shape of every error it sent the suite — judged once, last,
 * over all of them, so a server without SCIM error bodies is one failed probe.
 */
import { type Exchange } from '../../contract/exchange';
import { requirements } from '../advertised';
import { type RfcProbe, failed, notSupported, passed } from '../rfc-probe';
import { ERROR_SCHEMA, SCIM_TYPES, USER_SCHEMA, bodyOf, describeAnswer, headerOf, isErrorAnswer, isSuccess, quote, scimErrorOf, statusOf, stringField } from '../responses';

const SCIM_MEDIA_TYPE = 'application/scim+json';

/** What is wrong with an error answer's body (RFC 7644 §3.12), or undefined. */
function errorBodyProblem(exchange: Exchange): string | undefined {
  const status = statusOf(exchange);
  const error = scimErrorOf(exchange);
  const where = `${exchange.request.method} ${exchange.request.url.replace(/^[a-z]+:\/\/[^/]+/i, '')} (HTTP ${status})`;
  if (error === undefined) return `${where} has no JSON error body (${quote(exchange.response?.text ?? '')})`;
  if (!error.schemas?.includes(ERROR_SCHEMA)) return `${where}: "schemas" is ${quote(JSON.stringify(error.schemas))}, not [${ERROR_SCHEMA}]`;
  if (error.status !== String(status)) return `${where}: "status" is ${quote(JSON.stringify(error.status))}, not the string "${status}"`;
  if (error.scimType !== undefined && !SCIM_TYPES.has(error.scimType)) return `${where}: scimType ${quote(error.scimType)} is not one of RFC 7644 Table 9`;
  const body = bodyOf(exchange);
  if (body !== undefined && 'detail' in body && typeof body.detail !== 'string') return `${where}: "detail" is not a string`;
  return undefined;
}

export const ERROR_PROBES: readonly RfcProbe[] = [
  {
    id: 'rfc/auth/unauthorized',
    section: 'RFC 7644 §2',
    title: 'A request without or with wrong credentials is 401 with a WWW-Authenticate challenge',
    // RFC 7644 §2: requests without valid credentials are refused with 401; RFC 7235 §3.1: a 401 "MUST send a WWW-Authenticate header field".
    keyword: 'MUST',
    expected: 'GET /Users without an Authorization header, and with a bearer token the server never issued, are each answered 401 with a WWW-Authenticate header',
    fix: 'Answer a request without valid credentials with 401, a WWW-Authenticate challenge naming the scheme (e.g. Bearer realm="scim"), and a SCIM error body.',
    writes: false,
    requires: (advertised) => requirements.users(advertised),
    async run(context) {
      if (!context.sendsCredentials) return notSupported('the run sends no credentials (--auth none): there is nothing to withhold');
      for (const credentials of ['none', 'invalid'] as const) {
        const exchange = await context.send({ method: 'GET', path: context.users, query: { count: '1' }, credentials });
        const what = credentials === 'none' ? 'without credentials' : 'with an unknown bearer token';
        if (statusOf(exchange) !== 401) return failed(`GET ${context.users} ${what} was answered ${describeAnswer(exchange)}, not 401`);
        if (headerOf(exchange, 'www-authenticate') === undefined) return failed(`the 401 ${what} has no WWW-Authenticate header`);
      }
      return passed('both were answered 401 with a WWW-Authenticate challenge');
    },
  },
  {
    id: 'rfc/errors/malformed-json',
    section: 'RFC 7644 §3.12',
    title: 'A body that is not JSON is 400 invalidSyntax, never 500',
    // RFC 7644 §3.12 Table 9: invalidSyntax — "The request body message structure was invalid"; a client error "SHALL" be answered with the appropriate 4xx status.
    keyword: 'SHALL',
    expected: 'POST /Users with a truncated JSON body, and with an empty body, is answered 400 (scimType invalidSyntax when one is given)',
    fix: 'Catch JSON parse errors and answer 400 with scimType "invalidSyntax".',
    writes: true,
    requires: requirements.users,
    async run(context) {
      for (const [rawBody, what] of [
        [`{"schemas":["${USER_SCHEMA}"],"userName":"${context.name('malformed')}"`, 'a truncated JSON body'],
        ['', 'an empty body'],
      ] as const) {
        const exchange = await context.send({ method: 'POST', path: context.users, rawBody });
        const id = stringField(bodyOf(exchange), 'id');
        if (isSuccess(exchange) && id !== undefined) context.track(`${context.users}/${id}`);
        if (!isErrorAnswer(exchange, 400, 'invalidSyntax')) return failed(`${what} was answered ${describeAnswer(exchange)}`);
      }
      return passed('both were answered 400');
    },
  },
  {
    id: 'rfc/errors/unknown-endpoint',
    section: 'RFC 7644 §3.12',
    title: 'An endpoint that does not exist is 404',
    // RFC 7644 §3.12: 404 — "Specified resource (e.g., User) or endpoint does not exist"; the status "SHOULD" be the one the table gives.
    keyword: 'SHOULD',
    expected: 'GET /<a random path> under the base URL is answered 404',
    fix: 'Answer requests to paths the server does not serve with 404 and a SCIM error body (not 200, not an HTML page).',
    writes: false,
    async run(context) {
      const exchange = await context.send({ method: 'GET', path: `/${context.name('NoSuchEndpoint')}` });
      return isErrorAnswer(exchange, 404) ? passed('404') : failed(`an unknown endpoint was answered ${describeAnswer(exchange)}, not 404`);
    },
  },
  {
    id: 'rfc/errors/method-not-allowed',
    section: 'RFC 7644 §4',
    title: 'A method an endpoint does not have is 405 (discovery endpoints are read-only)',
    // RFC 7644 §4: the discovery endpoints are read with GET; RFC 9110 §15.5.6: 405 names a method the target resource does not support, which a server "SHOULD" use.
    keyword: 'SHOULD',
    expected: 'PUT /ServiceProviderConfig and POST /Schemas are each answered 405',
    fix: 'Answer methods an endpoint does not support with 405 and an Allow header.',
    writes: true,
    async run(context) {
      for (const request of [
        { method: 'PUT' as const, path: '/ServiceProviderConfig', body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'] } },
        { method: 'POST' as const, path: '/Schemas', body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'] } },
      ]) {
        const exchange = await context.send(request);
        if (statusOf(exchange) !== 405) return failed(`${request.method} ${request.path} was answered ${describeAnswer(exchange)}, not 405`);
      }
      return passed('both were answered 405');
    },
  },
  {
    id: 'rfc/media/response-content-type',
    section: 'RFC 7644 §8.1',
    title: 'Responses are application/scim+json',
    // RFC 7644 §3.1 / §8.1: SCIM messages use the media type "application/scim+json"; servers "MUST" support it (§3.8).
    keyword: 'MUST',
    expected: 'GET /ServiceProviderConfig and GET /Users?count=1, asked with Accept: application/scim+json, are answered with Content-Type application/scim+json',
    fix: 'Send "Content-Type: application/scim+json" (with charset=utf-8 if you like) on every SCIM response.',
    writes: false,
    async run(context) {
      for (const path of ['/ServiceProviderConfig', context.users]) {
        const exchange = await context.send({ method: 'GET', path, query: path === context.users ? { count: '1' } : undefined, headers: { Accept: SCIM_MEDIA_TYPE } });
        const type = headerOf(exchange, 'content-type') ?? '';
        if (!isSuccess(exchange)) return failed(`GET ${path} was answered ${describeAnswer(exchange)}`);
        if (type.split(';')[0].trim().toLowerCase() !== SCIM_MEDIA_TYPE) return failed(`GET ${path} was answered with Content-Type ${quote(type)}`);
      }
      return passed(`both were ${SCIM_MEDIA_TYPE}`);
    },
  },
  {
    id: 'rfc/media/accepts-application-json',
    section: 'RFC 7644 §3.8',
    title: 'Requests sent as application/json are accepted',
    // RFC 7644 §3.8: service providers "SHOULD" accept "application/json" as well as "application/scim+json".
    keyword: 'SHOULD',
    expected: 'POST /Users with Content-Type: application/json and Accept: application/json is answered 2xx (it is read, not refused as 415)',
    fix: 'Accept request bodies sent as application/json (and Accept: application/json) like application/scim+json.',
    writes: true,
    requires: requirements.users,
    async run(context) {
      const exchange = await context.send({
        method: 'POST',
        path: context.users,
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: { schemas: [USER_SCHEMA], userName: context.name('plain-json') },
      });
      const id = stringField(bodyOf(exchange), 'id');
      if (isSuccess(exchange) && id !== undefined) context.track(`${context.users}/${id}`);
      return isSuccess(exchange) ? passed(`answered ${statusOf(exchange)}`) : failed(`a create sent as application/json was answered ${describeAnswer(exchange)}`);
    },
  },
  {
    id: 'rfc/errors/error-body',
    section: 'RFC 7644 §3.12',
    title: 'Every error is a SCIM Error: the Error schema, "status" as a string, scimType from the RFC\'s list',
    // RFC 7644 §3.12: "status" — "The HTTP status code … expressed as a JSON string. REQUIRED."; scimType takes the values of Table 9.
    keyword: 'REQUIRED',
    expected: 'each error the suite received (and a GET of an unknown user) has schemas [urn:ietf:params:scim:api:messages:2.0:Error], "status" equal to the HTTP status as a string, and a scimType, when present, from RFC 7644 Table 9',
    fix: 'Answer every error with {"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "<code>", "scimType": <from Table 9, when one applies>, "detail": "…"}.',
    writes: false,
    requires: requirements.users,
    async run(context) {
      await context.send({ method: 'GET', path: `${context.users}/${context.name('missing')}` });
      const answers = context.errorAnswers.filter((exchange) => exchange.response !== undefined && statusOf(exchange) !== 304);
      for (const exchange of answers) {
        const problem = errorBodyProblem(exchange);
        if (problem) {
          context.cite(exchange);
          return failed(problem);
        }
      }
      return passed(`${answers.length} error answer(s), each a SCIM Error`);
    },
  },
];
