/**
 * performRequest hands Node's client the host, port and path it reads from the URL itself
 * (instead of `http.request(url)`): what reaches a real server must be what the URL names.
 */
import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { createAgents, performRequest } from '../../../harness/target/http-transport';

interface Received {
  readonly url: string;
  readonly host: string;
  readonly authorization: string | undefined;
}

async function withServer(host: string, run: (port: number, received: Received[]) => Promise<void>): Promise<void> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    received.push({ url: req.url ?? '', host: req.headers.host ?? '', authorization: req.headers.authorization });
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  try {
    await run((server.address() as AddressInfo).port, received);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('performRequest request target', () => {
  const agents = createAgents({ maxSockets: 2 });
  afterAll(() => agents.destroy());

  const get = (url: string) => performRequest(agents, { url: new URL(url), method: 'GET', headers: {}, timeoutMs: 5000, maxResponseBytes: 1024 });

  it('sends the path and the percent-encoded query as the URL spells them', async () => {
    await withServer('127.0.0.1', async (port, received) => {
      const outcome = await get(`http://127.0.0.1:${port}/scim/v2/Users?filter=userName%20eq%20%22a%40b.c%22`);
      expect(outcome.response?.status).toBe(200);
      expect(received).toEqual([{ url: '/scim/v2/Users?filter=userName%20eq%20%22a%40b.c%22', host: `127.0.0.1:${port}`, authorization: undefined }]);
    });
  });

  it('reaches an IPv6 literal host, brackets removed for the socket and kept in Host', async () => {
    await withServer('::1', async (port, received) => {
      const outcome = await get(`http://[::1]:${port}/scim/Users`);
      expect(outcome.error).toBeUndefined();
      expect(received).toEqual([{ url: '/scim/Users', host: `[::1]:${port}`, authorization: undefined }]);
    });
  });

  it('turns userinfo into Basic authorization, percent-decoded, as http.request(url) does', async () => {
    await withServer('127.0.0.1', async (port, received) => {
      await get(`http://client%40x:p%3Ass@127.0.0.1:${port}/token`);
      expect(received[0]?.authorization).toBe(`Basic ${Buffer.from('client@x:p:ss').toString('base64')}`);
    });
  });
});
