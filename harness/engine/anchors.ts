/**
 * Target-id anchors: after a create or a match, Entra "detects and caches the target system's
 * ID … used to run all future operations on that user" (docs/entra-behaviour.md#create-user step 4, docs/entra-behaviour.md#matching). No re-match
 * happens until a restart breaks the links.
 *
 * This is the only state a job keeps for every object, so it is kept in columns rather than one
 * object per anchor: a flag byte and two 16-byte GUIDs per source object, numbered densely by
 * the directory where it can (a generated population's indexes). A 100,000-object job holds
 * about 4 MB of anchors. Target ids that are not lower-case GUIDs, and group member lists, are
 * kept in side maps.
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

/** A dense numbering of the source's objects, so per-object state fits in typed arrays. */
export interface DenseSourceIds {
  readonly denseSlotCount: number;
  /** The object's slot below denseSlotCount, or -1 when it has none. */
  denseSlotOf(objectId: string): number;
}

/** An object the job created and has not deleted, with the way to mark it removed. */
export interface CreatedObject {
  readonly targetId: string;
  readonly objectType: 'User' | 'Group';
  /** Cleanup removed it (or found it gone): nothing is left to clean up for it. */
  forget(): void;
}

const LINKED = 1;
const GROUP = 2;
const ACTIVE = 4;
/** The current link is to an object the job created. */
const CREATED_LINK = 8;
/** The slot's target id names an object the job created and has not deleted (kept across broken links). */
const CREATED_ALIVE = 16;
const MANAGER_KNOWN = 32;
const MANAGER_NULL = 64;

const GUID_BYTES = 16;
const LOWER_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const DASH_AFTER = new Set([3, 5, 7, 9]);

/** 16 bytes per GUID in one growable buffer; any other id goes to a side map. */
class IdColumn {
  private bytes: Uint8Array;
  private readonly other = new Map<number, string>();

  constructor(capacity: number) {
    this.bytes = new Uint8Array(capacity * GUID_BYTES);
  }

  grow(capacity: number): void {
    const bytes = new Uint8Array(capacity * GUID_BYTES);
    bytes.set(this.bytes);
    this.bytes = bytes;
  }

  set(slot: number, id: string): void {
    if (!LOWER_GUID.test(id)) {
      this.other.set(slot, id);
      return;
    }
    this.other.delete(slot);
    const hex = id.replace(/-/g, '');
    const offset = slot * GUID_BYTES;
    for (let i = 0; i < GUID_BYTES; i += 1) this.bytes[offset + i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  }

  get(slot: number): string {
    const other = this.other.get(slot);
    if (other !== undefined) return other;
    const offset = slot * GUID_BYTES;
    let id = '';
    for (let i = 0; i < GUID_BYTES; i += 1) {
      id += HEX[this.bytes[offset + i]];
      if (DASH_AFTER.has(i)) id += '-';
    }
    return id;
  }
}

export class AnchorStore {
  private capacity: number;
  private flags: Uint8Array;
  private readonly targetIds: IdColumn;
  private readonly managerIds: IdColumn;
  private readonly members = new Map<number, Set<string>>();
  /** Slots of objects without a dense one (added to the source, loaded from a file). */
  private readonly sparseSlots = new Map<string, number>();
  /** Created objects whose slot was re-linked to another target object after a restart broke the link. */
  private readonly orphanedCreated = new Map<string, 'User' | 'Group'>();
  private linked = 0;

  constructor(private readonly dense: DenseSourceIds = { denseSlotCount: 0, denseSlotOf: () => -1 }) {
    this.capacity = Math.max(64, dense.denseSlotCount);
    this.flags = new Uint8Array(this.capacity);
    this.targetIds = new IdColumn(this.capacity);
    this.managerIds = new IdColumn(this.capacity);
  }

  get(sourceId: string): Anchor | undefined {
    const slot = this.slotOf(sourceId, false);
    return slot >= 0 && (this.flags[slot] & LINKED) !== 0 ? new AnchorView(this, slot) : undefined;
  }

  set(sourceId: string, anchor: Anchor): void {
    const slot = this.slotOf(sourceId, true);
    const before = this.flags[slot];
    // An object the job created stays on the cleanup list whatever the slot links to next.
    const createdBefore = (before & CREATED_ALIVE) !== 0 ? this.targetIds.get(slot) : undefined;
    if (createdBefore !== undefined && createdBefore !== anchor.targetId) this.orphanedCreated.set(createdBefore, before & GROUP ? 'Group' : 'User');
    const relinksCreated = createdBefore === anchor.targetId || this.orphanedCreated.delete(anchor.targetId);
    if ((before & LINKED) === 0) this.linked += 1;
    this.targetIds.set(slot, anchor.targetId);
    let flags = LINKED | (anchor.objectType === 'Group' ? GROUP : 0) | (anchor.active ? ACTIVE : 0);
    if (anchor.createdByJob || relinksCreated) flags |= CREATED_ALIVE;
    if (anchor.createdByJob) flags |= CREATED_LINK;
    this.flags[slot] = flags;
    this.writeManager(slot, anchor.managerTargetId);
    if (anchor.members) this.members.set(slot, anchor.members);
    else this.members.delete(slot);
  }

