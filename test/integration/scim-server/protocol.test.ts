import {
  ENTERPRISE,
  ERROR_SCHEMA,
  GROUP_SCHEMA,
  type Json,
  LIST_RESPONSE,
  SCIM_JSON,
  ScimTestServer,
  TOKEN,
  USER_SCHEMA,
  expectScimError,
  userBody,
} from './scim-test-server';

let server: ScimTestServer;

beforeEach(async () => {
  server = await ScimTestServer.start({ maxResults: 50 });
});

afterEach(async () => {
  await server.close();
});

describe('discovery (RFC 7644 §4, RFC 7643 §5–§7)', () => {
  test('/ServiceProviderConfig is a single resource saying what the server does', async () => {
    const response = await server.raw('get', '/scim/v2/ServiceProviderConfig');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe(SCIM_JSON);
    expect(response.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: 50 },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      authenticationSchemes: [expect.objectContaining({ type: 'oauthbearertoken' })],
      meta: { resourceType: 'ServiceProviderConfig' },
    });
    expect(response.body.Resources).toBeUndefined();
  });

  test('/ResourceTypes is a ListResponse of User (with the enterprise extension) and Group', async () => {
    const response = await server.get('/ResourceTypes');
    expect(response.body.schemas).toEqual([LIST_RESPONSE]);
    expect(response.body.totalResults).toBe(2);
    const user = (response.body.Resources as Json[]).find((r) => r.name === 'User');
    expect(user).toMatchObject({ endpoint: '/Users', schema: USER_SCHEMA, schemaExtensions: [{ schema: ENTERPRISE, required: false }] });
    const single = await server.get('/ResourceTypes/User');
    expect(single.body).toEqual(user);
    expectScimError(await server.get('/ResourceTypes/Printer'), 404);
  });

  test('/Schemas lists User, EnterpriseUser and Group with full attribute characteristics', async () => {
    const response = await server.get('/Schemas');
    expect(response.body.schemas).toEqual([LIST_RESPONSE]);
    const ids = (response.body.Resources as Json[]).map((schema) => schema.id);
    expect(ids).toEqual([USER_SCHEMA, ENTERPRISE, GROUP_SCHEMA]);
    expect(ids.some((id) => String(id).includes(':api:messages:'))).toBe(false);
    const user = (response.body.Resources as Json[])[0];
    const attributes = user.attributes as Json[];
    expect(attributes.find((a) => a.name === 'userName')).toMatchObject({ required: true, caseExact: false, uniqueness: 'server', mutability: 'readWrite', returned: 'default' });
    expect(attributes.find((a) => a.name === 'password')).toMatchObject({ mutability: 'writeOnly', returned: 'never' });
    expect(attributes.find((a) => a.name === 'groups')).toMatchObject({ mutability: 'readOnly', multiValued: true });
    for (const attribute of attributes) {
      expect(Object.keys(attribute)).toEqual(expect.arrayContaining(['name', 'type', 'multiValued', 'description', 'required', 'caseExact', 'mutability', 'returned', 'uniqueness']));
    }
  });

  test('/Schemas/{urn} returns one schema, with the manager reference in the enterprise extension', async () => {
    const response = await server.get(`/Schemas/${ENTERPRISE}`);
    expect(response.status).toBe(200);
    const manager = (response.body.attributes as Json[]).find((a) => a.name === 'manager') as Json;
    expect((manager.subAttributes as Json[]).map((s) => s.name)).toEqual(['value', '$ref', 'displayName']);
    expect((manager.subAttributes as Json[])[2]).toMatchObject({ mutability: 'readOnly' });
    expectScimError(await server.get('/Schemas/urn:nope'), 404);
  });

  test('a filter on a discovery list is 403; other methods are 405', async () => {
    expectScimError(await server.get('/Schemas', { filter: 'id pr' }), 403);
    const response = await server.post('/ServiceProviderConfig', {});
    expectScimError(response, 405);
    expect(response.headers.allow).toBe('GET');
  });
});

