/**
 * Change tracking that plays the part of Graph's delta query (docs/entra-behaviour.md#incremental-cycles): every mutation of
 * the directory takes a new version, and `changesSince(watermark)` returns, net, what an
 * incremental cycle would see. Per object only its latest version is kept; membership changes
 * are kept as events, since a delta query reports the members added and removed.
 */
import { type ObjectStore } from './object-store';
import { type SourceChanges } from './source-types';

interface MembershipEvent {
  readonly version: number;
  readonly groupId: string;
  readonly userId: string;
  readonly added: boolean;
}

export class ChangeLog {
  private version = 0;
  private readonly userVersions = new Map<string, number>();
  private readonly groupVersions = new Map<string, number>();
  private readonly deletedUsers = new Map<string, number>();
  private readonly deletedGroups = new Map<string, number>();
  private readonly deletedNames = new Map<string, string>();
  private readonly membershipLog: MembershipEvent[] = [];

  constructor(private readonly store: ObjectStore) {}

  get watermark(): number {
    return this.version;
  }

  /** The version the next mutation is recorded under. */
  bump(): number {
    this.version += 1;
    return this.version;
  }

  touchUser(objectId: string, version: number): void {
    this.userVersions.set(objectId, version);
  }

  touchGroup(objectId: string, version: number): void {
    this.groupVersions.set(objectId, version);
  }

  membership(version: number, groupId: string, userId: string, added: boolean): void {
    this.membershipLog.push({ version, groupId, userId, added });
  }

  /** An added user may reuse a hard-deleted one's objectId: it is no longer deleted. */
  userAdded(objectId: string): void {
    this.deletedUsers.delete(objectId);
    this.deletedNames.delete(objectId);
  }

  groupAdded(objectId: string): void {
    this.deletedGroups.delete(objectId);
    this.deletedNames.delete(objectId);
  }

  /** Hard-deleted under `name`: its delete is logged under the name it last had. */
  userDeleted(objectId: string, version: number, name: string): void {
    this.userVersions.delete(objectId);
    this.deletedUsers.set(objectId, version);
    this.deletedNames.set(objectId, name);
  }

  groupDeleted(objectId: string, version: number, name: string): void {
    this.groupVersions.delete(objectId);
    this.deletedGroups.set(objectId, version);
    this.deletedNames.set(objectId, name);
  }

  /** How a hard-deleted object was last named (userPrincipalName, group displayName). */
  deletedName(objectId: string): string | undefined {
    return this.deletedNames.get(objectId);
  }

  /** What changed after `watermark`, net: what Graph's delta query would report (docs/entra-behaviour.md#incremental-cycles). */
  changesSince(watermark: number): SourceChanges {
    const store = this.store;
    const users: string[] = [];
    for (const [id, version] of this.userVersions) if (version > watermark && store.hasUser(id)) users.push(id);
    const groups: string[] = [];
    for (const [id, version] of this.groupVersions) if (version > watermark && store.hasGroup(id)) groups.push(id);
    const hardDeletedUsers = [...this.deletedUsers].filter(([id, v]) => v > watermark && !store.hasUser(id)).map(([id]) => id);
    const hardDeletedGroups = [...this.deletedGroups].filter(([id, v]) => v > watermark && !store.hasGroup(id)).map(([id]) => id);
    return { users, groups, hardDeletedUsers, hardDeletedGroups, membershipChanges: this.netMembershipChanges(watermark), watermark: this.version };
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
      if (!this.store.hasGroup(groupId)) continue; // A deleted group is reported in hardDeletedGroups instead.
      const members = this.store.membersOf(groupId);
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
