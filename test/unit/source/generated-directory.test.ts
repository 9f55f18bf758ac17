/**
 * A generated directory holds nothing until it changes; it must behave exactly like the same
 * population loaded from data, before and after any sequence of changes.
 */
import fc from 'fast-check';
import { generateDirectory, userObjectId } from '../../../harness/source/generate-directory';
import { GeneratedPopulation, type PopulationSpec } from '../../../harness/source/generated-population';
import { SourceDirectory } from '../../../harness/source/source-directory';
import { type SourceGroup, type SourceUser } from '../../../harness/source/source-types';

const SPEC: PopulationSpec = { seed: 17, users: 30, groups: 4, membersPerGroup: 6, withManagers: true };

function pair(spec: PopulationSpec = SPEC): { loaded: SourceDirectory; generated: SourceDirectory } {
  const data = generateDirectory({ seed: spec.seed, users: spec.users, groups: spec.groups, membersPerGroup: spec.membersPerGroup, withManagers: spec.withManagers });
  return { loaded: SourceDirectory.fromData(data, { seed: spec.seed }), generated: SourceDirectory.generated(spec) };
}

/** Everything a cycle can observe of a directory. */
function observe(directory: SourceDirectory, watermark: number): unknown {
  const users = directory.users();
  return {
    data: directory.toData(),
    userIds: [...directory.userIds()],
    groupIds: [...directory.groupIds()],
    userCount: directory.userCount,
    groupCount: directory.groupCount,
    changes: directory.changesSince(watermark),
    watermark: directory.currentWatermark(),
    assigned: users.map((user) => directory.isAssigned(user.objectId)),
    byUpn: users.map((user) => directory.usersByUserPrincipalName(user.userPrincipalName.toUpperCase()).map((u) => u.objectId).sort()),
  };
}

type Operation =
  | { kind: 'update'; user: number; title: string }
  | { kind: 'rename-upn'; user: number; to: number }
  | { kind: 'block'; user: number }
  | { kind: 'hard-delete'; user: number }
  | { kind: 'set-manager'; user: number; manager: number | null }
  | { kind: 'add-user'; manager: number }
  | { kind: 'add-group'; members: number[] }
  | { kind: 'rename-group'; group: number }
  | { kind: 'add-members'; group: number; users: number[] }
  | { kind: 'remove-members'; group: number; users: number[] }
  | { kind: 'delete-group'; group: number }
  | { kind: 'unassign'; target: number }
  | { kind: 'assign'; target: number };

