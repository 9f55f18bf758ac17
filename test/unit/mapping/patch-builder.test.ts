import { type AttributeChange } from '../../../harness/mapping/mapping-types';
import { toModifiedProperties } from '../../../harness/mapping/patch-builder';
import { type ClientProfile } from '../../../harness/profiles/client-profile';
import { clientProfile } from '../../../harness/profiles/registry';
import { ENTRA_COMPLIANT_STYLE, ENTRA_DEFAULT_STYLE, entraProfile } from '../../../harness/profiles/entra';
import { ENTERPRISE } from './fixtures';

// The requests each Entra dialect built before the client-profile seam, now built by its profile.
const profile = (dialect: string): ClientProfile => clientProfile(dialect);
const buildActivePatch = (active: boolean, dialect: string) => profile(dialect).activePatch(active);
const buildUpdatePatch = (changes: readonly AttributeChange[], dialect: string) => profile(dialect).updatePatch(changes);
const buildManagerPatch = (id: string | null, hadManager: boolean, dialect: string) => profile(dialect).managerPatch(id, hadManager);
const buildMemberPatches = (add: readonly string[], remove: readonly string[], dialect: string, batchSize?: number) =>
  (batchSize === undefined ? profile(dialect) : entraProfile(dialect, 'batch test', dialect === 'entra' ? ENTRA_DEFAULT_STYLE : ENTRA_COMPLIANT_STYLE, batchSize)).memberPatches(add, remove);

const PATCH = ['urn:ietf:params:scim:api:messages:2.0:PatchOp'];
const MANAGER = `${ENTERPRISE}:manager`;

