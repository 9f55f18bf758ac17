/**
 * The nock set-up every transport test shares: no real network, interceptors cleared and
 * clients closed after each test, nock's patching of node:http undone after the file (so it
 * does not leak into other test files of the same worker).
 */
import nock from 'nock';
import { type HttpTargetClient, type HttpTargetClientOptions, createTargetClient } from '../../../harness/target/http-target-client';

export const ORIGIN = 'http://scim.test';
export const BASE = `${ORIGIN}/scim/v2`;

/** Registers the hooks in the calling describe block; returns a factory for clients it closes. */
export function useNockedClients(defaults: () => Partial<HttpTargetClientOptions> = () => ({})): (options?: Partial<HttpTargetClientOptions>) => HttpTargetClient {
  let clients: HttpTargetClient[] = [];
  beforeAll(() => nock.disableNetConnect());
  afterEach(async () => {
    nock.cleanAll();
    await Promise.all(clients.map((c) => c.close()));
    clients = [];
  });
  afterAll(() => {
    nock.enableNetConnect();
    nock.restore();
  });
  return (options = {}) => {
    const created = createTargetClient({ baseUrl: BASE, auth: { kind: 'none' }, ...defaults(), ...options });
    clients.push(created);
    return created;
  };
}
