/**
 * The reverse indexes a hard delete needs (docs/entra-behaviour.md#hard-delete): manager → direct reports, so the
 * reports lose their manager, and user → groups, so the user leaves every group. Nothing else
 * reads them, so neither is built before the first hard delete.
 *
 * Unchanged generated objects go into typed lists by index (`IndexedLists`, built once by counting
 * sort and never updated); every other object goes into a map kept current by later changes. The
 * typed lists go stale as the directory changes, and a map entry may too, so every read checks
 * each candidate against the directory's current state.
 */
import { type GeneratedPopulation } from './generated-population';
import { IndexedLists } from './indexed-lists';
import { type ObjectStore } from './object-store';

export class ReverseIndexes {
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

  constructor(private readonly store: ObjectStore) {}

  /** The users whose manager is `managerId` now, in objectId order. */
  reportsOf(managerId: string): string[] {
    const reports = this.reports ?? this.indexReports();
    const candidates = this.linkedIds(this.generatedReports, managerId, (index, base) => base.userIdAt(index), reports.get(managerId));
    // Both indexes list users as they were: a report may have another manager by now, or be gone.
    return this.inIdOrder(candidates.filter((id) => this.store.getUser(id)?.managerId === managerId));
  }

  /** The groups holding `userId` as a direct member now, in objectId order. */
  groupsOf(userId: string): string[] {
    const memberships = this.memberships ?? this.indexMemberships();
    const candidates = this.linkedIds(this.generatedMemberships, userId, (index, base) => base.groupIdAt(index), memberships.get(userId));
    return this.inIdOrder(candidates.filter((groupId) => this.store.hasGroup(groupId) && this.store.membersOf(groupId).has(userId)));
  }

  /** A user's manager changed (or a user with a manager was added): null for no manager. */
  noteManager(userId: string, before: string | null, after: string | null): void {
    if (!this.reports || before === after) return;
    if (before) this.reports.get(before)?.delete(userId);
    if (after) this.addReport(after, userId);
  }

  noteMembership(userId: string, groupId: string, isMember: boolean): void {
    if (!this.memberships) return;
    const groups = this.memberships.get(userId);
    if (isMember) {
      if (groups) groups.add(groupId);
      else this.memberships.set(userId, new Set([groupId]));
    } else {
      groups?.delete(groupId);
    }
  }

  /** A hard-deleted user: it manages nobody and belongs to no group any more. */
  forgetUser(userId: string, managerId: string | null | undefined): void {
    this.memberships?.delete(userId);
    this.reports?.delete(userId);
    if (managerId) this.reports?.get(managerId)?.delete(userId);
  }

  /** The ids a reverse index links to a user: from its typed lists (by the user's generated index) and from its map, once each. */
  private linkedIds(
    generated: IndexedLists | null,
    userId: string,
    idAt: (index: number, base: GeneratedPopulation) => string,
    mapped: ReadonlySet<string> | undefined,
  ): string[] {
    const ids = new Set<string>();
    const base = this.store.base;
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
    const base = this.store.base;
    if (base) {
      const managers: number[] = [];
      const reportIndexes: number[] = [];
      for (let index = 0; index < base.userCount; index += 1) {
        if (this.store.isBaseUserRemoved(index) || this.store.holdsUser(base.userIdAt(index))) continue;
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
    for (const user of this.store.heldUsers()) if (user.managerId) this.addReport(user.managerId, user.objectId);
    return reports;
  }

  /** As indexReports: generated groups whose members never changed by index, every other group in the map. */
  private indexMemberships(): Map<string, Set<string>> {
    const memberships = new Map<string, Set<string>>();
    this.memberships = memberships;
    const base = this.store.base;
    if (base) {
      const members: number[] = [];
      const groupIndexes: number[] = [];
      for (let index = 0; index < base.groupCount; index += 1) {
        if (this.store.isBaseGroupRemoved(index) || this.store.holdsMembers(base.groupIdAt(index))) continue;
        for (const memberIndex of base.memberIndexesAt(index)) {
          members.push(memberIndex);
          groupIndexes.push(index);
        }
      }
      this.generatedMemberships = IndexedLists.fromPairs(base.userCount, members, groupIndexes);
    }
    for (const [groupId, groupMembers] of this.store.heldMemberSets()) for (const member of groupMembers) this.noteMembership(member, groupId, true);
    return memberships;
  }

  /**
   * In objectId order: what a loaded and a generated directory both know, so the two answer alike
   * whatever order their indexes were built or updated in (a report moved after the index was built).
   */
  private inIdOrder(ids: string[]): string[] {
    return ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  private addReport(managerId: string, reportId: string): void {
    const reports = this.reports as Map<string, Set<string>>;
    const set = reports.get(managerId);
    if (set) set.add(reportId);
    else reports.set(managerId, new Set([reportId]));
  }
}
