import { Faker, en, faker as globalFaker } from '@faker-js/faker';
import { ConfigurationError } from '../../../harness/errors';
import { generateDirectory, generateGroup, generateUser, generateUsers, groupObjectId, userObjectId } from '../../../harness/source/generate-directory';

const V4_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('generateDirectory', () => {
  it('gives an identical directory for the same seed', () => {
    const a = generateDirectory({ seed: 42, users: 60, groups: 4, membersPerGroup: 7 });
    const b = generateDirectory({ seed: 42, users: 60, groups: 4, membersPerGroup: 7 });
    expect(b).toEqual(a);
  });

  it('gives a different directory for a different seed', () => {
    const a = generateDirectory({ seed: 1, users: 20 });
    const b = generateDirectory({ seed: 2, users: 20 });
    expect(b.users.map((u) => u.objectId)).not.toEqual(a.users.map((u) => u.objectId));
    expect(b.users.map((u) => u.userPrincipalName)).not.toEqual(a.users.map((u) => u.userPrincipalName));
  });

  it('does not depend on, or disturb, the global faker seed', () => {
    globalFaker.seed(7);
    const a = generateDirectory({ seed: 5, users: 10 });
    const afterFirst = globalFaker.number.int();
    globalFaker.seed(999);
    const b = generateDirectory({ seed: 5, users: 10 });
    globalFaker.seed(7);
    expect(globalFaker.number.int()).toBe(afterFirst);
    expect(b).toEqual(a);
  });

  it('makes Entra-shaped users: unique ASCII userPrincipalNames with the prefix, v4 GUIDs, every attribute set', () => {
    const { users } = generateDirectory({ seed: 3, users: 500, domain: 'contoso.test' });
    const upns = users.map((u) => u.userPrincipalName);
    expect(new Set(upns.map((u) => u.toLowerCase())).size).toBe(users.length);
    for (const user of users) {
      expect(user.userPrincipalName).toMatch(/^scimh-[a-z0-9]+\.[a-z0-9]+\.\d+@contoso\.test$/);
      expect(user.objectId).toMatch(V4_GUID);
      expect(user.displayName.startsWith('scimh-')).toBe(true);
      expect(user.mailNickname).toBe(user.userPrincipalName.split('@')[0]);
      expect(user.accountEnabled).toBe(true);
      for (const key of ['givenName', 'surname', 'mail', 'jobTitle', 'department', 'employeeId', 'mobile', 'telephoneNumber'] as const) {
        expect(typeof user[key]).toBe('string');
        expect((user[key] as string).length).toBeGreaterThan(0);
      }
    }
    expect(new Set(users.map((u) => u.objectId)).size).toBe(users.length);
  });

  it('gives about 70 % of users a manager, always an earlier user', () => {
    const { users } = generateDirectory({ seed: 11, users: 1000, groups: 0 });
    const position = new Map(users.map((u, i) => [u.objectId, i]));
    const managed = users.filter((u) => u.managerId);
    expect(managed.length / users.length).toBeGreaterThan(0.62);
    expect(managed.length / users.length).toBeLessThan(0.78);
    for (const [i, user] of users.entries()) {
      if (!user.managerId) continue;
      expect(position.get(user.managerId)).toBeLessThan(i);
    }
    expect(users[0].managerId).toBeNull();
  });

  it('leaves managers out when withManagers is false, and nothing else changes', () => {
    const withManagers = generateDirectory({ seed: 4, users: 30, groups: 0 });
    const without = generateDirectory({ seed: 4, users: 30, groups: 0, withManagers: false });
    expect(without.users.every((u) => u.managerId === null)).toBe(true);
    expect(without.users.map((u) => ({ ...u, managerId: null }))).toEqual(withManagers.users.map((u) => ({ ...u, managerId: null })));
  });

  it('makes groups with unique prefixed ASCII names and distinct existing members', () => {
    const { users, groups } = generateDirectory({ seed: 9, users: 40, groups: 12, membersPerGroup: 15, prefix: 'qa-' });
    const ids = new Set(users.map((u) => u.objectId));
    expect(groups).toHaveLength(12);
    expect(new Set(groups.map((g) => g.displayName.toLowerCase())).size).toBe(12);
    for (const group of groups) {
      expect(group.displayName).toMatch(/^qa-[A-Za-z0-9 ]+ \d+$/);
      expect(group.objectId).toMatch(V4_GUID);
      expect(group.memberIds).toHaveLength(15);
      expect(new Set(group.memberIds).size).toBe(15);
      for (const id of group.memberIds) expect(ids.has(id)).toBe(true);
    }
  });

  it('defaults to one group per 20 users', () => {
    expect(generateDirectory({ seed: 1, users: 41 }).groups).toHaveLength(3);
    expect(generateDirectory({ seed: 1, users: 0 }).groups).toHaveLength(0);
  });

  it('rejects a prefix Entra could not filter on, naming the rule and a fix', () => {
    expect(() => generateDirectory({ seed: 1, users: 1, prefix: 'tést"' })).toThrow(ConfigurationError);
    expect(() => generateDirectory({ seed: 1, users: 1, prefix: 'tést"' })).toThrow(/prefix must use only ASCII.*got "tést""/);
    expect(() => generateDirectory({ seed: 1, users: -1 })).toThrow(/users must be a whole number/);
    expect(() => generateUsers(1, 0, 1.5)).toThrow('count must be a whole number of 0 or more, got 1.5 (e.g. count: 50)');
  });
});

describe('generateUsers (streaming)', () => {
  it('yields exactly the users generateDirectory holds, from any start', () => {
    const { users } = generateDirectory({ seed: 21, users: 50, groups: 0 });
    expect([...generateUsers(21, 0, 50)]).toEqual(users);
    expect([...generateUsers(21, 30, 5)]).toEqual(users.slice(30, 35));
    expect(generateUser(21, 17)).toEqual(users[17]);
  });

  it('is lazy: it produces users one at a time', () => {
    const stream = generateUsers(8, 0, 1_000_000_000);
    const first = stream.next();
    const second = stream.next();
    expect(first.done).toBe(false);
    expect(second.value).toEqual(generateUser(8, 1));
    stream.return(undefined);
  });

  it('resolves managers to objectIds of generated users without generating them', () => {
    const late = [...generateUsers(13, 5000, 50)].find((u) => u.managerId);
    expect(late).toBeDefined();
    const managerIndexes = [...Array(5000).keys()].filter((i) => userObjectId(13, i) === late?.managerId);
    expect(managerIndexes).toHaveLength(1);
    expect(generateUser(13, managerIndexes[0]).objectId).toBe(late?.managerId);
  });

  it('streams 100,000 plain user objects', () => {
    let count = 0;
    const upns = new Set<string>();
    for (const user of generateUsers(1, 0, 100_000)) {
      count += 1;
      upns.add(user.userPrincipalName);
      if (count === 1) expect(Object.values(user).some((v) => typeof v === 'function')).toBe(false);
    }
    expect(count).toBe(100_000);
    expect(upns.size).toBe(100_000);
  });
});

describe('generateGroup', () => {
  it('is deterministic and uses a dedicated Faker instance', () => {
    const other = new Faker({ locale: [en] });
    other.seed(1);
    expect(generateGroup(3, 2)).toEqual(generateGroup(3, 2));
    expect(generateGroup(3, 2)).not.toEqual(generateGroup(3, 3));
  });
});

describe('generated data is stable from version to version', () => {
  // A re-run with the same seed must produce the same objects, so a `sync` against a tenant that
  // already holds them matches and adopts them instead of creating duplicates. These values were
  // produced by the first release of the generator; a change to them is a breaking change.
  it('gives the same objectIds for a seed', () => {
    expect([userObjectId(42, 0), userObjectId(42, 99_999), groupObjectId(42, 0), groupObjectId(42, 7)]).toEqual([
      '80c7df1e-eb7f-4ae7-9955-ffaaee3a6145',
      '390bd995-562d-4278-8f38-ffaaee3be7e4',
      'bea4c780-0911-48c5-9ea1-a940e0c62368',
      '08767298-3e62-4a6c-83c0-a940e0c6236f',
    ]);
  });

  it('gives the same user for a seed and index', () => {
    expect(generateUser(42, 5)).toEqual({
      objectId: 'a61e6c7a-f424-4208-b174-ffaaee3a614a',
      userPrincipalName: 'scimh-jadon.daniel.5@example.com',
      mailNickname: 'scimh-jadon.daniel.5',
      displayName: 'scimh-Jadon Daniel',
      givenName: 'Jadon',
      surname: 'Daniel',
      mail: 'scimh-jadon.daniel.5@example.com',
      jobTitle: 'Global Mobility Executive',
      department: 'Industrial',
      employeeId: '000006',
      mobile: '+16025548963',
      telephoneNumber: '+13257733474',
      streetAddress: '6264 Abernathy Street',
      postalCode: '84217',
      physicalDeliveryOfficeName: '6/297',
      accountEnabled: true,
      managerId: '123546c0-eee6-4e32-86a6-ffaaee3a6147',
    });
  });
});
