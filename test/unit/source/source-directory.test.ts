import { generateDirectory } from '../../../harness/source/generate-directory';
import { SourceDirectory } from '../../../harness/source/source-directory';
import { type SourceDirectoryData } from '../../../harness/source/source-types';

function small(): { directory: SourceDirectory; data: SourceDirectoryData } {
  const data = generateDirectory({ seed: 5, users: 12, groups: 3, membersPerGroup: 4 });
  return { directory: SourceDirectory.fromData(data, { seed: 5 }), data };
}

function sorted(ids: readonly string[]): string[] {
  return [...ids].sort();
}

describe('SourceDirectory: loading and reads', () => {
  it('round-trips its data through fromData/toData', () => {
    const { directory, data } = small();
    expect(directory.toData()).toEqual(data);
    expect(SourceDirectory.fromData(directory.toData()).toData()).toEqual(data);
  });

  it('starts at watermark 0 with nothing changed: the loaded data is the initial cycle baseline', () => {
    const { directory } = small();
    expect(directory.currentWatermark()).toBe(0);
    expect(directory.changesSince(0)).toEqual({ users: [], groups: [], hardDeletedUsers: [], hardDeletedGroups: [], membershipChanges: [], watermark: 0 });
  });

  it('finds users by userPrincipalName ignoring case, and keeps colliding ones', () => {
    const { directory, data } = small();
    const first = data.users[0];
    expect(directory.usersByUserPrincipalName(first.userPrincipalName.toUpperCase())).toEqual([first]);
    const twin = directory.addUser({ userPrincipalName: first.userPrincipalName });
    expect(directory.usersByUserPrincipalName(first.userPrincipalName).map((u) => u.objectId)).toEqual([first.objectId, twin.objectId]);
    directory.updateUser(twin.objectId, { userPrincipalName: 'other@example.com' });
    expect(directory.usersByUserPrincipalName(first.userPrincipalName)).toEqual([first]);
    expect(directory.usersByUserPrincipalName('other@example.com').map((u) => u.objectId)).toEqual([twin.objectId]);
  });

  it('rejects duplicate objectIds and dangling references in data', () => {
    const { data } = small();
    expect(() => SourceDirectory.fromData({ ...data, users: [...data.users, data.users[0]] })).toThrow(/Duplicate user objectId/);
    expect(() => SourceDirectory.fromData({ ...data, groups: [{ ...data.groups[0], memberIds: ['nope'] }] })).toThrow(/names no user/);
  });

  it('holds 100,000 users as the plain objects handed in', () => {
    const users = Array.from({ length: 100_000 }, (_, i) => ({ objectId: `id-${i}`, userPrincipalName: `u${i}@example.com`, mailNickname: `u${i}`, displayName: `U ${i}`, accountEnabled: true }));
    const directory = SourceDirectory.fromData({ users, groups: [] });
    expect(directory.userCount).toBe(100_000);
    expect(directory.getUser('id-99999')).toBe(users[99_999]);
    expect(directory.isAssigned('id-5')).toBe(true);
  });
});

