import {
  BASE,
  ENTERPRISE,
  LIST_RESPONSE,
  type Json,
  SCIM_JSON,
  SEARCH_REQUEST,
  ScimTestServer,
  TOKEN,
  USER_SCHEMA,
  expectScimError,
  userBody,
} from './scim-test-server';

let server: ScimTestServer;

beforeEach(async () => {
  server = await ScimTestServer.start();
});

afterEach(async () => {
  await server.close();
});

describe('POST /Users (RFC 7644 §3.3)', () => {
  test('creates a user: 201, Location = meta.location, ETag = meta.version, active defaults to true', async () => {
    const response = await server.post('/Users', userBody('bjensen@example.com', { name: { givenName: 'Barbara', familyName: 'Jensen' }, externalId: 'bj' }));
    expect(response.status).toBe(201);
    expect(response.headers['content-type']).toBe(SCIM_JSON);
    const body = response.body as Json;
    const meta = body.meta as Json;
    expect(typeof body.id).toBe('string');
    expect(body).toMatchObject({ schemas: [USER_SCHEMA], userName: 'bjensen@example.com', externalId: 'bj', active: true, name: { givenName: 'Barbara' } });
    expect(meta).toMatchObject({ resourceType: 'User', version: 'W/"1"' });
    expect(meta.created).toBe(meta.lastModified);
    expect(meta.location).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/scim/v2/Users/${String(body.id)}$`));
    expect(response.headers.location).toBe(meta.location);
    expect(response.headers.etag).toBe('W/"1"');
  });

  test('accepts application/json bodies as well as application/scim+json', async () => {
    const response = await server
      .raw('post', '/scim/v2/Users')
      .set('Authorization', 'Bearer test-token-123')
      .set('Content-Type', 'application/json; charset=utf-8')
      .send(JSON.stringify(userBody('json@example.com')));
    expect(response.status).toBe(201);
  });

  test('ignores client-sent id, meta and groups (readOnly, RFC 7643 §2.2)', async () => {
    const response = await server.post('/Users', userBody('ro@example.com', { id: 'mine', meta: { version: 'W/"99"' }, groups: [{ value: 'g' }] }));
    expect(response.status).toBe(201);
    expect(response.body.id).not.toBe('mine');
    expect(response.body.meta.version).toBe('W/"1"');
    expect(response.body.groups).toBeUndefined();
  });

  test('duplicate userName, in any case, is 409 uniqueness', async () => {
    await server.createUser('dup@example.com');
    const body = expectScimError(await server.post('/Users', userBody('DUP@Example.com')), 409, 'uniqueness');
    expect(body.detail).toMatch(/DUP@Example.com/);
  });

  test('missing userName is 400 invalidValue; missing schemas is 400 invalidSyntax', async () => {
    expectScimError(await server.post('/Users', { schemas: [USER_SCHEMA], displayName: 'x' }), 400, 'invalidValue');
    expectScimError(await server.post('/Users', { userName: 'x' }), 400, 'invalidSyntax');
  });

  test('a value of the wrong type is 400 invalidValue', async () => {
    const body = expectScimError(await server.post('/Users', userBody('t@example.com', { active: 'maybe' })), 400, 'invalidValue');
    expect(body.detail).toMatch(/active/);
    expectScimError(await server.post('/Users', userBody('t2@example.com', { emails: [{ value: 'a', primary: true }, { value: 'b', primary: true }] })), 400, 'invalidValue');
  });

  test('password is accepted and never returned (RFC 7643 §4.1.1 returned "never")', async () => {
    const created = await server.createUser('pw@example.com', { password: 'Secr3t!' });
    expect(created.password).toBeUndefined();
    expect(server.store.hasPassword(String(created.id))).toBe(true);
    const read = await server.get(`/Users/${String(created.id)}`);
    expect(read.body.password).toBeUndefined();
    expect(read.text).not.toMatch(/Secr3t/);
    const listed = await server.get('/Users', { attributes: 'password,userName' });
    expect(listed.text).not.toMatch(/password/);
  });

  test('stores the enterprise extension and lists it in schemas', async () => {
    const created = await server.createUser('ent@example.com', { schemas: [USER_SCHEMA, ENTERPRISE], [ENTERPRISE]: { employeeNumber: '42', department: 'R&D' } });
    expect(created.schemas).toEqual([USER_SCHEMA, ENTERPRISE]);
    expect(created[ENTERPRISE]).toEqual({ employeeNumber: '42', department: 'R&D' });
  });

  test('a manager must be an existing user; the server fills $ref and displayName', async () => {
    expectScimError(await server.post('/Users', userBody('e@example.com', { [ENTERPRISE]: { manager: { value: 'nobody' } } })), 400, 'invalidValue');
    const boss = await server.createUser('boss@example.com', { displayName: 'The Boss' });
    const created = await server.createUser('e@example.com', { [ENTERPRISE]: { manager: { value: boss.id } } });
    expect(created[ENTERPRISE]).toEqual({ manager: { value: boss.id, $ref: (boss.meta as Json).location, displayName: 'The Boss' } });
  });
});

describe('GET /Users/{id} (RFC 7644 §3.4.1)', () => {
  test('returns the resource with ETag; an unknown id is 404 with a SCIM error', async () => {
    const created = await server.createUser('read@example.com');
    const response = await server.get(`/Users/${String(created.id)}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual(created);
    expect(response.headers.etag).toBe('W/"1"');
    expectScimError(await server.get('/Users/does-not-exist'), 404);
  });

  test('ids are case-exact', async () => {
    const created = await server.createUser('case@example.com');
    expect((await server.get(`/Users/${String(created.id).toUpperCase()}`)).status).toBe(404);
  });

  test('If-None-Match with the current version is 304; with an old one, 200', async () => {
    const created = await server.createUser('etag@example.com');
    const path = `/Users/${String(created.id)}`;
    const notModified = await server.get(path).set('If-None-Match', 'W/"1"');
    expect(notModified.status).toBe(304);
    expect(notModified.text).toBe('');
    expect(notModified.headers.etag).toBe('W/"1"');
    await server.patch(path, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'title', value: 'x' }] });
    const modified = await server.get(path).set('If-None-Match', 'W/"1"');
    expect(modified.status).toBe(200);
    expect(modified.headers.etag).toBe('W/"2"');
  });

  test('attributes and excludedAttributes project the response but keep id and schemas', async () => {
    const created = await server.createUser('proj@example.com', {
      displayName: 'Proj',
      name: { givenName: 'P', familyName: 'Q' },
      emails: [{ type: 'work', value: 'p@work', primary: true }],
      [ENTERPRISE]: { employeeNumber: '1', department: 'D' },
    });
    const path = `/Users/${String(created.id)}`;
    const only = await server.get(path, { attributes: 'userName,name.givenName,emails.value' });
    expect(only.body).toEqual({ schemas: created.schemas, id: created.id, userName: 'proj@example.com', name: { givenName: 'P' }, emails: [{ value: 'p@work' }] });
    const extension = await server.get(path, { attributes: `${ENTERPRISE}:department` });
    expect(extension.body).toEqual({ schemas: created.schemas, id: created.id, [ENTERPRISE]: { department: 'D' } });
    const without = await server.get(path, { excludedAttributes: 'name,emails,id,meta' });
    expect(without.body.id).toBe(created.id);
    expect(without.body.name).toBeUndefined();
    expect(without.body.emails).toBeUndefined();
    expect(without.body.meta).toBeUndefined();
    expect(without.body.displayName).toBe('Proj');
  });
});

