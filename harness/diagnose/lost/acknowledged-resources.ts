/**
 * What the run's traffic says exists in the target: the ids a successful create returned (RFC 7644
 * §3.3: a 201 carries the created resource and its id) and the ids a DELETE was sent for, whatever
 * it answered. Every exchange counts — Entra's entries, scenario seeds and raw requests,
 * out-of-band deletes, cleanup and probes — so an id deleted behind Entra's back is known to be
 * gone, and an id nobody deleted that answers 404 is one the target lost
 * (docs/diagnosis.md#causes, `lost/acknowledged-resource-lost`).
 *
 * Reads only the exchange (its method, URL and bodies), so it learns the same from an entry's
 * request and from a stand-alone one. Bounded: at most `MAX_CREATED` created and `MAX_DELETED`
 * deleted ids, the oldest forgotten first.
 */
import { type Exchange } from '../../contract/exchange';

const MAX_CREATED = 10_000;
const MAX_DELETED = 10_000;
/** Ids kept per name: this create and the one before it are all a duplicate needs. */
const IDS_PER_NAME = 2;

export type ResourceCollection = 'Users' | 'Groups';

export interface AcknowledgedCreate {
  readonly id: string;
  readonly resource: ResourceCollection;
  /** The exchange whose 2xx returned the id. */
  readonly createdBy: string;
  /** userName or displayName the create sent, when it sent one. */
  readonly name?: string;
}

