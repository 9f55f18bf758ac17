import { ENTERPRISE, type Json, PATCH_OP, ScimTestServer, expectScimError, patchBody } from './scim-test-server';

let server: ScimTestServer;
let user: Json;
let path: string;

beforeEach(async () => {
  server = await ScimTestServer.start();
  user = await server.createUser('pat@example.com', {
    displayName: 'Pat',
    name: { givenName: 'Pat', familyName: 'Doe' },
    emails: [
      { type: 'work', value: 'pat@work.example', primary: true },
      { type: 'home', value: 'pat@home.example' },
    ],
  });
  path = `/Users/${String(user.id)}`;
});

afterEach(async () => {
  await server.close();
});

describe('PATCH /Users: Entra default dialect (docs/entra-behaviour.md#update-user, docs/entra-behaviour.md#patch-dialects)', () => {
  test('{"op":"Replace","path":"active","value":"False"} disables the user; GET and filter still return it', async () => {
    const response = await server.patch(path, patchBody({ op: 'Replace', path: 'active', value: 'False' }));
    expect(response.status).toBe(200);
    expect(response.body.active).toBe(false);
    expect((await server.get(path)).body.active).toBe(false);
    const filtered = await server.get('/Users', { filter: 'userName eq "pat@example.com"' });
    expect(filtered.body.Resources[0].active).toBe(false);
    const enabled = await server.patch(path, patchBody({ op: 'Replace', path: 'active', value: 'True' }));
    expect(enabled.body.active).toBe(true);
  });

  test('one Replace op per attribute, capitalised, including value paths and the enterprise URN', async () => {
    const response = await server.patch(
      path,
      patchBody(
        { op: 'Replace', path: 'displayName', value: 'Patricia' },
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'new@work.example' },
        { op: 'Replace', path: 'name.givenName', value: 'Patricia' },
        { op: 'Replace', path: 'name.familyName', value: 'Doe-Ray' },
        { op: 'Replace', path: 'externalId', value: 'ext-1' },
        { op: 'Replace', path: `${ENTERPRISE}:employeeNumber`, value: 'E-7' },
        { op: 'Add', path: 'nickName', value: 'Patty' },
      ),
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      displayName: 'Patricia',
      externalId: 'ext-1',
      nickName: 'Patty',
      name: { givenName: 'Patricia', familyName: 'Doe-Ray' },
      [ENTERPRISE]: { employeeNumber: 'E-7' },
    });
    expect(response.body.emails).toEqual([
      { type: 'work', value: 'new@work.example', primary: true },
      { type: 'home', value: 'pat@home.example' },
    ]);
    expect(response.body.schemas).toContain(ENTERPRISE);
  });

  test('Replace of a work email the user does not have yet creates it', async () => {
    const bare = await server.createUser('bare@example.com');
    const response = await server.patch(`/Users/${String(bare.id)}`, patchBody({ op: 'Replace', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555' }));
    expect(response.status).toBe(200);
    expect(response.body.phoneNumbers).toEqual([{ type: 'mobile', value: '+1 555' }]);
  });

  test('manager by bare path with [{"$ref", "value"}], then cleared with {"value":""}', async () => {
    const boss = await server.createUser('boss@example.com', { displayName: 'Boss' });
    const set = await server.patch(path, patchBody({ op: 'Add', path: 'manager', value: [{ $ref: `http://x/Users/${String(boss.id)}`, value: boss.id }] }));
    expect(set.status).toBe(200);
    expect(set.body[ENTERPRISE].manager).toEqual({ value: boss.id, $ref: (boss.meta as Json).location, displayName: 'Boss' });
    const cleared = await server.patch(path, patchBody({ op: 'Replace', path: `${ENTERPRISE}:manager`, value: { value: '' } }));
    expect(cleared.body[ENTERPRISE]).toBeUndefined();
    expect(cleared.body.schemas).not.toContain(ENTERPRISE);
  });

  test('manager as a bare id string, and removal by path', async () => {
    const boss = await server.createUser('boss2@example.com');
    const set = await server.patch(path, patchBody({ op: 'Replace', path: 'manager', value: boss.id }));
    expect(set.body[ENTERPRISE].manager.value).toBe(boss.id);
    const filtered = await server.get('/Users', { filter: `id eq "${String(user.id)}" and manager eq "${String(boss.id)}"` });
    expect(filtered.body.totalResults).toBe(1);
    const removed = await server.patch(path, patchBody({ op: 'Remove', path: `${ENTERPRISE}:manager` }));
    expect(removed.body[ENTERPRISE]).toBeUndefined();
  });

  test.each([
    ['Add', 'Replace'],
    ['add', 'replace'],
  ])('the captured Entra shape: %s of a bare id string on the URN path stores {value: id}; a %s of "" clears it (docs/entra-behaviour.md#manager-reference)', async (add, replace) => {
    const boss = await server.createUser('boss4@example.com', { displayName: 'Boss Four' });
    const set = await server.patch(path, patchBody({ op: add, path: `${ENTERPRISE}:manager`, value: boss.id }));
    expect(set.status).toBe(200);
    expect(set.body[ENTERPRISE].manager).toEqual({ value: boss.id, $ref: (boss.meta as Json).location, displayName: 'Boss Four' });
    expect((await server.get(path)).body[ENTERPRISE].manager.value).toBe(boss.id);
    const cleared = await server.patch(path, patchBody({ op: replace, path: `${ENTERPRISE}:manager`, value: '' }));
    expect(cleared.status).toBe(200);
    expect(cleared.body[ENTERPRISE]?.manager).toBeUndefined();
    expect((await server.get(path)).body[ENTERPRISE]?.manager).toBeUndefined();
  });

  test('a manager that is not an existing user is 400 invalidValue', async () => {
    expectScimError(await server.patch(path, patchBody({ op: 'Add', path: 'manager', value: { value: 'ghost' } })), 400, 'invalidValue');
  });

  test('userName change by Replace; to another user\'s userName is 409', async () => {
    await server.createUser('taken@example.com');
    const renamed = await server.patch(path, patchBody({ op: 'Replace', path: 'userName', value: 'pat2@example.com' }));
    expect(renamed.body.userName).toBe('pat2@example.com');
    expect(await server.filterIds('/Users', 'userName eq "pat2@example.com"')).toEqual([user.id]);
    expect(await server.filterIds('/Users', 'userName eq "pat@example.com"')).toEqual([]);
    expectScimError(await server.patch(path, patchBody({ op: 'Replace', path: 'userName', value: 'Taken@Example.com' })), 409, 'uniqueness');
  });
});

describe('PATCH /Users: compliant dialect (aadOptscim062020, docs/entra-behaviour.md#patch-dialects)', () => {
  test('one path-less replace with dotted and URN keys sets sub-attributes and extension attributes', async () => {
    const response = await server.patch(
      path,
      patchBody({
        op: 'replace',
        value: {
          displayName: 'x',
          'name.givenName': 'y',
          'name.familyName': 'Unua',
          [`${ENTERPRISE}:employeeNumber`]: 'z',
          active: false,
        },
      }),
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ displayName: 'x', active: false, name: { givenName: 'y', familyName: 'Unua' }, [ENTERPRISE]: { employeeNumber: 'z' } });
  });

  test('path-less add with a nested extension object merges it', async () => {
    const response = await server.patch(path, patchBody({ op: 'add', value: { [ENTERPRISE]: { department: 'Tech' }, title: 'Lead' } }));
    expect(response.body).toMatchObject({ title: 'Lead', [ENTERPRISE]: { department: 'Tech' } });
  });

  test('manager with {"value": id} on the URN path', async () => {
    const boss = await server.createUser('b3@example.com');
    const response = await server.patch(path, patchBody({ op: 'add', path: `${ENTERPRISE}:manager`, value: { value: boss.id } }));
    expect(response.body[ENTERPRISE].manager.value).toBe(boss.id);
  });
});

