import { responseText } from '../../../harness/text/response-text';
import nock from 'nock';
import { createTargetClient } from '../../../harness/target/http-target-client';
import { BASE, ORIGIN, useNockedClients } from './nocked-clients';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError } from '../../../harness/errors';

const packageVersion = (JSON.parse(readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as { version: string })
  .version;

interface Captured {
  uri: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** Replies 200 with `reply` and records what arrived. */
function capture(scope: nock.Interceptor, reply: unknown = { ok: true }, replyHeaders: Record<string, string> = {}) {
  const seen: Captured[] = [];
  scope.reply(function (uri, body) {
    seen.push({ uri, headers: { ...this.req.headers }, body });
    return [200, JSON.stringify(reply), { 'Content-Type': 'application/scim+json', ...replyHeaders }];
  });
  return seen;
}

describe('request shaping', () => {
  const client = useNockedClients();


  it('encodes filter values with %20 for spaces and %22 for quotes', async () => {
    const seen = capture(nock(ORIGIN).get('/scim/v2/Users').query(true));
    const exchange = await client().send({
      method: 'GET',
      path: '/Users',
      query: { filter: 'userName eq "dale mohr@romaguera.uk"', count: '1' },
    });
    const expectedQuery = 'filter=userName%20eq%20%22dale%20mohr%40romaguera.uk%22&count=1';
    expect(seen[0]?.uri).toBe(`/scim/v2/Users?${expectedQuery}`);
    expect(exchange.request.url).toBe(`${BASE}/Users?${expectedQuery}`);
  });

  it.each([BASE, `${BASE}/`])('keeps the base path whether or not the base URL %s ends in a slash', async (baseUrl) => {
    const seen = capture(nock(ORIGIN).get('/scim/v2/Groups/abc'));
    const exchange = await client({ baseUrl }).send({ method: 'GET', path: '/Groups/abc' });
    expect(seen).toHaveLength(1);
    expect(exchange.request.url).toBe(`${BASE}/Groups/abc`);
  });

  it('encodes spaces as "+" and quotes as %22 when the request asks for the form encoding, a literal "+" as %2B', async () => {
    const seen = capture(nock(ORIGIN).get('/scim/v2/Users').query(true));
    const exchange = await client().send({
      method: 'GET',
      path: '/Users',
      query: { filter: 'userName eq "dale+mohr@romaguera.uk"', count: '1' },
      queryEncoding: 'form',
    });
    const expectedQuery = 'filter=userName+eq+%22dale%2Bmohr%40romaguera.uk%22&count=1';
    expect(seen[0]?.uri).toBe(`/scim/v2/Users?${expectedQuery}`);
    expect(exchange.request.url).toBe(`${BASE}/Users?${expectedQuery}`);
    expect(new URLSearchParams(expectedQuery).get('filter')).toBe('userName eq "dale+mohr@romaguera.uk"');
  });

  it('keeps a query already present on the base URL ahead of the request query', async () => {
    const seen = capture(nock(ORIGIN).get('/scim/Users').query(true));
    await client({ baseUrl: `${ORIGIN}/scim?aadOptscim062020` }).send({
      method: 'GET',
      path: '/Users',
      query: { filter: 'externalId eq "1"' },
    });
    expect(seen[0]?.uri).toBe('/scim/Users?aadOptscim062020&filter=externalId%20eq%20%221%22');
  });

  it('sends Accept, User-Agent and no Content-Type on a GET', async () => {
    const seen = capture(nock(ORIGIN).get('/scim/v2/Users/1'));
    const exchange = await client().send({ method: 'GET', path: '/Users/1' });
    expect(seen[0]?.headers['accept']).toBe('application/scim+json');
    expect(seen[0]?.headers['user-agent']).toBe(`scim-harness/${packageVersion}`);
    expect(seen[0]?.headers['content-type']).toBeUndefined();
    expect(seen[0]?.headers['authorization']).toBeUndefined();
    expect(exchange.request.headers).toMatchObject({
      accept: 'application/scim+json',
      'user-agent': `scim-harness/${packageVersion}`,
    });
  });

  it('sends a JSON body with application/scim+json and records the body as sent', async () => {
    const seen = capture(nock(ORIGIN).post('/scim/v2/Users'));
    const body = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'zoë@example.com', active: true };
    const exchange = await client().send({ method: 'POST', path: '/Users', body });
    expect(seen[0]?.headers['content-type']).toBe('application/scim+json');
    expect(seen[0]?.headers['content-length']).toBe(String(Buffer.byteLength(JSON.stringify(body))));
    expect(JSON.parse(String(seen[0]?.body))).toEqual(body);
    expect(exchange.request.body).toEqual(body);
    expect(exchange.request.method).toBe('POST');
  });

  it('sends a bearer token', async () => {
    const seen = capture(nock(ORIGIN).get('/scim/v2/Users'));
    await client({ auth: { kind: 'bearer', token: 'tok-abc-123' } }).send({ method: 'GET', path: '/Users' });
    expect(seen[0]?.headers['authorization']).toBe('Bearer tok-abc-123');
  });

  it('sends basic credentials as base64 of user:password (RFC 7617)', async () => {
    const seen = capture(nock(ORIGIN).get('/scim/v2/Users'));
    await client({ auth: { kind: 'basic', username: 'svc', password: 'pa:ss wörd' } }).send({ method: 'GET', path: '/Users' });
    const header = String(seen[0]?.headers['authorization']);
    expect(header.startsWith('Basic ')).toBe(true);
    expect(Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8')).toBe('svc:pa:ss wörd');
  });

  it('sends custom headers on every request; a request header overrides them', async () => {
    const seen = capture(nock(ORIGIN).get('/scim/v2/Users').times(2));
    const c = client({ headers: { 'X-Tenant': 'contoso', 'X-Api-Key': 'k-1' } });
    await c.send({ method: 'GET', path: '/Users' });
    await c.send({ method: 'GET', path: '/Users', headers: { 'x-tenant': 'fabrikam' } });
    expect(seen[0]?.headers).toMatchObject({ 'x-tenant': 'contoso', 'x-api-key': 'k-1' });
    expect(seen[1]?.headers).toMatchObject({ 'x-tenant': 'fabrikam', 'x-api-key': 'k-1' });
  });

  it('records the response: lower-cased headers, parsed body once, and byte count', async () => {
    const payload = { id: 'abc', userName: 'zoë' };
    capture(nock(ORIGIN).get('/scim/v2/Users/abc'), payload, { ETag: 'W/"1"' });
    const exchange = await client().send({ method: 'GET', path: '/Users/abc' });
    const text = JSON.stringify(payload);
    // A 2xx JSON body is kept parsed only; responseText() gives it back as text.
    expect(exchange.response).toMatchObject({
      status: 200,
      body: payload,
      text: '',
      bytes: Buffer.byteLength(text),
    });
    expect(responseText(exchange.response!)).toBe(text);
    expect(exchange.response?.headers['etag']).toBe('W/"1"');
    expect(exchange.response?.parseError).toBeUndefined();
    expect(exchange.error).toBeUndefined();
  });

  it('parses a JSON body whatever its content type', async () => {
    nock(ORIGIN).get('/scim/v2/Users').reply(200, '{"totalResults":0}', { 'Content-Type': 'text/html' });
    const exchange = await client().send({ method: 'GET', path: '/Users' });
    expect(exchange.response?.body).toEqual({ totalResults: 0 });
  });

  it('records an empty 204 without body or parse error', async () => {
    nock(ORIGIN).delete('/scim/v2/Users/1').reply(204);
    const exchange = await client().send({ method: 'DELETE', path: '/Users/1' });
    expect(exchange.response).toMatchObject({ status: 204, text: '', bytes: 0 });
    expect(exchange.response).not.toHaveProperty('body');
    expect(exchange.response).not.toHaveProperty('parseError');
  });

  it('resolves with the exchange for error statuses', async () => {
    nock(ORIGIN).post('/scim/v2/Users').reply(409, { status: '409', scimType: 'uniqueness' });
    const exchange = await client().send({ method: 'POST', path: '/Users', body: { userName: 'a' } });
    expect(exchange.response?.status).toBe(409);
    expect(exchange.error).toBeUndefined();
  });

  it('gives every exchange a unique id, an ISO start time and a duration', async () => {
    nock(ORIGIN).get('/scim/v2/Users').times(2).reply(200, {});
    const c = client();
    const first = await c.send({ method: 'GET', path: '/Users' });
    const second = await c.send({ method: 'GET', path: '/Users' });
    expect(first.id).not.toBe(second.id);
    expect(new Date(first.startedAt).toISOString()).toBe(first.startedAt);
    expect(first.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('rejects a path without a leading slash as a programming error', async () => {
    await expect(client().send({ method: 'GET', path: 'Users' })).rejects.toThrow(/must start with "\/"/);
  });

  it('rejects sends after close', async () => {
    const c = client();
    await c.close();
    await expect(c.send({ method: 'GET', path: '/Users' })).rejects.toThrow(/closed/);
  });

  it('refuses a relative base URL with a message naming the fix', () => {
    expect(() => createTargetClient({ baseUrl: 'localhost:8080', auth: { kind: 'none' } })).toThrow(ConfigurationError);
    expect(() => createTargetClient({ baseUrl: 'localhost:8080', auth: { kind: 'none' } })).toThrow(
      /absolute http\(s\) URL, got "localhost:8080" \(try http:\/\/localhost:8080\/scim\/v2\)/,
    );
  });

  it('refuses credentials in the base URL and a zero timeout', () => {
    expect(() => createTargetClient({ baseUrl: 'http://u:p@scim.test/', auth: { kind: 'none' } })).toThrow(/must not carry credentials/);
    expect(() => createTargetClient({ baseUrl: BASE, auth: { kind: 'none' }, timeoutMs: 0 })).toThrow(/timeout.*positive number, got 0/);
  });
});
