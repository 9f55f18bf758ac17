/**
 * What the RFC suite asks of the HTTP client beyond Entra's requests: a body that is not JSON
 * (`rawBody`, for RFC 7644 §3.12 invalidSyntax) and requests without, or with unknown,
 * credentials (`credentials`, for RFC 7644 §2) — and that neither leaks the run's own secret.
 */
import nock from 'nock';
import { ORIGIN, useNockedClients } from './nocked-clients';

interface Captured {
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: unknown;
}

function capture(scope: nock.Interceptor, status = 400): Captured[] {
  const seen: Captured[] = [];
  scope.reply(function (_uri, body) {
    seen.push({ headers: { ...this.req.headers }, body });
    return [status, JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status) }), { 'Content-Type': 'application/scim+json' }];
  });
  return seen;
}

describe('requests of the RFC suite', () => {
  const client = useNockedClients(() => ({ auth: { kind: 'bearer', token: 'run-token-5f3a9c' } }));

  it('sends a raw body exactly as given, as application/scim+json, and records it as the text it is', async () => {
    const seen = capture(nock(ORIGIN).post('/scim/v2/Users'));
    const rawBody = '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"trunc';
    const exchange = await client().send({ method: 'POST', path: '/Users', rawBody });
    expect(seen[0]?.body).toBe(rawBody);
    expect(seen[0]?.headers['content-type']).toBe('application/scim+json');
    expect(seen[0]?.headers['content-length']).toBe(String(Buffer.byteLength(rawBody)));
    expect(exchange.request.body).toBe(rawBody);
  });

  it('sends no Authorization header with credentials "none", and an unknown bearer token with "invalid" — never the run\'s', async () => {
    const seen = capture(nock(ORIGIN).get('/scim/v2/Users').times(3), 401);
    await client().send({ method: 'GET', path: '/Users', credentials: 'none' });
    const invalid = await client().send({ method: 'GET', path: '/Users', credentials: 'invalid' });
    await client().send({ method: 'GET', path: '/Users' });
    expect(seen[0]?.headers.authorization).toBeUndefined();
    expect(seen[1]?.headers.authorization).toMatch(/^Bearer scim-harness-invalid-token-/);
    expect(seen[2]?.headers.authorization).toBe('Bearer run-token-5f3a9c');
    expect(JSON.stringify(invalid)).not.toContain('run-token-5f3a9c');
  });

  it('fetches no OAuth token for a request that withholds credentials, and does not retry its 401', async () => {
    const token = nock(ORIGIN).post('/oauth/token').reply(200, { access_token: 'oauth-token-1', token_type: 'Bearer', expires_in: 3600 });
    const seen = capture(nock(ORIGIN).get('/scim/v2/Users'), 401);
    const oauth = client({ auth: { kind: 'oauth2', tokenUrl: `${ORIGIN}/oauth/token`, clientId: 'id', clientSecret: 'secret' } });
    const exchange = await oauth.send({ method: 'GET', path: '/Users', credentials: 'none' });
    expect(exchange.response?.status).toBe(401);
    expect(exchange.previousAttempts).toBeUndefined();
    expect(seen).toHaveLength(1);
    expect(token.isDone()).toBe(false);
  });
});
