import nock from 'nock';
import { BASE, ORIGIN, useNockedClients } from './nocked-clients';
import { type HttpTargetClient } from '../../../harness/target/http-target-client';
import { type TokenIssued, checkTokenLifetime, encodeClientCredentials } from '../../../harness/target/oauth';
import { closedPort } from './local-servers';

const IDP = 'http://idp.test';
const TOKEN_URL = `${IDP}/oauth2/token`;
const CLIENT_ID = 'harness-client';
const CLIENT_SECRET = 'cs-9d8e7f-TOP-SECRET';

interface TokenRequest {
  authorization: string | undefined;
  contentType: string | undefined;
  form: URLSearchParams;
}

/** A token endpoint issuing `tokens` in order, recording each request. */
function tokenEndpoint(tokens: string[], extra: Record<string, unknown> = { token_type: 'Bearer', expires_in: 3600 }) {
  const requests: TokenRequest[] = [];
  let index = 0;
  nock(IDP)
    .post('/oauth2/token')
    .times(tokens.length)
    .reply(function (_uri, body) {
      requests.push({
        authorization: this.req.headers['authorization'],
        contentType: this.req.headers['content-type'],
        form: new URLSearchParams(String(body)),
      });
      const accessToken = tokens[index];
      index += 1;
      return [200, { access_token: accessToken, ...extra }];
    });
  return requests;
}

/** A SCIM endpoint answering 200, recording the bearer token of each request. */
function scimEndpoint(times: number, status: (token: string) => number = () => 200) {
  const tokens: string[] = [];
  nock(ORIGIN)
    .get('/scim/v2/Users')
    .times(times)
    .reply(function () {
      const token = String(this.req.headers['authorization']).replace(/^Bearer /, '');
      tokens.push(token);
      return [status(token), { totalResults: 0 }];
    });
  return tokens;
}

