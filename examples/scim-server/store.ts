/**
 * The in-memory store. Resources are kept in their stored shape (schemas, id, attributes,
 * meta without location), indexed by id, lower-cased userName / displayName and externalId so
 * the lookups Entra makes on every object (docs/entra-behaviour.md#filters-used) never scan. Group membership is a
 * set per group plus a reverse index per user, so deleting a user and building a user's
 * `groups` cost what they touch.
 */
import { randomUUID } from 'node:crypto';
import { type ValueOptions } from './attribute-values';
import { conflict } from './errors';
import { type JsonObject, type JsonValue, cloneJson, isJsonObject } from './json';
import { prepareResource } from './resource-input';
import { ENTERPRISE_USER_SCHEMA_ID, GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from './schemas';
import { formatEtag } from './etag';
import { type IndexTerm } from './filter-evaluator';

export interface StoredRecord {
  readonly id: string;
  /** Stored shape: schemas, id, attributes, meta {resourceType, created, lastModified, version}. */
  resource: JsonObject;
  version: number;
}

export type UserRecord = StoredRecord;

export interface GroupRecord extends StoredRecord {
  /** Member user ids, in the order they were added. */
  readonly members: Set<string>;
}

export interface ScimStoreOptions {
  readonly newId?: () => string;
  readonly now?: () => Date;
}

/** What tests and the CLI may do with a running server's data. */
export interface ScimStoreAccess {
  readonly userCount: number;
  readonly groupCount: number;
  /** A copy of the stored user (password digest left out), or undefined. */
  getUser(id: string): JsonObject | undefined;
  /** A copy of the stored group with `members` as [{value, type}], or undefined. */
  getGroup(id: string): JsonObject | undefined;
  findUserByUserName(userName: string): JsonObject | undefined;
  findGroupByDisplayName(displayName: string): JsonObject | undefined;
  listUsers(): JsonObject[];
  listGroups(): JsonObject[];
  /** Whether a password was written for the user (the value itself is never readable). */
  hasPassword(id: string): boolean;
  /** Seeds a user from a SCIM representation, bypassing HTTP and faults; returns the stored copy. */
  insertUser(resource: unknown): JsonObject;
  /** Seeds a group; members must be ids of users already in the store. */
  insertGroup(resource: unknown): JsonObject;
  /** Forgets every user and group. */
  reset(): void;
}

class MultiIndex {
  private readonly map = new Map<string, Set<string>>();

  add(key: string | undefined, id: string): void {
    if (key === undefined) return;
    const ids = this.map.get(key);
    if (ids) ids.add(id);
    else this.map.set(key, new Set([id]));
  }

  remove(key: string | undefined, id: string): void {
    if (key === undefined) return;
    const ids = this.map.get(key);
    if (!ids) return;
    ids.delete(id);
    if (ids.size === 0) this.map.delete(key);
  }

  get(key: string): ReadonlySet<string> | undefined {
    return this.map.get(key);
  }

  clear(): void {
    this.map.clear();
  }
}

function stringAt(resource: JsonObject, key: string): string | undefined {
  const value = resource[key];
  return typeof value === 'string' ? value : undefined;
}

function lower(value: string | undefined): string | undefined {
  return value === undefined ? undefined : value.toLowerCase();
}

/** The manager id of a stored user, if any. */
export function managerIdOf(resource: JsonObject): string | undefined {
  const extension = resource[ENTERPRISE_USER_SCHEMA_ID];
  if (!isJsonObject(extension)) return undefined;
  const manager = extension.manager;
  return isJsonObject(manager) && typeof manager.value === 'string' ? manager.value : undefined;
}

const SEED_VALUE_OPTIONS: ValueOptions = { lenientBooleans: true };

export class ScimStore implements ScimStoreAccess {
  private readonly users = new Map<string, UserRecord>();
  private readonly groups = new Map<string, GroupRecord>();
  private readonly userNames = new MultiIndex();
  private readonly userExternalIds = new MultiIndex();
  private readonly groupNames = new MultiIndex();
  private readonly groupExternalIds = new MultiIndex();
  /** user id → ids of the groups it is a member of. */
  private readonly memberships = new Map<string, Set<string>>();
  /** manager id → ids of the users whose manager it is. */
  private readonly reports = new MultiIndex();
  private readonly newId: () => string;
  private readonly now: () => Date;

  constructor(options: ScimStoreOptions = {}) {
    this.newId = options.newId ?? randomUUID;
    this.now = options.now ?? (() => new Date());
  }

  get userCount(): number {
    return this.users.size;
  }

  get groupCount(): number {
    return this.groups.size;
  }

  // ---- record access for the server ----

  userRecord(id: string): UserRecord | undefined {
    return this.users.get(id);
  }

  groupRecord(id: string): GroupRecord | undefined {
    return this.groups.get(id);
  }

  userRecords(): IterableIterator<UserRecord> {
    return this.users.values();
  }

  groupRecords(): IterableIterator<GroupRecord> {
    return this.groups.values();
  }

  /** Ids whose indexed attribute equals the term (userName/displayName case-insensitively). */
  lookup(kind: 'User' | 'Group', term: IndexTerm): Iterable<string> {
    if (term.attribute === 'id') return (kind === 'User' ? this.users : this.groups).has(term.value) ? [term.value] : [];
    if (term.attribute === 'externalId') return (kind === 'User' ? this.userExternalIds : this.groupExternalIds).get(term.value) ?? [];
    if (kind === 'User' && term.attribute === 'userName') return this.userNames.get(term.value.toLowerCase()) ?? [];
    if (kind === 'Group' && term.attribute === 'displayName') return this.groupNames.get(term.value.toLowerCase()) ?? [];
    return [];
  }

  /** Id of another user holding this userName (RFC 7643 §4.1.1: unique, caseExact false). */
  userNameTakenBy(userName: string, exceptId?: string): string | undefined {
    for (const id of this.userNames.get(userName.toLowerCase()) ?? []) if (id !== exceptId) return id;
    return undefined;
  }

  /** Id of another group holding this displayName (Entra matches groups on it, docs/entra-behaviour.md#groups). */
  groupNameTakenBy(displayName: string, exceptId?: string): string | undefined {
    for (const id of this.groupNames.get(displayName.toLowerCase()) ?? []) if (id !== exceptId) return id;
    return undefined;
  }

  groupIdsOf(userId: string): ReadonlySet<string> {
    return this.memberships.get(userId) ?? new Set();
  }

  /**
   * A record for a new resource, not yet stored (the `drop-writes` fault answers with it and keeps
   * nothing). `id` is given only by the `id-from-username` fault; otherwise a new opaque id.
   */
  newRecord(kind: 'User' | 'Group', prepared: JsonObject, id: string = this.newId()): StoredRecord {
    const timestamp = this.now().toISOString();
    const { schemas, ...attributes } = prepared;
    const resource: JsonObject = {
      schemas: schemas ?? [],
      id,
      ...attributes,
      meta: { resourceType: kind, created: timestamp, lastModified: timestamp, version: formatEtag(1) },
    };
    return { id, resource, version: 1 };
  }

  addUser(record: StoredRecord): UserRecord {
    this.users.set(record.id, record);
    this.indexUser(record.id, undefined, record.resource);
    return record;
  }

  addGroup(record: StoredRecord, memberIds: Iterable<string>): GroupRecord {
    const group: GroupRecord = { ...record, members: new Set() };
    this.groups.set(group.id, group);
    this.indexGroup(group.id, undefined, group.resource);
    for (const userId of memberIds) this.addMembership(group, userId);
    return group;
  }

  /** Stores a new state of a user: re-indexes, bumps version and lastModified, refreshes dependants. */
  updateUser(record: UserRecord, resource: JsonObject): void {
    const before = record.resource;
    this.indexUser(record.id, before, resource);
    record.resource = this.carryMeta(before, resource);
    this.touch(record);
    if (before.displayName !== resource.displayName) {
      // Member `display` and manager `displayName` show this user's displayName.
      for (const groupId of this.groupIdsOf(record.id)) this.touchGroup(groupId);
      for (const reportId of this.reports.get(record.id) ?? []) if (reportId !== record.id) this.touchUser(reportId);
    }
  }

  updateGroup(record: GroupRecord, resource: JsonObject, members?: { cleared: boolean; added: Iterable<string>; removed: Iterable<string> }): void {
    this.indexGroup(record.id, record.resource, resource);
    record.resource = this.carryMeta(record.resource, resource);
    if (members) {
      if (members.cleared) for (const userId of [...record.members]) this.removeMembership(record, userId);
      for (const userId of members.removed) this.removeMembership(record, userId);
      for (const userId of members.added) this.addMembership(record, userId);
    }
    this.touch(record);
  }

  /** Removes a user, its memberships and every manager reference to it. */
  deleteUser(id: string): boolean {
    const record = this.users.get(id);
    if (!record) return false;
    this.users.delete(id);
    this.indexUser(id, record.resource, undefined);
    for (const groupId of [...this.groupIdsOf(id)]) {
      const group = this.groups.get(groupId);
      if (!group) continue;
      this.removeMembership(group, id);
      this.touch(group);
    }
    this.memberships.delete(id);
    for (const reportId of [...(this.reports.get(id) ?? [])]) {
      const report = this.users.get(reportId);
      if (!report) continue;
      const next = cloneJson(report.resource);
      const extension = next[ENTERPRISE_USER_SCHEMA_ID];
      if (isJsonObject(extension)) {
        delete extension.manager;
        if (Object.keys(extension).length === 0) {
          delete next[ENTERPRISE_USER_SCHEMA_ID];
          next.schemas = (Array.isArray(next.schemas) ? next.schemas : []).filter((s) => s !== ENTERPRISE_USER_SCHEMA_ID);
        }
      }
      this.updateUser(report, next);
    }
    return true;
  }

  deleteGroup(id: string): boolean {
    const record = this.groups.get(id);
    if (!record) return false;
    for (const userId of [...record.members]) this.removeMembership(record, userId);
    this.groups.delete(id);
    this.indexGroup(id, record.resource, undefined);
    return true;
  }

  // ---- test access (copies only) ----

  getUser(id: string): JsonObject | undefined {
    const record = this.users.get(id);
    return record ? this.userCopy(record) : undefined;
  }

  getGroup(id: string): JsonObject | undefined {
    const record = this.groups.get(id);
    return record ? this.groupCopy(record) : undefined;
  }

  findUserByUserName(userName: string): JsonObject | undefined {
    const id = this.userNameTakenBy(userName);
    return id === undefined ? undefined : this.getUser(id);
  }

  findGroupByDisplayName(displayName: string): JsonObject | undefined {
    const id = this.groupNameTakenBy(displayName);
    return id === undefined ? undefined : this.getGroup(id);
  }

  listUsers(): JsonObject[] {
    return [...this.users.values()].map((record) => this.userCopy(record));
  }

  listGroups(): JsonObject[] {
    return [...this.groups.values()].map((record) => this.groupCopy(record));
  }

  hasPassword(id: string): boolean {
    return typeof this.users.get(id)?.resource.password === 'string';
  }

  insertUser(resource: unknown): JsonObject {
    const prepared = prepareResource(USER_RESOURCE_TYPE, resource, SEED_VALUE_OPTIONS);
    const userName = stringAt(prepared, 'userName') ?? '';
    if (this.userNameTakenBy(userName) !== undefined) throw conflict(`userName "${userName}" is already taken`);
    const managerId = managerIdOf(prepared);
    if (managerId !== undefined && !this.users.has(managerId)) {
      throw new Error(`insertUser: manager "${managerId}" is not the id of a stored user; insert the manager first`);
    }
    return this.userCopy(this.addUser(this.newRecord('User', prepared)));
  }

  insertGroup(resource: unknown): JsonObject {
    const prepared = prepareResource(GROUP_RESOURCE_TYPE, resource, SEED_VALUE_OPTIONS);
    const displayName = stringAt(prepared, 'displayName') ?? '';
    if (this.groupNameTakenBy(displayName) !== undefined) throw conflict(`Group displayName "${displayName}" is already taken`);
    const members = Array.isArray(prepared.members) ? prepared.members : [];
    const ids = members.map((member) => (isJsonObject(member) && typeof member.value === 'string' ? member.value : ''));
    const missing = ids.find((id) => !this.users.has(id));
    if (missing !== undefined) throw new Error(`insertGroup: member "${missing}" is not the id of a stored user; insert the user first`);
    delete prepared.members;
    return this.groupCopy(this.addGroup(this.newRecord('Group', prepared), ids));
  }

  reset(): void {
    this.users.clear();
    this.groups.clear();
    this.userNames.clear();
    this.userExternalIds.clear();
    this.groupNames.clear();
    this.groupExternalIds.clear();
    this.memberships.clear();
    this.reports.clear();
  }

  // ---- internals ----

  private userCopy(record: UserRecord): JsonObject {
    const copy = cloneJson(record.resource);
    delete copy.password;
    return copy;
  }

  private groupCopy(record: GroupRecord): JsonObject {
    const copy = cloneJson(record.resource);
    const members: JsonValue[] = [...record.members].map((value) => ({ value, type: 'User' }));
    copy.members = members;
    return copy;
  }

  private carryMeta(before: JsonObject, after: JsonObject): JsonObject {
    const next: JsonObject = { ...after, id: before.id ?? null, meta: cloneJson(before.meta ?? {}) };
    return next;
  }

  private touch(record: StoredRecord): void {
    record.version += 1;
    const meta = isJsonObject(record.resource.meta) ? record.resource.meta : {};
    meta.lastModified = this.now().toISOString();
    meta.version = formatEtag(record.version);
    record.resource.meta = meta;
  }

  private touchGroup(id: string): void {
    const record = this.groups.get(id);
    if (record) this.touch(record);
  }

  private touchUser(id: string): void {
    const record = this.users.get(id);
    if (record) this.touch(record);
  }

  private addMembership(group: GroupRecord, userId: string): void {
    if (group.members.has(userId)) return;
    group.members.add(userId);
    const groupIds = this.memberships.get(userId);
    if (groupIds) groupIds.add(group.id);
    else this.memberships.set(userId, new Set([group.id]));
    this.touchUser(userId);
  }

  private removeMembership(group: GroupRecord, userId: string): void {
    if (!group.members.delete(userId)) return;
    const groupIds = this.memberships.get(userId);
    groupIds?.delete(group.id);
    if (groupIds && groupIds.size === 0) this.memberships.delete(userId);
    this.touchUser(userId);
  }

  private indexUser(id: string, before: JsonObject | undefined, after: JsonObject | undefined): void {
    const oldName = before && lower(stringAt(before, 'userName'));
    const newName = after && lower(stringAt(after, 'userName'));
    if (oldName !== newName) {
      this.userNames.remove(oldName, id);
      this.userNames.add(newName, id);
    }
    const oldExternal = before && stringAt(before, 'externalId');
    const newExternal = after && stringAt(after, 'externalId');
    if (oldExternal !== newExternal) {
      this.userExternalIds.remove(oldExternal, id);
      this.userExternalIds.add(newExternal, id);
    }
    const oldManager = before && managerIdOf(before);
    const newManager = after && managerIdOf(after);
    if (oldManager !== newManager) {
      this.reports.remove(oldManager, id);
      this.reports.add(newManager, id);
    }
  }

  private indexGroup(id: string, before: JsonObject | undefined, after: JsonObject | undefined): void {
    const oldName = before && lower(stringAt(before, 'displayName'));
    const newName = after && lower(stringAt(after, 'displayName'));
    if (oldName !== newName) {
      this.groupNames.remove(oldName, id);
      this.groupNames.add(newName, id);
    }
    const oldExternal = before && stringAt(before, 'externalId');
    const newExternal = after && stringAt(after, 'externalId');
    if (oldExternal !== newExternal) {
      this.groupExternalIds.remove(oldExternal, id);
      this.groupExternalIds.add(newExternal, id);
    }
  }
}
