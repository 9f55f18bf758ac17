/**
 * What the run has seen of the identities in the target, for matching diagnosis
 * (docs/diagnosis.md#matching): the ids Entra's requests created or read, the names each id had
 * (the first is the one it was created with), and the names and ids Entra deleted. A 409 to a
 * create is then checked against it: a name deleted earlier in the run (uniqueness kept after
 * delete, RFC 7644 §3.6), an id that looks derived from the name (RFC 7643 §3.1).
 *
 * Bounded: at most `MAX_IDS` ids and `MAX_DELETED` deletions, the oldest forgotten first, so a
 * 100,000-object sync keeps a few megabytes at most.
 */
import { type Exchange } from '../../contract/exchange';
import { type ScimRequest } from '../../contract/target-client';
import { matchingAttributeOf, type MatchedResource } from './matching-causes';

const MAX_IDS = 10_000;
const MAX_DELETED = 1_000;
/** Names kept per id: the one it was created with and the latest few. */
const MAX_NAMES = 4;

export interface KnownIdentity {
  readonly resource: MatchedResource;
  /** The names this id had, oldest first; the first is the one it was created with when `created`. */
  readonly names: readonly string[];
  /** The exchange that created it (a POST Entra sent), when the run saw it. */
  readonly createdBy?: string;
}

export interface DeletedIdentity {
  readonly id: string;
  readonly resource: MatchedResource;
  readonly name: string;
  /** The DELETE exchange. */
  readonly deletedBy: string;
}

interface Identity {
  readonly resource: MatchedResource;
  names: string[];
  createdBy?: string;
}

