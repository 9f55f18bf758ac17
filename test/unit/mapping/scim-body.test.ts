import { defaultMappingSet } from '../../../harness/mapping/default-mapping';
import { projectGroup, projectUser } from '../../../harness/mapping/project';
import { buildCreateBody } from '../../../harness/mapping/scim-body';
import { type SourceUser } from '../../../harness/source/source-types';
import { ADA, context, ENTERPRISE, TEAM } from './fixtures';

describe('buildCreateBody', () => {
  it('builds the documented POST /Users body (docs/entra-behaviour.md#create-user), without the unmapped "roles": []', () => {
    // The source user behind the documented example: only the attributes the example carries.
    const user: SourceUser = {
      objectId: '11111111-2222-4333-8444-555555555555',
      userPrincipalName: 'Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
      mailNickname: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
      displayName: '',
      givenName: 'givenName',
      surname: 'familyName',
      mail: 'Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com',
      accountEnabled: true,
    };
    const mapping = defaultMappingSet();
    const body = buildCreateBody(projectUser(user, context(), true), mapping.users);
    expect(body).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
      externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
      userName: 'Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
      active: true,
      emails: [{ primary: true, type: 'work', value: 'Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com' }],
      meta: { resourceType: 'User' },
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
    });
  });

  it('builds a full user: typed multi-valued entries, shared address entry, enterprise extension, no manager, no nulls', () => {
    const body = buildCreateBody(projectUser(ADA, context(), true), defaultMappingSet().users);
    expect(body).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
      userName: 'ada.lovelace@contoso.com',
      active: true,
      displayName: 'Ada Lovelace',
      title: 'Analyst',
      emails: [{ primary: true, type: 'work', value: 'ada@contoso.com' }],
      name: { givenName: 'Ada', familyName: 'Lovelace', formatted: 'Ada Lovelace' },
      addresses: [
        { type: 'other', formatted: '18/2101' },
        { type: 'work', streetAddress: '1 Microsoft Way', postalCode: '98052' },
      ],
      phoneNumbers: [
        { type: 'work', value: '+14255550101' },
        { type: 'mobile', value: '+14255550100' },
      ],
      externalId: 'ada.lovelace',
      [ENTERPRISE]: { employeeNumber: '000042', department: 'Engineering' },
      meta: { resourceType: 'User' },
    });
    expect(JSON.stringify(body)).not.toContain('null');
  });

  it('builds the documented POST /Groups body (docs/entra-behaviour.md#groups) with no members key', () => {
    const body = buildCreateBody(projectGroup(TEAM, context(), true), defaultMappingSet().groups);
    expect(body).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group', 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
      displayName: 'displayName',
      meta: { resourceType: 'Group' },
    });
    expect('members' in body).toBe(false);
  });
});
