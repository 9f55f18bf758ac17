/**
 * Stored records → response representations: adds what the server derives (meta.location,
 * a user's read-only `groups`, manager `$ref`/`displayName`, member `$ref`/`display`) and applies
 * the projection. Derived parts a projection excludes are never built, so reading a group with
 * `excludedAttributes=members` (what Entra does, docs/entra-behaviour.md#groups) does not walk its members.
 */
import { type Projection } from './attribute-projection';
import { type JsonObject, type JsonValue, isJsonObject } from './json';
import { ENTERPRISE_USER_SCHEMA_ID } from './schemas';
import { type GroupRecord, type ScimStore, type StoredRecord } from './store';

export interface RenderContext {
  /** Absolute base URL of this request, e.g. http://127.0.0.1:8880/scim/v2 (RFC 7643 §3.1 meta.location). */
  readonly baseUrl: string;
  readonly store: ScimStore;
}

function displayNameOf(store: ScimStore, userId: string): string | undefined {
  const user = store.userRecord(userId);
  const name = user?.resource.displayName;
  return typeof name === 'string' ? name : undefined;
}

function metaOf(record: StoredRecord, location: string): JsonObject {
  const meta = isJsonObject(record.resource.meta) ? record.resource.meta : {};
  return {
    resourceType: meta.resourceType ?? null,
    created: meta.created ?? null,
    lastModified: meta.lastModified ?? null,
    location,
    version: meta.version ?? null,
  };
}

function withManagerReference(extension: JsonValue, context: RenderContext): JsonValue {
  if (!isJsonObject(extension) || !isJsonObject(extension.manager) || typeof extension.manager.value !== 'string') return extension;
  const managerId = extension.manager.value;
  const manager: JsonObject = { value: managerId, $ref: `${context.baseUrl}/Users/${managerId}` };
  const displayName = displayNameOf(context.store, managerId);
  if (displayName !== undefined) manager.displayName = displayName;
  return { ...extension, manager };
}

/** Group-membership entries of a user (RFC 7643 §4.1.2 `groups`, read-only). */
function groupsOf(userId: string, context: RenderContext): JsonObject[] {
  const entries: JsonObject[] = [];
  for (const groupId of context.store.groupIdsOf(userId)) {
    const group = context.store.groupRecord(groupId);
    const entry: JsonObject = { value: groupId, $ref: `${context.baseUrl}/Groups/${groupId}`, type: 'direct' };
    if (group && typeof group.resource.displayName === 'string') entry.display = group.resource.displayName;
    entries.push(entry);
  }
  return entries;
}

export function renderUser(record: StoredRecord, context: RenderContext, projection: Projection): JsonObject {
  const stored = record.resource;
  const output: JsonObject = { schemas: stored.schemas ?? [], id: record.id };
  for (const key of Object.keys(stored)) {
    if (key === 'schemas' || key === 'id' || key === 'meta' || key === 'password') continue;
    output[key] = key === ENTERPRISE_USER_SCHEMA_ID ? withManagerReference(stored[key], context) : stored[key];
  }
  if (projection.includes('groups')) {
    const groups = groupsOf(record.id, context);
    if (groups.length > 0) output.groups = groups;
  }
  output.meta = metaOf(record, `${context.baseUrl}/Users/${record.id}`);
  return projection.apply(output);
}

export function renderGroup(record: GroupRecord, context: RenderContext, projection: Projection): JsonObject {
  const stored = record.resource;
  const output: JsonObject = { schemas: stored.schemas ?? [], id: record.id };
  for (const key of Object.keys(stored)) {
    if (key === 'schemas' || key === 'id' || key === 'meta') continue;
    output[key] = stored[key];
  }
  if (projection.includes('members')) {
    // Entra's documented create response shows `members: []` for a new group (docs/entra-behaviour.md#groups).
    output.members = [...record.members].map((userId) => {
      const member: JsonObject = { value: userId, $ref: `${context.baseUrl}/Users/${userId}`, type: 'User' };
      const display = displayNameOf(context.store, userId);
      if (display !== undefined) member.display = display;
      return member;
    });
  }
  output.meta = metaOf(record, `${context.baseUrl}/Groups/${record.id}`);
  return projection.apply(output);
}

/** The resource a filter sees: the stored shape plus derived attributes the filter reads. */
export function filterView(kind: 'User' | 'Group', record: StoredRecord, reads: ReadonlySet<string>, store: ScimStore): JsonObject {
  if (kind === 'User' && reads.has('groups')) {
    const groups: JsonValue[] = [...store.groupIdsOf(record.id)].map((value) => ({ value, type: 'direct' }));
    return { ...record.resource, groups };
  }
  if (kind === 'Group' && reads.has('members')) {
    const members: JsonValue[] = [...(record as GroupRecord).members].map((value) => ({ value, type: 'User' }));
    return { ...record.resource, members };
  }
  return record.resource;
}
