/**
 * Reading what the target answered, tolerantly: the classification of a bad shape is the log
 * module's job; here we only pull out what the pipeline needs once an exchange counts as success.
 */
import { type Exchange } from '../contract/exchange';

export interface ScimResource {
  readonly id?: unknown;
  readonly [key: string]: unknown;
}

/** RFC 7644 §3.4.2: a ListResponse carries totalResults and, when there are hits, Resources. */
export function listResources(exchange: Exchange): readonly ScimResource[] {
  const body = exchange.response?.body;
  if (!body || typeof body !== 'object') return [];
  const resources = (body as { Resources?: unknown }).Resources;
  if (!Array.isArray(resources)) return [];
  // Read in place when every item is an object, as in any sane page: a page of a million is not copied.
  return resources.every((r) => r && typeof r === 'object') ? (resources as ScimResource[]) : (resources.filter((r) => r && typeof r === 'object') as ScimResource[]);
}

export function listTotal(exchange: Exchange): number {
  const body = exchange.response?.body as { totalResults?: unknown } | undefined;
  const total = body?.totalResults;
  return typeof total === 'number' ? total : listResources(exchange).length;
}

export function resourceBody(exchange: Exchange): ScimResource | undefined {
  const body = exchange.response?.body;
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as ScimResource) : undefined;
}

export function resourceId(resource: ScimResource | undefined): string | undefined {
  const id = resource?.id;
  return typeof id === 'string' && id.length > 0 ? id : typeof id === 'number' ? String(id) : undefined;
}

/**
 * A filter value as RFC 7644 §3.4.2.2 spells a string literal: JSON string syntax, so quotes and
 * backslashes are escaped. Entra sends `eq` comparisons only (reference §1.1).
 */
export function eqFilter(attributePath: string, value: string): string {
  return `${attributePath} eq ${JSON.stringify(value)}`;
}
