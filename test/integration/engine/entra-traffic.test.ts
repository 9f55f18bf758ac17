/**
 * What the engine sends, as the target sees it: every request recorded by the bundled server
 * and compared with the requests Entra sends (docs/entra-behaviour.md#entra-requests) and with the PATCH bodies of
 * both dialects (docs/entra-behaviour.md#patch-dialects).
 */
import { type RecordedRequest, type RunningScimServer } from '../../../examples/scim-server';
import { type Dialect } from '../../../harness/mapping/mapping-types';
import { type SourceDirectory } from '../../../harness/source/source-directory';
import { type SourceUser } from '../../../harness/source/source-types';
import { createJobFixture, describeEntry, generatedDirectory, type JobFixture, startTarget } from './harness-fixture';

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ADSCIM_GROUP = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Json = Record<string, unknown>;

/** Relative to the base path: "/Users", "/Groups/abc". */
function resourcePath(server: RunningScimServer, request: RecordedRequest): string {
  const base = new URL(server.baseUrl).pathname;
  return request.path.startsWith(base) ? request.path.slice(base.length) : request.path;
}

function queryValue(request: RecordedRequest, name: string): string | undefined {
  const value = request.query[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** RFC 7644 §3.4.2.2 filter, reduced to its operators: Entra only writes `attr eq "value"` joined by `and` (docs/entra-behaviour.md#filters-used). */
function usesOnlyEqAndAnd(filter: string): boolean {
  const withoutLiterals = filter.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return /^[A-Za-z][\w.:-]*(\[[^\]]*\])?(\.[A-Za-z]\w*)? eq ""( and [A-Za-z][\w.:-]*(\[[^\]]*\])?(\.[A-Za-z]\w*)? eq "")*$/.test(withoutLiterals);
}

/** The POST /Users body of docs/entra-behaviour.md#create-user, with the default attribute map applied to `user`. */
function expectedUserPost(user: SourceUser): Json {
  const body: Json = {
    schemas: [CORE_USER, ENTERPRISE],
    userName: user.userPrincipalName,
    active: true,
    displayName: user.displayName,
    emails: [{ primary: true, type: 'work', value: user.mail }],
    name: { givenName: user.givenName, familyName: user.surname, formatted: `${user.givenName} ${user.surname}` },
    externalId: user.mailNickname,
    [ENTERPRISE]: { employeeNumber: user.employeeId, department: user.department },
    meta: { resourceType: 'User' },
    roles: [],
  };
  if (user.jobTitle) body.title = user.jobTitle;
  const addresses: Json[] = [];
  if (user.physicalDeliveryOfficeName) addresses.push({ type: 'other', formatted: user.physicalDeliveryOfficeName });
  if (user.streetAddress || user.postalCode) addresses.push({ type: 'work', streetAddress: user.streetAddress, postalCode: user.postalCode });
  if (addresses.length) body.addresses = addresses;
  const phones: Json[] = [];
  if (user.telephoneNumber) phones.push({ type: 'work', value: user.telephoneNumber });
  if (user.mobile) phones.push({ type: 'mobile', value: user.mobile });
  if (user.facsimileTelephoneNumber) phones.push({ type: 'fax', value: user.facsimileTelephoneNumber });
  if (phones.length) body.phoneNumbers = phones;
  return body;
}

function patch(...operations: Json[]): Json {
  return { schemas: [PATCH_OP], Operations: operations };
}

interface Changes {
  readonly disabled: SourceUser;
  readonly updated: SourceUser;
  readonly update: { jobTitle: string; department: string; givenName: string; mail: string };
  readonly groupId: string;
  readonly added: SourceUser;
  readonly removed: SourceUser;
}

/** Source changes whose PATCH bodies docs/entra-behaviour.md#patch-dialects spells out, one of each kind. */
function makeChanges(directory: SourceDirectory): Changes {
  const group = directory.groups()[0];
  const members = new Set(group.memberIds);
  const outside = directory.users().filter((user) => !members.has(user.objectId));
  const inside = directory.users().filter((user) => members.has(user.objectId));
  const [disabled, updated, added] = outside;
  const removed = inside[0];
  const update = { jobTitle: 'Principal Test Engineer', department: 'Quality', givenName: 'Renamed', mail: `renamed.${updated.mailNickname}@example.com` };
  directory.blockSignIn(disabled.objectId);
  directory.updateUser(updated.objectId, update);
  directory.addMembers(group.objectId, [added.objectId]);
  directory.removeMembers(group.objectId, [removed.objectId]);
  return { disabled, updated, update, groupId: group.objectId, added, removed };
}

it('the eq-and-and filter rule accepts Entra\'s filters and rejects every other operator', () => {
  expect(['userName eq "a@b.c"', 'emails[type eq "work"].value eq "x"', 'id eq "1" and manager eq "2"', 'displayName eq "say \\"hi\\" or not"'].filter((f) => !usesOnlyEqAndAnd(f))).toEqual([]);
  expect(['userName ne "a"', 'userName eq "a" or userName eq "b"', 'userName sw "a"', 'not (userName eq "a")', 'userName pr'].filter(usesOnlyEqAndAnd)).toEqual([]);
});

describe.each<Dialect>(['entra', 'entra-compliant'])('requests the engine sends (%s dialect)', (dialect) => {
  let server: RunningScimServer;
  let fixture: JobFixture;
  let directory: SourceDirectory;
  let changes: Changes;
  /** Index in server.requests where each cycle's requests begin. */
  const cycleStarts: number[] = [];

  beforeAll(async () => {
    server = await startTarget({ recordRequests: true });
    directory = generatedDirectory(dialect === 'entra' ? 31 : 32, 16, 2);
    // One object at a time, so each object's requests are contiguous in the recording.
    fixture = createJobFixture({ baseUrl: server.baseUrl, directory, dialect, concurrency: 1 });
    cycleStarts.push(server.requests.length);
    await fixture.job.runCycle();
    changes = makeChanges(directory);
    cycleStarts.push(server.requests.length);
    await fixture.job.runCycle();
    expect(fixture.events.entries.filter((entry) => entry.provisioningStatusInfo.status === 'failure').map(describeEntry)).toEqual([]);
  });

  afterAll(async () => {
    await fixture.client.close();
    await server.close();
  });

  const targetId = (user: SourceUser): string => String(server.store.findUserByUserName(user.userPrincipalName)?.id);
  /** PATCH bodies sent to `path` in the second (incremental) cycle. */
  const patchesTo = (path: string): Json[] =>
    server.requests
      .slice(cycleStarts[1])
      .filter((request) => request.method === 'PATCH' && resourcePath(server, request) === path)
      .map((request) => request.body as Json);

  it('starts every cycle with the test-connection probes for a random GUID (docs/entra-behaviour.md#test-connection)', () => {
    expect(cycleStarts).toHaveLength(2);
    for (const start of cycleStarts) {
      const [users, groups] = server.requests.slice(start, start + 2);
      expect([users.method, resourcePath(server, users)]).toEqual(['GET', '/Users']);
      expect(queryValue(users, 'filter')).toMatch(/^userName eq "[0-9a-f-]{36}"$/);
      expect(GUID.test(/"(.*)"/.exec(queryValue(users, 'filter') ?? '')?.[1] ?? '')).toBe(true);
      expect([groups.method, resourcePath(server, groups)]).toEqual(['GET', '/Groups']);
      expect(queryValue(groups, 'excludedAttributes')).toBe('members');
      expect(queryValue(groups, 'filter')).toMatch(/^displayName eq "[0-9a-f-]{36}"$/);
    }
  });

  it('matches every user by userName right before creating it (docs/entra-behaviour.md#create-user)', () => {
    const posts = server.requests.map((request, index) => ({ request, index })).filter(({ request }) => request.method === 'POST' && resourcePath(server, request) === '/Users');
    expect(posts.length).toBe(directory.userCount);
    for (const { request, index } of posts) {
      const previous = server.requests[index - 1];
      const userName = (request.body as Json).userName as string;
      expect([previous.method, resourcePath(server, previous), queryValue(previous, 'filter')]).toEqual(['GET', '/Users', `userName eq ${JSON.stringify(userName)}`]);
    }
  });

  it('form-encodes probe and match queries as captured Entra traffic does, and the server reads the same filter (docs/entra-behaviour.md#match-query-encoding)', () => {
    const userQueries = server.requests.filter((request) => request.method === 'GET' && resourcePath(server, request) === '/Users' && queryValue(request, 'filter') !== undefined);
    expect(userQueries.length).toBeGreaterThan(directory.userCount);
    for (const request of userQueries) {
      expect(request.rawQuery).toMatch(/^filter=userName\+eq\+%22[^"+ ]*%22$/);
      expect(request.rawQuery).not.toMatch(/%20/);
      expect(decodeURIComponent(request.rawQuery.replace(/\+/g, ' '))).toBe(`filter=${queryValue(request, 'filter') ?? ''}`);
    }
    const groupProbe = server.requests.find((request) => request.method === 'GET' && resourcePath(server, request) === '/Groups' && queryValue(request, 'filter') !== undefined);
    expect(groupProbe?.rawQuery).toMatch(/^excludedAttributes=members&filter=displayName\+eq\+%22/);
  });

  it('links managers with the bare-string PATCH captured from Entra (docs/entra-behaviour.md#manager-reference)', () => {
    const managerPath = `${ENTERPRISE}:manager`;
    const managed = directory.users().filter((user) => user.managerId !== null);
    expect(managed.length).toBeGreaterThan(0);
    for (const user of managed) {
      const manager = directory.getUser(user.managerId ?? '');
      const managerId = targetId(manager as SourceUser);
      const sent = server.requests
        .slice(cycleStarts[0], cycleStarts[1])
        .filter((request) => request.method === 'PATCH' && resourcePath(server, request) === `/Users/${targetId(user)}`)
        .map((request) => request.body as Json)
        .filter((body) => (body.Operations as Json[]).some((operation) => operation.path === managerPath));
      // The flag does not change the manager: the default shape in both dialects (docs/entra-behaviour.md#patch-dialects).
      expect(sent).toEqual([patch({ op: 'Add', path: managerPath, value: managerId })]);
      const stored = server.store.findUserByUserName(user.userPrincipalName) as Json;
      expect((stored[ENTERPRISE] as Json).manager).toMatchObject({ value: managerId });
    }
  });

  it('never sends PUT or /Bulk, and filters only with eq and and (docs/entra-behaviour.md#no-put-no-bulk)', () => {
    expect(server.requests.filter((request) => request.method === 'PUT')).toEqual([]);
    expect(server.requests.filter((request) => /\/bulk/i.test(request.path))).toEqual([]);
    const filters = server.requests.map((request) => queryValue(request, 'filter')).filter((filter): filter is string => filter !== undefined);
    expect(filters.length).toBeGreaterThan(directory.userCount);
    expect(filters.filter((filter) => !usesOnlyEqAndAnd(filter))).toEqual([]);
  });

  it('reads groups only with excludedAttributes=members (docs/entra-behaviour.md#groups)', () => {
    const groupReads = server.requests.filter((request) => request.method === 'GET' && /^\/Groups(\/|$)/.test(resourcePath(server, request)));
    // Probes, matches and the read of the changed group by id.
    expect(groupReads.some((request) => resourcePath(server, request).startsWith('/Groups/'))).toBe(true);
    expect(groupReads.filter((request) => queryValue(request, 'excludedAttributes') !== 'members').map((request) => request.path)).toEqual([]);
  });

  it('creates groups without members and with both group schema URIs (docs/entra-behaviour.md#groups)', () => {
    const posts = server.requests.filter((request) => request.method === 'POST' && resourcePath(server, request) === '/Groups').map((request) => request.body as Json);
    expect(posts).toHaveLength(directory.groupCount);
    for (const body of posts) {
      const group = directory.groups().find((g) => g.displayName === body.displayName);
      expect(body).toEqual({ schemas: [CORE_GROUP, ADSCIM_GROUP], displayName: group?.displayName, externalId: group?.objectId, meta: { resourceType: 'Group' } });
    }
  });

  it('creates users with the body of docs/entra-behaviour.md#create-user', () => {
    const posts = server.requests.filter((request) => request.method === 'POST' && resourcePath(server, request) === '/Users').map((request) => request.body as Json);
    const byName = new Map(posts.map((body) => [body.userName, body]));
    for (const user of directory.users()) {
      // The users changed before the second cycle were created with their values of the first.
      const original = user.objectId === changes.updated.objectId ? changes.updated : user.objectId === changes.disabled.objectId ? changes.disabled : user;
      expect(byName.get(user.userPrincipalName)).toEqual(expectedUserPost(original));
    }
  });

  it('disables with the PATCH of docs/entra-behaviour.md#patch-dialects', () => {
    const expected = dialect === 'entra' ? patch({ op: 'Replace', path: 'active', value: 'False' }) : patch({ op: 'replace', path: 'active', value: false });
    expect(patchesTo(`/Users/${targetId(changes.disabled)}`)).toEqual([expected]);
  });

  it('updates attributes with the PATCH of docs/entra-behaviour.md#patch-dialects', () => {
    const { update, updated } = changes;
    const formatted = `${update.givenName} ${updated.surname}`;
    const expected =
      dialect === 'entra'
        ? patch(
            { op: 'Replace', path: 'title', value: update.jobTitle },
            { op: 'Replace', path: 'emails[type eq "work"].value', value: update.mail },
            { op: 'Replace', path: 'name.givenName', value: update.givenName },
            { op: 'Replace', path: 'name.formatted', value: formatted },
            { op: 'Replace', path: `${ENTERPRISE}:department`, value: update.department },
          )
        : patch(
            { op: 'replace', path: 'emails[type eq "work"].value', value: update.mail },
            { op: 'replace', value: { title: update.jobTitle, 'name.givenName': update.givenName, 'name.formatted': formatted, [`${ENTERPRISE}:department`]: update.department } },
          );
    expect(patchesTo(`/Users/${targetId(updated)}`)).toEqual([expected]);
    const target = server.store.findUserByUserName(updated.userPrincipalName) as Json;
    expect([target.title, (target.name as Json).givenName]).toEqual([update.jobTitle, update.givenName]);
  });

  it('adds and removes members with the PATCHes of docs/entra-behaviour.md#patch-dialects', () => {
    const groupTargetId = String(server.store.findGroupByDisplayName(directory.getGroup(changes.groupId)?.displayName ?? '')?.id);
    const add = targetId(changes.added);
    const remove = targetId(changes.removed);
    const expected =
      dialect === 'entra'
        ? [patch({ op: 'Add', path: 'members', value: [{ $ref: null, value: add }] }), patch({ op: 'Remove', path: 'members', value: [{ $ref: null, value: remove }] })]
        : // The flag changes the removal only; the add keeps the default shape (docs/entra-behaviour.md#group-members).
          [patch({ op: 'Add', path: 'members', value: [{ $ref: null, value: add }] }), patch({ op: 'remove', path: `members[value eq "${remove}"]` })];
    expect(patchesTo(`/Groups/${groupTargetId}`)).toEqual(expected);
    const members = ((server.store.getGroup(groupTargetId)?.members ?? []) as Json[]).map((member) => member.value);
    expect(members).toContain(add);
    expect(members).not.toContain(remove);
  });
});
