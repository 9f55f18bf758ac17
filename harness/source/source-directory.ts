/**
 * The source side of a provisioning job: users and groups as Entra holds them, the app's
 * assignments, and change tracking that plays the part of Graph's delta query (docs/entra-behaviour.md#incremental-cycles):
 * every mutation takes a new version, and `changesSince(watermark)` returns what an incremental
 * cycle would see.
 *
 * A facade over one part per job: the objects as they are now (ObjectStore: generated on demand,
 * only changed, added and deleted ones held, so memory follows the churn, not the population),
 * the app's assignments (AppAssignments), the reverse indexes a hard delete needs
 * (ReverseIndexes) and the change log (ChangeLog). Each mutation here tells every part what
 * changed, in one place, so the parts never call each other's writes.
 */
import { DEFAULT_DOMAIN, DEFAULT_PREFIX, generateGroup, generateUser } from './generate-directory';
import { GeneratedPopulation, type PopulationSpec } from './generated-population';
import { AppAssignments } from './app-assignments';
import { ChangeLog } from './change-log';
import { ObjectStore } from './object-store';
import { ReverseIndexes } from './reverse-indexes';
import { type SourceChanges, type SourceDirectoryData, type SourceGroup, type SourceUser } from './source-types';

export type UserPatch = Partial<Omit<SourceUser, 'objectId'>>;
export type GroupPatch = Partial<Omit<SourceGroup, 'objectId' | 'memberIds'>>;

export interface SourceDirectoryOptions {
  /** Seed for objects created by addUser/addGroup without explicit values (default 0). */
  readonly seed?: number;
  /** Prefix of generated names (default "scimh-"). */
  readonly prefix?: string;
  readonly domain?: string;
}

/** `{a: undefined}` must not overwrite a generated value when spread. */
function definedOnly<T extends object>(partial: T): Partial<T> {
  return Object.fromEntries(Object.entries(partial).filter(([, value]) => value !== undefined)) as Partial<T>;
}

export class SourceDirectory {
  readonly seed: number;
  readonly prefix: string;
  readonly domain: string;

  private readonly store: ObjectStore;
  private readonly assignments: AppAssignments;
  private readonly indexes: ReverseIndexes;
  private readonly changes: ChangeLog;
  /** Where addUser/addGroup continue the seeded sequence. */
  private nextUserIndex = 0;
  private nextGroupIndex = 0;

  constructor(options: SourceDirectoryOptions = {}, base: GeneratedPopulation | null = null) {
    this.seed = options.seed ?? 0;
    this.prefix = options.prefix ?? DEFAULT_PREFIX;
    this.domain = options.domain ?? DEFAULT_DOMAIN;
    this.store = new ObjectStore(base);
    this.assignments = new AppAssignments(this.store);
    this.indexes = new ReverseIndexes(this.store);
    this.changes = new ChangeLog(this.store);
    this.nextUserIndex = base?.userCount ?? 0;
    this.nextGroupIndex = base?.groupCount ?? 0;
  }

  /**
   * A seeded population at version 0, every object assigned: the same users and groups as
   * `fromData(generateDirectory(spec))`, generated on demand instead of held.
   */
  static generated(spec: PopulationSpec): SourceDirectory {
    const base = new GeneratedPopulation(spec);
    return new SourceDirectory({ seed: spec.seed, prefix: spec.prefix, domain: spec.domain }, base);
  }

  /**
   * Loads a directory at version 0: its contents are the baseline an initial cycle reads, not
   * changes. Throws on a duplicate objectId or a reference to a missing object.
   */
  static fromData(data: SourceDirectoryData, options: SourceDirectoryOptions = {}): SourceDirectory {
    const directory = new SourceDirectory(options);
    const store = directory.store;
    for (const user of data.users) {
      if (store.hasUser(user.objectId)) throw new Error(`Duplicate user objectId "${user.objectId}" in the source directory (every object needs its own objectId)`);
      store.insertUser(user);
    }
    for (const user of data.users) {
      if (user.managerId && !store.hasUser(user.managerId)) throw new Error(`User "${user.objectId}" has managerId "${user.managerId}", which names no user in the source directory`);
    }
    for (const group of data.groups) {
      if (store.hasGroup(group.objectId) || store.hasUser(group.objectId)) {
        throw new Error(`Duplicate objectId "${group.objectId}" in the source directory (every object needs its own objectId)`);
      }
      const members = new Set(group.memberIds);
      for (const id of members) if (!store.hasUser(id)) throw new Error(`Group "${group.objectId}" lists member "${id}", which names no user in the source directory`);
      store.insertGroup(members.size === group.memberIds.length ? group : { ...group, memberIds: [...members] }, members);
    }
    if (data.assignments) directory.assignments.load(data.assignments);
    directory.nextUserIndex = data.users.length;
    directory.nextGroupIndex = data.groups.length;
    return directory;
  }

