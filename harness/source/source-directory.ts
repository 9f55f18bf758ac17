/**
 * The source side of a provisioning job: users and groups as Entra holds them, the app's
 * assignments, and change tracking that plays the part of Graph's delta query (reference §6.2):
 * every mutation takes a new version, and `changesSince(watermark)` returns what an incremental
 * cycle would see.
 *
 * Built for large populations. A generated directory (`SourceDirectory.generated`) holds no user
 * or group at all until one changes: unchanged objects are generated on demand from the seed
 * (GeneratedPopulation), and only changed, added and deleted objects are kept, so memory follows
 * the churn, not the population. A directory loaded from data holds the plain objects handed in
 * (no copies, no closures), with one userPrincipalName index entry per user.
 */
import { DEFAULT_DOMAIN, DEFAULT_PREFIX, generateGroup, generateUser } from './generate-directory';
import { GeneratedPopulation, type PopulationSpec } from './generated-population';
import { IndexedLists } from './indexed-lists';
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

interface MembershipEvent {
  readonly version: number;
  readonly groupId: string;
  readonly userId: string;
  readonly added: boolean;
}

/** Unknown ids are a mistake in the scenario or the caller, never a state of the directory. */
function unknown(kind: 'user' | 'group' | 'user or group', id: string): Error {
  return new Error(`No ${kind} with objectId "${id}" in the source directory (use an objectId from users()/groups(), or add it first)`);
}

