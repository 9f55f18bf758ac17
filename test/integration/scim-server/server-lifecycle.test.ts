import request from 'supertest';
import { REDACTED, ScimStore, type RunningScimServer, createScimApp, startScimServer } from '../../../examples/scim-server';
import { ConfigurationError } from '../../../examples/scim-server/configuration-error';
import { ENTERPRISE, GROUP_SCHEMA, PATCH_OP, USER_SCHEMA } from './scim-test-server';

describe('startScimServer', () => {
  let server: RunningScimServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  test('listens on 127.0.0.1 on a free port and reports its base URL', async () => {
    server = await startScimServer({ token: 't' });
    expect(server.port).toBeGreaterThan(0);
    expect(server.baseUrl).toBe(`http://127.0.0.1:${server.port}/scim/v2`);
    const response = await request(server.baseUrl).get('/ServiceProviderConfig');
    expect(response.status).toBe(200);
  });

  test('close() stops listening and can be called twice', async () => {
    const running = await startScimServer();
    const url = running.baseUrl;
    await running.close();
    await running.close();
    await expect(request(url).get('/Users')).rejects.toThrow();
  });

  test('records requests with secrets redacted, when asked to', async () => {
    server = await startScimServer({ token: 'super-secret', recordRequests: true });
    const auth = { Authorization: 'Bearer super-secret' };
    const created = await request(server.baseUrl).post('/Users').set(auth).send({ schemas: [USER_SCHEMA], userName: 'rec@example.com', password: 'P@ss' });
    await request(server.baseUrl)
      .patch(`/Users/${String(created.body.id)}`)
      .set(auth)
      .send({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'password', value: 'N3w' }] });
    await request(server.baseUrl).get('/Users').query({ filter: 'userName eq "rec@example.com"' }).set(auth);

    expect(server.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['POST', '/scim/v2/Users', 201],
      ['PATCH', `/scim/v2/Users/${String(created.body.id)}`, 200],
      ['GET', '/scim/v2/Users', 200],
    ]);
    expect(server.requests[0].headers.authorization).toBe(REDACTED);
    expect(server.requests[0].body).toMatchObject({ userName: 'rec@example.com', password: REDACTED });
    expect(server.requests[1].body).toMatchObject({ Operations: [{ path: 'password', value: REDACTED }] });
    expect(server.requests[2].query).toEqual({ filter: 'userName eq "rec@example.com"' });
    expect(JSON.stringify(server.requests)).not.toMatch(/super-secret|P@ss|N3w/);
  });

  test('a port already in use is a ConfigurationError naming host and port', async () => {
    server = await startScimServer();
    await expect(startScimServer({ port: server.port })).rejects.toThrow(new RegExp(`cannot listen on 127\\.0\\.0\\.1:${server.port} \\(EADDRINUSE\\)`));
  });

  test('records nothing by default', async () => {
    server = await startScimServer();
    await request(server.baseUrl).get('/Users');
    expect(server.requests).toEqual([]);
  });

  test('a seed makes resource ids reproducible', async () => {
    const ids: string[] = [];
    for (let run = 0; run < 2; run += 1) {
      const running = await startScimServer({ seed: 42 });
      ids.push(running.store.insertUser({ schemas: [USER_SCHEMA], userName: 'same@example.com' }).id as string);
      await running.close();
    }
    expect(ids[0]).toBe(ids[1]);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('store seeding and reset', () => {
  test('insertUser / insertGroup seed resources that the API then serves; reset forgets them', async () => {
    const store = new ScimStore();
    const running = await startScimServer({ store });
    const app = running.baseUrl.replace(/\/scim\/v2$/, '');
    try {
      const user = store.insertUser({ schemas: [USER_SCHEMA], userName: 'seed@example.com', active: 'False' });
      const group = store.insertGroup({ schemas: [GROUP_SCHEMA], displayName: 'Seeded', members: [{ value: user.id }] });
      expect(user.active).toBe(false);
      expect(store.getGroup(String(group.id))?.members).toEqual([{ value: user.id, type: 'User' }]);
      expect(store.findUserByUserName('SEED@example.com')?.id).toBe(user.id);
      expect(store.findGroupByDisplayName('seeded')?.id).toBe(group.id);
      expect(store.listUsers()).toHaveLength(1);
      expect(store.listGroups()).toHaveLength(1);

      const served = await request(app).get(`/scim/v2/Users/${String(user.id)}`);
      expect(served.status).toBe(200);
      expect(served.body.groups).toHaveLength(1);

      expect(() => store.insertUser({ schemas: [USER_SCHEMA], userName: 'seed@EXAMPLE.com' })).toThrow(/already taken/);
      expect(() => store.insertGroup({ schemas: [GROUP_SCHEMA], displayName: 'Other', members: [{ value: 'ghost' }] })).toThrow(/ghost/);
      expect(() => store.insertUser({ schemas: [USER_SCHEMA], userName: 'r@example.com', [ENTERPRISE]: { manager: { value: 'ghost' } } })).toThrow(/manager "ghost"/);

      store.reset();
      expect(store.userCount).toBe(0);
      expect(store.groupCount).toBe(0);
      expect((await request(app).get(`/scim/v2/Users/${String(user.id)}`)).status).toBe(404);
      expect((await request(app).get('/scim/v2/Users').query({ filter: 'userName eq "seed@example.com"' })).body.totalResults).toBe(0);
    } finally {
      await running.close();
    }
  });

  test('copies from the store cannot change it', () => {
    const store = new ScimStore();
    const user = store.insertUser({ schemas: [USER_SCHEMA], userName: 'copy@example.com' });
    user.userName = 'changed';
    expect(store.getUser(String(user.id))?.userName).toBe('copy@example.com');
  });
});

describe('option checks', () => {
  test.each([
    [{ basePath: 'scim' }, /basePath must be a URL path starting with "\/"/],
    [{ maxResults: 0 }, /maxResults must be a whole number of 1 or more, got "0"/],
    [{ token: '' }, /token must not be empty/],
  ])('%j is a ConfigurationError', (options, message) => {
    expect(() => createScimApp(options)).toThrow(ConfigurationError);
    expect(() => createScimApp(options)).toThrow(message);
  });
});
