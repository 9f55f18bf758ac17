/**
 * Target-id anchors: after a create or a match, Entra "detects and caches the target system's
 * ID … used to run all future operations on that user" (reference §1.3 step 4, §8). No re-match
 * happens until a restart breaks the links.
 *
 * Kept deliberately small per object (no attribute copies): a 100,000-object job must stay in
 * flat memory, and current attribute values are read back from the target before an update.
 */
export interface Anchor {
  readonly objectType: 'User' | 'Group';
  readonly targetId: string;
  /** How the object was last named, so a hard-deleted object can still be named in its log entry. */
  displayName: string;
  /** Whether the target object was last left enabled (users); planning disables needs it. */
  active: boolean;
  /** Target id of the manager last exported; undefined = never exported. */
  managerTargetId?: string | null;
  /** Source ids of the members last exported (groups). */
  members?: Set<string>;
  /** Whether the job created the object (cleanup only ever removes these). */
  readonly createdByJob: boolean;
}

export class AnchorStore {
  private readonly anchors = new Map<string, Anchor>();
  /**
   * Target objects the job created, by target id. Kept apart from the links because a restart
   * that breaks the links must not make the job forget what it has to clean up.
   */
  private readonly created = new Map<string, 'User' | 'Group'>();

  get(sourceId: string): Anchor | undefined {
    return this.anchors.get(sourceId);
  }

  set(sourceId: string, anchor: Anchor): void {
    this.anchors.set(sourceId, anchor);
    if (anchor.createdByJob) this.created.set(anchor.targetId, anchor.objectType);
  }

  /** The link is gone; so is the object when `deletedInTarget` (a DELETE succeeded). */
  delete(sourceId: string, deletedInTarget = true): void {
    const anchor = this.anchors.get(sourceId);
    this.anchors.delete(sourceId);
    if (anchor && deletedInTarget) this.created.delete(anchor.targetId);
  }

  /** Restart with resetScope Full breaks source↔target links (reference §5.5). */
  clear(): void {
    this.anchors.clear();
  }

  /** Every object the job created and has not deleted: what cleanup removes, and only that. */
  createdObjects(): [targetId: string, objectType: 'User' | 'Group'][] {
    return [...this.created.entries()];
  }

  /** Cleanup removed it (or found it gone): nothing is left to clean up for it. */
  forgetCreated(targetId: string): void {
    this.created.delete(targetId);
  }

  get size(): number {
    return this.anchors.size;
  }

  entries(): IterableIterator<[string, Anchor]> {
    return this.anchors.entries();
  }
}