/** `/Users`, `/Users/{id}`, `/Groups`, `/Groups/{id}` of a request path (relative to the base URL). */
export function resourceOfPath(path: string): { resource: MatchedResource; id?: string } | undefined {
  const match = /^\/(Users|Groups)(?:\/([^/?#]+))?\/?$/.exec(path.split('?')[0]);
  if (!match) return undefined;
  let id: string | undefined;
  if (match[2] !== undefined) {
    try {
      id = decodeURIComponent(match[2]);
    } catch {
      return undefined;
    }
  }
  return { resource: match[1] as MatchedResource, ...(id !== undefined ? { id } : {}) };
}

function stringField(body: unknown, name: string): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isSuccess(exchange: Exchange): boolean {
  const status = exchange.response?.status ?? 0;
  return status >= 200 && status < 300;
}

/** The name a PATCH sets on the matching attribute: a path-ful op, or a path-less replace's key. */
function patchedName(body: unknown, attribute: string): string | undefined {
  const operations = (body as { Operations?: unknown } | undefined)?.Operations;
  if (!Array.isArray(operations)) return undefined;
  let name: string | undefined;
  for (const operation of operations as { op?: unknown; path?: unknown; value?: unknown }[]) {
    const op = typeof operation?.op === 'string' ? operation.op.toLowerCase() : '';
    if (op !== 'replace' && op !== 'add') continue;
    if (typeof operation.path === 'string' && operation.path.toLowerCase() === attribute.toLowerCase() && typeof operation.value === 'string') name = operation.value;
    if (operation.path === undefined) name = stringField(operation.value, attribute) ?? name;
  }
  return name;
}

export class IdentityMemory {
  private readonly ids = new Map<string, Identity>();
  /** Lower-cased name → the deletion, per resource (`Users\u0000name`). */
  private readonly deletedNames = new Map<string, DeletedIdentity>();
  private readonly deletedIds = new Map<string, DeletedIdentity>();

  /** Learns from one exchange Entra's traffic produced (cheap, no I/O). */
  observe(request: ScimRequest, exchange: Exchange): void {
    const target = resourceOfPath(request.path);
    if (!target || !isSuccess(exchange)) return;
    const attribute = matchingAttributeOf(target.resource);
    const body = exchange.response?.body;
    if (request.method === 'POST' && target.id === undefined) {
      const id = stringField(body, 'id');
      const name = stringField(body, attribute) ?? stringField(request.body, attribute);
      if (id !== undefined && name !== undefined) this.learn(target.resource, id, name, exchange.id);
      return;
    }
    if (target.id === undefined) {
      // A match query that found exactly one object: the id holds that name now.
      const resources = (body as { Resources?: unknown } | undefined)?.Resources;
      if (request.method === 'GET' && Array.isArray(resources) && resources.length === 1) {
        const id = stringField(resources[0], 'id');
        const name = stringField(resources[0], attribute);
        if (id !== undefined && name !== undefined) this.learn(target.resource, id, name);
      }
      return;
    }
    if (request.method === 'DELETE') {
      this.forgetDeleted(target.resource, target.id, exchange.id);
      return;
    }
    const name = stringField(body, attribute) ?? (request.method === 'PATCH' ? patchedName(request.body, attribute) : undefined);
    if (name !== undefined) this.learn(target.resource, target.id, name);
  }

  /** The identity the run knows under this id (not deleted since). */
  identity(id: string): KnownIdentity | undefined {
    return this.ids.get(id);
  }

  /** The deletion of an object that held `name` (case-insensitively), if the run saw one. */
  deletedWithName(resource: MatchedResource, name: string): DeletedIdentity | undefined {
    return this.deletedNames.get(`${resource}\u0000${name.toLowerCase()}`);
  }

  /** The deletion of this id, if the run saw one (a new object given that id is a reassigned id). */
  deletedWithId(id: string): DeletedIdentity | undefined {
    return this.deletedIds.get(id);
  }

  /**
   * Live ids whose characters spell `name` (letters and digits compared, case ignored) while the
   * object holds another name now: ids derived from a name the object no longer has.
   */
  idsSpelling(resource: MatchedResource, name: string): { id: string; identity: KnownIdentity }[] {
    const wanted = spelling(name);
    if (wanted.length < 3) return [];
    const found: { id: string; identity: KnownIdentity }[] = [];
    for (const [id, identity] of this.ids) {
      if (identity.resource !== resource || !spelling(id).includes(wanted)) continue;
      const current = identity.names[identity.names.length - 1];
      if (current.toLowerCase() !== name.toLowerCase()) found.push({ id, identity });
      if (found.length >= 3) break;
    }
    return found;
  }

  private learn(resource: MatchedResource, id: string, name: string, createdBy?: string): void {
    let identity = this.ids.get(id);
    if (!identity || createdBy !== undefined) {
      // A create starts the id's history afresh (an id reused after a delete is a new object).
      identity = { resource, names: [], ...(createdBy !== undefined ? { createdBy } : {}) };
      this.ids.delete(id);
      this.ids.set(id, identity);
      this.evict(this.ids, MAX_IDS);
    }
    if (identity.names[identity.names.length - 1] === name) return;
    identity.names.push(name);
    // Keep the first name (what the id was created with) and the latest ones.
    if (identity.names.length > MAX_NAMES) identity.names.splice(1, 1);
  }

  private forgetDeleted(resource: MatchedResource, id: string, deletedBy: string): void {
    const identity = this.ids.get(id);
    this.ids.delete(id);
    if (!identity) return;
    const name = identity.names[identity.names.length - 1];
    const deleted: DeletedIdentity = { id, resource, name, deletedBy };
    this.deletedNames.set(`${resource}\u0000${name.toLowerCase()}`, deleted);
    this.deletedIds.set(id, deleted);
    this.evict(this.deletedNames, MAX_DELETED);
    this.evict(this.deletedIds, MAX_DELETED);
  }

  private evict<V>(map: Map<string, V>, limit: number): void {
    while (map.size > limit) {
      const oldest = map.keys().next();
      if (oldest.done) return;
      map.delete(oldest.value);
    }
  }
}

/** Letters and digits, lower-cased: how an id derived from a name still spells it. */
export function spelling(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}
