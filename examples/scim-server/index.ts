/**
 * The bundled SCIM 2.0 server: in memory, correct by default, with fault switches that make
 * it commit the mistakes real endpoints make. The harness's embedded default target.
 */
import { type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import type express from 'express';
import { ConfigurationError } from './configuration-error';
import { buildScimApp } from './app';
import { type RunningScimServer, type ScimServerOptions, type StartScimServerOptions } from './server-options';

export { DEFAULT_BASE_PATH, DEFAULT_MAX_RESULTS } from './app';
export { ConfigurationError } from './configuration-error';
export { ScimError, ERROR_SCHEMA, type ScimErrorBody, type ScimErrorType } from './errors';
export {
  FAULT_SWITCHES,
  FAULTS_ENV,
  NO_FAULTS,
  describeFaultSwitches,
  parseFaultSwitches,
  withFaults,
  type FaultSwitchInfo,
  type FaultSwitches,
} from './faults';
export { formatFilter, parseFilter, parsePatchPath, type FilterNode, type PatchPath } from './filter-parser';
export { REDACTED, type RecordedRequest } from './request-recorder';
export { ScimStore, type ScimStoreAccess } from './store';
export { SCIM_CONTENT_TYPE } from './http-io';
export type { RunningScimServer, ScimServerOptions, StartScimServerOptions } from './server-options';

/** The express application alone, for supertest or for mounting in another server. */
export function createScimApp(options: ScimServerOptions = {}): express.Express {
  return buildScimApp(options).app;
}

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
