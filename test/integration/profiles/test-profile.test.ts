/**
 * The client-profile seam, end to end: a profile that lives only in the tests is registered
 * through the registry's public function, selected by its id as `--dialect` would select it, and
 * the engine's requests to the bundled server follow that profile — probe, matches, creates,
 * disable, updates, manager and members — with none of Entra's shapes left.
 */
import { type RecordedRequest, type RunningScimServer } from '../../../examples/scim-server';
import { clientProfile, profileIds, registerProfile } from '../../../harness/profiles/registry';
import { type SourceDirectory } from '../../../harness/source/source-directory';
import { type SourceUser } from '../../../harness/source/source-types';
import { createJobFixture, describeEntry, generatedDirectory, type JobFixture, startTarget } from '../engine/harness-fixture';
import { TEST_PROFILE, TEST_PROFILE_ID } from './test-profile';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const MANAGER = `${ENTERPRISE}:manager`;
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

type Json = Record<string, unknown>;

function patch(...operations: Json[]): Json {
  return { schemas: [PATCH_OP], Operations: operations };
}

function queryValue(request: RecordedRequest, name: string): string | undefined {
  const value = request.query[name];
  return Array.isArray(value) ? value.join(',') : value;
}

registerProfile(TEST_PROFILE);

it('is selected by its id, like the built-in profiles', () => {
  expect(profileIds()).toEqual(['entra', 'entra-compliant', TEST_PROFILE_ID]);
  expect(clientProfile(TEST_PROFILE_ID)).toBe(TEST_PROFILE);
});

