/**
 * The source directory's users and groups as they are now, and nothing about how they got there.
 *
 * A generated directory keeps no unchanged object: it is regenerated from the seed on demand
 * (GeneratedPopulation), and the maps below hold only the objects that are not unchanged
 * generated ones (loaded, added, or changed since), so memory follows the churn, not the
 * population. A directory loaded from data holds the plain objects handed in (no copies, no
 * closures), with one userPrincipalName index entry per user.
 */
import { type GeneratedPopulation } from './generated-population';
import { type SourceGroup, type SourceUser } from './source-types';

/** Unknown ids are a mistake in the scenario or the caller, never a state of the directory. */
export function unknownObject(kind: 'user' | 'group' | 'user or group', id: string): Error {
  return new Error(`No ${kind} with objectId "${id}" in the source directory (use an objectId from users()/groups(), or add it first)`);
}

function upnKey(userPrincipalName: string): string {
  return userPrincipalName.toLowerCase();
}

export class ObjectStore {
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
   * docs/entra-behaviour.md#matching). Generated users are found by the index their userPrincipalName carries instead.
   */
  private readonly upnIndex = new Map<string, string | string[]>();

  /** `base`: the generated objects not held in the maps; null for a directory loaded from data. */
  constructor(readonly base: GeneratedPopulation | null) {
    this.removedBaseUsers = new Uint8Array(base?.userCount ?? 0);
    this.removedBaseGroups = new Uint8Array(base?.groupCount ?? 0);
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

  hasUser(objectId: string): boolean {
    return this.userMap.has(objectId) || this.baseUserIndex(objectId) >= 0;
  }

  hasGroup(objectId: string): boolean {
    return this.groupMap.has(objectId) || this.baseGroupIndex(objectId) >= 0;
  }

  requireUser(objectId: string): SourceUser {
    const user = this.getUser(objectId);
    if (!user) throw unknownObject('user', objectId);
    return user;
  }

  requireGroup(objectId: string): SourceGroup {
    const group = this.getGroup(objectId);
    if (!group) throw unknownObject('group', objectId);
    return group;
  }

  requireObject(objectId: string): void {
    if (!this.hasUser(objectId) && !this.hasGroup(objectId)) throw unknownObject('user or group', objectId);
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

  /** Every user's objectId: generated ones by index, then the others; no user is generated. */
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

  /** Current direct members; an empty set for an unknown group. */
  membersOf(groupId: string): ReadonlySet<string> {
    return this.memberSets.get(groupId) ?? new Set(this.getGroup(groupId)?.memberIds ?? []);
  }

  /** Index of a generated user still in the directory, or -1. */
  baseUserIndex(objectId: string): number {
    if (!this.base) return -1;
    const index = this.base.userIndexOf(objectId);
    return index >= 0 && this.removedBaseUsers[index] === 0 ? index : -1;
  }

  baseGroupIndex(objectId: string): number {
    if (!this.base) return -1;
    const index = this.base.groupIndexOf(objectId);
    return index >= 0 && this.removedBaseGroups[index] === 0 ? index : -1;
  }

  // ── what the reverse indexes read: which objects are held, which generated ones are gone ──

  isBaseUserRemoved(index: number): boolean {
    return this.removedBaseUsers[index] !== 0;
  }

  isBaseGroupRemoved(index: number): boolean {
    return this.removedBaseGroups[index] !== 0;
  }

  /** True for a user held in the map (so not an unchanged generated one). */
  holdsUser(objectId: string): boolean {
    return this.userMap.has(objectId);
  }

  /** True for a group whose member set is held (so its generated memberIds may be out of date). */
  holdsMembers(groupId: string): boolean {
    return this.memberSets.has(groupId);
  }

  heldUsers(): IterableIterator<SourceUser> {
    return this.userMap.values();
  }

  heldMemberSets(): IterableIterator<[string, ReadonlySet<string>]> {
    return this.memberSets.entries();
  }

  // ── writes ─────────────────────────────────────────────────────────────────

  /** A user new to the directory (loaded or added). */
  insertUser(user: SourceUser): void {
    this.userMap.set(user.objectId, user);
    this.indexUpn(user);
  }

  /** The user's new state; `before` is what the directory held until now. */
  replaceUser(before: SourceUser, after: SourceUser): void {
    this.userMap.set(after.objectId, after);
    if (before.userPrincipalName !== after.userPrincipalName) {
      this.unindexUpn(before);
      this.indexUpn(after);
    }
  }

  removeUser(user: SourceUser): void {
    this.userMap.delete(user.objectId);
    this.removeBaseUser(user.objectId);
    this.unindexUpn(user);
  }

  /** A group new to the directory, with its member set (held from now on). */
  insertGroup(group: SourceGroup, members: Set<string>): void {
    this.memberSets.set(group.objectId, members);
    this.groupMap.set(group.objectId, group);
  }

  /** New attributes for a group; its members are changed through requireMembers() only. */
  replaceGroup(group: SourceGroup): void {
    this.groupMap.set(group.objectId, group);
  }

  removeGroup(objectId: string): void {
    this.groupMap.delete(objectId);
    this.memberSets.delete(objectId);
    this.removeBaseGroup(objectId);
  }

  /** The group's member set, held from now on: a generated group is copied into the maps before its first change. */
  requireMembers(groupId: string): Set<string> {
    const group = this.requireGroup(groupId);
    let members = this.memberSets.get(groupId);
    if (!members) {
      members = new Set(group.memberIds);
      this.memberSets.set(groupId, members);
      this.groupMap.set(groupId, group);
    }
    return members;
  }

  /** Writes a held group's member set back into its memberIds; false for a group not held. */
  refreshMemberIds(groupId: string): boolean {
    const group = this.groupMap.get(groupId);
    const members = this.memberSets.get(groupId);
    if (!group || !members) return false;
    this.groupMap.set(groupId, { ...group, memberIds: [...members] });
    return true;
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
}
