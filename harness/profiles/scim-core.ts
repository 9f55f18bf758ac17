/**
 * The RFC 7643/7644 pieces every profile shares whatever its client's habits: a PATCH envelope,
 * a filter literal, reading a ListResponse and a resource. A profile composes them; it does not
 * have to.
 */
import { type PatchOperation, type PatchRequestBody } from '../mapping/mapping-types';
import { type ResponseReader, type ScimResource } from './client-profile';

export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp' as const;

/** RFC 7644 §3.5.2: a PatchOp message carrying these operations. */
export function patchBody(operations: PatchOperation[]): PatchRequestBody {
  return { schemas: [PATCH_SCHEMA], Operations: operations };
}

/**
 * A filter value as RFC 7644 §3.4.2.2 spells a string literal: JSON string syntax, so quotes and
 * backslashes are escaped.
 */
export function eqFilter(attributePath: string, value: string): string {
  return `${attributePath} eq ${JSON.stringify(value)}`;
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function listResources(body: unknown): readonly ScimResource[] {
  if (!body || typeof body !== 'object') return [];
  const resources = (body as { Resources?: unknown }).Resources;
  if (!Array.isArray(resources)) return [];
  // Read in place when every item is an object, as in any sane page: a page of a million is not copied.
  return resources.every((r) => r && typeof r === 'object') ? (resources as ScimResource[]) : (resources.filter((r) => r && typeof r === 'object') as ScimResource[]);
}

/** RFC 7644 §3.4.2 (ListResponse: totalResults, Resources) and §3.1 (a resource's `id`). */
export const SCIM_RESPONSES: ResponseReader = Object.freeze({
  listResources,
  listTotal(body: unknown): number {
    const total = body && typeof body === 'object' ? (body as { totalResults?: unknown }).totalResults : undefined;
    return typeof total === 'number' ? total : listResources(body).length;
  },
  resource(body: unknown): ScimResource | undefined {
    return body && typeof body === 'object' && !Array.isArray(body) ? (body as ScimResource) : undefined;
  },
  resourceId(resource: ScimResource | undefined): string | undefined {
    const id = resource?.id;
    return typeof id === 'string' && id.length > 0 ? id : typeof id === 'number' ? String(id) : undefined;
  },
});