  toData(): SourceDirectoryData {
    const assignments = this.assignments.explicitList();
    return {
      users: this.users(),
      groups: this.groups(),
      ...(assignments ? { assignments } : {}),
    };
  }

  // ── reads ──────────────────────────────────────────────────────────────────

  getUser(objectId: string): SourceUser | undefined {
    return this.store.getUser(objectId);
  }

  getGroup(objectId: string): SourceGroup | undefined {
    return this.store.getGroup(objectId);
  }

  /** Generated objects are numbered densely (users, then groups): per-object job state keeps to typed arrays. */
  get denseSlotCount(): number {
    return this.store.denseSlotCount;
  }

  denseSlotOf(objectId: string): number {
    return this.store.denseSlotOf(objectId);
  }

  /** How a hard-deleted object was last named (userPrincipalName, group displayName): its delete is logged under it. */
  deletedName(objectId: string): string | undefined {
    return this.changes.deletedName(objectId);
  }

  hasUser(objectId: string): boolean {
    return this.store.hasUser(objectId);
  }

  hasGroup(objectId: string): boolean {
    return this.store.hasGroup(objectId);
  }

  /** Users whose userPrincipalName equals the value, ignoring case; more than one is a source duplicate. */
  usersByUserPrincipalName(userPrincipalName: string): SourceUser[] {
    return this.store.usersByUserPrincipalName(userPrincipalName);
  }

  /** A snapshot: safe to iterate while mutating the directory. Generates every user: prefer eachUser() for large directories. */
  users(): SourceUser[] {
    return [...this.eachUser()];
  }

  groups(): SourceGroup[] {
    return [...this.eachGroup()];
  }

  /**
   * Every user in order (generated ones by index, then the others), one at a time: what a cycle
   * iterates so a large directory is never materialised. Not a snapshot: do not mutate while iterating.
   */
  *eachUser(): Generator<SourceUser, void, undefined> {
    for (const id of this.store.userIds()) {
      const user = this.store.getUser(id);
      if (user) yield user;
    }
  }

  *eachGroup(): Generator<SourceGroup, void, undefined> {
    for (const id of this.store.groupIds()) {
      const group = this.store.getGroup(id);
      if (group) yield group;
    }
  }

  /** Every user's objectId, in eachUser() order, without generating the users. */
  userIds(): Generator<string, void, undefined> {
    return this.store.userIds();
  }

  groupIds(): Generator<string, void, undefined> {
    return this.store.groupIds();
  }

  get userCount(): number {
    return this.store.userCount;
  }

  get groupCount(): number {
    return this.store.groupCount;
  }

  /**
   * Entra's "assigned users and groups": assigned directly, or a direct member of an assigned
   * group; members of nested groups are not (docs/entra-behaviour.md#group-members).
   */
  isAssigned(objectId: string): boolean {
    return this.assignments.isAssigned(objectId);
  }

  /** True while no assignment was ever made or removed: everything counts as assigned. */
  get assignsEverything(): boolean {
    return this.assignments.assignsEverything;
  }

  currentWatermark(): number {
    return this.changes.watermark;
  }

  /** What changed after `watermark`, net: what Graph's delta query would report (docs/entra-behaviour.md#incremental-cycles). */
  changesSince(watermark: number): SourceChanges {
    return this.changes.changesSince(watermark);
  }

  // ── user mutations ─────────────────────────────────────────────────────────