describe('the engine driven by a profile registered in the tests', () => {
  let server: RunningScimServer;
  let fixture: JobFixture;
  let directory: SourceDirectory;
  let disabled: SourceUser;
  let updated: SourceUser;
  let managed: SourceUser;
  let newManager: SourceUser;
  let added: SourceUser;
  let removed: SourceUser;
  let groupName: string;
  const cycleStarts: number[] = [];

  beforeAll(async () => {
    server = await startTarget({ recordRequests: true });
    directory = generatedDirectory(33, 16, 2);
    // The id goes through the registry exactly as a run's --dialect does.
    fixture = createJobFixture({ baseUrl: server.baseUrl, directory, dialect: TEST_PROFILE_ID, concurrency: 1 });
    cycleStarts.push(server.requests.length);
    await fixture.job.runCycle();

    const group = directory.groups()[0];
    groupName = group.displayName;
    const members = new Set(group.memberIds);
    const outside = directory.users().filter((user) => !members.has(user.objectId));
    [disabled, updated, added] = outside;
    removed = directory.users().find((user) => members.has(user.objectId)) as SourceUser;
    managed = outside.slice(3).find((user) => user.managerId !== undefined && user.managerId !== null) as SourceUser;
    newManager = directory.users().find((user) => ![managed.objectId, managed.managerId, disabled.objectId].includes(user.objectId)) as SourceUser;
    directory.blockSignIn(disabled.objectId);
    directory.updateUser(updated.objectId, { jobTitle: 'Profile Tester', department: 'Seams' });
    directory.updateUser(managed.objectId, { managerId: newManager.objectId });
    directory.addMembers(group.objectId, [added.objectId]);
    directory.removeMembers(group.objectId, [removed.objectId]);

    cycleStarts.push(server.requests.length);
    await fixture.job.runCycle();
  });

  afterAll(async () => {
    await fixture.client.close();
    await server.close();
  });

  const base = (): string => new URL(server.baseUrl).pathname;
  const pathOf = (request: RecordedRequest): string => request.path.slice(base().length);
  const targetId = (user: SourceUser): string => String(server.store.findUserByUserName(user.userPrincipalName)?.id);
  const patchesTo = (path: string): Json[] =>
    server.requests
      .slice(cycleStarts[1])
      .filter((request) => request.method === 'PATCH' && pathOf(request) === path)
      .map((request) => request.body as Json);

  it('exports every change without a failure', () => {
    expect(fixture.events.entries.filter((entry) => entry.provisioningStatusInfo.status === 'failure').map(describeEntry)).toEqual([]);
    // The incremental cycle: the disable, the two updates, and one membership entry for the group.
    expect(fixture.events.entries.filter((entry) => entry.harness.cycleNumber === 1 && entry.provisioningStatusInfo.status === 'success')).toHaveLength(4);
  });

  it("probes with the profile's one /Users query, and no /Groups probe", () => {
    for (const start of cycleStarts) {
      const [probe, next] = server.requests.slice(start, start + 2);
      expect([probe.method, pathOf(probe), queryValue(probe, 'count')]).toEqual(['GET', '/Users', '1']);
      expect(queryValue(probe, 'filter')).toMatch(/^userName eq "[0-9a-f-]{36}"$/);
      expect(queryValue(next, 'count')).not.toBe('1');
    }
  });

  it("matches with the profile's query: count=2, members never excluded", () => {
    const matches = server.requests.filter((request) => request.method === 'GET' && queryValue(request, 'filter') !== undefined && queryValue(request, 'count') !== '1');
    expect(matches.length).toBe(directory.userCount + directory.groupCount);
    expect(matches.filter((request) => queryValue(request, 'count') !== '2')).toEqual([]);
    expect(server.requests.filter((request) => queryValue(request, 'excludedAttributes') !== undefined)).toEqual([]);
  });

  it('creates without meta', () => {
    const posts = server.requests.filter((request) => request.method === 'POST').map((request) => request.body as Json);
    expect(posts).toHaveLength(directory.userCount + directory.groupCount);
    expect(posts.filter((body) => 'meta' in body)).toEqual([]);
  });

  it('disables with a path-less replace of {"active": false}', () => {
    expect(patchesTo(`/Users/${targetId(disabled)}`)).toEqual([patch({ op: 'replace', value: { active: false } })]);
    expect((server.store.findUserByUserName(disabled.userPrincipalName) as Json).active).toBe(false);
  });

  it('updates with one lower-case replace per attribute, each with its path', () => {
    expect(patchesTo(`/Users/${targetId(updated)}`)).toEqual([patch({ op: 'replace', path: 'title', value: 'Profile Tester' }, { op: 'replace', path: `${ENTERPRISE}:department`, value: 'Seams' })]);
    const target = server.store.findUserByUserName(updated.userPrincipalName) as Json;
    expect([target.title, (target[ENTERPRISE] as Json).department]).toEqual(['Profile Tester', 'Seams']);
  });

  it('writes the manager as a bare id', () => {
    expect(patchesTo(`/Users/${targetId(managed)}`)).toEqual([patch({ op: 'replace', path: MANAGER, value: targetId(newManager) })]);
    const target = server.store.findUserByUserName(managed.userPrincipalName) as Json;
    expect(((target[ENTERPRISE] as Json).manager as Json).value).toBe(targetId(newManager));
  });

  it('adds and removes members one per request, removal with a value list', () => {
    const groupId = String(server.store.findGroupByDisplayName(groupName)?.id);
    expect(patchesTo(`/Groups/${groupId}`)).toEqual([
      patch({ op: 'add', path: 'members', value: [{ value: targetId(added) }] }),
      patch({ op: 'remove', path: 'members', value: [{ value: targetId(removed) }] }),
    ]);
    const members = ((server.store.getGroup(groupId)?.members ?? []) as Json[]).map((member) => member.value);
    expect(members).toContain(targetId(added));
    expect(members).not.toContain(targetId(removed));
  });

  it("sends none of Entra's shapes", () => {
    const ops = server.requests.filter((request) => request.method === 'PATCH').flatMap((request) => ((request.body as Json).Operations as Json[]) ?? []);
    expect(ops.length).toBeGreaterThan(0);
    expect(ops.filter((op) => op.op !== String(op.op).toLowerCase() || String(op.path ?? '').startsWith('members['))).toEqual([]);
  });
});
