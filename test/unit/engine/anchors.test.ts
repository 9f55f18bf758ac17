/**
 * The anchor store keeps each object's link in columns; it must behave like the plain map of
 * anchor objects it replaces, for dense (generated) and sparse source ids and any target id.
 */
import fc from 'fast-check';
import { type Anchor, AnchorStore } from '../../../harness/engine/anchors';
import { SourceDirectory } from '../../../harness/source/source-directory';

interface ModelAnchor {
  objectType: 'User' | 'Group';
  targetId: string;
  active: boolean;
  managerTargetId?: string | null;
  members?: Set<string>;
  createdByJob: boolean;
}

/** The reference: one object per anchor, and created objects by target id. */
class ModelStore {
  readonly anchors = new Map<string, ModelAnchor>();
  readonly created = new Map<string, 'User' | 'Group'>();

  set(sourceId: string, anchor: ModelAnchor): void {
    this.anchors.set(sourceId, { ...anchor });
    if (anchor.createdByJob) this.created.set(anchor.targetId, anchor.objectType);
  }

  delete(sourceId: string, deletedInTarget: boolean): void {
    const anchor = this.anchors.get(sourceId);
    this.anchors.delete(sourceId);
    if (anchor && deletedInTarget) this.created.delete(anchor.targetId);
  }
}

const directory = SourceDirectory.generated({ seed: 4, users: 6, groups: 2, membersPerGroup: 3, withManagers: true });
const SOURCE_IDS = [...directory.userIds(), ...directory.groupIds(), 'added-user-1', '9e4c4d5c-0000-4000-8000-000000000001'];

type Op =
  | { kind: 'set'; source: number; group: boolean; active: boolean; created: boolean; target: number; upper: boolean }
  | { kind: 'delete'; source: number; inTarget: boolean }
  | { kind: 'clear' }
  | { kind: 'active'; source: number; value: boolean }
  | { kind: 'manager'; source: number; value: number | null }
  | { kind: 'members'; source: number; ids: number[] }
  | { kind: 'forget-member'; source: number };

const index = fc.nat({ max: SOURCE_IDS.length - 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('set' as const), source: index, group: fc.boolean(), active: fc.boolean(), created: fc.boolean(), target: fc.nat({ max: 5 }), upper: fc.boolean() }), weight: 4 },
  fc.record({ kind: fc.constant('delete' as const), source: index, inTarget: fc.boolean() }),
  fc.record({ kind: fc.constant('clear' as const) }),
  fc.record({ kind: fc.constant('active' as const), source: index, value: fc.boolean() }),
  fc.record({ kind: fc.constant('manager' as const), source: index, value: fc.option(fc.nat({ max: 5 }), { nil: null }) }),
  fc.record({ kind: fc.constant('members' as const), source: index, ids: fc.array(index, { maxLength: 3 }) }),
  fc.record({ kind: fc.constant('forget-member' as const), source: index }),
);

/** Lower-case GUIDs are stored as bytes, anything else as text: both must come back unchanged. */
function targetId(n: number, upper: boolean, serial: number): string {
  const guid = `0c8f${String(n).padStart(4, '0')}-aa11-4b22-8c33-${String(serial).padStart(12, '0')}`;
  return upper ? `ID-${guid.toUpperCase()}` : guid;
}

function view(anchor: Anchor | ModelAnchor | undefined): unknown {
  if (!anchor) return undefined;
  return {
    objectType: anchor.objectType,
    targetId: anchor.targetId,
    active: anchor.active,
    managerTargetId: anchor.managerTargetId,
    members: anchor.members ? [...anchor.members].sort() : undefined,
    createdByJob: anchor.createdByJob,
  };
}

describe('AnchorStore', () => {
  it('behaves like a map of anchor objects under any sequence of links, changes, deletes and restarts', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const store = new AnchorStore(directory);
        const model = new ModelStore();
        let serial = 0;
        for (const step of ops) {
          const sourceId = 'source' in step ? SOURCE_IDS[step.source] : '';
          switch (step.kind) {
            case 'set': {
              // Every create gets a target id of its own, as a real endpoint assigns.
              serial += 1;
              const anchor: ModelAnchor = { objectType: step.group ? 'Group' : 'User', targetId: targetId(step.target, step.upper, step.created ? serial : 0), active: step.active, createdByJob: step.created };
              store.set(sourceId, anchor);
              model.set(sourceId, anchor);
              break;
            }
            case 'delete':
              store.delete(sourceId, step.inTarget);
              model.delete(sourceId, step.inTarget);
              break;
            case 'clear':
              store.clear();
              model.anchors.clear();
              break;
            case 'active':
            case 'manager':
            case 'members': {
              const live = store.get(sourceId);
              const reference = model.anchors.get(sourceId);
              expect(Boolean(live)).toBe(Boolean(reference));
              if (!live || !reference) break;
              if (step.kind === 'active') live.active = reference.active = step.value;
              if (step.kind === 'manager') live.managerTargetId = reference.managerTargetId = step.value === null ? null : targetId(step.value, false, 0);
              if (step.kind === 'members') {
                live.members = new Set(step.ids.map((i) => SOURCE_IDS[i]));
                reference.members = new Set(step.ids.map((i) => SOURCE_IDS[i]));
              }
              break;
            }
            case 'forget-member':
              store.forgetMember(sourceId);
              for (const anchor of model.anchors.values()) anchor.members?.delete(sourceId);
              break;
          }
          for (const id of SOURCE_IDS) expect(view(store.get(id))).toEqual(view(model.anchors.get(id)));
          expect(store.size).toBe(model.anchors.size);
          const created = [...store.createdObjects()].map((c) => `${c.objectType} ${c.targetId}`).sort();
          expect(created).toEqual([...model.created].map(([id, type]) => `${type} ${id}`).sort());
        }
      }),
      { numRuns: 300 },
    );
  });

  it('lists created objects by type and forgets the ones cleanup removed', () => {
    const store = new AnchorStore(directory);
    const [user, group] = [SOURCE_IDS[0], SOURCE_IDS[6]];
    store.set(user, { objectType: 'User', targetId: 'u-1', active: true, createdByJob: true });
    store.set(group, { objectType: 'Group', targetId: '11111111-2222-4333-8444-555555555555', active: true, createdByJob: true });
    store.set(SOURCE_IDS[1], { objectType: 'User', targetId: 'matched', active: true, createdByJob: false });
    expect([...store.createdObjects('Group')].map((c) => c.targetId)).toEqual(['11111111-2222-4333-8444-555555555555']);
    const users = [...store.createdObjects('User')];
    expect(users.map((c) => c.targetId)).toEqual(['u-1']);
    users[0].forget();
    expect([...store.createdObjects()].map((c) => c.targetId)).toEqual(['11111111-2222-4333-8444-555555555555']);
    expect(store.get(user)?.targetId).toBe('u-1');
  });

  it('keeps a created object on the cleanup list when a restart re-links its source elsewhere', () => {
    const store = new AnchorStore(directory);
    const source = SOURCE_IDS[2];
    store.set(source, { objectType: 'User', targetId: 'first-created', active: true, createdByJob: true });
    store.clear();
    expect(store.get(source)).toBeUndefined();
    store.set(source, { objectType: 'User', targetId: 'matched-later', active: true, createdByJob: false });
    expect([...store.createdObjects()].map((c) => c.targetId)).toEqual(['first-created']);
  });
});
