/**
 * Real servers on 127.0.0.1 (free port) for transport failures nock cannot produce faithfully:
 * refused connections, resets, stalls, raw HTTP/1.0, TLS.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

export interface RunningServer {
  readonly port: number;
  readonly origin: string;
  /** Connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

async function start(server: net.Server, scheme: 'http' | 'https'): Promise<RunningServer> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  server.on(scheme === 'https' ? 'secureConnection' : 'connection', () => {
    accepted += 1;
  });
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('server did not bind a TCP port');
  }
  return {
    port: address.port,
    origin: `${scheme}://127.0.0.1:${address.port}`,
    connections: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) {
          socket.destroy();
        }
        server.close(() => resolve());
      }),
  };
}

export function startHttpServer(handler: http.RequestListener): Promise<RunningServer> {
  return start(http.createServer(handler), 'http');
}

export function startHttpsServer(options: https.ServerOptions, handler: http.RequestListener): Promise<RunningServer> {
  return start(https.createServer(options, handler), 'https');
}

/** A TCP server that reads one request head per socket and lets the test answer raw bytes. */
export function startRawServer(onRequest: (socket: net.Socket, head: string) => void): Promise<RunningServer> {
  const server = net.createServer((socket) => {
    let buffered = '';
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      let end = buffered.indexOf('\r\n\r\n');
      while (end !== -1) {
        const head = buffered.slice(0, end);
        buffered = buffered.slice(end + 4);
        onRequest(socket, head);
        end = buffered.indexOf('\r\n\r\n');
      }
    });
  });
  return start(server, 'http');
}

/** A port that was listening a moment ago and is now closed: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = await start(net.createServer(), 'http');
  await server.close();
  return server.port;
}
