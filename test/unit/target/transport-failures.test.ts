/**
 * Transport failures against real sockets on 127.0.0.1: each one must come back as an Exchange
 * with the right error kind, never as a rejection.
 */
import { type ServerResponse } from 'node:http';
import { type HttpTargetClient, type HttpTargetClientOptions, createTargetClient } from '../../../harness/target/http-target-client';
import { type RunningServer, closedPort, startHttpServer, startRawServer } from './local-servers';

describe('transport failures', () => {
  let servers: RunningServer[] = [];
  let clients: HttpTargetClient[] = [];

  const track = (server: RunningServer): RunningServer => {
    servers.push(server);
    return server;
  };
  const client = (origin: string, options: Partial<HttpTargetClientOptions> = {}): HttpTargetClient => {
    const created = createTargetClient({ baseUrl: `${origin}/scim/v2`, auth: { kind: 'none' }, timeoutMs: 5000, ...options });
    clients.push(created);
    return created;
  };
  const getUsers = (c: HttpTargetClient, signal?: AbortSignal) => c.send({ method: 'GET', path: '/Users' }, signal);

  afterEach(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(servers.map((s) => s.close()));
    clients = [];
    servers = [];
  });

  it('classifies a refused connection as connection, without a response', async () => {
    const port = await closedPort();
    const exchange = await getUsers(client(`http://127.0.0.1:${port}`));
    expect(exchange.error?.kind).toBe('connection');
    expect(exchange.error?.message).toMatch(/connection refused.*ECONNREFUSED/);
    expect(exchange.response).toBeUndefined();
    expect(exchange.request.url).toBe(`http://127.0.0.1:${port}/scim/v2/Users`);
  });

  it('classifies a connection reset before any response as connection', async () => {
    const server = track(await startRawServer((socket) => socket.destroy()));
    const exchange = await getUsers(client(server.origin));
    expect(exchange.error?.kind).toBe('connection');
    expect(exchange.response).toBeUndefined();
  });

  it('keeps the status when the connection drops mid-body', async () => {
    const server = track(
      await startRawServer((socket) => {
        socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/scim+json\r\nContent-Length: 100\r\n\r\n{"Resources":[');
        setImmediate(() => socket.destroy());
      }),
    );
    const exchange = await getUsers(client(server.origin));
    expect(exchange.error?.kind).toBe('connection');
    expect(exchange.response?.status).toBe(200);
    expect(exchange.response?.bytes).toBe('{"Resources":['.length);
    expect(exchange.response?.text).toBe('{"Resources":[');
    expect(exchange.response?.parseError).toBeUndefined();
  });

  it('times out when the server never answers', async () => {
    const server = track(await startRawServer(() => undefined));
    const exchange = await getUsers(client(server.origin, { timeoutMs: 200 }));
    expect(exchange.error?.kind).toBe('timeout');
    expect(exchange.error?.message).toMatch(/within 200 ms \(no response headers received\)/);
    expect(exchange.response).toBeUndefined();
  });

  it('times out when the body stalls half-way, keeping status and partial body', async () => {
    const server = track(
      await startHttpServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/scim+json', 'Content-Length': '40' });
        res.write('{"totalResults":1,');
      }),
    );
    const exchange = await getUsers(client(server.origin, { timeoutMs: 200 }));
    expect(exchange.error?.kind).toBe('timeout');
    expect(exchange.error?.message).toMatch(/status 200 and 18 body bytes/);
    expect(exchange.response?.status).toBe(200);
    expect(exchange.response?.text).toBe('{"totalResults":1,');
  });

  it('cuts off a chunked body over the size cap and keeps the status and headers', async () => {
    const server = track(
      await startHttpServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/scim+json', 'X-Trace': 'abc' });
        const interval = setInterval(() => {
          if (!res.write('x'.repeat(512))) {
            clearInterval(interval);
          }
        }, 1);
        res.on('close', () => clearInterval(interval));
      }),
    );
    const exchange = await getUsers(client(server.origin, { maxResponseBytes: 1024 }));
    expect(exchange.error?.kind).toBe('tooLarge');
    expect(exchange.error?.message).toMatch(/exceeds the 1024-byte cap/);
    expect(exchange.response?.status).toBe(200);
    expect(exchange.response?.headers['x-trace']).toBe('abc');
    expect(exchange.response?.bytes).toBeGreaterThan(1024);
  });

  it('refuses a declared Content-Length over the cap without reading the body', async () => {
    const server = track(
      await startHttpServer((_req, res) => {
        res.writeHead(200, { 'Content-Length': '5000' });
        res.write('y'.repeat(100));
      }),
    );
    const exchange = await getUsers(client(server.origin, { maxResponseBytes: 1024 }));
    expect(exchange.error?.kind).toBe('tooLarge');
    expect(exchange.error?.message).toMatch(/5000 bytes \(Content-Length\) exceeds the 1024-byte cap/);
    expect(exchange.response?.status).toBe(200);
  });

  it('accepts a body exactly at the cap', async () => {
    const body = JSON.stringify({ pad: 'z'.repeat(1000) });
    const server = track(await startHttpServer((_req, res) => res.end(body)));
    const exchange = await getUsers(client(server.origin, { maxResponseBytes: Buffer.byteLength(body) }));
    expect(exchange.error).toBeUndefined();
    expect(exchange.response?.body).toEqual({ pad: 'z'.repeat(1000) });
  });

  it('records invalid UTF-8 as a parse error, not a transport error', async () => {
    const server = track(
      await startHttpServer((_req, res) => {
        res.setHeader('Content-Type', 'application/scim+json');
        res.end(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
      }),
    );
    const exchange = await getUsers(client(server.origin));
    expect(exchange.error).toBeUndefined();
    expect(exchange.response?.status).toBe(200);
    expect(exchange.response?.parseError).toMatch(/not valid UTF-8/);
    expect(exchange.response).not.toHaveProperty('body');
    expect(exchange.response?.bytes).toBe(10);
  });

  it('records malformed JSON as a parse error and keeps the text', async () => {
    const server = track(await startHttpServer((_req, res) => res.end('{"schemas": [')));
    const exchange = await getUsers(client(server.origin));
    expect(exchange.error).toBeUndefined();
    expect(exchange.response?.parseError).toMatch(/not valid JSON/);
    expect(exchange.response?.text).toBe('{"schemas": [');
  });

  it('does not follow a redirect to another origin and says where it pointed', async () => {
    let hits = 0;
    const elsewhere = track(
      await startHttpServer((_req, res) => {
        hits += 1;
        res.end('{}');
      }),
    );
    const location = `${elsewhere.origin}/scim/v2/Users`;
    const server = track(
      await startHttpServer((_req, res) => {
        res.writeHead(307, { Location: location });
        res.end();
      }),
    );
    const exchange = await getUsers(client(server.origin));
    expect(exchange.error?.kind).toBe('redirect');
    expect(exchange.error?.message).toContain(`Location ${location}`);
    expect(exchange.error?.message).toContain(`cross-origin: from ${server.origin} to ${elsewhere.origin}`);
    expect(exchange.response?.status).toBe(307);
    expect(hits).toBe(0);
  });

  it('does not follow a same-origin redirect either, and says it was same-origin', async () => {
    let hits = 0;
    const server = track(
      await startHttpServer((req, res) => {
        hits += 1;
        res.writeHead(301, { Location: '/scim/v2/Users/' });
        res.end();
      }),
    );
    const exchange = await getUsers(client(server.origin));
    expect(exchange.error?.kind).toBe('redirect');
    expect(exchange.error?.message).toContain(`same-origin (${server.origin})`);
    expect(hits).toBe(1);
  });

  it('treats a 304 without Location as an ordinary response', async () => {
    const server = track(
      await startHttpServer((_req, res) => {
        res.writeHead(304);
        res.end();
      }),
    );
    const exchange = await getUsers(client(server.origin));
    expect(exchange.error).toBeUndefined();
    expect(exchange.response?.status).toBe(304);
  });

  it('reads an HTTP/1.0 body delimited by connection close', async () => {
    const server = track(
      await startRawServer((socket) => {
        socket.end('HTTP/1.0 200 OK\r\nContent-Type: application/scim+json\r\n\r\n{"totalResults":0,"Resources":[]}');
      }),
    );
    const exchange = await getUsers(client(server.origin));
    expect(exchange.error).toBeUndefined();
    expect(exchange.response?.body).toEqual({ totalResults: 0, Resources: [] });
    expect(exchange.response?.headers['content-length']).toBeUndefined();
  });

  it('reads a chunked body', async () => {
    const server = track(
      await startHttpServer((_req, res: ServerResponse) => {
        res.setHeader('Content-Type', 'application/scim+json');
        res.write('{"totalResults":2,');
        setImmediate(() => res.end('"Resources":[]}'));
      }),
    );
    const exchange = await getUsers(client(server.origin));
    expect(exchange.response?.headers['transfer-encoding']).toBe('chunked');
    expect(exchange.response?.body).toEqual({ totalResults: 2, Resources: [] });
    expect(exchange.error).toBeUndefined();
  });

  it('classifies an unparseable status line as a protocol error', async () => {
    const server = track(await startRawServer((socket) => socket.end('SCIM/9 OK-ish\r\n\r\n')));
    const exchange = await getUsers(client(server.origin));
    expect(exchange.error?.kind).toBe('protocol');
    expect(exchange.error?.message).toMatch(/malformed HTTP response \(HPE_/);
  });

  it('reuses one keep-alive connection for sequential requests', async () => {
    const server = track(await startHttpServer((_req, res) => res.end('{}')));
    const c = client(server.origin);
    await getUsers(c);
    await getUsers(c);
    await getUsers(c);
    expect(server.connections()).toBe(1);
  });

  it('resends once on a fresh connection when a pooled keep-alive socket was closed under it', async () => {
    let served = 0;
    const server = track(
      await startRawServer((socket) => {
        const perSocket = (socket as { answered?: boolean }).answered === true;
        if (perSocket) {
          // The second request on a pooled socket: the server had dropped it as idle.
          socket.destroy();
          return;
        }
        (socket as { answered?: boolean }).answered = true;
        served += 1;
        socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/scim+json\r\nContent-Length: 2\r\n\r\n{}');
      }),
    );
    const c = client(server.origin);
    const first = await getUsers(c);
    const second = await getUsers(c);
    expect(first.error).toBeUndefined();
    expect(second.error).toBeUndefined();
    expect(second.response?.status).toBe(200);
    expect(served).toBe(2);
    expect(server.connections()).toBe(2);
  });

  it('rejects with an AbortError and destroys the in-flight request when the caller aborts', async () => {
    let socketClosed: Promise<void> = Promise.resolve();
    let arrived: () => void = () => undefined;
    const requestArrived = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const server = track(
      await startHttpServer((req) => {
        socketClosed = new Promise((resolve) => req.socket.on('close', () => resolve()));
        arrived();
      }),
    );
    const controller = new AbortController();
    const pending = getUsers(client(server.origin), controller.signal);
    await requestArrived;
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await socketClosed;
  });

  it('rejects at once for a signal that is already aborted, sending nothing', async () => {
    let hits = 0;
    const server = track(
      await startHttpServer((_req, res) => {
        hits += 1;
        res.end('{}');
      }),
    );
    const controller = new AbortController();
    controller.abort();
    await expect(getUsers(client(server.origin), controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(hits).toBe(0);
  });
});
