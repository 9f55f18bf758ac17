import { patchOperationsOf, patchValuesOf } from '../../../harness/checks/patch-values';
import { parseEqConjunction, valueAtPath } from '../../../harness/checks/scim-path';
import { ENTERPRISE_URN, patchBody, scimGroup, scimUser, USER_URN } from './exchange-factory';

describe('patchValuesOf', () => {
  const table: readonly [string, Record<string, unknown>[], Record<string, unknown>][] = [
    [
      'default dialect: one capitalised op per path, string boolean',
      [
        { op: 'Replace', path: 'displayName', value: 'Bjfe' },
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'b@x.test' },
        { op: 'Replace', path: 'active', value: 'False' },
      ],
      { displayName: 'Bjfe', 'emails[type eq "work"].value': 'b@x.test', active: 'False' },
    ],
    [
      'aadOptscim062020: one path-less replace with dotted and URN-qualified keys',
      [{ op: 'replace', value: { displayName: 'Bjfe', 'name.givenName': 'Kkom', [`${ENTERPRISE_URN}:employeeNumber`]: 'Aklq', active: false } }],
      { displayName: 'Bjfe', 'name.givenName': 'Kkom', [`${ENTERPRISE_URN}:employeeNumber`]: 'Aklq', active: false },
    ],
    [
      'path-less value with nested objects and an extension object',
      [{ op: 'add', value: { name: { familyName: 'Unua' }, [ENTERPRISE_URN]: { department: 'Tech' } } }],
      { 'name.familyName': 'Unua', [`${ENTERPRISE_URN}:department`]: 'Tech' },
    ],
    [
      'multi-valued array keyed by type',
      [{ op: 'Add', path: 'emails', value: [{ type: 'work', value: 'w@x.test', primary: true }] }],
      { 'emails[type eq "work"].value': 'w@x.test', 'emails[type eq "work"].primary': true },
    ],
    [
      'value-path target without sub-attribute',
      [{ op: 'replace', path: 'phoneNumbers[type eq "mobile"]', value: { value: '+1 555' } }],
      { 'phoneNumbers[type eq "mobile"].value': '+1 555' },
    ],
    [
      'default-dialect manager: a one-element array, $ref left to the server',
      [{ op: 'Add', path: 'manager', value: [{ $ref: 'http://x/Users/m-1', value: 'm-1' }] }],
      { 'manager.value': 'm-1' },
    ],
    [
      'URN-qualified manager cleared with an empty value',
      [{ op: 'replace', path: `${ENTERPRISE_URN}:manager`, value: { value: '' } }],
      { [`${ENTERPRISE_URN}:manager.value`]: '' },
    ],
    [
      'members added, both dialects address them by value',
      [{ op: 'Add', path: 'members', value: [{ $ref: null, value: 'u-1' }, { value: 'u-2' }] }],
      { 'members[value eq "u-1"].value': 'u-1', 'members[value eq "u-2"].value': 'u-2' },
    ],
    [
      'default-dialect member removal (path members + value)',
      [{ op: 'Remove', path: 'members', value: [{ value: 'u1091' }] }],
      { 'members[value eq "u1091"]': null },
    ],
    [
      'flagged member removal (value path)',
      [{ op: 'remove', path: 'members[value eq "7f4bc1a3"]' }],
      { 'members[value eq "7f4bc1a3"]': null },
    ],
    [
      'stringified role JSON is not a comparable value',
      [{ op: 'Add', path: 'roles', value: [{ value: '{"id":"1","value":"25"}' }] }],
      {},
    ],
    [
      'invalid ops are skipped: unknown op, remove without path',
      [{ op: 'move', path: 'a', value: 1 }, { op: 'remove' }, { op: 'Add', path: 'nickName', value: 'Babs' }],
      { nickName: 'Babs' },
    ],
    ['later operations on the same path win', [{ op: 'add', path: 'title', value: 'A' }, { op: 'replace', path: 'title', value: 'B' }], { title: 'B' }],
  ];

  it.each(table)('%s', (_name, operations, expected) => {
    expect(patchValuesOf(patchBody(operations))).toEqual(expected);
  });

  it('returns nothing for a body that is not a PatchOp', () => {
    expect(patchValuesOf(undefined)).toEqual({});
    expect(patchValuesOf({ Operations: 'x' })).toEqual({});
  });

  it('accepts the Operations key in any case', () => {
    expect(patchValuesOf({ operations: [{ OP: 'Replace', Path: 'title', Value: 'x' }] })).toEqual({ title: 'x' });
  });

  it('keeps the op of each flattened path', () => {
    expect(patchOperationsOf(patchBody([{ op: 'Remove', path: 'title' }, { op: 'Add', path: 'nickName', value: 'B' }]))).toEqual([
      { op: 'remove', path: 'title' },
      { op: 'add', path: 'nickName', value: 'B' },
    ]);
  });
});