  /**
   * A new user; fields not given come from the directory's seed, so repeated runs add the same
   * people. Assigned only while the directory assigns everything; otherwise call assign(), as
   * an Entra admin would.
   */
  addUser(partial: Partial<SourceUser> = {}): SourceUser {
    this.requireFreeObjectId(partial.objectId);
    if (partial.managerId) this.store.requireUser(partial.managerId);
    let generated: SourceUser;
    do {
      generated = generateUser(this.seed, this.nextUserIndex, { prefix: this.prefix, domain: this.domain, withManagers: false });
      this.nextUserIndex += 1;
    } while (this.hasUser(generated.objectId) || this.hasGroup(generated.objectId) || this.usersByUserPrincipalName(generated.userPrincipalName).length > 0);
    const user: SourceUser = { ...generated, ...definedOnly(partial) };
    this.store.insertUser(user);
    this.indexes.noteManager(user.objectId, null, user.managerId ?? null);
    this.changes.userAdded(user.objectId);
    this.changes.touchUser(user.objectId, this.changes.bump());
    return user;
  }

  updateUser(objectId: string, patch: UserPatch): SourceUser {
    const before = this.store.requireUser(objectId);
    if ('objectId' in patch) throw new Error(`objectId cannot be changed (user "${objectId}"): Entra objectIds are immutable`);
    if (patch.managerId) {
      this.store.requireUser(patch.managerId);
      if (patch.managerId === objectId) throw new Error(`User "${objectId}" cannot be its own manager`);
    }
    const after: SourceUser = { ...before, ...patch };
    this.store.replaceUser(before, after);
    this.indexes.noteManager(objectId, before.managerId ?? null, after.managerId ?? null);
    this.changes.touchUser(objectId, this.changes.bump());
    return after;
  }

  /** accountEnabled=false ("blocked from sign-in"): IsSoftDeleted becomes true, a disable (docs/entra-behaviour.md#disable-enable). */
  blockSignIn(objectId: string): SourceUser {
    return this.updateUser(objectId, { accountEnabled: false });
  }

  unblockSignIn(objectId: string): SourceUser {
    return this.updateUser(objectId, { accountEnabled: true });
  }

  /** Moved to the recycle bin: a disable, not a DELETE (docs/entra-behaviour.md#disable-enable). */
  softDeleteUser(objectId: string): SourceUser {
    return this.updateUser(objectId, { isSoftDeleted: true });
  }

  restoreUser(objectId: string): SourceUser {
    return this.updateUser(objectId, { isSoftDeleted: false });
  }

  /**
   * Permanently deleted (docs/entra-behaviour.md#hard-delete): gone from the directory, its assignment and every
   * group's members. Direct reports lose their manager, as in Entra when the manager object is
   * deleted. Returns the reports whose managerId was cleared.
   */
  hardDeleteUser(objectId: string): string[] {
    const user = this.store.requireUser(objectId);
    const version = this.changes.bump();
    for (const groupId of this.indexes.groupsOf(objectId)) {
      this.store.requireMembers(groupId).delete(objectId);
      this.changes.membership(version, groupId, objectId, false);
      this.refreshGroup(groupId, version);
    }
    const reports = this.indexes.reportsOf(objectId);
    for (const reportId of reports) {
      const report = this.store.getUser(reportId);
      if (!report) continue;
      this.store.replaceUser(report, { ...report, managerId: null });
      this.changes.touchUser(reportId, version);
    }
    this.indexes.forgetUser(objectId, user.managerId);
    this.store.removeUser(user);
    this.assignments.forgetUser(objectId);
    this.changes.userDeleted(objectId, version, user.userPrincipalName || user.displayName || objectId);
    return reports;
  }

  setManager(userId: string, managerId: string | null): SourceUser {
    return this.updateUser(userId, { managerId });
  }

  // ── assignments ────────────────────────────────────────────────────────────

  /** Assigns a user or a group to the application; a group brings its direct members into scope. */
  assign(objectId: string): void {
    this.store.requireObject(objectId);
    if (this.assignments.assign(objectId)) this.afterAssignmentChange(objectId);
  }

  /** Unassigning is a disable for users already provisioned, never a DELETE (docs/entra-behaviour.md#disable-enable). */
  unassign(objectId: string): void {
    this.store.requireObject(objectId);
    if (this.assignments.unassign(objectId)) this.afterAssignmentChange(objectId);
  }

  // ── groups ─────────────────────────────────────────────────────────────────

