/**
 * Starting the bundled server on a port. Its declarations name no express type, so the
 * library's public types compile without @types/express.
 */
import { type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { ConfigurationError } from './configuration-error';
import { buildScimApp } from './app';
import { type RunningScimServer, type StartScimServerOptions } from './server-options';

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts the server (127.0.0.1, a free port unless told otherwise) and resolves once it listens. */
export async function startScimServer(options: StartScimServerOptions = {}): Promise<RunningScimServer> {
  const built = buildScimApp(options);
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const port = options.port ?? 0;
    const listening = built.app.listen(port, host);
    listening.once('listening', () => resolve(listening));
    listening.once('error', (error: NodeJS.ErrnoException) => {
      built.dispose();
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES' || error.code === 'EADDRNOTAVAIL') {
        reject(new ConfigurationError(`cannot listen on ${host}:${port} (${error.code}); choose another port or host (port 0 picks any free port)`));
      } else {
        reject(error);
      }
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    baseUrl: `http://${urlHost(host)}:${port}${built.basePath}`,
    port,
    store: built.store,
    requests: built.requests,
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        built.dispose();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