const pick = fc.nat({ max: 1000 });
const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constant('update' as const), user: pick, title: fc.constantFrom('Engineer', 'Manager', 'Clerk') }),
  fc.record({ kind: fc.constant('rename-upn' as const), user: pick, to: pick }),
  fc.record({ kind: fc.constant('block' as const), user: pick }),
  fc.record({ kind: fc.constant('hard-delete' as const), user: pick }),
  fc.record({ kind: fc.constant('set-manager' as const), user: pick, manager: fc.option(pick, { nil: null }) }),
  fc.record({ kind: fc.constant('add-user' as const), manager: pick }),
  fc.record({ kind: fc.constant('add-group' as const), members: fc.array(pick, { maxLength: 3 }) }),
  fc.record({ kind: fc.constant('rename-group' as const), group: pick }),
  fc.record({ kind: fc.constant('add-members' as const), group: pick, users: fc.array(pick, { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant('remove-members' as const), group: pick, users: fc.array(pick, { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant('delete-group' as const), group: pick }),
  fc.record({ kind: fc.constant('unassign' as const), target: pick }),
  fc.record({ kind: fc.constant('assign' as const), target: pick }),
);

/**
 * Applies one operation; ids are chosen from the same users and groups so both directories get
 * the same call. Returns what the call returns that the caller acts on: a hard delete's cleared reports.
 */
function apply(directory: SourceDirectory, users: readonly SourceUser[], groups: readonly SourceGroup[], op: Operation): unknown {
  const userAt = (n: number): string | undefined => users[n % Math.max(1, users.length)]?.objectId;
  const groupAt = (n: number): string | undefined => groups[n % Math.max(1, groups.length)]?.objectId;
  const user = 'user' in op ? userAt(op.user) : undefined;
  const group = 'group' in op ? groupAt(op.group) : undefined;
  switch (op.kind) {
    case 'update':
      if (user) directory.updateUser(user, { jobTitle: op.title });
      return;
    case 'rename-upn':
      if (user) directory.updateUser(user, { userPrincipalName: users[op.to % users.length].userPrincipalName });
      return;
    case 'block':
      if (user) directory.blockSignIn(user);
      return;
    case 'hard-delete':
      return user ? directory.hardDeleteUser(user) : undefined;
    case 'set-manager':
      if (user) directory.setManager(user, op.manager === null ? null : (userAt(op.manager) ?? null));
      return;
    case 'add-user':
      directory.addUser({ managerId: userAt(op.manager) ?? null });
      return;
    case 'add-group':
      directory.addGroup({ memberIds: op.members.map(userAt).filter((id): id is string => id !== undefined) });
      return;
    case 'rename-group':
      if (group) directory.renameGroup(group, `renamed ${op.group}`);
      return;
    case 'add-members':
      if (group) directory.addMembers(group, op.users.map(userAt).filter((id): id is string => id !== undefined));
      return;
    case 'remove-members':
      if (group) directory.removeMembers(group, op.users.map(userAt).filter((id): id is string => id !== undefined));
      return;
    case 'delete-group':
      if (group) directory.deleteGroup(group);
      return;
    case 'unassign':
    case 'assign': {
      const target = op.target % 2 === 0 ? userAt(op.target) : groupAt(op.target);
      if (target && op.kind === 'assign') directory.assign(target);
      else if (target) directory.unassign(target);
      return;
    }
  }
}

describe('SourceDirectory.generated', () => {
  it('holds the same users and groups as the population loaded from data', () => {
    const { loaded, generated } = pair();
    expect(observe(generated, 0)).toEqual(observe(loaded, 0));
    for (const user of loaded.users()) expect(generated.getUser(user.objectId)).toEqual(user);
    for (const group of loaded.groups()) expect(generated.getGroup(group.objectId)).toEqual(group);
  });

  it('answers ids it did not generate as absent: another seed, a group id as a user, a bad GUID', () => {
    const { generated } = pair();
    expect(generated.getUser(userObjectId(SPEC.seed + 1, 3))).toBeUndefined();
    expect(generated.getUser(userObjectId(SPEC.seed, SPEC.users))).toBeUndefined();
    expect(generated.getUser([...generated.groupIds()][0])).toBeUndefined();
    expect(generated.getGroup([...generated.userIds()][0])).toBeUndefined();
    expect(generated.getUser('not-a-guid')).toBeUndefined();
    expect(generated.usersByUserPrincipalName('scimh-nobody.nobody.3@example.com')).toEqual([]);
  });

  it('behaves exactly like the loaded directory under any sequence of changes', () => {
    fc.assert(
      fc.property(fc.array(operation, { minLength: 1, maxLength: 25 }), (ops) => {
        const { loaded, generated } = pair();
        for (const op of ops) {
          const users = loaded.users();
          const groups = loaded.groups();
          let loadedError: unknown;
          let generatedError: unknown;
          let loadedResult: unknown;
          let generatedResult: unknown;
          try {
            loadedResult = apply(loaded, users, groups, op);
          } catch (error) {
            loadedError = error;
          }
          try {
            generatedResult = apply(generated, users, groups, op);
          } catch (error) {
            generatedError = error;
          }
          expect(String(generatedError)).toBe(String(loadedError));
          expect(generatedResult).toEqual(loadedResult);
        }
        expect(observe(generated, 0)).toEqual(observe(loaded, 0));
      }),
      { numRuns: 150 },
    );
  });

  it('clears on a hard delete only the reports that still have that manager, though the index of generated reports was built before they moved', () => {
    const { loaded, generated } = pair();
    const reportOf = new Map<string, string[]>();
    for (const user of loaded.users()) if (user.managerId) reportOf.set(user.managerId, [...(reportOf.get(user.managerId) ?? []), user.objectId]);
    const [managerId, reports] = [...reportOf].find(([, ids]) => ids.length >= 2) as [string, string[]];
    const [moved, stays] = reports as [string, string];
    const bystander = loaded.users().find((u) => u.objectId !== managerId && !reports.includes(u.objectId) && !reportOf.has(u.objectId)) as SourceUser;
    const newManager = loaded.users().find((u) => u.objectId !== managerId && !reports.includes(u.objectId) && u.objectId !== bystander.objectId) as SourceUser;
    for (const directory of [loaded, generated]) {
      directory.hardDeleteUser(bystander.objectId); // builds the reverse indexes
      directory.setManager(moved, newManager.objectId);
      // Cleared reports come in objectId order, which a loaded and a generated directory share.
      expect(directory.hardDeleteUser(managerId)).toEqual(reports.filter((id) => id !== moved).sort());
      expect(directory.getUser(moved)?.managerId).toBe(newManager.objectId);
      expect(directory.getUser(stays)?.managerId).toBeNull();
    }
  });

  it('serves a million-user population by objectId, userPrincipalName and manager', () => {
    const population = new GeneratedPopulation({ seed: 3, users: 1_000_000, groups: 50_000, membersPerGroup: 10, withManagers: true });
    const directory = SourceDirectory.generated({ seed: 3, users: 1_000_000, groups: 50_000, membersPerGroup: 10, withManagers: true });
    expect(directory.userCount).toBe(1_000_000);
    let index = 999_999;
    while (!population.userAt(index).managerId) index -= 1;
    const late = population.userAt(index);
    expect(directory.getUser(late.objectId)).toEqual(late);
    expect(directory.usersByUserPrincipalName(late.userPrincipalName.toUpperCase())).toEqual([late]);
    const manager = directory.getUser(late.managerId as string);
    expect(manager?.objectId).toBe(late.managerId);
    expect(population.userIndexOf(manager?.objectId as string)).toBeLessThan(index);
  });
});
