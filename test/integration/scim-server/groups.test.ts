import { GROUP_SCHEMA, type Json, ScimTestServer, expectScimError, groupBody, patchBody } from './scim-test-server';

let server: ScimTestServer;
let alice: Json;
let bob: Json;

beforeEach(async () => {
  server = await ScimTestServer.start();
  alice = await server.createUser('alice@example.com', { displayName: 'Alice' });
  bob = await server.createUser('bob@example.com', { displayName: 'Bob' });
});

afterEach(async () => {
  await server.close();
});

function memberIds(group: Json): string[] {
  return ((group.members ?? []) as Json[]).map((member) => String(member.value));
}

describe('POST /Groups', () => {
  test('creates with an empty member list, Location and ETag; Entra\'s legacy schema URI is tolerated', async () => {
    const response = await server.post('/Groups', {
      schemas: [GROUP_SCHEMA, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
      externalId: '8aa1a0c0',
      displayName: 'Engineering',
      meta: { resourceType: 'Group' },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ schemas: [GROUP_SCHEMA], displayName: 'Engineering', externalId: '8aa1a0c0', members: [] });
    expect(response.headers.location).toBe(response.body.meta.location);
    expect(response.headers.etag).toBe('W/"1"');
  });

  test('creates with members, which get $ref, display and type', async () => {
    const group = await server.createGroup('With members', { members: [{ value: alice.id }] });
    expect(group.members).toEqual([{ value: alice.id, $ref: (alice.meta as Json).location, type: 'User', display: 'Alice' }]);
  });

  test('displayName is unique case-insensitively: 409 uniqueness', async () => {
    await server.createGroup('Sales');
    expectScimError(await server.post('/Groups', groupBody('SALES')), 409, 'uniqueness');
  });

  test('members must be existing users: 400 invalidValue', async () => {
    expectScimError(await server.post('/Groups', groupBody('Bad', { members: [{ value: 'ghost' }] })), 400, 'invalidValue');
    expectScimError(await server.post('/Groups', groupBody('Nested', { members: [{ value: alice.id, type: 'Group' }] })), 400, 'invalidValue');
  });

  test('displayName is required', async () => {
    expectScimError(await server.post('/Groups', { schemas: [GROUP_SCHEMA] }), 400, 'invalidValue');
  });
});

describe('GET /Groups', () => {
  test('excludedAttributes=members leaves members out, by id and in filters (docs/entra-behaviour.md#groups)', async () => {
    const group = await server.createGroup('Readers', { members: [{ value: alice.id }] });
    const byId = await server.get(`/Groups/${String(group.id)}`, { excludedAttributes: 'members' });
    expect(byId.status).toBe(200);
    expect(byId.body.members).toBeUndefined();
    expect(byId.body.displayName).toBe('Readers');
    const filtered = await server.get('/Groups', { excludedAttributes: 'members', filter: 'displayName eq "readers"' });
    expect(filtered.body.totalResults).toBe(1);
    expect(filtered.body.Resources[0].members).toBeUndefined();
    const full = await server.get(`/Groups/${String(group.id)}`);
    expect(memberIds(full.body)).toEqual([alice.id]);
  });

  test('a filter for a missing group is 200 with totalResults 0', async () => {
    const response = await server.get('/Groups', { filter: 'displayName eq "No such group"' });
    expect(response.status).toBe(200);
    expect(response.body.totalResults).toBe(0);
  });

  test('filters on members find the groups of a user', async () => {
    const group = await server.createGroup('Has Bob', { members: [{ value: bob.id }] });
    await server.createGroup('Empty');
    expect(await server.filterIds('/Groups', `members[value eq "${String(bob.id)}"]`)).toEqual([group.id]);
    expect(await server.filterIds('/Groups', `members.value eq "${String(alice.id)}"`)).toEqual([]);
  });

  test('a user lists its groups (read-only `groups`)', async () => {
    const group = await server.createGroup('Team', { members: [{ value: alice.id }] });
    const read = await server.get(`/Users/${String(alice.id)}`);
    expect(read.body.groups).toEqual([{ value: group.id, $ref: (group.meta as Json).location, type: 'direct', display: 'Team' }]);
  });
});

describe('PATCH /Groups', () => {
  let group: Json;
  let path: string;

  beforeEach(async () => {
    group = await server.createGroup('Patchers');
    path = `/Groups/${String(group.id)}`;
  });

  test('add members with the value array Entra sends ({"$ref":null,"value":…}) → 204 with ETag', async () => {
    const response = await server.patch(path, patchBody({ op: 'Add', path: 'members', value: [{ $ref: null, value: alice.id }, { value: bob.id }] }));
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expect(response.headers.etag).toBe('W/"2"');
    expect(memberIds((await server.get(path)).body)).toEqual([alice.id, bob.id]);
  });

  test('remove members with a value array (Entra default dialect)', async () => {
    await server.patch(path, patchBody({ op: 'Add', path: 'members', value: [{ value: alice.id }, { value: bob.id }] }));
    const response = await server.patch(path, patchBody({ op: 'Remove', path: 'members', value: [{ value: alice.id }] }));
    expect(response.status).toBe(204);
    expect(memberIds((await server.get(path)).body)).toEqual([bob.id]);
  });

  test('remove a member with members[value eq "id"] (compliant dialect)', async () => {
    await server.patch(path, patchBody({ op: 'add', path: 'members', value: [{ value: alice.id }, { value: bob.id }] }));
    const response = await server.patch(path, patchBody({ op: 'remove', path: `members[value eq "${String(bob.id)}"]` }));
    expect(response.status).toBe(204);
    expect(memberIds((await server.get(path)).body)).toEqual([alice.id]);
  });

  test('add and remove the same member in one PATCH (validator "multiple ops on same attribute")', async () => {
    const response = await server.patch(
      path,
      patchBody({ op: 'add', path: 'members', value: [{ value: alice.id }, { value: bob.id }] }, { op: 'remove', path: `members[value eq "${String(alice.id)}"]` }),
    );
    expect(response.status).toBe(204);
    expect(memberIds((await server.get(path)).body)).toEqual([bob.id]);
  });

  test('adding an existing member changes nothing, not even the version', async () => {
    await server.patch(path, patchBody({ op: 'add', path: 'members', value: [{ value: alice.id }] }));
    const again = await server.patch(path, patchBody({ op: 'add', path: 'members', value: [{ value: alice.id }] }));
    expect(again.headers.etag).toBe('W/"2"');
  });

  test('replace members replaces the whole list; remove without value empties it', async () => {
    await server.patch(path, patchBody({ op: 'add', path: 'members', value: [{ value: alice.id }] }));
    await server.patch(path, patchBody({ op: 'replace', path: 'members', value: [{ value: bob.id }] }));
    expect(memberIds((await server.get(path)).body)).toEqual([bob.id]);
    await server.patch(path, patchBody({ op: 'remove', path: 'members' }));
    expect(memberIds((await server.get(path)).body)).toEqual([]);
  });

  test('a member that is not an existing user is 400 invalidValue and nothing changes', async () => {
    const response = await server.patch(path, patchBody({ op: 'add', path: 'members', value: [{ value: alice.id }, { value: 'ghost' }] }));
    expectScimError(response, 400, 'invalidValue');
    expect(memberIds((await server.get(path)).body)).toEqual([]);
  });

  test('replace on members[value eq "absent"] is 400 noTarget; changing a member\'s sub-attribute is 400 mutability', async () => {
    expectScimError(await server.patch(path, patchBody({ op: 'replace', path: 'members[value eq "absent"]', value: { value: 'x' } })), 400, 'noTarget');
    await server.patch(path, patchBody({ op: 'add', path: 'members', value: [{ value: alice.id }] }));
    expectScimError(await server.patch(path, patchBody({ op: 'replace', path: `members[value eq "${String(alice.id)}"].value`, value: 'y' })), 400, 'mutability');
  });

  test('rename by Replace displayName and path-less replace of externalId', async () => {
    expect((await server.patch(path, patchBody({ op: 'Replace', path: 'displayName', value: 'Renamed' }))).status).toBe(204);
    expect((await server.patch(path, patchBody({ op: 'replace', value: { externalId: 'ext-g' } }))).status).toBe(204);
    const read = await server.get(path);
    expect(read.body).toMatchObject({ displayName: 'Renamed', externalId: 'ext-g' });
    expect(await server.filterIds('/Groups', 'displayName eq "renamed"')).toEqual([group.id]);
    expect(await server.filterIds('/Groups', 'displayName eq "Patchers"')).toEqual([]);
  });

  test('renaming onto another group\'s displayName is 409', async () => {
    await server.createGroup('Other');
    expectScimError(await server.patch(path, patchBody({ op: 'replace', path: 'displayName', value: 'other' })), 409, 'uniqueness');
  });

  test('with attributes requested, the PATCH answers 200 with the projected group (RFC 7644 §3.5.2)', async () => {
    const response = await server.patch(path, patchBody({ op: 'add', path: 'members', value: [{ value: alice.id }] }), { excludedAttributes: 'members' });
    expect(response.status).toBe(200);
    expect(response.body.displayName).toBe('Patchers');
    expect(response.body.members).toBeUndefined();
  });
});

describe('PUT and DELETE /Groups', () => {
  test('PUT replaces displayName and members', async () => {
    const group = await server.createGroup('Before', { members: [{ value: alice.id }] });
    const response = await server.put(`/Groups/${String(group.id)}`, groupBody('After', { members: [{ value: bob.id }] }));
    expect(response.status).toBe(200);
    expect(response.body.displayName).toBe('After');
    expect(memberIds(response.body)).toEqual([bob.id]);
    expect((await server.get(`/Users/${String(alice.id)}`)).body.groups).toBeUndefined();
  });

  test('DELETE is 204 then 404 everywhere', async () => {
    const group = await server.createGroup('Doomed', { members: [{ value: alice.id }] });
    const path = `/Groups/${String(group.id)}`;
    expect((await server.delete(path)).status).toBe(204);
    expectScimError(await server.get(path), 404);
    expectScimError(await server.patch(path, patchBody({ op: 'replace', path: 'displayName', value: 'x' })), 404);
    expectScimError(await server.put(path, groupBody('x')), 404);
    expectScimError(await server.delete(path), 404);
    expect(await server.filterIds('/Groups', 'displayName eq "Doomed"')).toEqual([]);
    expect((await server.get(`/Users/${String(alice.id)}`)).body.groups).toBeUndefined();
  });

  test('deleting a user removes it from every group', async () => {
    const one = await server.createGroup('One', { members: [{ value: alice.id }, { value: bob.id }] });
    const two = await server.createGroup('Two', { members: [{ value: alice.id }] });
    expect((await server.delete(`/Users/${String(alice.id)}`)).status).toBe(204);
    expect(memberIds((await server.get(`/Groups/${String(one.id)}`)).body)).toEqual([bob.id]);
    const second = await server.get(`/Groups/${String(two.id)}`);
    expect(memberIds(second.body)).toEqual([]);
    expect(second.headers.etag).toBe('W/"2"');
  });
});
