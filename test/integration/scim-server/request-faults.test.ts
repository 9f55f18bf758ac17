/**
 * The fault switches that refuse a request Entra sends although RFC 7643/7644 allows it
 * (reject-unknown-schemas, reject-roles, require-object-manager, misread-plus): each refuses
 * exactly Entra's form, accepts the other form, and the correct server accepts both.
 */
import { type FaultSwitches } from '../../../examples/scim-server';
import { ENTERPRISE, ScimTestServer, expectScimError, groupBody, patchBody, userBody } from './scim-test-server';

const ADSCIM_GROUP = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';
const MANAGER_PATH = `${ENTERPRISE}:manager`;

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

describe('fault switches that refuse what Entra sends', () => {
  test('reject-unknown-schemas: the ADSCIM Group URI is 400 invalidValue naming it; without it the group is created', async () => {
    const { faulty, correct } = await pair({ rejectUnknownSchemas: true });
    const entraBody = groupBody('Crew', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group', ADSCIM_GROUP] });
    const refused = expectScimError(await faulty.post('/Groups', entraBody), 400, 'invalidValue');
    expect(refused.detail).toContain(ADSCIM_GROUP);
    expect(faulty.store.listGroups()).toHaveLength(0);
    expect((await faulty.post('/Groups', groupBody('Crew'))).status).toBe(201);
    expect((await faulty.post('/Users', userBody('known@example.com', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE] }))).status).toBe(201);
    expect((await correct.post('/Groups', entraBody)).status).toBe(201);
  });

  test('reject-roles: a user body with "roles": [] is 400; without roles it is created', async () => {
    const { faulty, correct } = await pair({ rejectRoles: true });
    const refused = expectScimError(await faulty.post('/Users', userBody('r@example.com', { roles: [] })), 400, 'invalidValue');
    expect(refused.detail).toMatch(/roles/);
    expect((await faulty.post('/Users', userBody('r@example.com'))).status).toBe(201);
    expect((await correct.post('/Users', userBody('r2@example.com', { roles: [] }))).status).toBe(201);
  });

  test('require-object-manager: a bare string manager id is 400, {"value": id} links it, and "" cannot clear it', async () => {
    const { faulty, correct } = await pair({ requireObjectManager: true });
    const boss = await faulty.createUser('boss@example.com');
    const report = await faulty.createUser('report@example.com');
    const path = `/Users/${String(report.id)}`;
    expectScimError(await faulty.patch(path, patchBody({ op: 'Add', path: MANAGER_PATH, value: String(boss.id) })), 400, 'invalidValue');
    const linked = await faulty.patch(path, patchBody({ op: 'Add', path: MANAGER_PATH, value: { value: String(boss.id) } }));
    expect(linked.status).toBe(200);
    expect((linked.body[ENTERPRISE] as { manager: { value: string } }).manager.value).toBe(boss.id);
    expectScimError(await faulty.patch(path, patchBody({ op: 'Replace', path: MANAGER_PATH, value: '' })), 400, 'invalidValue');

    const correctBoss = await correct.createUser('boss@example.com');
    const correctReport = await correct.createUser('report@example.com');
    expect((await correct.patch(`/Users/${String(correctReport.id)}`, patchBody({ op: 'Add', path: MANAGER_PATH, value: String(correctBoss.id) }))).status).toBe(200);
  });

  test('misread-plus: a filter with "+" for its spaces is 400 invalidFilter; %20 finds the user', async () => {
    const { faulty, correct } = await pair({ misreadPlus: true });
    for (const server of [faulty, correct]) await server.createUser('plus@example.com');
    expectScimError(await faulty.get('/Users?filter=userName+eq+%22plus%40example.com%22'), 400, 'invalidFilter');
    expect((await faulty.get('/Users?filter=userName%20eq%20%22plus%40example.com%22')).body.totalResults).toBe(1);
    expect((await faulty.get('/ResourceTypes')).status).toBe(200);
    expect((await correct.get('/Users?filter=userName+eq+%22plus%40example.com%22')).body.totalResults).toBe(1);
  });
});
