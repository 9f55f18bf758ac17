/**
 * What both Entra profiles send besides PATCH bodies (those are test/unit/mapping/
 * patch-builder.test.ts, with the expectations they had before the profiles existed): the
 * probe, the match and read queries, the create body, and the rules they declare.
 */
import { defaultMappingSet } from '../../../harness/mapping/default-mapping';
import { buildCreateBody } from '../../../harness/mapping/scim-body';
import { ENTRA_COMPLIANT_PROFILE, ENTRA_PROFILE } from '../../../harness/profiles/entra';

describe.each([ENTRA_PROFILE, ENTRA_COMPLIANT_PROFILE])('$id profile', (profile) => {
  it('probes /Users, then /Groups without members, for values nothing holds (docs/entra-behaviour.md#test-connection)', () => {
    const values = ['v1', 'v2'];
    expect(profile.probe(defaultMappingSet(), () => values.shift() ?? '')).toEqual([
      { objectType: 'User', endpoint: '/Users', query: { filter: 'userName eq "v1"' } },
      { objectType: 'Group', endpoint: '/Groups', query: { excludedAttributes: 'members', filter: 'displayName eq "v2"' } },
    ]);
    const usersOnly = { ...defaultMappingSet(), groups: { ...defaultMappingSet().groups, enabled: false } };
    expect(profile.probe(usersOnly, () => 'v').map((probe) => probe.endpoint)).toEqual(['/Users']);
  });

  it('matches by eq filter, groups without members, in the query order sent before (docs/entra-behaviour.md#groups, docs/entra-behaviour.md#matching)', () => {
    expect(profile.matchQuery('User', 'userName', 'ada "A" \\ L')).toEqual({ filter: 'userName eq "ada \\"A\\" \\\\ L"' });
    expect(Object.keys(profile.matchQuery('Group', 'displayName', 'Sales'))).toEqual(['excludedAttributes', 'filter']);
    expect(profile.matchQuery('Group', 'displayName', 'Sales')).toEqual({ excludedAttributes: 'members', filter: 'displayName eq "Sales"' });
    expect(profile.readQuery('User')).toBeUndefined();
    expect(profile.readQuery('Group')).toEqual({ excludedAttributes: 'members' });
  });

  it('creates users with the mapping\'s SCIM body and "roles": [] (docs/entra-behaviour.md#create-user)', () => {
    const mapping = defaultMappingSet();
    const view = { userName: 'ada@contoso.com', active: true, displayName: 'Ada' };
    const body = profile.createBody('User', view, mapping.users);
    expect(body).toEqual({ ...buildCreateBody(view, mapping.users), roles: [] });
    expect(body.roles).toEqual([]);
  });

  it('gives groups no roles in their create body', () => {
    const mapping = defaultMappingSet();
    expect(profile.createBody('Group', { displayName: 'Sales' }, mapping.groups)).toEqual(buildCreateBody({ displayName: 'Sales' }, mapping.groups));
    expect(profile.createBody('Group', { displayName: 'Sales' }, mapping.groups)).not.toHaveProperty('roles');
  });

  it('writes its queries form-encoded, spaces as "+" (docs/entra-behaviour.md#match-query-encoding)', () => {
    expect(profile.queryEncoding).toBe('form');
  });

  it("declares Entra's retry and quarantine rules", () => {
    expect(profile.retry).toEqual({ escrow: 'entra', throttle: 'retry-after' });
    expect(profile.quarantine).toEqual({ thresholds: 'entra', immediate: ['credentials', 'compliance'] });
  });
});

// The aadOptscim062020 flag changes exactly four requests (docs/entra-behaviour.md#patch-dialects).
describe('what the entra-compliant profile changes', () => {
  const manager = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager';

  it('sends the manager and member adds exactly as the default profile does', () => {
    for (const [id, had] of [['m1', false], ['m2', true], [null, true]] as const) {
      expect(ENTRA_COMPLIANT_PROFILE.managerPatch(id, had)).toEqual(ENTRA_PROFILE.managerPatch(id, had));
    }
    expect(ENTRA_COMPLIANT_PROFILE.memberPatches(['u1', 'u2'], [])).toEqual(ENTRA_PROFILE.memberPatches(['u1', 'u2'], []));
    expect(ENTRA_PROFILE.managerPatch('m1', false).Operations).toEqual([{ op: 'Add', path: manager, value: 'm1' }]);
  });

  it('differs in the disable, the single-value add, the several-attribute replace and the member removal', () => {
    expect(ENTRA_COMPLIANT_PROFILE.activePatch(false).Operations).toEqual([{ op: 'replace', path: 'active', value: false }]);
    expect(ENTRA_COMPLIANT_PROFILE.updatePatch([{ path: 'nickName', oldValue: null, newValue: 'Babs' }])?.Operations).toEqual([{ op: 'add', path: 'nickName', value: 'Babs' }]);
    const several = [
      { path: 'displayName', oldValue: 'a', newValue: 'b' },
      { path: 'title', oldValue: 'c', newValue: 'd' },
    ];
    expect(ENTRA_COMPLIANT_PROFILE.updatePatch(several)?.Operations).toEqual([{ op: 'replace', value: { displayName: 'b', title: 'd' } }]);
    expect(ENTRA_COMPLIANT_PROFILE.memberPatches([], ['u1'])[0].Operations).toEqual([{ op: 'remove', path: 'members[value eq "u1"]' }]);
    for (const body of [ENTRA_PROFILE.activePatch(false), ENTRA_PROFILE.updatePatch(several), ENTRA_PROFILE.memberPatches([], ['u1'])[0]]) {
      expect(body?.Operations.every((o) => /^[A-Z]/.test(o.op))).toBe(true);
    }
  });
});