describe('SourceDirectory: assignment', () => {
  it('assigns everything while no assignment list exists', () => {
    const { directory, data } = small();
    expect(directory.assignsEverything).toBe(true);
    expect(data.users.every((u) => directory.isAssigned(u.objectId))).toBe(true);
    expect(directory.isAssigned('not-there')).toBe(false);
  });

  it('counts a user as assigned directly or as a direct member of an assigned group', () => {
    const { data } = small();
    const group = data.groups[0];
    const member = group.memberIds[0];
    const outsider = data.users.find((u) => !data.groups.some((g) => g.memberIds.includes(u.objectId)));
    expect(outsider).toBeDefined();
    const directory = SourceDirectory.fromData({ ...data, assignments: [group.objectId] });
    expect(directory.isAssigned(member)).toBe(true);
    expect(directory.isAssigned(outsider?.objectId ?? '')).toBe(false);
    directory.assign(outsider?.objectId ?? '');
    expect(directory.isAssigned(outsider?.objectId ?? '')).toBe(true);
    directory.unassign(group.objectId);
    expect(directory.isAssigned(member)).toBe(false);
  });

  it('does not expand nested membership: only direct members of assigned groups are in', () => {
    const { data } = small();
    const directory = SourceDirectory.fromData({ ...data, assignments: [] });
    const group = directory.addGroup({ memberIds: [data.users[0].objectId] });
    expect(directory.isAssigned(data.users[0].objectId)).toBe(false);
    directory.assign(group.objectId);
    expect(directory.isAssigned(data.users[0].objectId)).toBe(true);
    directory.removeMembers(group.objectId, [data.users[0].objectId]);
    expect(directory.isAssigned(data.users[0].objectId)).toBe(false);
  });

  it('turns "everything assigned" into an explicit list on the first unassign', () => {
    const { directory, data } = small();
    directory.unassign(data.users[1].objectId);
    expect(directory.assignsEverything).toBe(false);
    const inGroup = data.groups.some((g) => g.memberIds.includes(data.users[1].objectId));
    expect(directory.isAssigned(data.users[1].objectId)).toBe(inGroup);
    expect(directory.isAssigned(data.users[2].objectId)).toBe(true);
    expect(directory.toData().assignments).toHaveLength(data.users.length + data.groups.length - 1);
  });

  it('reports the members of a group whose assignment changed as changed users', () => {
    const { data } = small();
    const directory = SourceDirectory.fromData({ ...data, assignments: [] });
    const w = directory.currentWatermark();
    directory.assign(data.groups[1].objectId);
    const changes = directory.changesSince(w);
    expect(sorted(changes.users)).toEqual(sorted(data.groups[1].memberIds));
    expect(changes.groups).toEqual([data.groups[1].objectId]);
  });
});

