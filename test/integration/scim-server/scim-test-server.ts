/**
 * Test fixture: the bundled app (createScimApp) behind an http.Server bound to 127.0.0.1 on a
 * free port, driven with supertest; SCIM bodies and bearer token set by default.
 */
import { createServer, type Server } from 'node:http';
import request, { type Test } from 'supertest';
import { type FaultSwitches, type RecordedRequest, ScimStore, type ScimServerOptions, createScimApp } from '../../../examples/scim-server';

export const TOKEN = 'test-token-123';
export const BASE = '/scim/v2';
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SEARCH_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
export const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const SCIM_JSON = 'application/scim+json; charset=utf-8';

export type Json = Record<string, unknown>;

export interface PatchOperation {
  op: string;
  path?: string;
  value?: unknown;
}

export function userBody(userName: string, extra: Json = {}): Json {
  return { schemas: [USER_SCHEMA], userName, ...extra };
}

export function groupBody(displayName: string, extra: Json = {}): Json {
  return { schemas: [GROUP_SCHEMA], displayName, ...extra };
}

export function patchBody(...operations: PatchOperation[]): Json {
  return { schemas: [PATCH_OP], Operations: operations };
}

export class ScimTestServer {
  private constructor(
    private readonly server: Server,
    readonly store: ScimStore,
    readonly requests: RecordedRequest[],
    private readonly token: string | undefined,
  ) {}

  static async start(options: ScimServerOptions & { faults?: Partial<FaultSwitches> } = {}): Promise<ScimTestServer> {
    const store = options.store ?? new ScimStore();
    const requests: RecordedRequest[] = options.requestLog ?? [];
    const token = 'token' in options ? options.token : TOKEN;
    const app = createScimApp({ ...options, token, store, requestLog: requests });
    const server = createServer(app);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new ScimTestServer(server, store, requests, token);
  }

  private authorize(test: Test): Test {
    return this.token === undefined ? test : test.set('Authorization', `Bearer ${this.token}`);
  }

  /** A raw supertest request without default headers. */
  raw(method: 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options', path: string): Test {
    return request(this.server)[method](path);
  }

  get(path: string, query: Record<string, string | number> = {}): Test {
    return this.authorize(request(this.server).get(`${BASE}${path}`).query(query));
  }

  post(path: string, body: unknown): Test {
    return this.authorize(request(this.server).post(`${BASE}${path}`)).set('Content-Type', 'application/scim+json').send(JSON.stringify(body));
  }

  put(path: string, body: unknown): Test {
    return this.authorize(request(this.server).put(`${BASE}${path}`)).set('Content-Type', 'application/scim+json').send(JSON.stringify(body));
  }

  patch(path: string, body: unknown, query: Record<string, string> = {}): Test {
    return this.authorize(request(this.server).patch(`${BASE}${path}`).query(query)).set('Content-Type', 'application/scim+json').send(JSON.stringify(body));
  }

  delete(path: string): Test {
    return this.authorize(request(this.server).delete(`${BASE}${path}`));
  }

  async createUser(userName: string, extra: Json = {}): Promise<Json> {
    const response = await this.post('/Users', userBody(userName, extra));
    if (response.status !== 201) throw new Error(`creating ${userName} answered ${response.status}: ${response.text}`);
    return response.body as Json;
  }

  async createGroup(displayName: string, extra: Json = {}): Promise<Json> {
    const response = await this.post('/Groups', groupBody(displayName, extra));
    if (response.status !== 201) throw new Error(`creating group ${displayName} answered ${response.status}: ${response.text}`);
    return response.body as Json;
  }

  /** Ids of the Resources of a filtered GET /Users or /Groups. */
  async filterIds(endpoint: '/Users' | '/Groups', filter: string): Promise<string[]> {
    const response = await this.get(endpoint, { filter });
    if (response.status !== 200) throw new Error(`filter ${filter} answered ${response.status}: ${response.text}`);
    return ((response.body.Resources ?? []) as Json[]).map((resource) => String(resource.id));
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }
}

/** Asserts an RFC 7644 §3.12 error body and returns it. */
export function expectScimError(response: { status: number; body: unknown; headers: Record<string, string> }, status: number, scimType?: string): Json {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toBe(SCIM_JSON);
  const body = response.body as Json;
  expect(body.schemas).toEqual([ERROR_SCHEMA]);
  expect(body.status).toBe(String(status));
  expect(typeof body.detail).toBe('string');
  if (scimType === undefined) expect(body.scimType).toBeUndefined();
  else expect(body.scimType).toBe(scimType);
  return body;
}

/**
 * Servers in pairs, one with the given faults on and one correct, to show the contrast; every
 * server a test started is closed after it. Call once per test file, at its top level.
 */
export function useServerPairs(): (faults: Partial<FaultSwitches>) => Promise<{ faulty: ScimTestServer; correct: ScimTestServer }> {
  const running: ScimTestServer[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((server) => server.close()));
  });
  return async (faults) => {
    const faulty = await ScimTestServer.start({ faults });
    const correct = await ScimTestServer.start();
    running.push(faulty, correct);
    return { faulty, correct };
  };
}
