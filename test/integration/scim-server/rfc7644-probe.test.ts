/**
 * A black-box walk through what Entra's provisioning service and the Microsoft SCIM Validator do
 * to an endpoint (docs/entra-behaviour.md#entra-requests, docs/entra-behaviour.md#validator-tests), against the default, correct server.
 */
import { ENTERPRISE, GROUP_SCHEMA, type Json, LIST_RESPONSE, PATCH_OP, ScimTestServer, USER_SCHEMA, expectScimError } from './scim-test-server';

let server: ScimTestServer;

beforeAll(async () => {
  server = await ScimTestServer.start();
});

afterAll(async () => {
  await server.close();
});

const probeGuid = '7d5a3c1b-91f0-4e8e-b1a3-0c9f8e7d6a5b';
const state: { userId?: string; managerId?: string; groupId?: string } = {};

test('1. test-connection probe: filter for a random GUID → 200, empty ListResponse', async () => {
  for (const endpoint of ['/Users', '/Groups']) {
    const attribute = endpoint === '/Users' ? 'userName' : 'displayName';
    const response = await server.get(endpoint, { filter: `${attribute} eq "${probeGuid}"` });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ schemas: [LIST_RESPONSE], totalResults: 0, Resources: [] });
  }
});

test('2. create a user with Entra\'s documented body → 201 with id', async () => {
  const response = await server.post('/Users', {
    schemas: [USER_SCHEMA, ENTERPRISE],
    externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
    userName: 'Test_User_00aa00aa@testuser.com',
    active: true,
    emails: [{ primary: true, type: 'work', value: 'Test_User_11bb@testuser.com' }],
    meta: { resourceType: 'User' },
    name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
    roles: [],
  });
  expect(response.status).toBe(201);
  state.userId = String(response.body.id);
  expect(response.body.roles).toBeUndefined();
  const manager = await server.createUser('manager@testuser.com', { displayName: 'Manager' });
  state.managerId = String(manager.id);
});

test('3. read by id and by matching filters (userName in another case, externalId, work email)', async () => {
  expect((await server.get(`/Users/${state.userId}`)).status).toBe(200);
  expect(await server.filterIds('/Users', 'userName eq "test_user_00AA00AA@TESTUSER.com"')).toEqual([state.userId]);
  expect(await server.filterIds('/Users', 'externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"')).toEqual([state.userId]);
  expect(await server.filterIds('/Users', 'emails[type eq "work"].value eq "Test_User_11bb@testuser.com"')).toEqual([state.userId]);
});

test('4. a duplicate create → 409 uniqueness', async () => {
  expectScimError(await server.post('/Users', { schemas: [USER_SCHEMA], userName: 'Test_User_00aa00aa@testuser.com' }), 409, 'uniqueness');
});

test('5. PATCH, Entra default dialect: per-attribute Replace ops, manager array, string boolean', async () => {
  const response = await server.patch(`/Users/${state.userId}`, {
    schemas: [PATCH_OP],
    Operations: [
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
      { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
      { op: 'Add', path: 'manager', value: [{ $ref: null, value: state.managerId }] },
      { op: 'Replace', path: 'active', value: 'False' },
    ],
  });
  expect(response.status).toBe(200);
  expect(response.body).toMatchObject({ active: false, name: { familyName: 'updatedFamilyName' }, [ENTERPRISE]: { manager: { value: state.managerId } } });
  const filtered = await server.get('/Users', { filter: 'userName eq "Test_User_00aa00aa@testuser.com"' });
  expect(filtered.body.Resources[0].active).toBe(false);
});

test('6. PATCH, compliant dialect: one path-less replace with dotted and URN keys, manager cleared', async () => {
  const response = await server.patch(`/Users/${state.userId}`, {
    schemas: [PATCH_OP],
    Operations: [
      {
        op: 'replace',
        value: { displayName: 'x', 'name.givenName': 'y', [`${ENTERPRISE}:employeeNumber`]: 'z', active: true },
      },
      { op: 'replace', path: `${ENTERPRISE}:manager`, value: { value: '' } },
    ],
  });
  expect(response.status).toBe(200);
  expect(response.body).toMatchObject({ displayName: 'x', active: true, name: { givenName: 'y' }, [ENTERPRISE]: { employeeNumber: 'z' } });
  expect(response.body[ENTERPRISE].manager).toBeUndefined();
});

test('7. groups: create, add members, read without members, remove in both dialects', async () => {
  const created = await server.post('/Groups', {
    schemas: [GROUP_SCHEMA, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
    externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
    displayName: 'displayName',
    meta: { resourceType: 'Group' },
  });
  expect(created.status).toBe(201);
  expect(created.body.members).toEqual([]);
  state.groupId = String(created.body.id);
  const path = `/Groups/${state.groupId}`;
  const add = await server.patch(path, { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: state.userId }, { $ref: null, value: state.managerId }] }] });
  expect(add.status).toBe(204);
  const matched = await server.get('/Groups', { excludedAttributes: 'members', filter: 'displayName eq "displayName"' });
  expect(matched.body.totalResults).toBe(1);
  expect(matched.body.Resources[0].members).toBeUndefined();
  const byId = await server.get(path, { excludedAttributes: 'members' });
  expect(byId.status).toBe(200);
  expect(byId.body.members).toBeUndefined();
  expect((await server.patch(path, { schemas: [PATCH_OP], Operations: [{ op: 'Remove', path: 'members', value: [{ value: state.managerId }] }] })).status).toBe(204);
  expect((await server.patch(path, { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: `members[value eq "${state.userId}"]` }] })).status).toBe(204);
  expect((await server.get(path)).body.members).toEqual([]);
});

test('8. duplicate group → 409; filter for a missing group → 200 with totalResults 0', async () => {
  expectScimError(await server.post('/Groups', { schemas: [GROUP_SCHEMA], displayName: 'DISPLAYNAME' }), 409, 'uniqueness');
  expect((await server.get('/Groups', { filter: `displayName eq "${probeGuid}"` })).body.totalResults).toBe(0);
});

test('9. delete user and group → 204, then 404; deleting twice → 404', async () => {
  for (const path of [`/Users/${state.userId}`, `/Groups/${state.groupId}`]) {
    expect((await server.delete(path)).status).toBe(204);
    expectScimError(await server.get(path), 404);
    expectScimError(await server.delete(path), 404);
  }
  expectScimError(await server.delete('/Users/never-existed'), 404);
});

test('10. discovery endpoints answer and describe PATCH, filter and the User schema', async () => {
  const config = await server.get('/ServiceProviderConfig');
  expect(config.body).toMatchObject({ patch: { supported: true }, filter: { supported: true } });
  const types = await server.get('/ResourceTypes');
  expect((types.body.Resources as Json[]).map((type) => type.name)).toEqual(['User', 'Group']);
  const schemas = await server.get('/Schemas');
  expect(schemas.body.totalResults).toBe(3);
});
