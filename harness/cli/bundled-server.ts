/**
 * The bundled SCIM server (examples/scim-server) as the entry points use it: the embedded default
 * target of a run without --target, and `example-server`. Only the entry points load it; the
 * server is a program of its own, so its option errors become the harness's usage errors (exit 2).
 */
import type * as BundledServerModule from '../../examples/scim-server';
import { ConfigurationError } from '../errors';
import { type StartEmbeddedTarget } from '../runner/embedded-target';

type BundledServer = typeof BundledServerModule;

/** Loaded only when needed: a run against a real target does not carry the server in memory. */
export async function loadBundledServer(): Promise<BundledServer> {
  return import('../../examples/scim-server');
}

/** Runs `work`, turning the server's option errors into the harness's ConfigurationError. */
export async function asUsageErrors<T>(server: BundledServer, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof server.ConfigurationError) throw new ConfigurationError(error.message);
    throw error;
  }
}

/** The embedded default target: the bundled server on a free loopback port, requiring `token`. */
export const startBundledServer: StartEmbeddedTarget = async ({ token }) => {
  const server = await loadBundledServer();
  return asUsageErrors(server, () => server.startScimServer({ port: 0, host: '127.0.0.1', token }));
};