  addGroup(partial: Partial<SourceGroup> = {}): SourceGroup {
    this.requireFreeObjectId(partial.objectId);
    const memberIds = [...new Set(partial.memberIds ?? [])];
    for (const id of memberIds) this.store.requireUser(id);
    let generated: SourceGroup;
    do {
      generated = generateGroup(this.seed, this.nextGroupIndex, { prefix: this.prefix });
      this.nextGroupIndex += 1;
    } while (this.hasUser(generated.objectId) || this.hasGroup(generated.objectId));
    const group: SourceGroup = { ...generated, ...definedOnly(partial), memberIds };
    const version = this.changes.bump();
    this.store.insertGroup(group, new Set(memberIds));
    this.changes.groupAdded(group.objectId);
    for (const userId of memberIds) {
      this.changes.membership(version, group.objectId, userId, true);
      this.indexes.noteMembership(userId, group.objectId, true);
    }
    this.changes.touchGroup(group.objectId, version);
    return group;
  }

  updateGroup(objectId: string, patch: GroupPatch): SourceGroup {
    const before = this.store.requireGroup(objectId);
    if ('objectId' in patch || 'memberIds' in patch) throw new Error(`updateGroup changes attributes only (group "${objectId}"): use addMembers/removeMembers for members`);
    const after: SourceGroup = { ...before, ...patch };
    this.store.replaceGroup(after);
    this.changes.touchGroup(objectId, this.changes.bump());
    return after;
  }

  renameGroup(objectId: string, displayName: string): SourceGroup {
    return this.updateGroup(objectId, { displayName });
  }

  /** Returns the users that were not members before. */
  addMembers(groupId: string, userIds: readonly string[]): string[] {
    const members = this.store.requireMembers(groupId);
    for (const id of userIds) this.store.requireUser(id);
    return this.changeMembers(groupId, [...new Set(userIds)].filter((id) => !members.has(id)), true);
  }

  /** Returns the users that were members before. */
  removeMembers(groupId: string, userIds: readonly string[]): string[] {
    const members = this.store.requireMembers(groupId);
    return this.changeMembers(groupId, [...new Set(userIds)].filter((id) => members.has(id)), false);
  }

  /** Hard delete: a DELETE for the provisioned group (docs/entra-behaviour.md#hard-delete); its members may leave scope. */
  deleteGroup(objectId: string): void {
    const group = this.store.requireGroup(objectId);
    const members = this.store.membersOf(objectId);
    const version = this.changes.bump();
    if (this.assignments.forgetGroup(objectId, members)) {
      for (const userId of members) this.changes.touchUser(userId, version);
    }
    for (const userId of members) this.indexes.noteMembership(userId, objectId, false);
    this.store.removeGroup(objectId);
    this.changes.groupDeleted(objectId, version, group.displayName || objectId);
  }

  // ── internals ──────────────────────────────────────────────────────────────

  private requireFreeObjectId(objectId: string | undefined): void {
    if (objectId !== undefined && (this.hasUser(objectId) || this.hasGroup(objectId))) {
      throw new Error(`objectId "${objectId}" is already used in the source directory (every object needs its own objectId)`);
    }
  }

  /** Adds or removes members that are not yet / still members, under one version. */
  private changeMembers(groupId: string, userIds: string[], added: boolean): string[] {
    if (userIds.length === 0) return [];
    const members = this.store.requireMembers(groupId);
    const version = this.changes.bump();
    for (const userId of userIds) {
      if (added) members.add(userId);
      else members.delete(userId);
      this.indexes.noteMembership(userId, groupId, added);
      this.changes.membership(version, groupId, userId, added);
    }
    this.assignments.membersChanged(groupId, userIds, added ? 1 : -1);
    this.refreshGroup(groupId, version);
    return userIds;
  }

  private refreshGroup(groupId: string, version: number): void {
    if (this.store.refreshMemberIds(groupId)) this.changes.touchGroup(groupId, version);
  }

  /** A changed assignment changes the scope of the object, and of a group's direct members. */
  private afterAssignmentChange(objectId: string): void {
    const version = this.changes.bump();
    if (this.hasGroup(objectId)) {
      this.changes.touchGroup(objectId, version);
      for (const userId of this.store.membersOf(objectId)) this.changes.touchUser(userId, version);
    } else {
      this.changes.touchUser(objectId, version);
    }
  }
}