describe('OAuth 2.0 client credentials', () => {
  let clockMs = Date.parse('2025-06-01T08:00:00Z');
  const client = useNockedClients(() => ({
    auth: { kind: 'oauth2', tokenUrl: TOKEN_URL, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scope: 'scim.write' },
    now: () => clockMs,
  }));
  const get = (c: HttpTargetClient) => c.send({ method: 'GET', path: '/Users' });

  beforeEach(() => {
    clockMs = Date.parse('2025-06-01T08:00:00Z');
  });

  it('requests a token with grant_type, scope and HTTP Basic client authentication (RFC 6749 §2.3.1, §4.4.2)', async () => {
    const requests = tokenEndpoint(['at-1']);
    const seen = scimEndpoint(1);
    const exchange = await get(client());
    expect(exchange.response?.status).toBe(200);
    expect(seen).toEqual(['at-1']);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.contentType).toBe('application/x-www-form-urlencoded');
    expect(requests[0]?.authorization).toBe(`Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`);
    expect(requests[0]?.form.get('grant_type')).toBe('client_credentials');
    expect(requests[0]?.form.get('scope')).toBe('scim.write');
    expect(requests[0]?.form.has('client_secret')).toBe(false);
  });

  it('form-encodes the client id and secret before Basic encoding', () => {
    expect(Buffer.from(encodeClientCredentials('id with space', 'a:b&c'), 'base64').toString()).toBe('id+with+space:a%3Ab%26c');
  });

  it('reuses the cached token for later requests', async () => {
    const requests = tokenEndpoint(['at-1']);
    const seen = scimEndpoint(2);
    const c = client();
    await get(c);
    clockMs += 30 * 60 * 1000;
    await get(c);
    expect(requests).toHaveLength(1);
    expect(seen).toEqual(['at-1', 'at-1']);
  });

  it('shares one token request among concurrent sends', async () => {
    const requests = tokenEndpoint(['at-1']);
    const seen = scimEndpoint(3);
    const c = client();
    const exchanges = await Promise.all([get(c), get(c), get(c)]);
    expect(exchanges.map((x) => x.response?.status)).toEqual([200, 200, 200]);
    expect(requests).toHaveLength(1);
    expect(seen).toEqual(['at-1', 'at-1', 'at-1']);
  });

  it('fetches a new token within 60 s of expiry', async () => {
    const requests = tokenEndpoint(['at-1', 'at-2']);
    const seen = scimEndpoint(3);
    const c = client();
    await get(c);
    clockMs += 3600 * 1000 - 61_000;
    await get(c);
    clockMs += 2_000;
    await get(c);
    expect(requests).toHaveLength(2);
    expect(seen).toEqual(['at-1', 'at-1', 'at-2']);
  });

  it('accepts expires_in as a numeric string', async () => {
    const requests = tokenEndpoint(['at-1', 'at-2'], { token_type: 'bearer', expires_in: '3599' });
    scimEndpoint(2);
    const c = client();
    await get(c);
    expect(c.tokenInfo()?.expiresInSeconds).toBe(3599);
    clockMs += 3599 * 1000;
    await get(c);
    expect(requests).toHaveLength(2);
  });

  it('after a 401 from the target, fetches a fresh token and retries once', async () => {
    const requests = tokenEndpoint(['at-revoked', 'at-2']);
    const seen = scimEndpoint(2, (token) => (token === 'at-revoked' ? 401 : 200));
    const exchange = await get(client());
    expect(requests).toHaveLength(2);
    expect(seen).toEqual(['at-revoked', 'at-2']);
    expect(exchange.response?.status).toBe(200);
    expect(exchange.previousAttempts?.map((attempt) => attempt.response?.status)).toEqual([401]);
  });

  it('returns the second 401 instead of refreshing again', async () => {
    const requests = tokenEndpoint(['at-1', 'at-2', 'at-3']);
    const seen = scimEndpoint(3, () => 401);
    const exchange = await get(client());
    expect(exchange.response?.status).toBe(401);
    expect(requests).toHaveLength(2);
    expect(seen).toEqual(['at-1', 'at-2']);
  });

  it('reports each issued token with its lifetime and the redacted token exchange', async () => {
    tokenEndpoint(['at-secret-value-1'], { token_type: 'Bearer', expires_in: 1800 });
    scimEndpoint(1);
    const issued: TokenIssued[] = [];
    const c = client({ onTokenIssued: (info) => issued.push(info) });
    await get(c);
    expect(issued).toHaveLength(1);
    expect(issued[0]).toMatchObject({ tokenUrl: TOKEN_URL, tokenType: 'Bearer', expiresInSeconds: 1800 });
    expect(issued[0]?.issuedAt).toBe(new Date(clockMs).toISOString());
    expect(issued[0]?.exchange.response?.status).toBe(200);
    expect(c.tokenInfo()).toBe(issued[0]);
    const recorded = JSON.stringify(issued);
    expect(recorded).not.toContain('at-secret-value-1');
    expect(recorded).not.toContain(CLIENT_SECRET);
    expect(checkTokenLifetime(issued[0]?.expiresInSeconds)).not.toBeNull();
  });

  it('surfaces a rejected token request as a connection error on the SCIM exchange, without sending it', async () => {
    nock(IDP)
      .post('/oauth2/token')
      .reply(401, { error: 'invalid_client', error_description: `unknown secret ${CLIENT_SECRET}` });
    const scim = nock(ORIGIN).get('/scim/v2/Users').reply(200, {});
    const exchange = await get(client());
    expect(exchange.error?.kind).toBe('connection');
    expect(exchange.error?.message).toContain(`OAuth token request to ${TOKEN_URL} failed: HTTP 401 (invalid_client`);
    expect(exchange.response).toBeUndefined();
    expect(exchange.request.url).toBe(`${BASE}/Users`);
    expect(exchange.request.headers['authorization']).toBeUndefined();
    expect(scim.isDone()).toBe(false);
    expect(JSON.stringify(exchange)).not.toContain(CLIENT_SECRET);
  });

  it('names a token response without access_token', async () => {
    nock(IDP).post('/oauth2/token').reply(200, { token_type: 'Bearer' });
    const exchange = await get(client());
    expect(exchange.error?.message).toMatch(/failed: HTTP 200 but the response has no access_token/);
  });

  it('names a token response that is not JSON', async () => {
    nock(IDP).post('/oauth2/token').reply(200, '<html>login</html>', { 'Content-Type': 'text/html' });
    const exchange = await get(client());
    expect(exchange.error?.message).toMatch(/failed: HTTP 200 but the body is not a JSON object/);
  });

  it('refuses a non-Bearer token type', async () => {
    nock(IDP).post('/oauth2/token').reply(200, { access_token: 'at-mac-1', token_type: 'mac' });
    const exchange = await get(client());
    expect(exchange.error?.message).toMatch(/token_type "mac" is not supported/);
  });

  it('names an unreachable token endpoint, and tries again on the next request', async () => {
    nock.enableNetConnect('127.0.0.1');
    const port = await closedPort();
    const tokenUrl = `http://127.0.0.1:${port}/token`;
    const c = client({ auth: { kind: 'oauth2', tokenUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } });
    const first = await get(c);
    const second = await get(c);
    nock.disableNetConnect();
    expect(first.error?.kind).toBe('connection');
    expect(first.error?.message).toContain(`OAuth token request to ${tokenUrl} failed: connection refused`);
    expect(second.error?.message).toContain('connection refused');
    expect(first.id).not.toBe(second.id);
  });
});

describe('checkTokenLifetime (Entra gallery: 60–360 minutes)', () => {
  it.each([3600, 3599, 7200, 21600])('accepts %p seconds', (seconds) => {
    expect(checkTokenLifetime(seconds)).toBeNull();
  });

  it.each([
    [1800, /30 minutes/],
    [300, /5 minutes/],
    [86400, /1440 minutes/],
  ])('flags %p seconds', (seconds, pattern) => {
    const problem = checkTokenLifetime(seconds);
    expect(problem?.title).toMatch(pattern);
    expect(problem?.actual).toBe(`expires_in ${seconds} seconds (${Math.round(seconds / 60)} minutes)`);
    expect(problem?.expected).toMatch(/3600 and 21600 seconds/);
    expect(problem?.fix).toMatch(/between 60 and 360 minutes/);
  });

  it('flags a token response without expires_in', () => {
    expect(checkTokenLifetime(undefined)?.title).toMatch(/no expires_in/);
  });
});
