/**
 * Planted secrets must appear nowhere in a recorded Exchange: not in headers, URLs, bodies,
 * response text, error messages or earlier (throttled) attempts.
 */
import nock from 'nock';
import { BASE, ORIGIN, useNockedClients } from './nocked-clients';
import { REDACTED } from '../../../harness/target/redact';


const TOKEN = 'tok-5b2c-PLANTED-BEARER';
const PASSWORD = 'Pw-planted-7731!';
const PATCH_PASSWORD = 'Pw-patched-0042?';
const HEADER_SECRET = 'hdr-planted-api-key';
const EXTRA_SECRET = 'file-planted-secret';
const BASIC_PASSWORD = 'basic-planted-pw';
const CLIENT_SECRET = 'client-planted-secret';

/** Replies with everything it received, the way a debugging endpoint or a verbose error might. */
function echo(this: nock.ReplyFnContext, uri: string, body: nock.Body): string {
  return JSON.stringify({ uri, headers: this.req.headers, received: body, detail: `rejected ${String(body)}` });
}

function expectNoSecrets(recorded: string, secrets: readonly string[]): void {
  for (const secret of secrets) {
    expect(recorded).not.toContain(secret);
    expect(recorded).not.toContain(encodeURIComponent(secret));
  }
}

describe('redaction of recorded exchanges', () => {
  const client = useNockedClients();


  it('removes the bearer token, custom header values, extra secrets and passwords everywhere, previous attempts included', async () => {
    nock(ORIGIN)
      .post('/scim/v2/Users')
      .query(true)
      .reply(429, echo, { 'Retry-After': '0', 'Set-Cookie': `sid=${TOKEN}` })
      .post('/scim/v2/Users')
      .query(true)
      .reply(400, echo, { 'Content-Type': 'text/plain' });
    const c = client({
      auth: { kind: 'bearer', token: TOKEN },
      headers: { 'X-Api-Tenant': HEADER_SECRET },
      extraSecrets: [EXTRA_SECRET],
    });
    const exchange = await c.send({
      method: 'POST',
      path: '/Users',
      query: { probe: EXTRA_SECRET },
      body: {
        userName: 'bjensen',
        password: PASSWORD,
        Operations: [{ op: 'replace', path: 'password', value: PATCH_PASSWORD }],
      },
    });

    expect(exchange.previousAttempts).toHaveLength(1);
    expect(exchange.response?.status).toBe(400);
    expectNoSecrets(JSON.stringify(exchange), [TOKEN, PASSWORD, PATCH_PASSWORD, HEADER_SECRET, EXTRA_SECRET]);
    expect(exchange.request.headers['authorization']).toBe(`Bearer ${REDACTED}`);
    expect(exchange.request.headers['x-api-tenant']).toBe(REDACTED);
    expect(exchange.request.url).toBe(`${BASE}/Users?probe=${REDACTED}`);
    expect(exchange.request.body).toMatchObject({ userName: 'bjensen', password: REDACTED });
    expect(exchange.previousAttempts?.[0]?.response?.headers['set-cookie']).toBe(REDACTED);
  });

  it('removes a basic password and its base64 credential, even when echoed back', async () => {
    nock(ORIGIN).get('/scim/v2/Users').reply(200, echo);
    const exchange = await client({ auth: { kind: 'basic', username: 'svc', password: BASIC_PASSWORD } }).send({
      method: 'GET',
      path: '/Users',
    });
    const credential = Buffer.from(`svc:${BASIC_PASSWORD}`).toString('base64');
    expectNoSecrets(JSON.stringify(exchange), [BASIC_PASSWORD, credential]);
    expect(exchange.request.headers['authorization']).toBe(`Basic ${REDACTED}`);
    expect((exchange.response?.body as { headers: Record<string, string> }).headers['authorization']).toBe(
      `Basic ${REDACTED}`,
    );
  });

  it('removes secrets from transport error messages (a redirect Location carrying a token)', async () => {
    nock(ORIGIN)
      .get('/scim/v2/Users')
      .reply(302, '', { Location: `https://login.test/authorize?token=${TOKEN}` });
    const exchange = await client({ auth: { kind: 'bearer', token: TOKEN } }).send({ method: 'GET', path: '/Users' });
    expect(exchange.error?.kind).toBe('redirect');
    expect(exchange.error?.message).toContain(`https://login.test/authorize?token=${REDACTED}`);
    expectNoSecrets(JSON.stringify(exchange), [TOKEN]);
  });

  it('removes a password echoed back in a response that is not JSON', async () => {
    nock(ORIGIN)
      .post('/scim/v2/Users')
      .reply(400, `password ${PASSWORD} is too weak`, { 'Content-Type': 'text/plain' });
    const exchange = await client({}).send({ method: 'POST', path: '/Users', body: { password: PASSWORD } });
    expect(exchange.response?.text).toBe(`password ${REDACTED} is too weak`);
    expect(exchange.response?.parseError).toBeDefined();
    expectNoSecrets(JSON.stringify(exchange), [PASSWORD]);
  });

  it('removes the client secret and every access token issued, in SCIM and token exchanges', async () => {
    nock('http://idp.test')
      .post('/token')
      .reply(200, { access_token: 'at-planted-1', token_type: 'Bearer', expires_in: 3600 })
      .post('/token')
      .reply(200, { access_token: 'at-planted-2', token_type: 'Bearer', expires_in: 3600 });
    nock(ORIGIN)
      .get('/scim/v2/Users')
      .reply(401, echo)
      .get('/scim/v2/Users')
      .reply(200, echo);
    const c = client({
      auth: { kind: 'oauth2', tokenUrl: 'http://idp.test/token', clientId: 'cid', clientSecret: CLIENT_SECRET },
    });
    const exchange = await c.send({ method: 'GET', path: '/Users' });
    expect(exchange.previousAttempts).toHaveLength(1);
    const recorded = JSON.stringify({ exchange, token: c.tokenInfo() });
    const basic = Buffer.from(`cid:${CLIENT_SECRET}`).toString('base64');
    expectNoSecrets(recorded, [CLIENT_SECRET, basic, 'at-planted-1', 'at-planted-2']);
    expect(c.tokenInfo()?.exchange.response?.body).toMatchObject({ access_token: REDACTED });
  });

  it('exposes its redactor so other output can reuse it', () => {
    const c = client({ auth: { kind: 'bearer', token: TOKEN } });
    expect(c.redactor.redactText(`debug: ${TOKEN}`)).toBe(`debug: ${REDACTED}`);
  });
});
