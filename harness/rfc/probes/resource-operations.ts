/**
 * Create, read, replace and delete (RFC 7644 §3.3–§3.6) and what the schema's characteristics
 * oblige the server to enforce on them (RFC 7643 §2.2, §7): readOnly and immutable values are not
 * changed by a client, `returned: never` values are never sent back.
 */
import { randomUUID } from 'node:crypto';
import { advertisedAttribute, type AdvertisedAttribute, requirements } from '../advertised';
import { type RfcProbe, failed, passed, notSupported } from '../rfc-probe';
import { PATCH_OP_SCHEMA, USER_SCHEMA, bodyOf, describeAnswer, headerOf, isErrorAnswer, isObject, isSuccess, listIds, quote, read, statusOf, stringField } from '../responses';

/** xsd:dateTime as RFC 7643 §2.3.5 uses it (RFC 3339 with a time zone). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

export const RESOURCE_PROBES: readonly RfcProbe[] = [
  {
    id: 'rfc/resource/create',
    section: 'RFC 7644 §3.3',
    title: 'A create is 201 with the resource, a Location equal to meta.location, and the server\'s meta',
    // RFC 7644 §3.3: "an HTTP response SHALL be returned with HTTP status code 201 (Created)"; the URI "SHALL" be in "Location" and in "meta.location".
    keyword: 'SHALL',
    expected: 'POST is answered 201 with the user (id, userName), a Location header equal to meta.location, meta.resourceType "User", and meta.created and meta.lastModified as dateTimes; GET by id returns the same user',
    fix: 'Answer a create with 201, the created resource, and a Location header equal to its meta.location.',
    writes: true,
    requires: requirements.users,
    async run(context) {
      const userName = context.name('create');
      const exchange = await context.send({ method: 'POST', path: context.users, body: { schemas: [USER_SCHEMA], userName } });
      const body = bodyOf(exchange);
      const id = stringField(body, 'id');
      if (id !== undefined && id !== '' && isSuccess(exchange)) context.track(`${context.users}/${id}`);
      if (statusOf(exchange) !== 201) return failed(`POST ${context.users} was answered ${describeAnswer(exchange)}, not 201`);
      if (id === undefined || id === '' || stringField(body, 'userName')?.toLowerCase() !== userName.toLowerCase()) return failed('the 201 body does not hold the created user (id and userName)');
      const meta = read(body, 'meta');
      if (!isObject(meta)) return failed('the created user has no "meta"');
      const location = headerOf(exchange, 'location');
      if (location === undefined) return failed('the 201 has no Location header');
      if (location !== stringField(meta, 'location')) return failed(`Location ${quote(location)} differs from meta.location ${quote(stringField(meta, 'location') ?? '(none)')}`);
      const resourceType = context.advertised.user?.name ?? 'User';
      if (stringField(meta, 'resourceType') !== resourceType) return failed(`meta.resourceType is ${quote(String(read(meta, 'resourceType')))}, not ${quote(resourceType)}`);
      for (const key of ['created', 'lastModified']) {
        if (!DATE_TIME.test(stringField(meta, key) ?? '')) return failed(`meta.${key} is ${quote(String(read(meta, key)))}, not an xsd:dateTime`);
      }
      const readBack = await context.send({ method: 'GET', path: `${context.users}/${id}` });
      if (statusOf(readBack) !== 200 || stringField(bodyOf(readBack), 'id') !== id) return failed(`GET ${context.users}/{id} of the created user was answered ${describeAnswer(readBack)}`);
      return passed('201 with the user, Location = meta.location, the server\'s meta; readable by id');
    },
  },
  {
    id: 'rfc/resource/unknown-id',
    section: 'RFC 7644 §3.5.1',
    title: 'GET, PUT, PATCH and DELETE of an unknown id are 404; PUT never creates',
    // RFC 7644 §3.5.1: "PUT MUST NOT be used to create new resources"; §3.4.1, §3.6 and §3.12: an unknown resource is 404.
    keyword: 'MUST NOT',
    expected: 'each of GET, PUT, PATCH and DELETE /Users/<a random id> is answered 404, and the PUT creates nothing',
    fix: 'Answer 404 for any operation on an id that does not exist; never create a resource from a PUT.',
    writes: true,
    requires: requirements.users,
    async run(context) {
      const path = `${context.users}/${randomUUID()}`;
      const userName = context.name('put-unknown');
      const requests = [
        { method: 'GET' as const, path },
        { method: 'PUT' as const, path, body: { schemas: [USER_SCHEMA], userName } },
        { method: 'PATCH' as const, path, body: { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'replace', path: 'displayName', value: 'x' }] } },
        { method: 'DELETE' as const, path },
      ];
      for (const request of requests) {
        const exchange = await context.send(request);
        if (request.method === 'PUT' && isSuccess(exchange)) {
          const created = stringField(bodyOf(exchange), 'id');
          if (created !== undefined) context.track(`${context.users}/${created}`);
          context.track(path);
          return failed(`PUT to an unknown id was answered ${describeAnswer(exchange)}: it created a user`);
        }
        if (!isErrorAnswer(exchange, 404)) return failed(`${request.method} of an unknown id was answered ${describeAnswer(exchange)}, not 404`);
      }
      return passed('all four were answered 404');
    },
  },
  {
    id: 'rfc/resource/put-replace',
    section: 'RFC 7644 §3.5.1',
    title: 'PUT replaces the values it is given, multi-valued ones included',
    // RFC 7644 §3.5.1: readWrite and writeOnly values given "SHALL replace" the existing ones.
    keyword: 'SHALL',
    expected: 'PUT with a new displayName, emails [B] and a foreign "id" over a user with emails [A] leaves displayName new, emails exactly [B] and the id as it was (read back with GET)',
    fix: 'On PUT, replace each attribute given — a multi-valued one with exactly the values sent, not merged with the old ones.',
    writes: true,
    requires: requirements.users,
    async run(context) {
      const user = await context.createUser('put', { displayName: 'Before', emails: [{ type: 'work', value: `${context.base}before@example.com` }] });
      const after = `${context.base}after@example.com`;
      // id is readOnly: in a PUT body it "SHALL be ignored" (RFC 7644 §3.5.1).
      const put = await context.send({
        method: 'PUT',
        path: `${context.users}/${user.id}`,
        body: { schemas: [USER_SCHEMA], id: context.name('other-id'), userName: user.userName, displayName: 'After', emails: [{ type: 'work', value: after }] },
      });
      if (statusOf(put) !== 200) return failed(`PUT was answered ${describeAnswer(put)}, not 200`);
      const readBack = await context.send({ method: 'GET', path: `${context.users}/${user.id}` });
      const body = bodyOf(readBack);
      if (statusOf(readBack) !== 200 || stringField(body, 'id') !== user.id) return failed(`after a PUT carrying another id, GET by the user's id was answered ${describeAnswer(readBack)} with id ${quote(String(stringField(body, 'id')))}`);
      const emails = read(body, 'emails');
      const values = Array.isArray(emails) ? emails.map((email) => (isObject(email) ? stringField(email, 'value') : undefined)) : [];
      if (stringField(body, 'displayName') !== 'After') return failed(`after PUT, displayName reads ${quote(String(read(body, 'displayName')))}`);
      if (values.length !== 1 || values[0] !== after) return failed(`after PUT, emails read ${quote(JSON.stringify(emails))}; expected only ${quote(after)}`);
      return passed('displayName and emails were replaced');
    },
  },
  {
    id: 'rfc/resource/delete',
    section: 'RFC 7644 §3.6',
    title: 'DELETE is 204; the resource is then 404 and gone from queries',
    // RFC 7644 §3.6: "the server SHALL return a successful HTTP status code 204 (No Content)"; afterwards it "MUST return a 404" and "MUST omit the resource from future query results".
    keyword: 'MUST',
    expected: 'DELETE is answered 204; GET of the id is then 404; a filter on its userName returns nothing',
    fix: 'Answer DELETE with 204 and no body; afterwards answer 404 for the id and leave it out of every query.',
    writes: true,
    requires: requirements.users,
    async run(context) {
      const user = await context.createUser('delete');
      const deleted = await context.remove(`${context.users}/${user.id}`);
      if (statusOf(deleted) !== 204) return failed(`DELETE was answered ${describeAnswer(deleted)}, not 204`);
      const readBack = await context.send({ method: 'GET', path: `${context.users}/${user.id}` });
      if (!isErrorAnswer(readBack, 404)) return failed(`GET after DELETE was answered ${describeAnswer(readBack)}, not 404`);
      if (context.advertised.features.filter) {
        const query = await context.send({ method: 'GET', path: context.users, query: { filter: `userName eq "${user.userName}"` } });
        const ids = listIds(query);
        if (ids?.includes(user.id) === true) return failed(`a filter on the deleted user's userName still returns it (${describeAnswer(query)})`);
      }
      return passed('204, then 404, and gone from queries');
    },
  },
  {
    id: 'rfc/resource/mutability-read-only',
    section: 'RFC 7644 §3.5.2',
    title: 'A PATCH of a readOnly attribute is refused with 400 mutability, and changes nothing',
    // RFC 7644 §3.5.2: "An operation that is not compatible with an attribute's mutability or schema SHALL return the appropriate HTTP response status code" (Table 9: mutability).
    keyword: 'SHALL',
    expected: 'PATCH replace of "id" is answered 400 with scimType mutability, and the user keeps its id',
    fix: 'Refuse PATCH operations on readOnly attributes (id, meta, groups) with 400 and scimType "mutability".',
    writes: true,
    requires: requirements.patch,
    async run(context) {
      const user = await context.createUser('read-only');
      const patched = await context.send({
        method: 'PATCH',
        path: `${context.users}/${user.id}`,
        body: { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'replace', path: 'id', value: context.name('new-id') }] },
      });
      if (!isErrorAnswer(patched, 400, 'mutability')) return failed(`PATCH replace of "id" was answered ${describeAnswer(patched)}`);
      const readBack = await context.send({ method: 'GET', path: `${context.users}/${user.id}` });
      return statusOf(readBack) === 200 && stringField(bodyOf(readBack), 'id') === user.id ? passed(`refused (${describeAnswer(patched)}); the id is unchanged`) : failed(`after the refused PATCH, GET by id was answered ${describeAnswer(readBack)}`);
    },
  },
  {
    id: 'rfc/resource/mutability-immutable',
    section: 'RFC 7644 §3.5.1',
    title: 'An immutable attribute, once set, cannot be changed (400 mutability)',
    // RFC 7644 §3.5.1: immutable — "If one or more values are already set for the attribute, the input value(s) MUST match, or HTTP status code 400 SHOULD be returned with a "scimType" error code of "mutability"".
    keyword: 'MUST',
    expected: 'for a string attribute the User schema advertises as immutable: set on create, a PUT with another value is answered 400 mutability and the value stays',
    fix: 'Enforce what /Schemas says: refuse a change to an immutable attribute that has a value with 400 and scimType "mutability" — or do not advertise it as immutable.',
    writes: true,
    requires: requirements.users,
    async run(context) {
      const attribute = immutableString(context.advertised.schemas.find((schema) => schema.id === (context.advertised.user?.schema ?? USER_SCHEMA))?.attributes ?? []);
      if (!attribute) return notSupported('the User schema advertises no immutable single-valued string attribute');
      const original = context.name('immutable');
      const user = await context.createUser('immutable', { [attribute.name]: original });
      const put = await context.send({ method: 'PUT', path: `${context.users}/${user.id}`, body: { schemas: [USER_SCHEMA], userName: user.userName, [attribute.name]: `${original}-changed` } });
      if (!isErrorAnswer(put, 400, 'mutability')) return failed(`PUT changing immutable ${quote(attribute.name)} was answered ${describeAnswer(put)}`);
      const readBack = await context.send({ method: 'GET', path: `${context.users}/${user.id}` });
      const value = stringField(bodyOf(readBack), attribute.name);
      return value === original ? passed(`refused; ${attribute.name} kept its value`) : failed(`after the refused PUT, ${attribute.name} reads ${quote(String(value))}`);
    },
  },
  {
    id: 'rfc/resource/password-never-returned',
    section: 'RFC 7643 §4.1.1',
    title: 'password (returned: never) is never sent back',
    // RFC 7643 §7: returned "never" — "The attribute is never returned"; §4.1.1 password: returned "never" (§8.7.1).
    keyword: 'MUST NOT',
    expected: 'a user created with a password is returned without it by the create, by GET, and by GET ?attributes=password',
    fix: 'Never return password (or any returned: never attribute), not even when asked for it by name.',
    writes: true,
    requires: (advertised) => requirements.users(advertised) ?? (advertisedAttribute(advertised, USER_SCHEMA, 'password') ? undefined : 'the User schema does not advertise password'),
    async run(context) {
      const secret = `Rfc-${randomUUID()}-Aa1!`;
      const user = await context.createUser('password', { password: secret });
      const reads = [
        user.exchange,
        await context.send({ method: 'GET', path: `${context.users}/${user.id}` }),
        await context.send({ method: 'GET', path: `${context.users}/${user.id}`, query: { attributes: 'password' } }),
      ];
      for (const exchange of reads) {
        if (read(bodyOf(exchange), 'password') !== undefined) return failed(`${exchange.request.method} ${exchange.request.url.replace(/^[a-z]+:\/\/[^/]+/i, '')} returned "password"`);
      }
      return passed('password was in none of the three answers');
    },
  },
];

/** The first top-level single-valued string attribute advertised as immutable. */
function immutableString(attributes: readonly AdvertisedAttribute[]): AdvertisedAttribute | undefined {
  return attributes.find((attribute) => attribute.mutability === 'immutable' && (attribute.type ?? 'string') === 'string' && attribute.multiValued !== true);
}