describe('buildActivePatch (disable, docs/entra-behaviour.md#disable-enable and docs/entra-behaviour.md#patch-dialects)', () => {
  it('entra: Replace active with the string "False"', () => {
    expect(buildActivePatch(false, 'entra')).toEqual({ schemas: PATCH, Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
  });
  it('entra-compliant: replace active with the boolean false', () => {
    expect(buildActivePatch(false, 'entra-compliant')).toEqual({ schemas: PATCH, Operations: [{ op: 'replace', path: 'active', value: false }] });
  });
  it('re-enables with True / true', () => {
    expect(buildActivePatch(true, 'entra').Operations[0].value).toBe('True');
    expect(buildActivePatch(true, 'entra-compliant').Operations[0].value).toBe(true);
  });
});

describe('buildUpdatePatch', () => {
  it('adds a single value: Add / add with path (docs/entra-behaviour.md#patch-dialects)', () => {
    const changes: AttributeChange[] = [{ path: 'nickName', oldValue: null, newValue: 'Babs' }];
    expect(buildUpdatePatch(changes, 'entra')).toEqual({ schemas: PATCH, Operations: [{ op: 'Add', path: 'nickName', value: 'Babs' }] });
    expect(buildUpdatePatch(changes, 'entra-compliant')).toEqual({ schemas: PATCH, Operations: [{ op: 'add', path: 'nickName', value: 'Babs' }] });
  });

  const several: AttributeChange[] = [
    { path: 'displayName', oldValue: 'Old', newValue: 'Bjfe' },
    { path: 'emails[type eq "work"].value', oldValue: 'old@microsoft.com', newValue: 'updatedEmail@microsoft.com' },
    { path: 'name.givenName', oldValue: 'A', newValue: 'Kkom' },
    { path: 'name.familyName', oldValue: 'B', newValue: 'Unua' },
    { path: `${ENTERPRISE}:employeeNumber`, oldValue: '1', newValue: 'Aklq' },
  ];

  it('entra: replaces several attributes with one Replace op per attribute, each with its path', () => {
    expect(buildUpdatePatch(several, 'entra')).toEqual({
      schemas: PATCH,
      Operations: [
        { op: 'Replace', path: 'displayName', value: 'Bjfe' },
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
        { op: 'Replace', path: 'name.givenName', value: 'Kkom' },
        { op: 'Replace', path: 'name.familyName', value: 'Unua' },
        { op: 'Replace', path: `${ENTERPRISE}:employeeNumber`, value: 'Aklq' },
      ],
    });
  });

  it('entra-compliant: the exact merged body of docs/entra-behaviour.md#patch-dialects — filtered path apart, the rest in one path-less replace', () => {
    expect(buildUpdatePatch(several, 'entra-compliant')).toEqual({
      schemas: PATCH,
      Operations: [
        { op: 'replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
        {
          op: 'replace',
          value: {
            displayName: 'Bjfe',
            'name.givenName': 'Kkom',
            'name.familyName': 'Unua',
            'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber': 'Aklq',
          },
        },
      ],
    });
  });

  it('changes userName', () => {
    const changes: AttributeChange[] = [{ path: 'userName', oldValue: 'a@testuser.com', newValue: '5b50@testuser.com' }];
    expect(buildUpdatePatch(changes, 'entra')?.Operations).toEqual([{ op: 'Replace', path: 'userName', value: '5b50@testuser.com' }]);
    expect(buildUpdatePatch(changes, 'entra-compliant')?.Operations).toEqual([{ op: 'replace', value: { userName: '5b50@testuser.com' } }]);
  });

  it('sends nothing for a cleared attribute in either dialect, no Remove (docs/entra-behaviour.md#attribute-clearing)', () => {
    const cleared: AttributeChange[] = [
      { path: 'title', oldValue: 'Analyst', newValue: null },
      { path: `${ENTERPRISE}:department`, oldValue: 'Design', newValue: '' },
    ];
    expect(buildUpdatePatch(cleared, 'entra')).toBeNull();
    expect(buildUpdatePatch(cleared, 'entra-compliant')).toBeNull();
    const withChange: AttributeChange[] = [...cleared, { path: 'displayName', oldValue: 'a', newValue: 'b' }];
    expect(buildUpdatePatch(withChange, 'entra')?.Operations).toEqual([{ op: 'Replace', path: 'displayName', value: 'b' }]);
    expect(buildUpdatePatch(withChange, 'entra-compliant')?.Operations).toEqual([{ op: 'replace', value: { displayName: 'b' } }]);
  });

  it('orders compliant ops add, filtered replace, merged replace; a cleared attribute is left out', () => {
    const changes: AttributeChange[] = [
      { path: 'title', oldValue: 'x', newValue: null },
      { path: 'displayName', oldValue: 'a', newValue: 'b' },
      { path: 'phoneNumbers[type eq "mobile"].value', oldValue: '1', newValue: '2' },
      { path: `${ENTERPRISE}:department`, oldValue: null, newValue: 'Tech Infrastructure' },
    ];
    expect(buildUpdatePatch(changes, 'entra-compliant')?.Operations).toEqual([
      { op: 'add', path: `${ENTERPRISE}:department`, value: 'Tech Infrastructure' },
      { op: 'replace', path: 'phoneNumbers[type eq "mobile"].value', value: '2' },
      { op: 'replace', value: { displayName: 'b' } },
    ]);
  });

  it('sends booleans as "True"/"False" in entra, JSON booleans when compliant', () => {
    const changes: AttributeChange[] = [{ path: 'urn:example:2.0:User:isContractor', oldValue: false, newValue: true }];
    expect(buildUpdatePatch(changes, 'entra')?.Operations).toEqual([{ op: 'Replace', path: 'urn:example:2.0:User:isContractor', value: 'True' }]);
    expect(buildUpdatePatch(changes, 'entra-compliant')?.Operations).toEqual([{ op: 'replace', value: { 'urn:example:2.0:User:isContractor': true } }]);
  });

  it('leaves active and references to their own builders; nothing left is null', () => {
    const changes: AttributeChange[] = [
      { path: 'active', oldValue: true, newValue: false },
      { path: MANAGER, oldValue: null, newValue: 'm1' },
      { path: 'members', oldValue: null, newValue: 'u1' },
    ];
    expect(buildUpdatePatch(changes, 'entra')).toBeNull();
    expect(buildUpdatePatch(changes, 'entra-compliant')).toBeNull();
    expect(buildUpdatePatch([], 'entra')).toBeNull();
  });
});

// The flag does not change the manager: the default shape in both dialects (docs/entra-behaviour.md#patch-dialects).
describe('buildManagerPatch', () => {
  it('adds a manager where there was none, the id as a bare string (docs/entra-behaviour.md#manager-reference)', () => {
    expect(buildManagerPatch('m1', false, 'entra').Operations).toEqual([{ op: 'Add', path: MANAGER, value: 'm1' }]);
    expect(buildManagerPatch('m1', false, 'entra-compliant')).toEqual(buildManagerPatch('m1', false, 'entra'));
  });
  it('replaces a changed manager', () => {
    expect(buildManagerPatch('m2', true, 'entra').Operations).toEqual([{ op: 'Replace', path: MANAGER, value: 'm2' }]);
    expect(buildManagerPatch('m2', true, 'entra-compliant')).toEqual(buildManagerPatch('m2', true, 'entra'));
  });
  it('clears the manager with a Replace of an empty string, the one cleared attribute that is sent', () => {
    expect(buildManagerPatch(null, true, 'entra')).toEqual({ schemas: PATCH, Operations: [{ op: 'Replace', path: MANAGER, value: '' }] });
    expect(buildManagerPatch(null, true, 'entra-compliant')).toEqual(buildManagerPatch(null, true, 'entra'));
  });
});

describe('buildMemberPatches (docs/entra-behaviour.md#group-members, docs/entra-behaviour.md#patch-dialects)', () => {
  it('entra: adds several members in one PATCH with $ref null', () => {
    expect(buildMemberPatches(['u1', 'u2', 'u3'], [], 'entra')).toEqual([
      { schemas: PATCH, Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: 'u1' }, { $ref: null, value: 'u2' }, { $ref: null, value: 'u3' }] }] },
    ]);
  });
  it('entra-compliant: adds members in the default shape, the flag changes only removals', () => {
    expect(buildMemberPatches(['u1', 'u2'], [], 'entra-compliant')).toEqual([
      { schemas: PATCH, Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: 'u1' }, { $ref: null, value: 'u2' }] }] },
    ]);
    expect(buildMemberPatches(['u1', 'u2'], [], 'entra-compliant')).toEqual(buildMemberPatches(['u1', 'u2'], [], 'entra'));
  });
  it('entra: removes members with Remove and a value list', () => {
    expect(buildMemberPatches([], ['f648f8d5ea4e4cd38e9c'], 'entra')).toEqual([{ schemas: PATCH, Operations: [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: 'f648f8d5ea4e4cd38e9c' }] }] }]);
  });
  it('entra-compliant: removes each member with a value filter and no value', () => {
    expect(buildMemberPatches([], ['7f4bc1a3', 'u2'], 'entra-compliant')).toEqual([
      {
        schemas: PATCH,
        Operations: [
          { op: 'remove', path: 'members[value eq "7f4bc1a3"]' },
          { op: 'remove', path: 'members[value eq "u2"]' },
        ],
      },
    ]);
  });
  it('batches by the batch size, adds before removes', () => {
    const adds = Array.from({ length: 120 }, (_, i) => `a${i}`);
    const patches = buildMemberPatches(adds, ['r1', 'r2', 'r3'], 'entra-compliant', 50);
    expect(patches.map((p) => p.Operations.map((o) => o.op))).toEqual([['Add'], ['Add'], ['Add'], ['remove', 'remove', 'remove']]);
    expect(patches.map((p) => (p.Operations[0].value as unknown[] | undefined)?.length)).toEqual([50, 50, 20, undefined]);
    expect(buildMemberPatches(['a'], ['b'], 'entra', 1)).toHaveLength(2);
    expect(buildMemberPatches([], [], 'entra')).toEqual([]);
    expect(() => buildMemberPatches(['a'], [], 'entra', 0)).toThrow(/batchSize must be a whole number of 1 or more, got 0/);
  });
});

describe('toModifiedProperties', () => {
  it('writes strings, booleans as "True"/"False", no value as null', () => {
    expect(
      toModifiedProperties([
        { path: 'userName', oldValue: null, newValue: 'ada@contoso.com' },
        { path: 'active', oldValue: true, newValue: false },
        { path: 'title', oldValue: 'Analyst', newValue: null },
      ]),
    ).toEqual([
      { displayName: 'userName', oldValue: null, newValue: 'ada@contoso.com' },
      { displayName: 'active', oldValue: 'True', newValue: 'False' },
      { displayName: 'title', oldValue: 'Analyst', newValue: null },
    ]);
  });
});