  /** The link is gone; so is the object when `deletedInTarget` (a DELETE succeeded). */
  delete(sourceId: string, deletedInTarget = true): void {
    const slot = this.slotOf(sourceId, false);
    if (slot < 0 || (this.flags[slot] & LINKED) === 0) return;
    this.linked -= 1;
    this.flags[slot] &= deletedInTarget ? ~(LINKED | CREATED_LINK | CREATED_ALIVE) : ~(LINKED | CREATED_LINK);
    this.members.delete(slot);
  }

  /** Restart with resetScope Full breaks source↔target links (docs/entra-behaviour.md#restart); what the job created is still remembered. */
  clear(): void {
    for (let slot = 0; slot < this.flags.length; slot += 1) this.flags[slot] &= ~(LINKED | CREATED_LINK);
    this.members.clear();
    this.linked = 0;
  }

  /** A deleted user leaves every group with it (RFC 7644 §3.6 leaves that to the server; the cache must agree). */
  forgetMember(userSourceId: string): void {
    for (const members of this.members.values()) members.delete(userSourceId);
  }

  /** Every object the job created and has not deleted (of one type, when given): what cleanup removes, and only that. */
  *createdObjects(objectType?: 'User' | 'Group'): Generator<CreatedObject, void, undefined> {
    for (let slot = 0; slot < this.flags.length; slot += 1) {
      const flags = this.flags[slot];
      if ((flags & CREATED_ALIVE) === 0) continue;
      const type = flags & GROUP ? 'Group' : 'User';
      if (objectType && type !== objectType) continue;
      yield { targetId: this.targetIds.get(slot), objectType: type, forget: () => this.forgetCreatedSlot(slot) };
    }
    for (const [targetId, type] of [...this.orphanedCreated]) {
      if (objectType && type !== objectType) continue;
      yield { targetId, objectType: type, forget: () => this.orphanedCreated.delete(targetId) };
    }
  }

  /** Linked objects. */
  get size(): number {
    return this.linked;
  }

  // Column access for AnchorView.

  /** @internal */
  managerTargetIdOf(slot: number): string | null | undefined {
    const flags = this.flags[slot];
    if ((flags & MANAGER_KNOWN) === 0) return undefined;
    return flags & MANAGER_NULL ? null : this.managerIds.get(slot);
  }

  /** @internal */
  flagsOf(slot: number): number {
    return this.flags[slot];
  }

  /** @internal */
  targetIdOf(slot: number): string {
    return this.targetIds.get(slot);
  }

  /** @internal */
  setActive(slot: number, active: boolean): void {
    if (active) this.flags[slot] |= ACTIVE;
    else this.flags[slot] &= ~ACTIVE;
  }

  /** @internal */
  writeManager(slot: number, managerTargetId: string | null | undefined): void {
    this.flags[slot] &= ~(MANAGER_KNOWN | MANAGER_NULL);
    if (managerTargetId === undefined) return;
    if (managerTargetId === null) {
      this.flags[slot] |= MANAGER_KNOWN | MANAGER_NULL;
      return;
    }
    this.flags[slot] |= MANAGER_KNOWN;
    this.managerIds.set(slot, managerTargetId);
  }

  /** @internal */
  membersOf(slot: number): Set<string> | undefined {
    return this.members.get(slot);
  }

  /** @internal */
  setMembers(slot: number, members: Set<string> | undefined): void {
    if (members) this.members.set(slot, members);
    else this.members.delete(slot);
  }

  private forgetCreatedSlot(slot: number): void {
    this.flags[slot] &= ~CREATED_ALIVE;
  }

  private slotOf(sourceId: string, create: boolean): number {
    const dense = this.dense.denseSlotOf(sourceId);
    if (dense >= 0) return dense;
    let slot = this.sparseSlots.get(sourceId);
    if (slot === undefined) {
      if (!create) return -1;
      slot = this.dense.denseSlotCount + this.sparseSlots.size;
      this.sparseSlots.set(sourceId, slot);
      if (slot >= this.capacity) this.grow(slot + 1);
    }
    return slot;
  }

  private grow(needed: number): void {
    let capacity = this.capacity;
    while (capacity < needed) capacity *= 2;
    const flags = new Uint8Array(capacity);
    flags.set(this.flags);
    this.flags = flags;
    this.targetIds.grow(capacity);
    this.managerIds.grow(capacity);
    this.capacity = capacity;
  }
}

/** One anchor, read from and written to the store's columns: changes through it are changes to the store. */
class AnchorView implements Anchor {
  constructor(
    private readonly store: AnchorStore,
    private readonly slot: number,
  ) {}

  get objectType(): 'User' | 'Group' {
    return this.store.flagsOf(this.slot) & GROUP ? 'Group' : 'User';
  }

  get targetId(): string {
    return this.store.targetIdOf(this.slot);
  }

  get createdByJob(): boolean {
    return (this.store.flagsOf(this.slot) & CREATED_LINK) !== 0;
  }

  get active(): boolean {
    return (this.store.flagsOf(this.slot) & ACTIVE) !== 0;
  }

  set active(value: boolean) {
    this.store.setActive(this.slot, value);
  }

  get managerTargetId(): string | null | undefined {
    return this.store.managerTargetIdOf(this.slot);
  }

  set managerTargetId(value: string | null | undefined) {
    this.store.writeManager(this.slot, value);
  }

  get members(): Set<string> | undefined {
    return this.store.membersOf(this.slot);
  }

  set members(value: Set<string> | undefined) {
    this.store.setMembers(this.slot, value);
  }
}
