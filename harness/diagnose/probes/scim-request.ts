/**
 * Reading the parts of a SCIM request the probes change: its resource collection, its body as
 * an object, a PATCH's operations, and the words that name it for a person ("Create Group
 * request"). Requests are the harness's own, built by the client profile; targets never reach
 * here, so these readers only guard against shapes a profile does not produce.
 */
import { type ScimRequest } from '../../contract/target-client';
import { type ResourceCollection } from '../../engine/resource-path';

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `/Users` or `/Groups` for a request on that collection or one of its resources. */
export function collectionOf(path: string): ResourceCollection | undefined {
  const match = /^\/(Users|Groups)(?:\/|$)/i.exec(path);
  if (!match) return undefined;
  return match[1].toLowerCase() === 'users' ? '/Users' : '/Groups';
}

/** A POST to the collection itself: a create (RFC 7644 §3.3). */
export function isCreate(request: ScimRequest): boolean {
  return request.method === 'POST' && /^\/(Users|Groups)\/?$/i.test(request.path);
}

/** The body of a POST or PUT: a resource representation. */
export function resourceBodyOf(request: ScimRequest): JsonObject | undefined {
  return (request.method === 'POST' || request.method === 'PUT') && isJsonObject(request.body) ? request.body : undefined;
}

/** A PATCH's operations that are objects (RFC 7644 §3.5.2 `Operations`). */
export function patchOperationsOf(request: ScimRequest): readonly JsonObject[] {
  if (request.method !== 'PATCH' || !isJsonObject(request.body)) return [];
  const operations = request.body.Operations;
  return Array.isArray(operations) ? operations.filter(isJsonObject) : [];
}

/** The same PATCH with its operations replaced. */
export function withPatchOperations(request: ScimRequest, operations: readonly JsonObject[]): ScimRequest {
  return { ...request, body: { ...(request.body as JsonObject), Operations: operations } };
}

/** The same POST or PUT with its body changed. */
export function withResourceBody(request: ScimRequest, body: JsonObject): ScimRequest {
  return { ...request, body };
}

/** Names Entra's request for a person: "Create Group request", "User PATCH request", "User filter query". */
export function requestPhrase(request: ScimRequest): string {
  const type = collectionOf(request.path) === '/Groups' ? 'Group' : 'User';
  if (isCreate(request)) return `Create ${type} request`;
  if (request.method === 'GET') return request.query?.filter !== undefined ? `${type} filter query` : `${type} read`;
  return `${type} ${request.method} request`;
}