describe('GET /Users with filter, paging and sorting (RFC 7644 §3.4.2)', () => {
  beforeEach(async () => {
    for (const [userName, title, displayName] of [
      ['carol@example.com', 'Engineer', 'Carol'],
      ['alice@example.com', 'Manager', 'alice'],
      ['bob@example.com', 'Engineer', 'Bob'],
      ['dave@example.com', 'Intern', undefined],
    ] as const) {
      await server.createUser(userName, { title, ...(displayName ? { displayName } : {}), emails: [{ type: 'work', value: `w.${userName}` }] });
    }
  });

  test('a filter with no hits is 200 with totalResults 0 and an empty Resources list', async () => {
    const response = await server.get('/Users', { filter: 'userName eq "9b0f3e1c-aaaa-bbbb-cccc-000000000000"' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ schemas: [LIST_RESPONSE], totalResults: 0, itemsPerPage: 0, startIndex: 1, Resources: [] });
  });

  test('a form-encoded filter, spaces as "+" as Entra sends it, reads as the same filter (docs/entra-behaviour.md#match-query-encoding)', async () => {
    const raw = (query: string) => server.raw('get', `${BASE}/Users?${query}`).set('Authorization', `Bearer ${TOKEN}`);
    const plus = await raw('filter=userName+eq+%22alice%40example.com%22');
    const percent = await raw('filter=userName%20eq%20%22alice%40example.com%22');
    expect(plus.status).toBe(200);
    expect(plus.body.totalResults).toBe(1);
    expect(plus.body.Resources[0].userName).toBe('alice@example.com');
    expect(plus.body).toEqual(percent.body);
  });

  test('userName eq matches case-insensitively (caseExact false)', async () => {
    const response = await server.get('/Users', { filter: 'userName eq "ALICE@example.COM"' });
    expect(response.body.totalResults).toBe(1);
    expect(response.body.Resources[0].userName).toBe('alice@example.com');
  });

  test('value-path filter on work email, as Entra matches on mail', async () => {
    expect(await server.filterIds('/Users', 'emails[type eq "work"].value eq "w.bob@example.com"')).toHaveLength(1);
    expect(await server.filterIds('/Users', 'emails[type eq "home"].value eq "w.bob@example.com"')).toHaveLength(0);
  });

  test('and / or / not / pr combine as the RFC says', async () => {
    expect(await server.filterIds('/Users', 'title eq "engineer" and not (displayName eq "bob")')).toHaveLength(1);
    expect(await server.filterIds('/Users', 'title eq "Intern" or displayName sw "c"')).toHaveLength(2);
    expect(await server.filterIds('/Users', 'displayName pr')).toHaveLength(3);
  });

  test('an invalid filter is 400 invalidFilter', async () => {
    expectScimError(await server.get('/Users', { filter: 'userName eq' }), 400, 'invalidFilter');
    expectScimError(await server.get('/Users', { filter: 'shoeSize eq "9"' }), 400, 'invalidFilter');
  });

  test('startIndex is 1-based and count limits the page; totalResults counts all', async () => {
    const page = await server.get('/Users', { startIndex: 2, count: 2 });
    expect(page.body).toMatchObject({ totalResults: 4, itemsPerPage: 2, startIndex: 2 });
    expect(page.body.Resources.map((u: Json) => u.userName)).toEqual(['alice@example.com', 'bob@example.com']);
    const clamped = await server.get('/Users', { startIndex: -3, count: 1 });
    expect(clamped.body).toMatchObject({ startIndex: 1, itemsPerPage: 1 });
    expectScimError(await server.get('/Users', { count: 'lots' }), 400, 'invalidValue');
  });

  test('count=0 returns totalResults only', async () => {
    const response = await server.get('/Users', { count: 0 });
    expect(response.body).toEqual({ schemas: [LIST_RESPONSE], totalResults: 4, itemsPerPage: 0, startIndex: 1 });
  });

  test('sortBy / sortOrder order results, case-insensitively, unassigned values last', async () => {
    const ascending = await server.get('/Users', { sortBy: 'displayName' });
    expect(ascending.body.Resources.map((u: Json) => u.userName)).toEqual(['alice@example.com', 'bob@example.com', 'carol@example.com', 'dave@example.com']);
    const descending = await server.get('/Users', { sortBy: 'userName', sortOrder: 'descending' });
    expect(descending.body.Resources.map((u: Json) => u.userName)).toEqual(['dave@example.com', 'carol@example.com', 'bob@example.com', 'alice@example.com']);
    expectScimError(await server.get('/Users', { sortBy: 'userName', sortOrder: 'sideways' }), 400, 'invalidValue');
  });

  test('maxResults caps every page', async () => {
    const small = await ScimTestServer.start({ maxResults: 2 });
    try {
      for (const name of ['a', 'b', 'c']) await small.createUser(`${name}@x`);
      const response = await small.get('/Users', { count: 50 });
      expect(response.body).toMatchObject({ totalResults: 3, itemsPerPage: 2 });
    } finally {
      await small.close();
    }
  });

  test('attributes apply to list results', async () => {
    const response = await server.get('/Users', { filter: 'userName eq "bob@example.com"', attributes: 'userName' });
    expect(Object.keys(response.body.Resources[0]).sort()).toEqual(['id', 'schemas', 'userName']);
  });

  test('a repeated query parameter is 400 invalidValue', async () => {
    const response = await server.raw('get', '/scim/v2/Users?filter=title%20pr&filter=title%20pr').set('Authorization', 'Bearer test-token-123');
    expectScimError(response, 400, 'invalidValue');
  });
});