describe('valueAtPath', () => {
  const user = scimUser({
    emails: [
      { value: 'w@x.test', type: 'work', primary: true },
      { value: 'h@x.test', type: 'home' },
    ],
    roles: [{ value: 'admin', display: 'Admin', primary: true }],
  });
  const table: readonly [string, unknown][] = [
    ['userName', 'alice@contoso.test'],
    ['USERNAME', 'alice@contoso.test'],
    [`${USER_URN}:userName`, 'alice@contoso.test'],
    ['name.givenName', 'Alice'],
    [`${USER_URN}:name.givenName`, 'Alice'],
    ['emails[type eq "work"].value', 'w@x.test'],
    ['emails[Type Eq "WORK"].value', 'w@x.test'],
    ['emails[type eq "work" and primary eq true].value', 'w@x.test'],
    ['roles[primary eq "True"].display', 'Admin'],
    ['emails[type eq "other"].value', undefined],
    ['emails.value', ['w@x.test', 'h@x.test']],
    [`${ENTERPRISE_URN}:employeeNumber`, '42'],
    [`${ENTERPRISE_URN}:manager.value`, 'u-9'],
    ['manager.value', 'u-9'],
    [ENTERPRISE_URN, user[ENTERPRISE_URN]],
    ['nickName', undefined],
    ['emails[type eq work].value', undefined],
    ['', undefined],
  ];

  it.each(table)('%s', (path, expected) => {
    expect(valueAtPath(user, path)).toEqual(expected);
  });

  it('finds a member by value', () => {
    const group = scimGroup({ members: [{ value: 'u-1', display: 'A' }, { value: 'u-2' }] });
    expect(valueAtPath(group, 'members[value eq "u-2"].value')).toBe('u-2');
    expect(valueAtPath(group, 'members[value eq "u-3"]')).toBeUndefined();
  });

  it('returns undefined for something that is not a resource', () => {
    expect(valueAtPath('x', 'userName')).toBeUndefined();
    expect(valueAtPath([user], 'userName')).toBeUndefined();
  });
});

describe('parseEqConjunction', () => {
  it('reads Entra filters, including escaped quotes and value paths', () => {
    expect(parseEqConjunction('userName eq "a\\"b and c"')).toEqual([{ path: 'userName', value: 'a"b and c' }]);
    expect(parseEqConjunction('emails[type eq "work"].value eq "x" and active EQ true')).toEqual([
      { path: 'emails[type eq "work"].value', value: 'x' },
      { path: 'active', value: true },
    ]);
  });

  it('refuses what it cannot judge: other operators, or, not, grouping, unquoted values', () => {
    for (const filter of ['userName co "a"', 'userName eq "a" or userName eq "b"', 'not (userName eq "a")', '(userName eq "a")', 'userName eq a', 'userName eq']) {
      expect(parseEqConjunction(filter)).toBeUndefined();
    }
  });
});