describe('PATCH semantics (RFC 7644 §3.5.2)', () => {
  test('op names are case-insensitive', async () => {
    for (const op of ['ADD', 'rEpLaCe']) {
      expect((await server.patch(path, patchBody({ op, path: 'title', value: op }))).status).toBe(200);
    }
  });

  test('add to a multi-valued attribute appends; adding an existing value changes nothing, not even the version', async () => {
    const added = await server.patch(path, patchBody({ op: 'add', path: 'emails', value: [{ type: 'other', value: 'o@x' }] }));
    expect(added.body.emails).toHaveLength(3);
    const version = added.body.meta.version;
    const again = await server.patch(path, patchBody({ op: 'add', path: 'emails', value: [{ type: 'other', value: 'o@x' }] }));
    expect(again.body.emails).toHaveLength(3);
    expect(again.body.meta.version).toBe(version);
    expect(again.body.meta.lastModified).toBe(added.body.meta.lastModified);
  });

  test('replace of a multi-valued attribute without filter replaces all values', async () => {
    const response = await server.patch(path, patchBody({ op: 'replace', path: 'emails', value: [{ type: 'work', value: 'only@x' }] }));
    expect(response.body.emails).toEqual([{ type: 'work', value: 'only@x' }]);
  });

  test('setting primary on one value takes it from the previous primary', async () => {
    const response = await server.patch(path, patchBody({ op: 'replace', path: 'emails[type eq "home"].primary', value: true }));
    expect(response.body.emails).toEqual([
      { type: 'work', value: 'pat@work.example', primary: false },
      { type: 'home', value: 'pat@home.example', primary: true },
    ]);
  });

  test('remove with a value filter removes only the matching values', async () => {
    const response = await server.patch(path, patchBody({ op: 'remove', path: 'emails[type eq "home"]' }));
    expect(response.body.emails).toEqual([{ type: 'work', value: 'pat@work.example', primary: true }]);
  });

  test('remove of a single attribute unassigns it; remove of something absent is a no-op', async () => {
    const removed = await server.patch(path, patchBody({ op: 'remove', path: 'name.familyName' }));
    expect(removed.body.name).toEqual({ givenName: 'Pat' });
    const noop = await server.patch(path, patchBody({ op: 'remove', path: 'nickName' }));
    expect(noop.status).toBe(200);
    expect(noop.body.meta.version).toBe(removed.body.meta.version);
  });

  test('replace on a filter that matches nothing and cannot be created is 400 noTarget', async () => {
    expectScimError(await server.patch(path, patchBody({ op: 'replace', path: 'emails[value co "nowhere"].display', value: 'x' })), 400, 'noTarget');
    expectScimError(await server.patch(path, patchBody({ op: 'replace', path: 'emails[type eq "other"]', value: { value: 'x' } })), 400, 'noTarget');
  });

  test('remove without path is 400 noTarget', async () => {
    expectScimError(await server.patch(path, patchBody({ op: 'remove' })), 400, 'noTarget');
  });

  test('an unknown or malformed path is 400 invalidPath', async () => {
    expectScimError(await server.patch(path, patchBody({ op: 'replace', path: 'shoeSize', value: '9' })), 400, 'invalidPath');
    expectScimError(await server.patch(path, patchBody({ op: 'replace', path: 'emails[type eq "work"', value: 'x' })), 400, 'invalidPath');
    expectScimError(await server.patch(path, patchBody({ op: 'replace', path: 'name.middle', value: 'x' })), 400, 'invalidPath');
    expectScimError(await server.patch(path, patchBody({ op: 'replace', value: { shoeSize: 9 } })), 400, 'invalidPath');
  });

  test('removing the required userName is 400 mutability; blanking it is 400 invalidValue', async () => {
    expectScimError(await server.patch(path, patchBody({ op: 'remove', path: 'userName' })), 400, 'mutability');
    expectScimError(await server.patch(path, patchBody({ op: 'replace', path: 'userName', value: '' })), 400, 'invalidValue');
  });

  test('read-only attributes (id, meta, groups) are 400 mutability', async () => {
    for (const target of ['id', 'meta.created', 'groups']) {
      expectScimError(await server.patch(path, patchBody({ op: 'replace', path: target, value: 'x' })), 400, 'mutability');
    }
  });

  test('add or replace without value is 400 invalidValue; an unknown op is 400 invalidSyntax', async () => {
    expectScimError(await server.patch(path, patchBody({ op: 'add', path: 'title' })), 400, 'invalidValue');
    expectScimError(await server.patch(path, patchBody({ op: 'move', path: 'title', value: 'x' })), 400, 'invalidSyntax');
  });

  test('a body without the PatchOp schema or without Operations is 400 invalidSyntax', async () => {
    expectScimError(await server.patch(path, { Operations: [{ op: 'add', path: 'title', value: 'x' }] }), 400, 'invalidSyntax');
    expectScimError(await server.patch(path, { schemas: [PATCH_OP], Operations: [] }), 400, 'invalidSyntax');
  });

  test('a non-boolean for a boolean attribute is 400 invalidValue', async () => {
    expectScimError(await server.patch(path, patchBody({ op: 'replace', path: 'active', value: 'sometimes' })), 400, 'invalidValue');
  });

  test('atomic: a failing op leaves the resource unchanged', async () => {
    const response = await server.patch(
      path,
      patchBody({ op: 'replace', path: 'title', value: 'Changed' }, { op: 'replace', path: 'displayName', value: 'Changed' }, { op: 'replace', path: 'nope', value: 1 }),
    );
    expectScimError(response, 400, 'invalidPath');
    const read = await server.get(path);
    expect(read.body.title).toBeUndefined();
    expect(read.body.displayName).toBe('Pat');
    expect(read.body.meta.version).toBe('W/"1"');
  });

  test('the PATCH response honours attributes and excludedAttributes', async () => {
    const response = await server.patch(path, patchBody({ op: 'replace', path: 'title', value: 'T' }), { attributes: 'title' });
    expect(response.body).toEqual({ schemas: user.schemas, id: user.id, title: 'T' });
  });

  test('If-Match mismatch on PATCH is 412', async () => {
    expectScimError(await server.patch(path, patchBody({ op: 'replace', path: 'title', value: 'T' })).set('If-Match', 'W/"5"'), 412);
    expect((await server.patch(path, patchBody({ op: 'replace', path: 'title', value: 'T' })).set('If-Match', '"1"')).status).toBe(200);
  });

  test('password can be replaced and is not echoed', async () => {
    const response = await server.patch(path, patchBody({ op: 'replace', path: 'password', value: 'N3w!' }));
    expect(response.status).toBe(200);
    expect(response.text).not.toMatch(/N3w!|password/);
    expect(server.store.hasPassword(String(user.id))).toBe(true);
  });
});