describe('SourceDirectory: change tracking', () => {
  it('reports exactly the users changed since a watermark, and a new watermark', () => {
    const { directory, data } = small();
    directory.updateUser(data.users[0].objectId, { jobTitle: 'Cartographer' });
    const w1 = directory.currentWatermark();
    directory.blockSignIn(data.users[1].objectId);
    directory.softDeleteUser(data.users[2].objectId);
    directory.setManager(data.users[3].objectId, data.users[4].objectId);
    const changes = directory.changesSince(w1);
    expect(sorted(changes.users)).toEqual(sorted([data.users[1].objectId, data.users[2].objectId, data.users[3].objectId]));
    expect(changes.watermark).toBe(directory.currentWatermark());
    expect(changes.watermark).toBeGreaterThan(w1);
    expect(directory.changesSince(changes.watermark).users).toEqual([]);
    expect(directory.getUser(data.users[1].objectId)?.accountEnabled).toBe(false);
    expect(directory.getUser(data.users[2].objectId)?.isSoftDeleted).toBe(true);
    expect(directory.getUser(data.users[3].objectId)?.managerId).toBe(data.users[4].objectId);
  });

  it('unblocks and restores', () => {
    const { directory, data } = small();
    const id = data.users[0].objectId;
    directory.blockSignIn(id);
    directory.softDeleteUser(id);
    directory.unblockSignIn(id);
    directory.restoreUser(id);
    expect(directory.getUser(id)).toMatchObject({ accountEnabled: true, isSoftDeleted: false });
  });

  it('hard delete removes the user from groups and clears its reports\' manager', () => {
    const { directory, data } = small();
    const group = data.groups[0];
    const victim = group.memberIds[0];
    const report = data.users.find((u) => u.objectId !== victim);
    directory.setManager(report?.objectId ?? '', victim);
    const w = directory.currentWatermark();
    const cleared = directory.hardDeleteUser(victim);
    expect(cleared).toContain(report?.objectId);
    expect(directory.getUser(victim)).toBeUndefined();
    expect(directory.getUser(report?.objectId ?? '')?.managerId).toBeNull();
    expect(directory.getGroup(group.objectId)?.memberIds).not.toContain(victim);
    const changes = directory.changesSince(w);
    expect(changes.hardDeletedUsers).toEqual([victim]);
    const reportsBefore = data.users.filter((u) => u.managerId === victim).map((u) => u.objectId);
    expect(sorted(cleared)).toEqual(sorted([...new Set([...reportsBefore, report?.objectId ?? ''])]));
    expect(sorted(changes.users)).toEqual(sorted(cleared));
    for (const id of cleared) expect(directory.getUser(id)?.managerId).toBeNull();
    expect(changes.membershipChanges).toEqual([{ groupId: group.objectId, added: [], removed: [victim] }]);
  });

  it('keeps group membership current across several hard deletes and membership edits', () => {
    const { directory, data } = small();
    directory.hardDeleteUser(data.users[0].objectId);
    const group = directory.addGroup({ memberIds: [data.users[1].objectId] });
    directory.addMembers(data.groups[2].objectId, [data.users[1].objectId]);
    directory.removeMembers(group.objectId, [data.users[1].objectId]);
    const w = directory.currentWatermark();
    directory.hardDeleteUser(data.users[1].objectId);
    expect(directory.groups().some((g) => g.memberIds.includes(data.users[1].objectId))).toBe(false);
    expect(directory.changesSince(w).membershipChanges.map((c) => c.groupId).sort()).toEqual(
      sorted([data.groups[2].objectId, ...data.groups.filter((g) => g.memberIds.includes(data.users[1].objectId)).map((g) => g.objectId)].filter((id, i, all) => all.indexOf(id) === i)),
    );
  });

  it('nets membership changes since the watermark and drops pairs that came back', () => {
    const { directory, data } = small();
    const group = data.groups[0];
    const outsider = data.users.find((u) => !group.memberIds.includes(u.objectId))?.objectId ?? '';
    const member = group.memberIds[1];
    const w = directory.currentWatermark();
    directory.addMembers(group.objectId, [outsider]);
    directory.removeMembers(group.objectId, [member]);
    directory.removeMembers(group.objectId, [outsider]);
    directory.addMembers(group.objectId, [outsider]);
    const mid = directory.currentWatermark();
    directory.addMembers(group.objectId, [member]);
    expect(directory.changesSince(w).membershipChanges).toEqual([{ groupId: group.objectId, added: [outsider], removed: [] }]);
    expect(directory.changesSince(mid).membershipChanges).toEqual([{ groupId: group.objectId, added: [member], removed: [] }]);
  });

  it('tracks group creation, rename and hard delete', () => {
    const { directory, data } = small();
    const w = directory.currentWatermark();
    const created = directory.addGroup({ displayName: 'scimh-New Team', memberIds: [data.users[0].objectId] });
    directory.renameGroup(data.groups[0].objectId, 'scimh-Renamed');
    directory.deleteGroup(data.groups[1].objectId);
    const changes = directory.changesSince(w);
    expect(sorted(changes.groups)).toEqual(sorted([created.objectId, data.groups[0].objectId]));
    expect(changes.hardDeletedGroups).toEqual([data.groups[1].objectId]);
    expect(changes.membershipChanges).toEqual([{ groupId: created.objectId, added: [data.users[0].objectId], removed: [] }]);
    expect(directory.getGroup(data.groups[0].objectId)?.displayName).toBe('scimh-Renamed');
    expect(directory.getGroup(data.groups[1].objectId)).toBeUndefined();
  });

  it('adds users deterministically from the seed, with unique prefixed names', () => {
    const a = small().directory;
    const b = small().directory;
    const ua = a.addUser();
    const ub = b.addUser();
    expect(ua).toEqual(ub);
    expect(ua.userPrincipalName.startsWith('scimh-')).toBe(true);
    expect(a.usersByUserPrincipalName(ua.userPrincipalName)).toHaveLength(1);
    expect(a.changesSince(0).users).toEqual([ua.objectId]);
    expect(a.addUser({ jobTitle: 'Tester' }).jobTitle).toBe('Tester');
  });

  it('names the unknown id, and refuses changes that cannot exist in Entra', () => {
    const { directory, data } = small();
    expect(() => directory.updateUser('ghost', { jobTitle: 'x' })).toThrow(/No user with objectId "ghost"/);
    expect(() => directory.addMembers(data.groups[0].objectId, ['ghost'])).toThrow(/"ghost"/);
    expect(() => directory.setManager(data.users[0].objectId, data.users[0].objectId)).toThrow(/own manager/);
    expect(() => directory.addUser({ objectId: data.users[0].objectId })).toThrow(/already used/);
  });
});