/** `{a: undefined}` must not overwrite a generated value when spread. */
function definedOnly<T extends object>(partial: T): Partial<T> {
  return Object.fromEntries(Object.entries(partial).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function upnKey(userPrincipalName: string): string {
  return userPrincipalName.toLowerCase();
}

export class SourceDirectory {
  readonly seed: number;
  readonly prefix: string;
  readonly domain: string;

  /** The generated objects not held in the maps below; null for a directory loaded from data. */
  private readonly base: GeneratedPopulation | null;
  /** Generated users and groups hard-deleted since (1 = gone), by index. */
  private readonly removedBaseUsers: Uint8Array;
  private readonly removedBaseGroups: Uint8Array;
  private removedBaseUserCount = 0;
  private removedBaseGroupCount = 0;
  /** Every user that is not an unchanged generated one: loaded, added, or generated and changed since. */
  private readonly userMap = new Map<string, SourceUser>();
  private readonly groupMap = new Map<string, SourceGroup>();
  /** Member sets of loaded and added groups, and of generated ones once their members change; any other group's memberIds are current. */
  private readonly memberSets = new Map<string, Set<string>>();
  /**
   * Lower-cased userPrincipalName → objectId, or several when values collide (DuplicateSourceEntries,
   * reference §8). Generated users are found by the index their userPrincipalName carries instead.
   */
  private readonly upnIndex = new Map<string, string | string[]>();
  /** null = nothing was ever assigned explicitly: every user and group is assigned (SourceDirectoryData.assignments absent). */
  private assignments: Set<string> | null = null;
  /** Per user: how many assigned groups hold it as a direct member (nested groups are not expanded, reference §1.8). */
  private readonly assignedGroupCount = new Map<string, number>();
  /**
   * Manager objectId → direct reports, for every user but the unchanged generated ones; built on
   * the first hard delete, added to after that. Entries may go stale: reads check each one.
   */
  private reports: Map<string, Set<string>> | null = null;
  /** The unchanged generated users' reports as generated, by index; built with `reports`. */
  private generatedReports: IndexedLists | null = null;
  /** User objectId → groups holding it, for every group but the unchanged generated ones; as `reports`. */
  private memberships: Map<string, Set<string>> | null = null;
  /** The unchanged generated groups' members as generated: user index → group indexes; built with `memberships`. */
  private generatedMemberships: IndexedLists | null = null;

  private version = 0;
  private readonly userVersions = new Map<string, number>();
  private readonly groupVersions = new Map<string, number>();
  private readonly deletedUsers = new Map<string, number>();
  private readonly deletedGroups = new Map<string, number>();
  private readonly deletedNames = new Map<string, string>();
  private readonly membershipLog: MembershipEvent[] = [];
  private nextUserIndex = 0;
  private nextGroupIndex = 0;

  constructor(options: SourceDirectoryOptions = {}, base: GeneratedPopulation | null = null) {
    this.seed = options.seed ?? 0;
    this.prefix = options.prefix ?? DEFAULT_PREFIX;
    this.domain = options.domain ?? DEFAULT_DOMAIN;
    this.base = base;
    this.removedBaseUsers = new Uint8Array(base?.userCount ?? 0);
    this.removedBaseGroups = new Uint8Array(base?.groupCount ?? 0);
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
    for (const user of data.users) {
      if (directory.userMap.has(user.objectId)) throw new Error(`Duplicate user objectId "${user.objectId}" in the source directory (every object needs its own objectId)`);
      directory.userMap.set(user.objectId, user);
      directory.indexUpn(user);
    }
    for (const user of data.users) {
      if (user.managerId && !directory.userMap.has(user.managerId)) throw new Error(`User "${user.objectId}" has managerId "${user.managerId}", which names no user in the source directory`);
    }
    for (const group of data.groups) {
      if (directory.groupMap.has(group.objectId) || directory.userMap.has(group.objectId)) {
        throw new Error(`Duplicate objectId "${group.objectId}" in the source directory (every object needs its own objectId)`);
      }
      const members = new Set(group.memberIds);
      for (const id of members) if (!directory.userMap.has(id)) throw new Error(`Group "${group.objectId}" lists member "${id}", which names no user in the source directory`);
      directory.memberSets.set(group.objectId, members);
      directory.groupMap.set(group.objectId, members.size === group.memberIds.length ? group : { ...group, memberIds: [...members] });
    }
    if (data.assignments) {
      directory.assignments = new Set();
      for (const id of data.assignments) {
        if (!directory.userMap.has(id) && !directory.groupMap.has(id)) throw unknown('user or group', id);
        directory.assignments.add(id);
        const members = directory.memberSets.get(id);
        if (members) for (const member of members) directory.countAssignedGroup(member, 1);
      }
    }
    directory.nextUserIndex = data.users.length;
    directory.nextGroupIndex = data.groups.length;
    return directory;
  }

  toData(): SourceDirectoryData {
    return {
      users: this.users(),
      groups: this.groups(),
      ...(this.assignments ? { assignments: [...this.assignments] } : {}),
    };
  }

  // ── reads ──────────────────────────────────────────────────────────────────

  getUser(objectId: string): SourceUser | undefined {
    const held = this.userMap.get(objectId);
    if (held !== undefined || !this.base) return held;
    const index = this.baseUserIndex(objectId);
    return index < 0 ? undefined : this.base.userAt(index);
  }

  getGroup(objectId: string): SourceGroup | undefined {
    const held = this.groupMap.get(objectId);
    if (held !== undefined || !this.base) return held;
    const index = this.baseGroupIndex(objectId);
    return index < 0 ? undefined : this.base.groupAt(index);
  }

  /** Generated objects are numbered densely (users, then groups): per-object job state keeps to typed arrays. */
  get denseSlotCount(): number {
    return this.base ? this.base.userCount + this.base.groupCount : 0;
  }

  denseSlotOf(objectId: string): number {
    if (!this.base) return -1;
    const user = this.base.userIndexOf(objectId);
    if (user >= 0) return user;
    const group = this.base.groupIndexOf(objectId);
    return group >= 0 ? this.base.userCount + group : -1;
  }

  /** How a hard-deleted object was last named (userPrincipalName, group displayName): its delete is logged under it. */
  deletedName(objectId: string): string | undefined {
    return this.deletedNames.get(objectId);
  }

  hasUser(objectId: string): boolean {
    return this.userMap.has(objectId) || this.baseUserIndex(objectId) >= 0;
  }

  hasGroup(objectId: string): boolean {
    return this.groupMap.has(objectId) || this.baseGroupIndex(objectId) >= 0;
  }

  /** Users whose userPrincipalName equals the value, ignoring case; more than one is a source duplicate. */
  usersByUserPrincipalName(userPrincipalName: string): SourceUser[] {
    const key = upnKey(userPrincipalName);
    const ids: string[] = [];
    const index = this.base ? this.base.userIndexOfUserPrincipalName(key) : -1;
    if (index >= 0 && this.removedBaseUsers[index] === 0) {
      // A generated user changed since keeps the name only if the change left it alone.
      const id = (this.base as GeneratedPopulation).userIdAt(index);
      const current = this.getUser(id);
      if (current && upnKey(current.userPrincipalName) === key) ids.push(id);
    }
    const hit = this.upnIndex.get(key);
    for (const id of hit === undefined ? [] : typeof hit === 'string' ? [hit] : hit) if (!ids.includes(id)) ids.push(id);
    return ids.map((id) => this.getUser(id)).filter((u): u is SourceUser => u !== undefined);
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
    for (const id of this.userIds()) {
      const user = this.getUser(id);
      if (user) yield user;
    }
  }

  *eachGroup(): Generator<SourceGroup, void, undefined> {
    for (const id of this.groupIds()) {
      const group = this.getGroup(id);
      if (group) yield group;
    }
  }

  /** Every user's objectId, in eachUser() order, without generating the users. */
  *userIds(): Generator<string, void, undefined> {
    const base = this.base;
    if (base) {
      for (let index = 0; index < base.userCount; index += 1) if (this.removedBaseUsers[index] === 0) yield base.userIdAt(index);
    }
    for (const id of this.userMap.keys()) if (this.baseUserIndex(id) < 0) yield id;
  }

  *groupIds(): Generator<string, void, undefined> {
    const base = this.base;
    if (base) {
      for (let index = 0; index < base.groupCount; index += 1) if (this.removedBaseGroups[index] === 0) yield base.groupIdAt(index);
    }
    for (const id of this.groupMap.keys()) if (this.baseGroupIndex(id) < 0) yield id;
  }

  get userCount(): number {
    if (!this.base) return this.userMap.size;
    let added = 0;
    for (const id of this.userMap.keys()) if (this.baseUserIndex(id) < 0) added += 1;
    return this.base.userCount - this.removedBaseUserCount + added;
  }

  get groupCount(): number {
    if (!this.base) return this.groupMap.size;
    let added = 0;
    for (const id of this.groupMap.keys()) if (this.baseGroupIndex(id) < 0) added += 1;
    return this.base.groupCount - this.removedBaseGroupCount + added;
  }

  /**
   * Entra's "assigned users and groups": assigned directly, or a direct member of an assigned
   * group; members of nested groups are not (reference §1.8).
   */
  isAssigned(objectId: string): boolean {
    if (this.assignments === null) return this.hasUser(objectId) || this.hasGroup(objectId);
    if (this.assignments.has(objectId)) return true;
    return (this.assignedGroupCount.get(objectId) ?? 0) > 0;
  }

  /** True while no assignment was ever made or removed: everything counts as assigned. */
  get assignsEverything(): boolean {
    return this.assignments === null;
  }

  currentWatermark(): number {
    return this.version;
  }

  /** What changed after `watermark`, net: what Graph's delta query would report (reference §6.2). */
  changesSince(watermark: number): SourceChanges {
    const users: string[] = [];
    for (const [id, version] of this.userVersions) if (version > watermark && this.hasUser(id)) users.push(id);
    const groups: string[] = [];
    for (const [id, version] of this.groupVersions) if (version > watermark && this.hasGroup(id)) groups.push(id);
    const hardDeletedUsers = [...this.deletedUsers].filter(([id, v]) => v > watermark && !this.hasUser(id)).map(([id]) => id);
    const hardDeletedGroups = [...this.deletedGroups].filter(([id, v]) => v > watermark && !this.hasGroup(id)).map(([id]) => id);
    return { users, groups, hardDeletedUsers, hardDeletedGroups, membershipChanges: this.netMembershipChanges(watermark), watermark: this.version };
  }

  // ── user mutations ─────────────────────────────────────────────────────────

  /**
   * A new user; fields not given come from the directory's seed, so repeated runs add the same
   * people. Assigned only while the directory assigns everything; otherwise call assign(), as
   * an Entra admin would.
   */
  addUser(partial: Partial<SourceUser> = {}): SourceUser {
    if (partial.objectId !== undefined && (this.hasUser(partial.objectId) || this.hasGroup(partial.objectId))) {
      throw new Error(`objectId "${partial.objectId}" is already used in the source directory (every object needs its own objectId)`);
    }
    if (partial.managerId) this.requireUser(partial.managerId);
    let generated: SourceUser;
    do {
      generated = generateUser(this.seed, this.nextUserIndex, { prefix: this.prefix, domain: this.domain, withManagers: false });
      this.nextUserIndex += 1;
    } while (this.hasUser(generated.objectId) || this.hasGroup(generated.objectId) || this.usersByUserPrincipalName(generated.userPrincipalName).length > 0);
    const user: SourceUser = { ...generated, ...definedOnly(partial) };
    this.userMap.set(user.objectId, user);
    this.indexUpn(user);
    if (user.managerId && this.reports) this.addReport(user.managerId, user.objectId);
    this.deletedUsers.delete(user.objectId);
    this.deletedNames.delete(user.objectId);
    this.touchUser(user.objectId, this.bump());
    return user;
  }

  updateUser(objectId: string, patch: UserPatch): SourceUser {
    const before = this.requireUser(objectId);
    if ('objectId' in patch) throw new Error(`objectId cannot be changed (user "${objectId}"): Entra objectIds are immutable`);
    if (patch.managerId) {
      this.requireUser(patch.managerId);
      if (patch.managerId === objectId) throw new Error(`User "${objectId}" cannot be its own manager`);
    }
    const after: SourceUser = { ...before, ...patch };
    this.userMap.set(objectId, after);
    if (before.userPrincipalName !== after.userPrincipalName) {
      this.unindexUpn(before);
      this.indexUpn(after);
    }
    if (this.reports && (before.managerId ?? null) !== (after.managerId ?? null)) {
      if (before.managerId) this.reports.get(before.managerId)?.delete(objectId);
      if (after.managerId) this.addReport(after.managerId, objectId);
    }
    this.touchUser(objectId, this.bump());
    return after;
  }

  /** accountEnabled=false ("blocked from sign-in"): IsSoftDeleted becomes true, a disable (reference §1.6). */
  blockSignIn(objectId: string): SourceUser {
    return this.updateUser(objectId, { accountEnabled: false });
  }

  unblockSignIn(objectId: string): SourceUser {
    return this.updateUser(objectId, { accountEnabled: true });
  }

  /** Moved to the recycle bin: a disable, not a DELETE (reference §1.6). */
  softDeleteUser(objectId: string): SourceUser {
    return this.updateUser(objectId, { isSoftDeleted: true });
  }

  restoreUser(objectId: string): SourceUser {
    return this.updateUser(objectId, { isSoftDeleted: false });
  }

  /**
   * Permanently deleted (reference §1.7): gone from the directory, its assignment and every
   * group's members. Direct reports lose their manager, as in Entra when the manager object is
   * deleted. Returns the reports whose managerId was cleared.
   */
  hardDeleteUser(objectId: string): string[] {
    const user = this.requireUser(objectId);
    const version = this.bump();
    for (const groupId of this.groupsOf(objectId)) {
      this.requireMembers(groupId).delete(objectId);
      this.membershipLog.push({ version, groupId, userId: objectId, added: false });
      this.refreshGroup(groupId, version);
    }
    this.memberships?.delete(objectId);
    const reports = this.reportsOf(objectId);
    for (const reportId of reports) {
      const report = this.getUser(reportId);
      if (!report) continue;
      this.userMap.set(reportId, { ...report, managerId: null });
      this.touchUser(reportId, version);
    }
    this.reports?.delete(objectId);
    if (user.managerId) this.reports?.get(user.managerId)?.delete(objectId);
    this.userMap.delete(objectId);
    this.removeBaseUser(objectId);
    this.unindexUpn(user);
    this.assignments?.delete(objectId);
    this.assignedGroupCount.delete(objectId);
    this.userVersions.delete(objectId);
    this.deletedUsers.set(objectId, version);
    this.deletedNames.set(objectId, user.userPrincipalName || user.displayName || objectId);
    return reports;
  }

  setManager(userId: string, managerId: string | null): SourceUser {
    return this.updateUser(userId, { managerId });
  }

  // ── assignments ────────────────────────────────────────────────────────────

  /** Assigns a user or a group to the application; a group brings its direct members into scope. */
  assign(objectId: string): void {
    this.requireObject(objectId);
    if (this.assignments === null || this.assignments.has(objectId)) return;
    this.assignments.add(objectId);
    this.afterAssignmentChange(objectId, 1);
  }

  /** Unassigning is a disable for users already provisioned, never a DELETE (reference §1.6). */
  unassign(objectId: string): void {
    this.requireObject(objectId);
    if (this.assignments === null) this.assignEverythingExplicitly();
    const assignments = this.assignments as Set<string>;
    if (!assignments.delete(objectId)) return;
    this.afterAssignmentChange(objectId, -1);
  }

  // ── groups ─────────────────────────────────────────────────────────────────

  addGroup(partial: Partial<SourceGroup> = {}): SourceGroup {
    if (partial.objectId !== undefined && (this.hasUser(partial.objectId) || this.hasGroup(partial.objectId))) {
      throw new Error(`objectId "${partial.objectId}" is already used in the source directory (every object needs its own objectId)`);
    }
    const memberIds = [...new Set(partial.memberIds ?? [])];
    for (const id of memberIds) this.requireUser(id);
    let generated: SourceGroup;
    do {
      generated = generateGroup(this.seed, this.nextGroupIndex, { prefix: this.prefix });
      this.nextGroupIndex += 1;
    } while (this.hasUser(generated.objectId) || this.hasGroup(generated.objectId));
    const group: SourceGroup = { ...generated, ...definedOnly(partial), memberIds };
    const version = this.bump();
    this.groupMap.set(group.objectId, group);
    this.memberSets.set(group.objectId, new Set(memberIds));
    this.deletedGroups.delete(group.objectId);
    this.deletedNames.delete(group.objectId);
    for (const userId of memberIds) {
      this.membershipLog.push({ version, groupId: group.objectId, userId, added: true });
      this.noteMembership(userId, group.objectId, true);
    }
    this.groupVersions.set(group.objectId, version);
    return group;
  }

  updateGroup(objectId: string, patch: GroupPatch): SourceGroup {
    const before = this.requireGroup(objectId);
    if ('objectId' in patch || 'memberIds' in patch) throw new Error(`updateGroup changes attributes only (group "${objectId}"): use addMembers/removeMembers for members`);
    const after: SourceGroup = { ...before, ...patch };
    this.groupMap.set(objectId, after);
    this.groupVersions.set(objectId, this.bump());
    return after;
  }

  renameGroup(objectId: string, displayName: string): SourceGroup {
    return this.updateGroup(objectId, { displayName });
  }

  /** Returns the users that were not members before. */
  addMembers(groupId: string, userIds: readonly string[]): string[] {
    const members = this.requireMembers(groupId);
    for (const id of userIds) this.requireUser(id);
    const added = [...new Set(userIds)].filter((id) => !members.has(id));
    if (added.length === 0) return [];
    const version = this.bump();
    const assigned = this.assignments?.has(groupId) ?? false;
    for (const userId of added) {
      members.add(userId);
      this.noteMembership(userId, groupId, true);
      this.membershipLog.push({ version, groupId, userId, added: true });
      if (assigned) this.countAssignedGroup(userId, 1);
    }
    this.refreshGroup(groupId, version);
    return added;
  }

  /** Returns the users that were members before. */
  removeMembers(groupId: string, userIds: readonly string[]): string[] {
    const members = this.requireMembers(groupId);
    const removed = [...new Set(userIds)].filter((id) => members.has(id));
    if (removed.length === 0) return [];
    const version = this.bump();
    const assigned = this.assignments?.has(groupId) ?? false;
    for (const userId of removed) {
      members.delete(userId);
      this.noteMembership(userId, groupId, false);
      this.membershipLog.push({ version, groupId, userId, added: false });
      if (assigned) this.countAssignedGroup(userId, -1);
    }
    this.refreshGroup(groupId, version);
    return removed;
  }

  /** Hard delete: a DELETE for the provisioned group (reference §1.7); its members may leave scope. */
  deleteGroup(objectId: string): void {
    const group = this.requireGroup(objectId);
    const members = this.membersOf(objectId);
    const version = this.bump();
    if (this.assignments?.delete(objectId)) {
      for (const userId of members) {
        this.countAssignedGroup(userId, -1);
        this.touchUser(userId, version);
      }
    }
    for (const userId of members) this.noteMembership(userId, objectId, false);
    this.groupMap.delete(objectId);
    this.memberSets.delete(objectId);
    this.removeBaseGroup(objectId);
    this.groupVersions.delete(objectId);
    this.deletedGroups.set(objectId, version);
    this.deletedNames.set(objectId, group.displayName || objectId);
  }

  // ── internals ──────────────────────────────────────────────────────────────

  private bump(): number {
    this.version += 1;
    return this.version;
  }

  private touchUser(objectId: string, version: number): void {
    this.userVersions.set(objectId, version);
  }

  private requireUser(objectId: string): SourceUser {
    const user = this.getUser(objectId);
    if (!user) throw unknown('user', objectId);
    return user;
  }

  private requireGroup(objectId: string): SourceGroup {
    const group = this.getGroup(objectId);
    if (!group) throw unknown('group', objectId);
    return group;
  }

  /** The group's member set, held from now on: a generated group is copied into the maps before its first change. */
  private requireMembers(groupId: string): Set<string> {
    const group = this.requireGroup(groupId);
    let members = this.memberSets.get(groupId);
    if (!members) {
      members = new Set(group.memberIds);
      this.memberSets.set(groupId, members);
      this.groupMap.set(groupId, group);
    }
    return members;
  }

  /** Current direct members; an empty set for an unknown group. */
  private membersOf(groupId: string): ReadonlySet<string> {
    return this.memberSets.get(groupId) ?? new Set(this.getGroup(groupId)?.memberIds ?? []);
  }

  private requireObject(objectId: string): void {
    if (!this.hasUser(objectId) && !this.hasGroup(objectId)) throw unknown('user or group', objectId);
  }

  /** Index of a generated user still in the directory, or -1. */
  private baseUserIndex(objectId: string): number {
    if (!this.base) return -1;
    const index = this.base.userIndexOf(objectId);
    return index >= 0 && this.removedBaseUsers[index] === 0 ? index : -1;
  }

  private baseGroupIndex(objectId: string): number {
    if (!this.base) return -1;
    const index = this.base.groupIndexOf(objectId);
    return index >= 0 && this.removedBaseGroups[index] === 0 ? index : -1;
  }

  private removeBaseUser(objectId: string): void {
    const index = this.baseUserIndex(objectId);
    if (index < 0) return;
    this.removedBaseUsers[index] = 1;
    this.removedBaseUserCount += 1;
  }

  private removeBaseGroup(objectId: string): void {
    const index = this.baseGroupIndex(objectId);
    if (index < 0) return;
    this.removedBaseGroups[index] = 1;
    this.removedBaseGroupCount += 1;
  }

  private refreshGroup(groupId: string, version: number): void {
    const group = this.groupMap.get(groupId);
    const members = this.memberSets.get(groupId);
    if (!group || !members) return;
    this.groupMap.set(groupId, { ...group, memberIds: [...members] });
    this.groupVersions.set(groupId, version);
  }

  private countAssignedGroup(userId: string, delta: number): void {
    const next = (this.assignedGroupCount.get(userId) ?? 0) + delta;
    if (next > 0) this.assignedGroupCount.set(userId, next);
    else this.assignedGroupCount.delete(userId);
  }

  /** A changed assignment changes the scope of the object, and of a group's direct members. */
  private afterAssignmentChange(objectId: string, delta: number): void {
    const version = this.bump();
    if (this.hasGroup(objectId)) {
      this.groupVersions.set(objectId, version);
      for (const userId of this.membersOf(objectId)) {
        this.countAssignedGroup(userId, delta);
        this.touchUser(userId, version);
      }
    } else {
      this.touchUser(objectId, version);
    }
  }

  /** The first unassign turns "everything is assigned" into an explicit list of every object. */
  private assignEverythingExplicitly(): void {
    this.assignments = new Set([...this.userIds(), ...this.groupIds()]);
    for (const groupId of this.groupIds()) for (const userId of this.membersOf(groupId)) this.countAssignedGroup(userId, 1);
  }

  private indexUpn(user: SourceUser): void {
    const key = upnKey(user.userPrincipalName);
    const hit = this.upnIndex.get(key);
    if (hit === undefined) this.upnIndex.set(key, user.objectId);
    else if (typeof hit === 'string') this.upnIndex.set(key, [hit, user.objectId]);
    else hit.push(user.objectId);
  }

  private unindexUpn(user: SourceUser): void {
    const key = upnKey(user.userPrincipalName);
    const hit = this.upnIndex.get(key);
    if (hit === undefined) return;
    if (typeof hit === 'string') {
      if (hit === user.objectId) this.upnIndex.delete(key);
      return;
    }
    const rest = hit.filter((id) => id !== user.objectId);
    this.upnIndex.set(key, rest.length === 1 ? rest[0] : rest);
  }

  /** The users whose manager is `managerId` now, in directory order. */
  private reportsOf(managerId: string): string[] {
    const reports = this.reports ?? this.indexReports();
    const candidates = this.linkedIds(this.generatedReports, managerId, (index, base) => base.userIdAt(index), reports.get(managerId));
    // Both indexes list users as they were: a report may have another manager by now, or be gone.
    return this.inDirectoryOrder(
      candidates.filter((id) => this.getUser(id)?.managerId === managerId),
      (id) => this.baseUserIndex(id),
    );
  }

  /** The groups holding `userId` as a direct member now, in directory order. */
  private groupsOf(userId: string): string[] {
    const memberships = this.memberships ?? this.indexMemberships();
    const candidates = this.linkedIds(this.generatedMemberships, userId, (index, base) => base.groupIdAt(index), memberships.get(userId));
    return this.inDirectoryOrder(
      candidates.filter((groupId) => this.hasGroup(groupId) && this.membersOf(groupId).has(userId)),
      (id) => this.baseGroupIndex(id),
    );
  }

  /** The ids a reverse index links to a user: from its typed lists (by the user's generated index) and from its map, once each. */
  private linkedIds(
    generated: IndexedLists | null,
    userId: string,
    idAt: (index: number, base: GeneratedPopulation) => string,
    mapped: ReadonlySet<string> | undefined,
  ): string[] {
    const ids = new Set<string>();
    const base = this.base;
    if (base && generated) for (const index of generated.itemsOf(base.userIndexOf(userId))) ids.add(idAt(index, base));
    for (const id of mapped ?? []) ids.add(id);
    return [...ids];
  }

  /**
   * Unchanged generated users go into typed lists by index (one pair of Int32Arrays for the whole
   * population); loaded, added and changed users into the map, kept current by later changes.
   */
  private indexReports(): Map<string, Set<string>> {
    const reports = new Map<string, Set<string>>();
    this.reports = reports;
    const base = this.base;
    if (base) {
      const managers: number[] = [];
      const reportIndexes: number[] = [];
      for (let index = 0; index < base.userCount; index += 1) {
        if (this.removedBaseUsers[index] !== 0 || this.userMap.has(base.userIdAt(index))) continue;
        const managerId = base.userAt(index).managerId;
        if (!managerId) continue;
        const managerIndex = base.userIndexOf(managerId);
        // A generated manager is always an earlier generated user; anything else goes to the map.
        if (managerIndex < 0) {
          this.addReport(managerId, base.userIdAt(index));
          continue;
        }
        managers.push(managerIndex);
        reportIndexes.push(index);
      }
      this.generatedReports = IndexedLists.fromPairs(base.userCount, managers, reportIndexes);
    }
    for (const user of this.userMap.values()) if (user.managerId) this.addReport(user.managerId, user.objectId);
    return reports;
  }

  /** As indexReports: generated groups whose members never changed by index, every other group in the map. */
  private indexMemberships(): Map<string, Set<string>> {
    const memberships = new Map<string, Set<string>>();
    this.memberships = memberships;
    const base = this.base;
    if (base) {
      const members: number[] = [];
      const groupIndexes: number[] = [];
      for (let index = 0; index < base.groupCount; index += 1) {
        if (this.removedBaseGroups[index] !== 0 || this.memberSets.has(base.groupIdAt(index))) continue;
        for (const memberIndex of base.memberIndexesAt(index)) {
          members.push(memberIndex);
          groupIndexes.push(index);
        }
      }
      this.generatedMemberships = IndexedLists.fromPairs(base.userCount, members, groupIndexes);
    }
    for (const [groupId, groupMembers] of this.memberSets) for (const member of groupMembers) this.noteMembership(member, groupId, true);
    return memberships;
  }

  /** Generated objects by index, then the others in the order found: independent of when an index was built. */
  private inDirectoryOrder(ids: string[], generatedIndexOf: (id: string) => number): string[] {
    const rank = (id: string): number => {
      const index = generatedIndexOf(id);
      return index >= 0 ? index : Number.MAX_SAFE_INTEGER;
    };
    return ids.sort((a, b) => rank(a) - rank(b));
  }

  private noteMembership(userId: string, groupId: string, isMember: boolean): void {
    if (!this.memberships) return;
    const groups = this.memberships.get(userId);
    if (isMember) {
      if (groups) groups.add(groupId);
      else this.memberships.set(userId, new Set([groupId]));
    } else {
      groups?.delete(groupId);
    }
  }

  private addReport(managerId: string, reportId: string): void {
    const reports = this.reports as Map<string, Set<string>>;
    const set = reports.get(managerId);
    if (set) set.add(reportId);
    else reports.set(managerId, new Set([reportId]));
  }

  /**
   * Net per (group, user) pair: the first event after the watermark tells the state before it,
   * the member set tells the state now; pairs that came back to where they were are dropped.
   */
  private netMembershipChanges(watermark: number): SourceChanges['membershipChanges'] {
    let low = 0;
    let high = this.membershipLog.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.membershipLog[mid].version <= watermark) low = mid + 1;
      else high = mid;
    }
    const before = new Map<string, Map<string, boolean>>();
    for (let i = low; i < this.membershipLog.length; i += 1) {
      const event = this.membershipLog[i];
      let users = before.get(event.groupId);
      if (!users) before.set(event.groupId, (users = new Map()));
      if (!users.has(event.userId)) users.set(event.userId, !event.added);
    }
    const changes: { groupId: string; added: string[]; removed: string[] }[] = [];
    for (const [groupId, users] of before) {
      if (!this.hasGroup(groupId)) continue; // A deleted group is reported in hardDeletedGroups instead.
      const members = this.membersOf(groupId);
      const added: string[] = [];
      const removed: string[] = [];
      for (const [userId, wasMember] of users) {
        const isMember = members.has(userId);
        if (isMember && !wasMember) added.push(userId);
        else if (!isMember && wasMember) removed.push(userId);
      }
      if (added.length > 0 || removed.length > 0) changes.push({ groupId, added, removed });
    }
    return changes;
  }
}