describe('authentication (RFC 7644 §2, RFC 6750)', () => {
  test('no token is 401 with a SCIM body and WWW-Authenticate: Bearer realm="scim"', async () => {
    const response = await server.raw('get', '/scim/v2/Users');
    expectScimError(response, 401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="scim"');
  });

  test('a wrong token is 401 invalid_token; the right one passes', async () => {
    const wrong = await server.raw('get', '/scim/v2/Users').set('Authorization', 'Bearer nope');
    expectScimError(wrong, 401);
    expect(wrong.headers['www-authenticate']).toBe('Bearer realm="scim", error="invalid_token"');
    const basic = await server.raw('get', '/scim/v2/Users').set('Authorization', `Basic ${Buffer.from('a:b').toString('base64')}`);
    expectScimError(basic, 401);
    expect((await server.raw('get', '/scim/v2/Users').set('Authorization', `bearer ${TOKEN}`)).status).toBe(200);
  });

  test('discovery needs no token', async () => {
    for (const path of ['/ServiceProviderConfig', '/ResourceTypes', '/Schemas']) {
      expect((await server.raw('get', `/scim/v2${path}`)).status).toBe(200);
    }
  });

  test('without a configured token every request is served', async () => {
    const open = await ScimTestServer.start({ token: undefined });
    try {
      expect((await open.raw('get', '/scim/v2/Users')).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});

describe('media types and request bodies (RFC 7644 §3.1, §3.8, §3.12)', () => {
  test('every response, errors and 404s included, is application/scim+json; charset=utf-8', async () => {
    const responses = [await server.get('/Users'), await server.get('/Users/x'), await server.raw('get', '/elsewhere'), await server.get('/Nope')];
    for (const response of responses) expect(response.headers['content-type']).toBe(SCIM_JSON);
  });

  test('malformed JSON is 400 invalidSyntax', async () => {
    const response = await server.raw('post', '/scim/v2/Users').set('Authorization', `Bearer ${TOKEN}`).set('Content-Type', 'application/scim+json').send('{"schemas": [');
    expectScimError(response, 400, 'invalidSyntax');
  });

  test('a JSON body that is not an object is 400 invalidSyntax', async () => {
    expectScimError(await server.post('/Users', ['not', 'an', 'object']), 400, 'invalidSyntax');
  });

  test('a missing body is 400 invalidSyntax', async () => {
    const response = await server.raw('post', '/scim/v2/Users').set('Authorization', `Bearer ${TOKEN}`);
    expectScimError(response, 400, 'invalidSyntax');
  });

  test('another media type is 415', async () => {
    const response = await server.raw('post', '/scim/v2/Users').set('Authorization', `Bearer ${TOKEN}`).set('Content-Type', 'text/plain').send('userName=x');
    expectScimError(response, 415);
  });

  test('a body over 1 MB is 413', async () => {
    const response = await server.post('/Users', userBody('big@example.com', { nickName: 'x'.repeat(1_100_000) }));
    expectScimError(response, 413);
  });

  test('error bodies carry status as a string and detail', async () => {
    const response = await server.get('/Users/missing');
    expect(response.body).toEqual({ schemas: [ERROR_SCHEMA], status: '404', detail: 'User "missing" not found' });
  });
});

describe('routing', () => {
  test('unknown routes are 404 SCIM errors', async () => {
    expectScimError(await server.get('/Printers'), 404);
    expectScimError(await server.raw('get', '/'), 404);
  });

  test('unsupported methods are 405 with Allow', async () => {
    const collection = await server.delete('/Users');
    expectScimError(collection, 405);
    expect(collection.headers.allow).toBe('GET, POST');
    const item = await server.post('/Users/abc', userBody('x'));
    expectScimError(item, 405);
    expect(item.headers.allow).toBe('GET, PUT, PATCH, DELETE');
  });

  test('/Bulk is 501 (bulk.supported is false) and /Me is 501', async () => {
    expectScimError(await server.post('/Bulk', { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: [] }), 501);
    expectScimError(await server.get('/Me'), 501);
  });

  test('resource endpoints answer in any case (/users)', async () => {
    expect((await server.get('/users')).status).toBe(200);
  });

  test('a custom basePath moves every endpoint', async () => {
    const custom = await ScimTestServer.start({ basePath: '/api/scim/' });
    try {
      expect((await custom.raw('get', '/api/scim/Users').set('Authorization', `Bearer ${TOKEN}`)).status).toBe(200);
      expectScimError(await custom.raw('get', '/scim/v2/Users').set('Authorization', `Bearer ${TOKEN}`), 404);
    } finally {
      await custom.close();
    }
  });

  test('GET at the server root queries users and groups together', async () => {
    await server.createUser('root@example.com');
    await server.createGroup('Root group');
    const response = await server.get('/', { filter: 'meta.resourceType eq "Group"' });
    expect(response.body.totalResults).toBe(1);
    expect(response.body.Resources[0].displayName).toBe('Root group');
  });
});
