/**
 * Entra's default attribute map for a custom (non-gallery) SCIM app, job template `scim`
 * (docs/entra-behaviour.md#create-user, docs/entra-behaviour.md#groups, docs/entra-behaviour.md#matching).
 */
import { ENTERPRISE_USER_URN } from './attribute-path';
import { type AttributeMapping, type MappingSet } from './mapping-types';

export const CORE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const CORE_GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
/** Non-standard second schema URI Entra sends on every group create (docs/entra-behaviour.md#groups). */
export const ADSCIM_GROUP_SCHEMA = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';

/** In the portal's order, which is the order Entra writes PATCH operations in (docs/entra-behaviour.md#update-user, docs/entra-behaviour.md#patch-dialects). */
const USER_ATTRIBUTES: readonly AttributeMapping[] = [
  { source: 'userPrincipalName', target: 'userName', matchingPrecedence: 1 },
  { source: 'Not([IsSoftDeleted])', target: 'active' },
  { source: 'displayName', target: 'displayName' },
  { source: 'jobTitle', target: 'title' },
  { source: 'mail', target: 'emails[type eq "work"].value' },
  { source: 'givenName', target: 'name.givenName' },
  { source: 'surname', target: 'name.familyName' },
  // [INF] not in the portal's default list, but the documented POST body carries name.formatted as "givenName familyName".
  { source: 'Join(" ", [givenName], [surname])', target: 'name.formatted' },
  { source: 'physicalDeliveryOfficeName', target: 'addresses[type eq "other"].formatted' },
  { source: 'streetAddress', target: 'addresses[type eq "work"].streetAddress' },
  { source: 'postalCode', target: 'addresses[type eq "work"].postalCode' },
  { source: 'telephoneNumber', target: 'phoneNumbers[type eq "work"].value' },
  { source: 'mobile', target: 'phoneNumbers[type eq "mobile"].value' },
  { source: 'facsimileTelephoneNumber', target: 'phoneNumbers[type eq "fax"].value' },
  { source: 'mailNickname', target: 'externalId' },
  { source: 'employeeId', target: `${ENTERPRISE_USER_URN}:employeeNumber` },
  { source: 'department', target: `${ENTERPRISE_USER_URN}:department` },
  { source: 'manager', target: `${ENTERPRISE_USER_URN}:manager`, isReference: true },
];

const GROUP_ATTRIBUTES: readonly AttributeMapping[] = [
  { source: 'displayName', target: 'displayName', matchingPrecedence: 1 },
  { source: 'objectId', target: 'externalId' },
  { source: 'members', target: 'members', isReference: true },
];

/** A fresh copy each call: callers may build on it without touching anyone else's. */
export function defaultMappingSet(): MappingSet {
  return {
    users: {
      objectType: 'User',
      endpoint: '/Users',
      schemas: [CORE_USER_SCHEMA, ENTERPRISE_USER_URN],
      attributes: USER_ATTRIBUTES.map((a) => ({ ...a })),
      enabled: true,
    },
    groups: {
      objectType: 'Group',
      endpoint: '/Groups',
      schemas: [CORE_GROUP_SCHEMA, ADSCIM_GROUP_SCHEMA],
      attributes: GROUP_ATTRIBUTES.map((a) => ({ ...a })),
      enabled: true,
    },
    // "Sync only assigned users and groups" is the default scope, with no scoping filters.
    scoping: { scope: 'assigned', userFilters: [], groupFilters: [] },
  };
}
