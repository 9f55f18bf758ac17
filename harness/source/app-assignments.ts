/**
 * The application's "assigned users and groups": who is in scope. Assigned directly, or a direct
 * member of an assigned group; members of nested groups are not (docs/entra-behaviour.md#group-members).
 */
import { type ObjectStore } from './object-store';

export class AppAssignments {
  /** null = nothing was ever assigned explicitly: every user and group is assigned (SourceDirectoryData.assignments absent). */
  private assignments: Set<string> | null = null;
  /** Per user: how many assigned groups hold it as a direct member (nested groups are not expanded, docs/entra-behaviour.md#group-members). */
  private readonly assignedGroupCount = new Map<string, number>();

  constructor(private readonly store: ObjectStore) {}

  isAssigned(objectId: string): boolean {
    if (this.assignments === null) return this.store.hasUser(objectId) || this.store.hasGroup(objectId);
    if (this.assignments.has(objectId)) return true;
    return (this.assignedGroupCount.get(objectId) ?? 0) > 0;
  }

  /** True while no assignment was ever made or removed: everything counts as assigned. */
  get assignsEverything(): boolean {
    return this.assignments === null;
  }

  /** The explicit list, or null while everything is assigned. */
  explicitList(): string[] | null {
    return this.assignments ? [...this.assignments] : null;
  }

  /** True for an object on the explicit list (false while everything is assigned without one). */
  isListed(objectId: string): boolean {
    return this.assignments?.has(objectId) ?? false;
  }

  /** Starts the explicit list with the objects given (a directory loaded with `assignments`). */
  load(objectIds: Iterable<string>): void {
    this.assignments = new Set();
    for (const id of objectIds) {
      this.store.requireObject(id);
      this.addToList(id);
    }
  }

  /** Adds to the explicit list; false when nothing changed (already listed, or everything is assigned). */
  assign(objectId: string): boolean {
    if (this.assignments === null || this.assignments.has(objectId)) return false;
    this.addToList(objectId);
    return true;
  }

  /** Takes off the explicit list, first making one of every object if there was none; false when it was not listed. */
  unassign(objectId: string): boolean {
    if (this.assignments === null) this.assignEverythingExplicitly();
    const assignments = this.assignments as Set<string>;
    if (!assignments.delete(objectId)) return false;
    const members = this.store.hasGroup(objectId) ? this.store.membersOf(objectId) : [];
    for (const userId of members) this.countAssignedGroup(userId, -1);
    return true;
  }

  /** A listed group's members changed: they came into scope (+1) or left it (-1). */
  membersChanged(groupId: string, userIds: Iterable<string>, delta: 1 | -1): void {
    if (!this.isListed(groupId)) return;
    for (const userId of userIds) this.countAssignedGroup(userId, delta);
  }

  /** A hard-deleted user: off the list and out of every count. */
  forgetUser(objectId: string): void {
    this.assignments?.delete(objectId);
    this.assignedGroupCount.delete(objectId);
  }

  /** A hard-deleted group: off the list; true when it was listed, so its members may have left scope. */
  forgetGroup(groupId: string, members: Iterable<string>): boolean {
    if (!this.assignments?.delete(groupId)) return false;
    for (const userId of members) this.countAssignedGroup(userId, -1);
    return true;
  }

  private addToList(objectId: string): void {
    (this.assignments as Set<string>).add(objectId);
    if (this.store.hasGroup(objectId)) for (const userId of this.store.membersOf(objectId)) this.countAssignedGroup(userId, 1);
  }

  private countAssignedGroup(userId: string, delta: number): void {
    const next = (this.assignedGroupCount.get(userId) ?? 0) + delta;
    if (next > 0) this.assignedGroupCount.set(userId, next);
    else this.assignedGroupCount.delete(userId);
  }

  /** The first unassign turns "everything is assigned" into an explicit list of every object. */
  private assignEverythingExplicitly(): void {
    this.assignments = new Set([...this.store.userIds(), ...this.store.groupIds()]);
    for (const groupId of this.store.groupIds()) for (const userId of this.store.membersOf(groupId)) this.countAssignedGroup(userId, 1);
  }
}
