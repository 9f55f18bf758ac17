/**
 * The source attributes a mapping or a scoping filter can name, as Entra's portal lists them,
 * and how each is read from a SourceUser or SourceGroup. Names match case-insensitively so
 * `[isSoftDeleted]` and `[IsSoftDeleted]` both work; values are strings, booleans or null
 * (null and "" both mean "no value", docs/entra-behaviour.md#create-user).
 */
import { type SourceGroup, type SourceUser } from '../source/source-types';

export type SourceValue = string | boolean | null;
export type SourceObject = SourceUser | SourceGroup;

export const USER_ATTRIBUTES = [
  'objectId',
  'userPrincipalName',
  'mailNickname',
  'displayName',
  'givenName',
  'surname',
  'mail',
  'jobTitle',
  'department',
  'employeeId',
  'mobile',
  'telephoneNumber',
  'facsimileTelephoneNumber',
  'streetAddress',
  'postalCode',
  'physicalDeliveryOfficeName',
  'accountEnabled',
  'manager',
  'IsSoftDeleted',
] as const;

export const GROUP_ATTRIBUTES = ['objectId', 'displayName', 'mailNickname', 'description', 'members', 'IsSoftDeleted'] as const;

const USER_NAMES = new Map<string, string>(USER_ATTRIBUTES.map((name) => [name.toLowerCase(), name]));
const GROUP_NAMES = new Map<string, string>(GROUP_ATTRIBUTES.map((name) => [name.toLowerCase(), name]));

export function isGroup(object: SourceObject): object is SourceGroup {
  return 'memberIds' in object;
}

/** The portal's spelling of a source attribute, or undefined when the object type has no such attribute. */
export function canonicalAttribute(objectType: 'User' | 'Group', name: string): string | undefined {
  return (objectType === 'User' ? USER_NAMES : GROUP_NAMES).get(name.toLowerCase());
}

/**
 * Entra's computed IsSoftDeleted for a user, as far as the user object alone tells: in the
 * recycle bin or blocked from sign-in (docs/entra-behaviour.md#disable-enable). Unassignment and scoping are the
 * engine's to add, through the projection context.
 */
export function computedIsSoftDeleted(user: SourceUser): boolean {
  return Boolean(user.isSoftDeleted) || !user.accountEnabled;
}

function normalise(value: unknown): SourceValue {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  return String(value);
}

/**
 * Reads one source attribute. `manager` is the manager's objectId (resolved to a target id by
 * the projection); `members` is multi-valued and reads as null here.
 */
export function readSourceAttribute(object: SourceObject, name: string, isSoftDeleted: (user: SourceUser) => boolean = computedIsSoftDeleted): SourceValue {
  if (isGroup(object)) {
    const canonical = GROUP_NAMES.get(name.toLowerCase());
    if (canonical === 'IsSoftDeleted') return Boolean(object.isSoftDeleted);
    if (canonical === undefined || canonical === 'members') return null;
    return normalise(object[canonical as keyof SourceGroup]);
  }
  const canonical = USER_NAMES.get(name.toLowerCase());
  if (canonical === 'IsSoftDeleted') return isSoftDeleted(object);
  if (canonical === 'manager') return normalise(object.managerId);
  if (canonical === undefined) return null;
  return normalise(object[canonical as keyof SourceUser]);
}