describe('POST .search (RFC 7644 §3.4.3)', () => {
  test('/Users/.search answers like GET with the same parameters', async () => {
    await server.createUser('s1@example.com', { title: 'A' });
    await server.createUser('s2@example.com', { title: 'B' });
    const response = await server.post('/Users/.search', {
      schemas: [SEARCH_REQUEST],
      filter: 'title eq "b"',
      attributes: ['userName'],
      startIndex: 1,
      count: 10,
    });
    expect(response.status).toBe(200);
    expect(response.body.totalResults).toBe(1);
    expect(response.body.Resources[0]).toEqual({ schemas: [USER_SCHEMA], id: expect.any(String), userName: 's2@example.com' });
  });

  test('root /.search spans users and groups; a name only users have simply misses groups', async () => {
    await server.createUser('root@example.com', { displayName: 'Shared' });
    await server.createGroup('Shared');
    const both = await server.post('/.search', { schemas: [SEARCH_REQUEST], filter: 'displayName eq "shared"' });
    expect(both.body.totalResults).toBe(2);
    expect(both.body.Resources.map((r: Json) => (r.meta as Json).resourceType).sort()).toEqual(['Group', 'User']);
    const usersOnly = await server.post('/.search', { schemas: [SEARCH_REQUEST], filter: 'userName eq "root@example.com"' });
    expect(usersOnly.body.totalResults).toBe(1);
    expectScimError(await server.post('/.search', { schemas: [SEARCH_REQUEST], filter: 'nothing eq "x"' }), 400, 'invalidFilter');
  });

  test('a search without the SearchRequest schema is 400 invalidSyntax; GET on .search is 405', async () => {
    expectScimError(await server.post('/Users/.search', { filter: 'userName pr' }), 400, 'invalidSyntax');
    const response = await server.get('/Users/.search');
    expectScimError(response, 405);
    expect(response.headers.allow).toBe('POST');
  });
});

