import { type ProjectionContext } from '../../../harness/mapping/project';
import { type SourceGroup, type SourceUser } from '../../../harness/source/source-types';

export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

export const ADA: SourceUser = {
  objectId: '5d48a0a8-e9f0-4aa3-8008-6f0a1b2c3d4e',
  userPrincipalName: 'ada.lovelace@contoso.com',
  mailNickname: 'ada.lovelace',
  displayName: 'Ada Lovelace',
  givenName: 'Ada',
  surname: 'Lovelace',
  mail: 'ada@contoso.com',
  jobTitle: 'Analyst',
  department: 'Engineering',
  employeeId: '000042',
  mobile: '+14255550100',
  telephoneNumber: '+14255550101',
  facsimileTelephoneNumber: null,
  streetAddress: '1 Microsoft Way',
  postalCode: '98052',
  physicalDeliveryOfficeName: '18/2101',
  accountEnabled: true,
  managerId: '9c1f7e33-1a2b-4c3d-8e4f-5a6b7c8d9e0f',
};

export const TEAM: SourceGroup = {
  objectId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
  displayName: 'displayName',
  mailNickname: 'team',
  memberIds: [ADA.objectId],
};

/** Manager provisioned as target id "mgr-target-1"; everything else not provisioned. */
export function context(overrides: Partial<ProjectionContext> = {}): ProjectionContext {
  return {
    isSoftDeleted: (user) => Boolean(user.isSoftDeleted) || !user.accountEnabled,
    resolveReference: (id) => (id === ADA.managerId ? 'mgr-target-1' : null),
    ...overrides,
  };
}
