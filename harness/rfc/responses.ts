/**
 * Reading what the target answered, for the RFC probes: status, body, headers, error bodies and
 * list pages. Everything the target sent is untrusted text: quoted (JSON-escaped) and cut short
 * before it goes into a result, never interpreted beyond these reads.
 */
import { type Exchange } from '../contract/exchange';

export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SEARCH_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
export const BULK_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** RFC 7644 §3.12 Table 9: the only scimType values there are. */
export const SCIM_TYPES: ReadonlySet<string> = new Set(['invalidFilter', 'tooMany', 'uniqueness', 'mutability', 'invalidSyntax', 'invalidPath', 'noTarget', 'invalidValue', 'invalidVers', 'sensitive']);

/** Longest piece of target text a result quotes. */
const QUOTE_LIMIT = 160;

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The HTTP status, or 0 when no response came (a transport error). */
export function statusOf(exchange: Exchange): number {
  return exchange.response?.status ?? 0;
}

export function bodyOf(exchange: Exchange): JsonObject | undefined {
  const body = exchange.response?.body;
  return isObject(body) ? body : undefined;
}

export function headerOf(exchange: Exchange, name: string): string | undefined {
  return exchange.response?.headers[name.toLowerCase()];
}

/** Case-insensitive own-key read (RFC 7643 §2.1: attribute names are case-insensitive). */
export function read(object: JsonObject | undefined, name: string): unknown {
  if (object === undefined) return undefined;
  if (Object.hasOwn(object, name)) return object[name];
  const lower = name.toLowerCase();
  const key = Object.keys(object).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? undefined : object[key];
}

export function stringField(object: JsonObject | undefined, name: string): string | undefined {
  const value = read(object, name);
  return typeof value === 'string' ? value : undefined;
}

/** Target text as a result quotes it: JSON-escaped and at most QUOTE_LIMIT characters. */
export function quote(text: string): string {
  const cut = text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text;
  return JSON.stringify(cut);
}

/** "HTTP 400 invalidFilter" / "HTTP 500" / "no response (timeout: …)": what came back, in one phrase. */
export function describeAnswer(exchange: Exchange): string {
  if (!exchange.response) return `no response (${exchange.error?.kind ?? 'error'}: ${quote(exchange.error?.message ?? '')})`;
  const error = scimErrorOf(exchange);
  const scimType = error?.scimType !== undefined ? ` scimType ${quote(error.scimType)}` : '';
  const detail = error?.detail !== undefined ? ` (${quote(error.detail)})` : '';
  return `HTTP ${exchange.response.status}${scimType}${detail}`;
}

export interface ScimErrorView {
  readonly schemas: readonly unknown[] | undefined;
  readonly status: unknown;
  readonly scimType: string | undefined;
  readonly detail: string | undefined;
}

/** The error body as sent, when the body is a JSON object (whether or not it follows §3.12). */
export function scimErrorOf(exchange: Exchange): ScimErrorView | undefined {
  const body = bodyOf(exchange);
  if (!body) return undefined;
  const schemas = read(body, 'schemas');
  const scimType = read(body, 'scimType');
  const detail = read(body, 'detail');
  return {
    schemas: Array.isArray(schemas) ? schemas : undefined,
    status: read(body, 'status'),
    scimType: typeof scimType === 'string' ? scimType : undefined,
    detail: typeof detail === 'string' ? detail : undefined,
  };
}

/**
 * Whether the answer has the status (and, when the body is a SCIM error that names one, the
 * scimType) a probe expects. The body's own shape is judged once, by rfc/errors/error-body, so a
 * server without SCIM error bodies fails that probe, not every probe that provokes an error.
 */
export function isErrorAnswer(exchange: Exchange, status: number, scimType?: string): boolean {
  if (statusOf(exchange) !== status) return false;
  if (scimType === undefined) return true;
  const error = scimErrorOf(exchange);
  return error === undefined || error.scimType === undefined || error.scimType === scimType;
}

/** The `Resources` of a ListResponse (empty when absent); undefined when the body is not one. */
export function listResources(exchange: Exchange): JsonObject[] | undefined {
  const body = bodyOf(exchange);
  if (!body || typeof read(body, 'totalResults') !== 'number') return undefined;
  const resources = read(body, 'Resources');
  if (resources === undefined) return [];
  return Array.isArray(resources) ? resources.filter(isObject) : undefined;
}

/** The ids a ListResponse returned, in order. */
export function listIds(exchange: Exchange): string[] | undefined {
  return listResources(exchange)?.map((resource) => stringField(resource, 'id') ?? '');
}

export function isSuccess(exchange: Exchange): boolean {
  const status = statusOf(exchange);
  return status >= 200 && status < 300;
}
