/**
 * What the target's filter on the matching attribute really compares, found on one object whose
 * stored values are known (read by id, or created for the purpose): a few `eq` queries, each a
 * recorded probe (docs/diagnosis.md#matching).
 *
 *  1. the stored name, form-encoded as Entra sends it (`userName+eq+"…"`): found → the filter works
 *     for this value; then the same name in swapped case: not found → case-sensitive
 *     (RFC 7643 §4.1.1 caseExact false);
 *  2. not found: the same query percent-encoded (`%20`) → found: "+" was misread
 *     (docs/entra-behaviour.md#match-query-encoding);
 *  3. the object's other values (e-mail address, externalId) in a filter on the matching attribute
 *     → found: the filter compares that attribute instead (RFC 7644 §3.4.2.2);
 *  4. nothing found: the filter misses the object.
 */
import { randomBytes } from 'node:crypto';
import { type Exchange } from '../../contract/exchange';
import { type ExchangeSender, type QueryEncoding } from '../../contract/target-client';
import { eqFilter } from '../../profiles/scim-core';
import { resourcePath, unusableIdReason } from '../../engine/resource-path';
import { matchingAttributeOf, type MatchedResource } from './matching-causes';

export type FilterFault =
  | { readonly kind: 'plus-misread' }
  | { readonly kind: 'case-sensitive' }
  | { readonly kind: 'compares-other'; readonly compared: string }
  | { readonly kind: 'misses' };

export interface FilterVerdict {
  /** Undefined: the filter found the object by its exact name and by its name in another case. */
  readonly fault?: FilterFault;
  /** The probes' exchange ids, in the order sent. */
  readonly evidence: readonly string[];
}

/** An object whose stored values are known: what the filter is tested against. */
export interface StoredObject {
  readonly resource: MatchedResource;
  readonly id: string;
  /** Its matching attribute's stored value (userName, displayName). */
  readonly name: string;
  /** Other single values it holds, by the filter path that reaches them (`emails.value`, `externalId`). */
  readonly others: readonly { readonly path: string; readonly value: string }[];
}

export interface QueryAnswer {
  readonly exchange: Exchange;
  /** Ids the ListResponse returned; undefined when the answer was not a 200 ListResponse. */
  readonly ids?: readonly string[];
}

/** One `eq` query on a resource type, as Entra would send it (groups without members). */
export async function queryByValue(sender: ExchangeSender, resource: MatchedResource, path: string, value: string, encoding: QueryEncoding, signal?: AbortSignal): Promise<QueryAnswer> {
  const query: Record<string, string> = resource === 'Groups' ? { excludedAttributes: 'members', filter: eqFilter(path, value) } : { filter: eqFilter(path, value) };
  const exchange = await sender.send({ method: 'GET', path: `/${resource}`, query, queryEncoding: encoding }, signal);
  return { exchange, ...(exchange.response?.status === 200 ? { ids: idsOf(exchange.response.body) } : {}) };
}

export function idsOf(body: unknown): string[] {
  const resources = (body as { Resources?: unknown } | undefined)?.Resources;
  if (!Array.isArray(resources)) return [];
  return resources.map((resource) => (resource as { id?: unknown } | undefined)?.id).filter((id): id is string => typeof id === 'string');
}

/** Every letter's case swapped: the same name in a case no client would store by accident. */
export function swappedCase(text: string): string {
  return [...text].map((char) => (char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase())).join('');
}

/** Runs the tests above on `object`; each query is one probe sent through `sender`. */
export async function testFilterOn(sender: ExchangeSender, object: StoredObject, signal?: AbortSignal): Promise<FilterVerdict> {
  const attribute = matchingAttributeOf(object.resource);
  const evidence: string[] = [];
  const finds = async (path: string, value: string, encoding: QueryEncoding): Promise<boolean> => {
    const answer = await queryByValue(sender, object.resource, path, value, encoding, signal);
    evidence.push(answer.exchange.id);
    return answer.ids?.includes(object.id) ?? false;
  };
  if (await finds(attribute, object.name, 'form')) {
    const variant = swappedCase(object.name);
    if (variant === object.name || (await finds(attribute, variant, 'form'))) return { evidence };
    return { fault: { kind: 'case-sensitive' }, evidence };
  }
  if (await finds(attribute, object.name, 'percent')) return { fault: { kind: 'plus-misread' }, evidence };
  for (const other of object.others) {
    if (other.value.toLowerCase() === object.name.toLowerCase()) continue;
    if (await finds(attribute, other.value, 'form')) return { fault: { kind: 'compares-other', compared: other.path }, evidence };
  }
  return { fault: { kind: 'misses' }, evidence };
}

/** The values of a stored resource that a filter on its matching attribute might compare instead. */
export function storedObjectOf(resource: MatchedResource, body: unknown): StoredObject | undefined {
  const record = body as Record<string, unknown> | undefined;
  const id = typeof record?.id === 'string' ? record.id : undefined;
  const name = record?.[matchingAttributeOf(resource)];
  if (id === undefined || typeof name !== 'string' || name === '') return undefined;
  return { resource, id, name, others: otherValuesOf(record) };
}

/**
 * A resource's values that identify it besides the matching attribute — its first e-mail address
 * and its externalId (Entra's other matching attributes, docs/entra-behaviour.md#filters-used) —
 * by the filter path that reaches them.
 */
export function otherValuesOf(body: unknown): { path: string; value: string }[] {
  const record = body as Record<string, unknown> | undefined;
  const others: { path: string; value: string }[] = [];
  const emails = Array.isArray(record?.emails) ? (record.emails as { value?: unknown }[]) : [];
  const email = emails.map((entry) => entry?.value).find((value): value is string => typeof value === 'string' && value !== '');
  if (email !== undefined) others.push({ path: 'emails.value', value: email });
  if (typeof record?.externalId === 'string' && record.externalId !== '') others.push({ path: 'externalId', value: record.externalId });
  return others;
}

/**
 * Creates a throw-away object with distinct, prefixed values (a mixed-case name, an e-mail address
 * and an externalId that differ from it), tests the filter on it, and deletes it. Undefined when
 * the target would not create it. One per resource type and run is enough: the answer is a
 * property of the endpoint, not of one object.
 */
export async function calibrateFilter(sender: ExchangeSender, resource: MatchedResource, prefix: string, signal?: AbortSignal): Promise<FilterVerdict | undefined> {
  const token = randomBytes(4).toString('hex');
  const externalId = `${prefix}probe-${token}-external`;
  const body =
    resource === 'Users'
      ? {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName: `${prefix}probe-${token}.Match.Check@example.com`,
          externalId,
          emails: [{ value: `${prefix}probe-${token}-mail@example.com`, type: 'work', primary: true }],
          active: true,
        }
      : { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: `${prefix}probe-${token} Match Check`, externalId };
  const created = await sender.send({ method: 'POST', path: `/${resource}`, body }, signal);
  const stored = created.response && created.response.status >= 200 && created.response.status < 300 ? storedObjectOf(resource, created.response.body) : undefined;
  // An id that cannot address the object could not be deleted afterwards: nothing more is sent.
  if (!stored || unusableIdReason(stored.id) !== undefined) return undefined;
  try {
    const verdict = await testFilterOn(sender, stored, signal);
    return { ...verdict, evidence: [created.id, ...verdict.evidence] };
  } finally {
    await sender.send({ method: 'DELETE', path: resourcePath(`/${resource}`, stored.id) }, signal).catch(() => undefined);
  }
}
