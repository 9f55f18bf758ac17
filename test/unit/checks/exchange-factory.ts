/** Builds recorded exchanges for check tests: a conforming default, with only what a test varies. */
import { type Exchange, type HttpMethod } from '../../../harness/contract/exchange';

export const BASE = 'https://scim.example.test/scim/v2';
export const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const LIST_URN = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const PATCH_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export interface ExchangeShape {
  readonly method?: HttpMethod;
  /** Path after the base URL, query included, e.g. `/Users?filter=…`. */
  readonly path: string;
  readonly requestBody?: unknown;
  readonly status?: number;
  /** Response body; a 204 has none unless given. */
  readonly body?: unknown;
  /** Raw response text, for bodies that are not JSON. */
  readonly text?: string;
  readonly parseError?: string;
  /** Response headers; content-type defaults to application/scim+json when there is a body. */
  readonly headers?: Record<string, string>;
  readonly noResponse?: boolean;
  readonly id?: string;
}

let sequence = 0;

export function makeExchange(shape: ExchangeShape): Exchange {
  sequence += 1;
  const status = shape.status ?? 200;
  const text = shape.text ?? (shape.body === undefined ? '' : JSON.stringify(shape.body));
  const headers: Record<string, string> = {
    ...(text.length > 0 ? { 'content-type': 'application/scim+json; charset=utf-8' } : {}),
    ...shape.headers,
  };
  return {
    id: shape.id ?? `ex-${sequence}`,
    startedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, sequence)).toISOString(),
    request: {
      method: shape.method ?? 'GET',
      url: `${BASE}${shape.path}`,
      headers: { authorization: '[REDACTED]', 'content-type': 'application/scim+json' },
      ...(shape.requestBody !== undefined ? { body: shape.requestBody } : {}),
    },
    ...(shape.noResponse
      ? { error: { kind: 'timeout' as const, message: 'timed out' } }
      : {
          response: {
            status,
            headers,
            ...(shape.body !== undefined ? { body: shape.body } : {}),
            text,
            bytes: Buffer.byteLength(text),
            ...(shape.parseError !== undefined ? { parseError: shape.parseError } : {}),
          },
        }),
    durationMs: 12,
  };
}

/** A filter query URL as Entra encodes it (docs/entra-behaviour.md#match-query-encoding). */
export function filterPath(resource: 'Users' | 'Groups', filter: string, extra = ''): string {
  return `/${resource}?filter=${encodeURIComponent(filter)}${extra}`;
}

export function scimUser(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const id = (overrides.id as string | undefined) ?? 'u-1';
  return {
    schemas: [USER_URN, ENTERPRISE_URN],
    id,
    externalId: 'ext-1',
    userName: 'alice@contoso.test',
    name: { givenName: 'Alice', familyName: 'Smith', formatted: 'Alice Smith' },
    displayName: 'Alice Smith',
    active: true,
    emails: [{ value: 'alice@contoso.test', type: 'work', primary: true }],
    phoneNumbers: [{ value: '+1 555 0100', type: 'mobile' }],
    [ENTERPRISE_URN]: { employeeNumber: '42', department: 'Sales', manager: { value: 'u-9', $ref: `${BASE}/Users/u-9` } },
    meta: {
      resourceType: 'User',
      created: '2026-01-01T00:00:00Z',
      lastModified: '2026-01-01T00:00:00.123Z',
      location: `${BASE}/Users/${id}`,
      version: 'W/"1"',
    },
    ...overrides,
  };
}

export function scimGroup(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const id = (overrides.id as string | undefined) ?? 'g-1';
  return {
    schemas: [GROUP_URN],
    id,
    externalId: 'gext-1',
    displayName: 'Sales',
    members: [],
    meta: { resourceType: 'Group', created: '2026-01-01T00:00:00Z', lastModified: '2026-01-01T00:00:00Z', location: `${BASE}/Groups/${id}` },
    ...overrides,
  };
}

export function listResponse(resources: readonly unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemas: [LIST_URN],
    totalResults: resources.length,
    startIndex: 1,
    itemsPerPage: resources.length,
    Resources: resources,
    ...extra,
  };
}

export function scimError(status: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { schemas: [ERROR_URN], status: String(status), detail: 'details', ...extra };
}

export function patchBody(operations: readonly Record<string, unknown>[]): Record<string, unknown> {
  return { schemas: [PATCH_URN], Operations: operations };
}

/** A well-formed 201 create of `resource`, with Location equal to meta.location. */
export function createExchange(
  resource: Record<string, unknown>,
  type: 'Users' | 'Groups' = 'Users',
  shape: Partial<ExchangeShape> = {},
): Exchange {
  const { id: _id, meta: _meta, ...sent } = resource;
  const meta = resource.meta as { location?: string; version?: string } | undefined;
  return makeExchange({
    method: 'POST',
    path: `/${type}`,
    requestBody: sent,
    status: 201,
    body: resource,
    headers: { ...(meta?.location ? { location: meta.location } : {}), ...(meta?.version ? { etag: meta.version } : {}) },
    ...shape,
  });
}

export function serviceProviderConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
    patch: { supported: true },
    bulk: { supported: false },
    filter: { supported: true, maxResults: 200 },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [{ type: 'oauthbearertoken', name: 'OAuth Bearer Token', description: 'Bearer token', primary: true }],
    ...overrides,
  };
}

export function resourceType(name: 'User' | 'Group', overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
    id: name,
    name,
    endpoint: `/${name}s`,
    schema: name === 'User' ? USER_URN : GROUP_URN,
    ...(name === 'User' ? { schemaExtensions: [{ schema: ENTERPRISE_URN, required: false }] } : {}),
    ...overrides,
  };
}

/** RFC 7643 §8.7.1 style: Schema resources without a `schemas` attribute. */
export function schemaResource(id: string, attributes: readonly Record<string, unknown>[] = []): Record<string, unknown> {
  return {
    id,
    name: id.split(':').pop(),
    attributes: attributes.length > 0
      ? attributes
      : [
          {
            name: 'userName',
            type: 'string',
            multiValued: false,
            required: true,
            caseExact: false,
            mutability: 'readWrite',
            returned: 'default',
            uniqueness: 'server',
          },
          {
            name: 'name',
            type: 'complex',
            multiValued: false,
            subAttributes: [{ name: 'givenName', type: 'string', mutability: 'readWrite', returned: 'default' }],
          },
        ],
    meta: { resourceType: 'Schema', location: `/v2/Schemas/${id}` },
  };
}
