/**
 * The bundled server's read-back fault switches: each answers the write with success and shows
 * the mistake only when the resource is read back, and only with the switch on.
 */
import { type FaultSwitches } from '../../../examples/scim-server';
import { ENTERPRISE, ScimTestServer, patchBody } from './scim-test-server';

const running: ScimTestServer[] = [];

async function pair(faults: Partial<FaultSwitches>): Promise<{ faulty: ScimTestServer; correct: ScimTestServer }> {
  const faulty = await ScimTestServer.start({ faults });
  const correct = await ScimTestServer.start();
  running.push(faulty, correct);
  return { faulty, correct };
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

describe('read-back fault switches: the write succeeds, the read shows the mistake', () => {
  test('literal-dotted-keys: name.givenName is stored as a top-level key, by path and path-less', async () => {
    const { faulty, correct } = await pair({ literalDottedKeys: true });
    for (const server of [faulty, correct]) {
      const user = await server.createUser('dot@example.com', { name: { givenName: 'Old', familyName: 'Name' } });
      const patched = await server.patch(`/Users/${String(user.id)}`, patchBody({ op: 'Replace', path: 'name.givenName', value: 'New' }, { op: 'replace', value: { 'name.familyName': 'Family', title: 'T' } }));
      expect(patched.status).toBe(200);
    }
    const [faultyUser] = (await faulty.get('/Users')).body.Resources as Record<string, unknown>[];
    expect(faultyUser).toMatchObject({ name: { givenName: 'Old', familyName: 'Name' }, 'name.givenName': 'New', 'name.familyName': 'Family', title: 'T' });
    const [correctUser] = (await correct.get('/Users')).body.Resources as Record<string, unknown>[];
    expect(correctUser).toMatchObject({ name: { givenName: 'New', familyName: 'Family' }, title: 'T' });
    expect(correctUser).not.toHaveProperty(['name.givenName']);
  });

  test('split-extension-urn: an enterprise path is split at the dot in "2.0"', async () => {
    const { faulty, correct } = await pair({ splitExtensionUrn: true });
    for (const server of [faulty, correct]) {
      const user = await server.createUser('urn@example.com', { [ENTERPRISE]: { department: 'Sales' } });
      const patched = await server.patch(`/Users/${String(user.id)}`, patchBody({ op: 'Replace', path: `${ENTERPRISE}:department`, value: 'Marketing' }));
      expect(patched.status).toBe(200);
    }
    const [faultyUser] = (await faulty.get('/Users')).body.Resources as Record<string, unknown>[];
    expect(faultyUser[ENTERPRISE]).toEqual({ department: 'Sales' });
    expect(faultyUser['urn:ietf:params:scim:schemas:extension:enterprise:2']).toEqual({ '0:User:department': 'Marketing' });
    const [correctUser] = (await correct.get('/Users')).body.Resources as Record<string, unknown>[];
    expect(correctUser[ENTERPRISE]).toEqual({ department: 'Marketing' });
  });

  test('store-string-booleans: "False" is kept as the string, a JSON boolean as a boolean', async () => {
    const { faulty, correct } = await pair({ storeStringBooleans: true });
    const results: unknown[] = [];
    for (const server of [faulty, correct]) {
      const user = await server.createUser('bool@example.com');
      await server.patch(`/Users/${String(user.id)}`, patchBody({ op: 'Replace', path: 'active', value: 'False' }));
      results.push((await server.get(`/Users/${String(user.id)}`)).body.active);
      await server.patch(`/Users/${String(user.id)}`, patchBody({ op: 'replace', path: 'active', value: true }));
      results.push((await server.get(`/Users/${String(user.id)}`)).body.active);
    }
    expect(results).toEqual(['False', true, false, true]);
  });

  test('ignore-capitalised-group-ops: "Add" on a group answers 204 and adds nothing; "add" adds, and user PATCHes are untouched', async () => {
    const { faulty, correct } = await pair({ ignoreCapitalisedGroupOps: true });
    const counts: number[] = [];
    for (const server of [faulty, correct]) {
      const user = await server.createUser('member@example.com');
      const group = await server.createGroup('Crew');
      const path = `/Groups/${String(group.id)}`;
      const ignored = await server.patch(path, patchBody({ op: 'Add', path: 'members', value: [{ value: user.id }] }));
      expect(ignored.status).toBe(204);
      counts.push(((await server.get(path)).body.members as unknown[]).length);
      await server.patch(path, patchBody({ op: 'add', path: 'members', value: [{ value: user.id }] }));
      counts.push(((await server.get(path)).body.members as unknown[]).length);
      await server.patch(`/Users/${String(user.id)}`, patchBody({ op: 'Replace', path: 'title', value: 'Kept' }));
      expect((await server.get(`/Users/${String(user.id)}`)).body.title).toBe('Kept');
    }
    expect(counts).toEqual([0, 1, 1, 1]);
  });

  test('members-never-returned: members are stored (a filter finds the group) but no response lists them', async () => {
    const { faulty, correct } = await pair({ membersNeverReturned: true });
    for (const server of [faulty, correct]) {
      const user = await server.createUser('hidden@example.com');
      const group = await server.createGroup('Hidden', { members: [{ value: user.id }] });
      const read = await server.get(`/Groups/${String(group.id)}`);
      const asked = await server.get(`/Groups/${String(group.id)}`, { attributes: 'members' });
      const found = await server.filterIds('/Groups', `members.value eq "${String(user.id)}"`);
      expect(found).toEqual([group.id]);
      if (server === faulty) {
        expect(read.body).not.toHaveProperty('members');
        expect(asked.body).not.toHaveProperty('members');
      } else {
        expect(read.body.members).toHaveLength(1);
      }
    }
  });

  test('manager-as-string: the manager is returned as the bare id, stored as the reference', async () => {
    const { faulty, correct } = await pair({ managerAsString: true });
    for (const server of [faulty, correct]) {
      const boss = await server.createUser('boss@example.com');
      const user = await server.createUser('report@example.com');
      await server.patch(`/Users/${String(user.id)}`, patchBody({ op: 'Add', path: `${ENTERPRISE}:manager`, value: boss.id }));
      const manager = ((await server.get(`/Users/${String(user.id)}`)).body[ENTERPRISE] as { manager: unknown }).manager;
      const filtered = await server.filterIds('/Users', `${ENTERPRISE}:manager.value eq "${String(boss.id)}"`);
      expect(filtered).toEqual([user.id]);
      if (server === faulty) expect(manager).toBe(boss.id);
      else expect(manager).toMatchObject({ value: boss.id });
    }
  });
});
