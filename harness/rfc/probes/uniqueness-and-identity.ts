/**
 * Uniqueness and identity (RFC 7643 §3.1, §4.1.1; RFC 7644 §3.3, §3.6): userName is unique in
 * any case, `id` is the server's — never the client's, stable across renames, never handed out
 * again — client-sent `meta` is ignored, and a deleted user's values may be used again.
 */
import { advertisedAttribute, requirements } from '../advertised';
import { type ProbeContext } from '../probe-context';
import { type RfcProbe, failed, passed } from '../rfc-probe';
import { GROUP_SCHEMA, PATCH_OP_SCHEMA, USER_SCHEMA, bodyOf, describeAnswer, isErrorAnswer, isObject, isSuccess, quote, read, statusOf, stringField } from '../responses';

/** Renames a user: PATCH when advertised (RFC 7644 §3.5.2), else PUT (§3.5.1). */
async function rename(context: ProbeContext, id: string, userName: string) {
  if (context.advertised.features.patch) {
    return context.send({ method: 'PATCH', path: `${context.users}/${id}`, body: { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'replace', path: 'userName', value: userName }] } });
  }
  return context.send({ method: 'PUT', path: `${context.users}/${id}`, body: { schemas: [USER_SCHEMA], userName } });
}

/** POSTs a user that should be refused; tracks it for cleanup if it was created after all. */
async function postUser(context: ProbeContext, body: Record<string, unknown>) {
  const exchange = await context.send({ method: 'POST', path: context.users, body: { schemas: [USER_SCHEMA], ...body } });
  const id = stringField(bodyOf(exchange), 'id');
  if (isSuccess(exchange) && id !== undefined && id !== '') context.track(`${context.users}/${id}`);
  return { exchange, id };
}