/** The collection and id of an exchange's URL: `…/Users`, `…/Groups/{id}`. */
export function resourceOfUrl(url: string): { resource: ResourceCollection; id?: string } | undefined {
  // The client built this URL (an absolute http(s) URL): its path is what follows the authority,
  // up to the query. Sliced, not parsed: this runs for every exchange of the run.
  const authority = url.indexOf('//');
  if (authority === -1) return undefined;
  const slash = url.indexOf('/', authority + 2);
  if (slash === -1) return undefined;
  const end = url.slice(slash).search(/[?#]/);
  const pathname = end === -1 ? url.slice(slash) : url.slice(slash, slash + end);
  const match = /\/(Users|Groups)(?:\/([^/]+))?\/?$/.exec(pathname);
  if (!match) return undefined;
  if (match[2] === undefined) return { resource: match[1] as ResourceCollection };
  try {
    return { resource: match[1] as ResourceCollection, id: decodeURIComponent(match[2]) };
  } catch {
    return undefined;
  }
}

function stringField(body: unknown, name: string): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function nameOf(resource: ResourceCollection, body: unknown): string | undefined {
  return stringField(body, resource === 'Users' ? 'userName' : 'displayName');
}

function nameKey(resource: ResourceCollection, name: string): string {
  return `${resource}\u0000${name.toLowerCase()}`;
}

export class AcknowledgedResources {
  private readonly created = new Map<string, AcknowledgedCreate>();
  /** Id → the DELETE exchange sent for it. */
  private readonly deleted = new Map<string, string>();
  /** Users whose last acknowledged PATCH or PUT set active to false. */
  private readonly disabled = new Set<string>();
  /** Name → ids of the latest acknowledged creates that sent it (at most `IDS_PER_NAME`), oldest first. */
  private readonly byName = new Map<string, string[]>();

  /** Learns from one exchange, whoever sent it (cheap, no I/O). */
  observe(exchange: Exchange): void {
    const target = resourceOfUrl(exchange.request.url);
    if (!target) return;
    const method = exchange.request.method;
    if (method === 'DELETE' && target.id !== undefined) {
      // Sent is enough: whatever the answer, the run cannot expect the id to exist afterwards.
      this.deleted.set(target.id, exchange.id);
      evict(this.deleted, MAX_DELETED);
      return;
    }
    const status = exchange.response?.status ?? 0;
    if (status < 200 || status >= 300) return;
    if ((method === 'PATCH' || method === 'PUT') && target.id !== undefined && target.resource === 'Users') {
      const active = activeSetBy(method, exchange.request.body);
      if (active === false) this.disabled.add(target.id);
      if (active === true) this.disabled.delete(target.id);
      evict(this.disabled, MAX_CREATED);
      return;
    }
    if (method !== 'POST' || target.id !== undefined) return;
    const id = stringField(exchange.response?.body, 'id');
    if (id === undefined) return;
    const name = nameOf(target.resource, exchange.request.body);
    this.created.delete(id);
    this.created.set(id, { id, resource: target.resource, createdBy: exchange.id, ...(name !== undefined ? { name } : {}) });
    this.deleted.delete(id);
    if (name !== undefined) {
      const key = nameKey(target.resource, name);
      const ids = (this.byName.get(key) ?? []).filter((known) => known !== id);
      ids.push(id);
      this.byName.delete(key);
      this.byName.set(key, ids.slice(-IDS_PER_NAME));
    }
    evict(this.created, MAX_CREATED);
    evict(this.byName, MAX_CREATED);
  }

  /**
   * The acknowledged create of `id` when nobody deleted it since — or deleted it only with
   * `exchange` itself (a DELETE answered 404 is the symptom, not a deletion that explains it).
   */
  live(id: string, resource: ResourceCollection, exchange?: Exchange): AcknowledgedCreate | undefined {
    const create = this.created.get(id);
    if (!create || create.resource !== resource) return undefined;
    const deletedBy = this.deleted.get(id);
    return deletedBy === undefined || deletedBy === exchange?.id ? create : undefined;
  }

  /** Whether the last acknowledged write to this user disabled it. */
  isDisabled(id: string): boolean {
    return this.disabled.has(id);
  }

  /**
   * For a successful create, the earlier acknowledged, never-deleted create that sent the same
   * name and got another id: a target that still held it would have refused this one with 409.
   */
  earlierWithName(exchange: Exchange): AcknowledgedCreate | undefined {
    const target = resourceOfUrl(exchange.request.url);
    if (!target || target.id !== undefined || exchange.request.method !== 'POST') return undefined;
    const name = nameOf(target.resource, exchange.request.body);
    if (name === undefined) return undefined;
    const returned = stringField(exchange.response?.body, 'id');
    for (const id of [...(this.byName.get(nameKey(target.resource, name)) ?? [])].reverse()) {
      const earlier = id === returned ? undefined : this.live(id, target.resource);
      if (earlier && earlier.createdBy !== exchange.id) return earlier;
    }
    return undefined;
  }
}

/** The value of `active` a PATCH or PUT sets (Entra's dialects send `false` or `"False"`, docs/entra-behaviour.md#disable-enable). */
function activeSetBy(method: string, body: unknown): boolean | undefined {
  const asBoolean = (value: unknown): boolean | undefined =>
    typeof value === 'boolean' ? value : typeof value === 'string' && /^(true|false)$/i.test(value) ? value.toLowerCase() === 'true' : undefined;
  if (!body || typeof body !== 'object') return undefined;
  if (method === 'PUT') return asBoolean((body as Record<string, unknown>).active);
  const operations = (body as { Operations?: unknown }).Operations;
  if (!Array.isArray(operations)) return undefined;
  let active: boolean | undefined;
  for (const operation of operations as { path?: unknown; value?: unknown }[]) {
    if (typeof operation?.path === 'string' && operation.path.toLowerCase() === 'active') active = asBoolean(operation.value) ?? active;
    else if (operation?.path === undefined && operation?.value && typeof operation.value === 'object') active = asBoolean((operation.value as Record<string, unknown>).active) ?? active;
  }
  return active;
}

function evict(map: { readonly size: number; keys(): IterableIterator<string>; delete(key: string): boolean }, limit: number): void {
  while (map.size > limit) {
    const oldest = map.keys().next();
    if (oldest.done) return;
    map.delete(oldest.value);
  }
}
