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

  get(sourceId: string): Anchor | undefined {
    return this.anchors.get(sourceId);
  }

  set(sourceId: string, anchor: Anchor): void {
    this.anchors.set(sourceId, anchor);
  }

  delete(sourceId: string): void {
    this.anchors.delete(sourceId);
  }

  /** Restart with resetScope Full breaks source↔target links (reference §5.5). */
  clear(): void {
    this.anchors.clear();
  }

  get size(): number {
    return this.anchors.size;
  }

  entries(): IterableIterator<[string, Anchor]> {
    return this.anchors.entries();
  }
}
