/**
 * Features a server may offer and says whether it does (RFC 7643 §5): entity tags and
 * preconditions (RFC 7644 §3.14), bulk (§3.7), and /Me (§3.11). Advertised but broken is a
 * failure; honestly not advertised is "not supported".
 */
import { requirements } from '../advertised';
import { type RfcProbe, failed, passed } from '../rfc-probe';
import { BULK_REQUEST_SCHEMA, PATCH_OP_SCHEMA, USER_SCHEMA, bodyOf, describeAnswer, headerOf, isObject, isSuccess, quote, read, statusOf, stringField } from '../responses';

const SECTION_ETAG = 'RFC 7644 §3.14';
const ETAG_HEADER = 'rfc/etag/header';

export const OPTIONAL_FEATURE_PROBES: readonly RfcProbe[] = [
  {
    id: ETAG_HEADER,
    section: SECTION_ETAG,
    title: 'With etag supported, a read carries an ETag equal to meta.version',
    // RFC 7644 §3.14: when versioning is supported the server "MUST" return the version as the "ETag" header, matching meta.version (RFC 7643 §3.1).
    keyword: 'MUST',
    expected: 'GET /Users/{id} has an ETag header equal to the user\'s meta.version',
    fix: 'Send the resource version as the ETag header of every single-resource answer, the same value as meta.version.',
    writes: true,
    requires: requirements.etag,
    async run(context) {
      const user = await context.createUser('etag');
      const readBack = await context.send({ method: 'GET', path: `${context.users}/${user.id}` });
      const etag = headerOf(readBack, 'etag');
      const meta = read(bodyOf(readBack), 'meta');
      const version = isObject(meta) ? stringField(meta, 'version') : undefined;
      if (etag === undefined) return failed(`GET by id (${describeAnswer(readBack)}) has no ETag header`);
      return etag === version ? passed(`ETag ${quote(etag)} = meta.version`) : failed(`ETag ${quote(etag)} differs from meta.version ${quote(String(version))}`);
    },
  },
  {
    id: 'rfc/etag/if-none-match',
    section: SECTION_ETAG,
    title: 'If-None-Match with the current ETag is answered 304',
    // RFC 7644 §3.14 with RFC 7232 §3.2: the origin server "MUST respond with … 304 (Not Modified)" for a GET whose tag matches.
    keyword: 'MUST',
    expected: 'GET /Users/{id} with If-None-Match: <its ETag>, and with If-None-Match: *, is answered 304; with another tag it is 200',
    fix: 'Compare If-None-Match (weakly) with the current version on GET and answer 304 without a body when it matches.',
    writes: true,
    requires: requirements.etag,
    dependsOn: [ETAG_HEADER],
    async run(context) {
      const user = await context.createUser('if-none-match');
      const first = await context.send({ method: 'GET', path: `${context.users}/${user.id}` });
      const etag = headerOf(first, 'etag') ?? '';
      for (const [tag, status] of [
        [etag, 304],
        ['*', 304],
        [`W/"${context.base}other"`, 200],
      ] as const) {
        const again = await context.send({ method: 'GET', path: `${context.users}/${user.id}`, headers: { 'If-None-Match': tag } });
        if (statusOf(again) !== status) return failed(`GET with If-None-Match: ${quote(tag)} was answered ${describeAnswer(again)}, not ${status}`);
      }
      return passed('304 for the current tag and *, 200 for another');
    },
  },
  {
    id: 'rfc/etag/if-match',
    section: SECTION_ETAG,
    title: 'If-Match with a stale ETag is answered 412 and changes nothing',
    // RFC 7644 §3.14 with RFC 7232 §3.1: "the origin server MUST NOT perform the requested method" when If-Match does not match; 412 Precondition Failed.
    keyword: 'MUST NOT',
    expected: 'PATCH /Users/{id} with If-Match: W/"<not the version>" is answered 412, and the user is unchanged',
    fix: 'Compare If-Match with the current version before PUT, PATCH and DELETE; answer 412 and change nothing when it differs.',
    writes: true,
    requires: (advertised) => requirements.etag(advertised) ?? requirements.patch(advertised),
    dependsOn: [ETAG_HEADER],
    async run(context) {
      const user = await context.createUser('if-match', { displayName: 'Before' });
      const stale = `W/"${context.base}stale"`;
      const patched = await context.send({
        method: 'PATCH',
        path: `${context.users}/${user.id}`,
        headers: { 'If-Match': stale },
        body: { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'replace', path: 'displayName', value: 'After' }] },
      });
      if (statusOf(patched) !== 412) return failed(`PATCH with If-Match: ${quote(stale)} was answered ${describeAnswer(patched)}, not 412`);
      const readBack = await context.send({ method: 'GET', path: `${context.users}/${user.id}` });
      return stringField(bodyOf(readBack), 'displayName') === 'Before' ? passed('412, and the user is unchanged') : failed('the PATCH was answered 412 but the change was applied');
    },
  },
  {
    id: 'rfc/bulk/operations',
    section: 'RFC 7644 §3.7',
    title: 'With bulk supported, POST /Bulk runs its operations and answers a BulkResponse',
    // RFC 7644 §3.7: the response "MUST" include the result of each operation ("status", and "location" for a created resource).
    keyword: 'MUST',
    expected: 'POST /Bulk with one POST /Users operation (bulkId) is answered 200 with a BulkResponse whose operation has status "201" and a location',
    fix: 'Serve /Bulk as RFC 7644 §3.7 describes — or say bulk.supported false in /ServiceProviderConfig.',
    writes: true,
    requires: requirements.bulk,
    async run(context) {
      const userName = context.name('bulk');
      const exchange = await context.send({
        method: 'POST',
        path: '/Bulk',
        body: { schemas: [BULK_REQUEST_SCHEMA], Operations: [{ method: 'POST', path: context.users, bulkId: 'rfc1', data: { schemas: [USER_SCHEMA], userName } }] },
      });
      const operations = read(bodyOf(exchange), 'Operations');
      const first = Array.isArray(operations) && isObject(operations[0]) ? operations[0] : undefined;
      const location = stringField(first, 'location');
      if (location !== undefined) {
        const id = location.split('/').pop();
        if (id) context.track(`${context.users}/${id}`);
      }
      if (statusOf(exchange) !== 200 || first === undefined) return failed(`POST /Bulk was answered ${describeAnswer(exchange)}${first === undefined && isSuccess(exchange) ? ' without Operations' : ''}`);
      const status = read(first, 'status');
      const code = isObject(status) ? read(status, 'code') : status;
      if (String(code) !== '201' || location === undefined) return failed(`the bulk create's result is ${quote(JSON.stringify(first))}, not status "201" with a location`);
      return passed('the operation was answered 201 with a location');
    },
  },
  {
    id: 'rfc/me/endpoint',
    section: 'RFC 7644 §3.11',
    title: '/Me resolves to the authenticated subject, or is answered 501',
    // RFC 7644 §3.11: a provider that does not support /Me "SHOULD respond with HTTP status code 501 (Not Implemented)".
    keyword: 'SHOULD',
    expected: 'GET /Me is answered 2xx with a resource, or 501',
    fix: 'Answer /Me with the resource of the authenticated subject, or with 501 Not Implemented when there is none.',
    writes: false,
    async run(context) {
      const exchange = await context.send({ method: 'GET', path: '/Me' });
      if (statusOf(exchange) === 501) return passed('501 Not Implemented');
      if (isSuccess(exchange) && stringField(bodyOf(exchange), 'id') !== undefined) return passed(`answered ${statusOf(exchange)} with a resource`);
      return failed(`GET /Me was answered ${describeAnswer(exchange)}`);
    },
  },
];
