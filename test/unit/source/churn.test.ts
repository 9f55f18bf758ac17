import { ConfigurationError } from '../../../harness/errors';
import { CHURN_KINDS, generateChurn } from '../../../harness/source/churn';
import { generateDirectory } from '../../../harness/source/generate-directory';
import { SourceDirectory } from '../../../harness/source/source-directory';

function directory(): SourceDirectory {
  return SourceDirectory.fromData(generateDirectory({ seed: 77, users: 200, groups: 10, membersPerGroup: 8 }), { seed: 77 });
}

describe('generateChurn', () => {
  it('is deterministic: same directory and seed, same changes and same summary', () => {
    const a = directory();
    const b = directory();
    const sa = generateChurn(a, { seed: 3, fraction: 0.2 });
    const sb = generateChurn(b, { seed: 3, fraction: 0.2 });
    expect(sb).toEqual(sa);
    expect(b.toData()).toEqual(a.toData());
  });

  it('differs for a different seed', () => {
    const sa = generateChurn(directory(), { seed: 3, fraction: 0.2 });
    const sb = generateChurn(directory(), { seed: 4, fraction: 0.2 });
    expect(sb.ids.updated).not.toEqual(sa.ids.updated);
  });

  it('applies a realistic mix, and counts match the ids', () => {
    const dir = directory();
    const summary = generateChurn(dir, { seed: 1, fraction: 0.2 });
    for (const kind of CHURN_KINDS) expect(summary.counts[kind]).toBe(summary.ids[kind].length);
    expect(summary.counts.updated).toBe(20);
    expect(summary.counts.disabled).toBe(4);
    expect(summary.counts.hardDeleted).toBe(2);
    expect(summary.counts.created).toBe(4);
    expect(summary.counts.groupRenamed).toBe(1);
    expect(summary.counts.membersAdded + summary.counts.membersRemoved).toBeGreaterThan(0);
    expect(summary.counts.enabled).toBe(0); // nobody was blocked before this churn
  });

  it('did exactly what the summary says', () => {
    const dir = directory();
    const before = new Map(dir.users().map((u) => [u.objectId, u]));
    const groupsBefore = new Map(dir.groups().map((g) => [g.objectId, g]));
    const summary = generateChurn(dir, { seed: 9, fraction: 0.25 });
    for (const { userId, attributes } of summary.updates) {
      const now = dir.getUser(userId);
      const then = before.get(userId);
      if (!now || !then) continue; // updated, then hard-deleted is excluded below
      for (const attribute of attributes) expect(now[attribute as keyof typeof now]).not.toEqual(then[attribute as keyof typeof then]);
    }
    for (const id of summary.ids.disabled) expect(dir.getUser(id)?.accountEnabled).toBe(false);
    for (const id of summary.ids.hardDeleted) expect(dir.getUser(id)).toBeUndefined();
    for (const id of summary.ids.created) expect(before.has(id) || dir.getUser(id) === undefined).toBe(false);
    for (const id of summary.ids.managerCleared) expect(dir.getUser(id)?.managerId).toBeNull();
    for (const id of summary.ids.groupRenamed) expect(dir.getGroup(id)?.displayName).not.toBe(groupsBefore.get(id)?.displayName);
    for (const { groupId, added, removed } of summary.membership) {
      for (const id of added) expect(dir.getGroup(groupId)?.memberIds).toContain(id);
      for (const id of removed) expect(dir.getGroup(groupId)?.memberIds).not.toContain(id);
    }
    // Every hard-deleted user was picked apart from the updated and disabled ones.
    expect(summary.ids.hardDeleted.filter((id) => summary.ids.updated.includes(id) || summary.ids.disabled.includes(id))).toEqual([]);
  });

  it('is what the next incremental cycle sees', () => {
    const dir = directory();
    const summary = generateChurn(dir, { seed: 5, fraction: 0.2 });
    const changes = dir.changesSince(summary.watermarkBefore);
    expect(changes.watermark).toBe(summary.watermarkAfter);
    const expectedUsers = new Set([...summary.ids.updated, ...summary.ids.disabled, ...summary.ids.enabled, ...summary.ids.created, ...summary.ids.managerCleared].filter((id) => !summary.ids.hardDeleted.includes(id)));
    expect(new Set(changes.users)).toEqual(expectedUsers);
    expect(new Set(changes.hardDeletedUsers)).toEqual(new Set(summary.ids.hardDeleted));
    expect(changes.groups).toEqual(expect.arrayContaining(summary.ids.groupRenamed));
    const added = changes.membershipChanges.flatMap((c) => c.added);
    expect(added.sort()).toEqual([...summary.ids.membersAdded].sort());
  });

  it('re-enables users blocked by an earlier churn', () => {
    const dir = directory();
    const first = generateChurn(dir, { seed: 1, fraction: 0.3 });
    const second = generateChurn(dir, { seed: 2, fraction: 0.3 });
    expect(second.counts.enabled).toBeGreaterThan(0);
    for (const id of second.ids.enabled) {
      expect(first.ids.disabled).toContain(id);
      expect(dir.getUser(id)?.accountEnabled).toBe(true);
    }
  });

  it('assigns new users when the directory uses an explicit assignment list', () => {
    const data = generateDirectory({ seed: 2, users: 30, groups: 1 });
    const dir = SourceDirectory.fromData({ ...data, assignments: data.users.map((u) => u.objectId) });
    const summary = generateChurn(dir, { seed: 2, fraction: 0.5 });
    for (const id of summary.ids.created) expect(dir.isAssigned(id)).toBe(true);
  });

  it('changes nothing for fraction 0 and rejects a fraction outside 0..1', () => {
    const dir = directory();
    const summary = generateChurn(dir, { seed: 1, fraction: 0 });
    expect(Object.values(summary.counts).every((n) => n === 0)).toBe(true);
    expect(dir.currentWatermark()).toBe(0);
    expect(() => generateChurn(dir, { seed: 1, fraction: 1.5 })).toThrow(ConfigurationError);
    expect(() => generateChurn(dir, { seed: 1, fraction: 1.5 })).toThrow(/between 0 and 1, got 1.5/);
  });
});
