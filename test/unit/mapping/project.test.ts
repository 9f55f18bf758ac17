import { defaultMappingSet } from '../../../harness/mapping/default-mapping';
import { type MappingSet } from '../../../harness/mapping/mapping-types';
import { matchingValues, projectGroup, projectUser } from '../../../harness/mapping/project';
import { ADA, context, ENTERPRISE, TEAM } from './fixtures';

describe('projectUser with the default custom-app mapping', () => {
  it('maps every default attribute of a sample user, in the portal order', () => {
    expect(Object.entries(projectUser(ADA, context(), true))).toEqual([
      ['userName', 'ada.lovelace@contoso.com'],
      ['active', true],
      ['displayName', 'Ada Lovelace'],
      ['title', 'Analyst'],
      ['emails[type eq "work"].value', 'ada@contoso.com'],
      ['name.givenName', 'Ada'],
      ['name.familyName', 'Lovelace'],
      ['name.formatted', 'Ada Lovelace'],
      ['addresses[type eq "other"].formatted', '18/2101'],
      ['addresses[type eq "work"].streetAddress', '1 Microsoft Way'],
      ['addresses[type eq "work"].postalCode', '98052'],
      ['phoneNumbers[type eq "work"].value', '+14255550101'],
      ['phoneNumbers[type eq "mobile"].value', '+14255550100'],
      ['phoneNumbers[type eq "fax"].value', null],
      ['externalId', 'ada.lovelace'],
      [`${ENTERPRISE}:employeeNumber`, '000042'],
      [`${ENTERPRISE}:department`, 'Engineering'],
      [`${ENTERPRISE}:manager`, 'mgr-target-1'],
    ]);
  });

  it('computes active as Not([IsSoftDeleted]) through the context', () => {
    expect(projectUser({ ...ADA, accountEnabled: false }, context()).active).toBe(false);
    expect(projectUser({ ...ADA, isSoftDeleted: true }, context()).active).toBe(false);
    expect(projectUser(ADA, context({ isSoftDeleted: () => true })).active).toBe(false);
  });

  it('treats "" and missing as no value, and an unprovisioned manager as null', () => {
    const view = projectUser({ ...ADA, jobTitle: '', surname: undefined, managerId: 'someone-else' }, context());
    expect(view.title).toBeNull();
    expect(view['name.familyName']).toBeNull();
    expect(view['name.formatted']).toBe('Ada');
    expect(view[`${ENTERPRISE}:manager`]).toBeNull();
  });

  it('applies "Only during creation" mappings only when projecting for create', () => {
    const base = defaultMappingSet();
    const mapping: MappingSet = { ...base, users: { ...base.users, attributes: [...base.users.attributes, { source: '"Welcome1"', target: 'password', applyOn: 'create' }] } };
    expect(projectUser(ADA, context({ mapping }), true).password).toBe('Welcome1');
    expect('password' in projectUser(ADA, context({ mapping }), false)).toBe(false);
  });

  it('uses the mapping from the context', () => {
    const base = defaultMappingSet();
    const mapping: MappingSet = { ...base, users: { ...base.users, attributes: [{ source: 'ToLower([mail])', target: 'userName', matchingPrecedence: 1 }] } };
    expect(projectUser({ ...ADA, mail: 'Ada@Contoso.COM' }, context({ mapping }))).toEqual({ userName: 'ada@contoso.com' });
  });
});

describe('projectGroup', () => {
  it('maps displayName and objectId; members are left to member PATCHes', () => {
    expect(projectGroup(TEAM, context(), true)).toEqual({ displayName: 'displayName', externalId: TEAM.objectId });
  });
});

describe('matchingValues', () => {
  it('lists matching attributes with a value in precedence order', () => {
    const base = defaultMappingSet();
    const users = {
      ...base.users,
      attributes: [
        { source: 'mail', target: 'emails[type eq "work"].value', matchingPrecedence: 2 },
        { source: 'displayName', target: 'displayName' },
        { source: 'userPrincipalName', target: 'userName', matchingPrecedence: 1 },
      ],
    };
    expect(matchingValues(projectUser(ADA, context({ mapping: { ...base, users } })), users)).toEqual([
      { path: 'userName', value: 'ada.lovelace@contoso.com' },
      { path: 'emails[type eq "work"].value', value: 'ada@contoso.com' },
    ]);
  });

  it('is empty when the only matching value is empty (ImportSkipped)', () => {
    const mapping = defaultMappingSet();
    expect(matchingValues(projectUser({ ...ADA, userPrincipalName: '' }, context()), mapping.users)).toEqual([]);
  });
});
