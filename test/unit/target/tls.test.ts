/**
 * Certificate verification with a self-signed certificate (test/fixtures/tls): rejected by
 * default, accepted with the certificate as `ca`, accepted with `insecure`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type HttpTargetClient, type HttpTargetClientOptions, createTargetClient } from '../../../harness/target/http-target-client';
import { type RunningServer, startHttpsServer } from './local-servers';

const fixtures = path.join(__dirname, '../../fixtures/tls');
const cert = readFileSync(path.join(fixtures, 'localhost-cert.pem'), 'utf8');
const key = readFileSync(path.join(fixtures, 'localhost-key.pem'), 'utf8');

describe('TLS', () => {
  let server: RunningServer;
  let clients: HttpTargetClient[] = [];
  const client = (options: Partial<HttpTargetClientOptions> = {}): HttpTargetClient => {
    const created = createTargetClient({ baseUrl: `${server.origin}/scim/v2`, auth: { kind: 'none' }, ...options });
    clients.push(created);
    return created;
  };
  const getUsers = (c: HttpTargetClient) => c.send({ method: 'GET', path: '/Users' });

  beforeAll(async () => {
    server = await startHttpsServer({ cert, key }, (_req, res) => {
      res.setHeader('Content-Type', 'application/scim+json');
      res.end('{"totalResults":0}');
    });
  });
  afterEach(async () => {
    await Promise.all(clients.map((c) => c.close()));
    clients = [];
  });
  afterAll(() => server.close());

  it('rejects a self-signed certificate by default, as a tls error', async () => {
    const exchange = await getUsers(client());
    expect(exchange.error?.kind).toBe('tls');
    expect(exchange.error?.message).toMatch(/self[- ]signed/i);
    expect(exchange.response).toBeUndefined();
  });

  it('accepts the certificate when it is given as the CA', async () => {
    const exchange = await getUsers(client({ ca: cert }));
    expect(exchange.error).toBeUndefined();
    expect(exchange.response?.body).toEqual({ totalResults: 0 });
  });

  it('accepts any certificate with insecure', async () => {
    const exchange = await getUsers(client({ insecure: true }));
    expect(exchange.error).toBeUndefined();
    expect(exchange.response?.status).toBe(200);
  });
});