export const IDENTITY_PROBES: readonly RfcProbe[] = [
  {
    id: 'rfc/identity/username-uniqueness',
    section: 'RFC 7644 §3.3',
    title: 'A duplicate userName, in any case, is refused with 409 uniqueness',
    // RFC 7644 §3.3: "the service provider MUST return HTTP status code 409 (Conflict) with a "scimType" error code of "uniqueness""; RFC 7643 §4.1.1: userName is unique and caseExact false.
    keyword: 'MUST',
    expected: 'creating a user whose userName another user has — exactly, and in upper case — is answered 409 with scimType uniqueness',
    fix: 'Check userName uniqueness case-insensitively (caseExact false) before creating, and answer 409 with scimType "uniqueness".',
    writes: true,
    requires: requirements.users,
    async run(context) {
      const first = await context.createUser('unique');
      const caseExact = advertisedAttribute(context.advertised, USER_SCHEMA, 'userName')?.caseExact ?? false;
      const variants = caseExact ? [first.userName] : [first.userName, first.userName.toUpperCase()];
      for (const userName of variants) {
        const { exchange } = await postUser(context, { userName });
        if (!isErrorAnswer(exchange, 409, 'uniqueness')) return failed(`creating a second user with userName ${quote(userName)} was answered ${describeAnswer(exchange)}`);
      }
      return passed(`${variants.length === 2 ? 'the same and the upper-case userName were' : 'the same userName was'} refused with 409 uniqueness`);
    },
  },
  {
    id: 'rfc/identity/required-attributes',
    section: 'RFC 7643 §4.1.1',
    title: 'A user without userName (created or replaced), or a group without displayName, is refused with 400',
    // RFC 7643 §4.1.1: "Each User MUST include a non-empty "userName" value"; §4.2 displayName is REQUIRED; RFC 7644 §3.5.1: a PUT must carry the required attributes.
    keyword: 'MUST',
    expected: 'POST of a user without userName, PUT of a user without userName, and (when groups are advertised) POST of a group without displayName are each answered 400 (scimType invalidValue when one is given)',
    fix: 'Refuse a User without a non-empty userName, and a Group without displayName, with 400 and scimType "invalidValue" — on create and on replace.',
    writes: true,
    requires: requirements.users,
    async run(context) {
      const { exchange } = await postUser(context, { displayName: context.name('no-username') });
      if (!isErrorAnswer(exchange, 400, 'invalidValue')) return failed(`a user without userName was answered ${describeAnswer(exchange)}`);
      const user = await context.createUser('required');
      const put = await context.send({ method: 'PUT', path: `${context.users}/${user.id}`, body: { schemas: [USER_SCHEMA], displayName: 'No userName' } });
      if (!isErrorAnswer(put, 400, 'invalidValue')) return failed(`a PUT without userName was answered ${describeAnswer(put)}`);
      const group = context.advertised.group;
      if (group) {
        const created = await context.send({ method: 'POST', path: group.endpoint, body: { schemas: [GROUP_SCHEMA], externalId: context.name('no-display-name') } });
        const id = stringField(bodyOf(created), 'id');
        if (isSuccess(created) && id !== undefined) context.track(`${group.endpoint}/${id}`);
        if (!isErrorAnswer(created, 400, 'invalidValue')) return failed(`a group without displayName was answered ${describeAnswer(created)}`);
      }
      return passed('each was answered 400');
    },
  },
  {
    id: 'rfc/identity/client-id-ignored',
    section: 'RFC 7643 §3.1',
    title: 'An id sent by the client is ignored: the server assigns its own',
    // RFC 7643 §3.1: "The value of the "id" attribute is always issued by the service provider and MUST NOT be specified by the client"; RFC 7644 §3.3: readOnly attributes in the request "SHALL be ignored".
    keyword: 'SHALL',
    expected: 'POST of a user carrying "id" is answered 201 with an id the server chose',
    fix: 'Ignore "id" (and every readOnly attribute) in a create request; assign the id yourself.',
    writes: true,
    requires: requirements.users,
    async run(context) {
      const clientId = context.name('client-chosen-id');
      const { exchange, id } = await postUser(context, { id: clientId, userName: context.name('client-id') });
      if (!isSuccess(exchange) || id === undefined) return failed(`a create carrying "id" was answered ${describeAnswer(exchange)}, not 201`);
      return id === clientId ? failed(`the created user took the client's id ${quote(clientId)}`) : passed(`the server assigned ${quote(id)}`);
    },
  },
  {
    id: 'rfc/identity/client-meta-ignored',
    section: 'RFC 7644 §3.3',
    title: 'meta sent by the client is ignored',
    // RFC 7644 §3.3: attributes whose mutability is readOnly "SHALL be ignored"; RFC 7643 §3.1: meta is readOnly.
    keyword: 'SHALL',
    expected: 'POST of a user carrying meta (created in 2001, resourceType Group, a foreign location) is answered with the server\'s own meta',
    fix: 'Drop client-sent "meta" on create and replace; set created, lastModified, resourceType and location yourself.',
    writes: true,
    requires: requirements.users,
    async run(context) {
      const fake = { created: '2001-01-01T00:00:00Z', lastModified: '2001-01-01T00:00:00Z', resourceType: 'Group', location: 'https://attacker.example/scim/Users/x', version: 'W/"client"' };
      const { exchange } = await postUser(context, { userName: context.name('client-meta'), meta: fake });
      if (!isSuccess(exchange)) return failed(`a create carrying meta was answered ${describeAnswer(exchange)}, not 201`);
      const meta = read(bodyOf(exchange), 'meta');
      if (!isObject(meta)) return failed('the created user has no "meta"');
      for (const key of ['created', 'resourceType', 'location'] as const) {
        if (stringField(meta, key) === fake[key]) return failed(`meta.${key} is the client's ${quote(fake[key])}`);
      }
      return passed('meta is the server\'s own');
    },
  },
  {
    id: 'rfc/identity/id-stable',
    section: 'RFC 7643 §3.1',
    title: 'id is stable across renames and never handed out again',
    // RFC 7643 §3.1: id "MUST be a stable, non-reassignable identifier that does not change when the same resource is returned in subsequent requests".
    keyword: 'MUST',
    expected: 'a renamed user keeps its id; a new user taking the old userName gets another id; after that one is deleted, a third user with the same userName gets a third id',
    fix: 'Assign ids the server generates (e.g. random UUIDs), never derived from userName or reused after a delete.',
    writes: true,
    requires: requirements.users,
    async run(context) {
      const first = await context.createUser('stable');
      const renamedTo = context.name('stable-renamed');
      const renamed = await rename(context, first.id, renamedTo);
      if (!isSuccess(renamed)) return failed(`renaming the user was answered ${describeAnswer(renamed)}`);
      const readBack = await context.send({ method: 'GET', path: `${context.users}/${first.id}` });
      if (statusOf(readBack) !== 200 || stringField(bodyOf(readBack), 'id') !== first.id) return failed(`after the rename, GET by the old id was answered ${describeAnswer(readBack)}`);
      const second = await context.createUser('stable-reuse', {});
      // The third user takes the first one's original userName: an id derived from it would collide.
      const third = await postUser(context, { userName: first.userName });
      if (!isSuccess(third.exchange) || third.id === undefined) return failed(`creating a user with the renamed user's old userName was answered ${describeAnswer(third.exchange)}`);
      if (third.id === first.id) return failed(`the new user with the old userName got the renamed user's id ${quote(first.id)}`);
      const deleted = await context.remove(`${context.users}/${second.id}`);
      if (!isSuccess(deleted)) return failed(`deleting a user was answered ${describeAnswer(deleted)}`);
      const fourth = await context.createUser('stable-after-delete');
      const earlier = [first.id, second.id, third.id];
      return earlier.includes(fourth.id) ? failed(`a user created after a delete got the id ${quote(fourth.id)} an earlier user had`) : passed('ids stayed put and were never reused');
    },
  },
  {
    id: 'rfc/identity/recreate-after-delete',
    section: 'RFC 7644 §3.6',
    title: 'A deleted user\'s userName and externalId may be used again',
    // RFC 7644 §3.6: "the service provider SHOULD NOT consider the deleted resource in conflict calculation".
    keyword: 'SHOULD NOT',
    expected: 'after DELETE, creating a user with the same userName and externalId is answered 201',
    fix: 'Leave deleted users out of uniqueness checks (userName, externalId), including soft-deleted ones kept internally.',
    writes: true,
    requires: requirements.users,
    async run(context) {
      const externalId = context.name('ext');
      const first = await context.createUser('recreate', { externalId });
      const deleted = await context.remove(`${context.users}/${first.id}`);
      if (!isSuccess(deleted)) return failed(`deleting the user was answered ${describeAnswer(deleted)}`);
      const again = await postUser(context, { userName: first.userName, externalId });
      return isSuccess(again.exchange) ? passed('the values were accepted again') : failed(`re-creating the deleted user's userName and externalId was answered ${describeAnswer(again.exchange)}`);
    },
  },
];