describe('PUT /Users/{id} (RFC 7644 §3.5.1)', () => {
  test('replaces the resource; attributes left out are cleared; version increases', async () => {
    const created = await server.createUser('put@example.com', { title: 'Old', nickName: 'Nick' });
    const response = await server.put(`/Users/${String(created.id)}`, userBody('put@example.com', { title: 'New', active: false }));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: created.id, title: 'New', active: false });
    expect(response.body.nickName).toBeUndefined();
    expect(response.body.meta.version).toBe('W/"2"');
    expect(response.body.meta.created).toBe((created.meta as Json).created);
    expect(response.headers.etag).toBe('W/"2"');
  });

  test('never creates: an unknown id is 404', async () => {
    expectScimError(await server.put('/Users/unknown', userBody('x@example.com')), 404);
  });

  test('a PUT taking another user\'s userName is 409; its own in another case is fine', async () => {
    await server.createUser('first@example.com');
    const second = await server.createUser('second@example.com');
    expectScimError(await server.put(`/Users/${String(second.id)}`, userBody('FIRST@example.com')), 409, 'uniqueness');
    expect((await server.put(`/Users/${String(second.id)}`, userBody('SECOND@example.com'))).status).toBe(200);
  });

  test('If-Match with a stale version is 412 and nothing changes; the current one succeeds', async () => {
    const created = await server.createUser('ifmatch@example.com', { title: 'Keep' });
    const path = `/Users/${String(created.id)}`;
    expectScimError(await server.put(path, userBody('ifmatch@example.com', { title: 'Lost' })).set('If-Match', 'W/"7"'), 412);
    expect((await server.get(path)).body.title).toBe('Keep');
    const ok = await server.put(path, userBody('ifmatch@example.com', { title: 'Won' })).set('If-Match', 'W/"1"');
    expect(ok.status).toBe(200);
    expect(ok.body.title).toBe('Won');
  });

  test('keeps the password when the PUT leaves it out', async () => {
    const created = await server.createUser('keep@example.com', { password: 'p' });
    await server.put(`/Users/${String(created.id)}`, userBody('keep@example.com'));
    expect(server.store.hasPassword(String(created.id))).toBe(true);
  });
});

describe('DELETE /Users/{id} (RFC 7644 §3.6)', () => {
  test('204 without body, then 404 for GET, PUT, PATCH, DELETE and gone from filters', async () => {
    const created = await server.createUser('gone@example.com');
    const path = `/Users/${String(created.id)}`;
    const deleted = await server.delete(path);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expectScimError(await server.get(path), 404);
    expectScimError(await server.put(path, userBody('gone@example.com')), 404);
    expectScimError(await server.patch(path, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'title', value: 'x' }] }), 404);
    expectScimError(await server.delete(path), 404);
    expect(await server.filterIds('/Users', 'userName eq "gone@example.com"')).toEqual([]);
    expect((await server.post('/Users', userBody('gone@example.com'))).status).toBe(201);
  });

  test('If-Match mismatch on DELETE is 412 and the user stays', async () => {
    const created = await server.createUser('stay@example.com');
    expectScimError(await server.delete(`/Users/${String(created.id)}`).set('If-Match', 'W/"2"'), 412);
    expect(server.store.getUser(String(created.id))).toBeDefined();
  });

  test('deleting a manager clears the manager reference of their reports', async () => {
    const boss = await server.createUser('b@example.com');
    const report = await server.createUser('r@example.com', { [ENTERPRISE]: { manager: { value: boss.id }, department: 'D' } });
    await server.delete(`/Users/${String(boss.id)}`);
    const read = await server.get(`/Users/${String(report.id)}`);
    expect(read.body[ENTERPRISE]).toEqual({ department: 'D' });
  });
});
