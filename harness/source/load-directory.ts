/**
 * `--source directory.json`: a source directory from a file, validated before any request is
 * sent. Schema rules live in directory-schema.json; the rules a schema cannot state
 * (references between objects, unique objectIds) are checked here.
 *
 * userPrincipalName is required but may be "": Entra holds users whose matching value maps to
 * empty, and the engine must log them as ImportSkipped (docs/entra-behaviour.md#matching). Duplicate
 * userPrincipalNames are accepted on purpose: the engine logs them as DuplicateSourceEntries.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { ConfigurationError } from '../errors';
import { formatJsonPath, readDataFile, schemaRejection, type FieldHints } from './data-file';
import directorySchema from './directory-schema.json';
import { type SourceDirectoryData, type SourceGroup, type SourceUser } from './source-types';

type RawUser = Omit<SourceUser, 'mailNickname' | 'accountEnabled'> & { mailNickname?: string; accountEnabled?: boolean };
type RawGroup = Omit<SourceGroup, 'mailNickname' | 'memberIds'> & { mailNickname?: string; memberIds?: string[] };
interface RawDirectory {
  users: RawUser[];
  groups?: RawGroup[];
  assignments?: string[];
}

// verbose: errors carry their parent schema, so an unknown property can be matched against the known ones.
const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
addFormats(ajv, ['uuid']);
const validateDirectory = ajv.compile<RawDirectory>(directorySchema);

const GUID = '"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"';
const OPTIONAL_STRINGS = ['givenName', 'surname', 'jobTitle', 'department', 'employeeId', 'mobile', 'telephoneNumber', 'facsimileTelephoneNumber', 'streetAddress', 'postalCode', 'physicalDeliveryOfficeName', 'description'];
const HINTS: FieldHints = {
  ...Object.fromEntries(OPTIONAL_STRINGS.map((name) => [name, 'a string, or null for no value'])),
  users: 'a list of users, e.g. {"users": [{"objectId": ' + GUID + ', "userPrincipalName": "ada@contoso.com", "displayName": "Ada Lovelace"}]}',
  groups: 'a list of groups, e.g. [{"objectId": ' + GUID + ', "displayName": "Sales", "memberIds": []}]',
  assignments: 'objectIds of assigned users and groups, each once, e.g. [' + GUID + ']; leave it out to assign everything',
  objectId: 'every object needs a GUID objectId, as in Entra, e.g. ' + GUID,
  userPrincipalName: 'every user needs a userPrincipalName, e.g. "ada@contoso.com"; "" is allowed and makes the user ImportSkipped',
  displayName: 'every object needs a displayName, e.g. "Ada Lovelace"',
  mailNickname: 'e.g. "ada"; leave it out to use the part of userPrincipalName before "@"',
  mail: 'e.g. "ada@contoso.com", or null',
  accountEnabled: 'true, or false for a user blocked from sign-in',
  isSoftDeleted: 'true for a user in the recycle bin, else false',
  managerId: 'the objectId of another user in this file, or null',
  memberIds: 'objectIds of users in this file, each once, e.g. [' + GUID + ']',
};
export function loadDirectoryFile(file: string): SourceDirectoryData {
  const data = readDataFile(file, '--source ./directory.json');
  if (!validateDirectory(data)) throw schemaRejection(file, validateDirectory.errors, data, HINTS, 'harness/source/directory-schema.json', 'source directory');
  const raw = data;
  checkReferences(file, raw);
  const users: SourceUser[] = raw.users.map((user) => ({
    ...user,
    mailNickname: user.mailNickname ?? user.userPrincipalName.split('@')[0],
    accountEnabled: user.accountEnabled ?? true,
  }));
  const groups: SourceGroup[] = (raw.groups ?? []).map((group) => ({
    ...group,
    mailNickname: group.mailNickname ?? group.displayName.replace(/\s+/g, ''),
    memberIds: group.memberIds ?? [],
  }));
  return raw.assignments ? { users, groups, assignments: raw.assignments } : { users, groups };
}

function checkReferences(file: string, raw: RawDirectory): void {
  const fail = (path: (string | number)[], rule: string, fix: string): never => {
    throw new ConfigurationError(`${file}: ${formatJsonPath(path)} ${rule} (${fix})`);
  };
  const seen = new Map<string, (string | number)[]>();
  const groups = raw.groups ?? [];
  const claim = (id: string, path: (string | number)[]): void => {
    const first = seen.get(id);
    if (first) fail(path, `"${id}" duplicates ${formatJsonPath(first)}`, 'every user and group needs its own objectId, as in Entra');
    seen.set(id, path);
  };
  raw.users.forEach((user, i) => claim(user.objectId, ['users', i, 'objectId']));
  groups.forEach((group, i) => claim(group.objectId, ['groups', i, 'objectId']));
  const userIds = new Set(raw.users.map((u) => u.objectId));
  const groupIds = new Set(groups.map((g) => g.objectId));
  raw.users.forEach((user, i) => {
    if (!user.managerId) return;
    if (user.managerId === user.objectId) fail(['users', i, 'managerId'], 'names the user itself', 'a user cannot be its own manager: use another user\'s objectId, or null');
    if (!userIds.has(user.managerId)) fail(['users', i, 'managerId'], `"${user.managerId}" names no user in the file`, 'use the objectId of a user listed under "users", or null');
  });
  groups.forEach((group, g) => {
    (group.memberIds ?? []).forEach((id, m) => {
      if (groupIds.has(id)) fail(['groups', g, 'memberIds', m], `"${id}" names a group`, 'nested groups are not provisioned by Entra: list the users themselves');
      if (!userIds.has(id)) fail(['groups', g, 'memberIds', m], `"${id}" names no user in the file`, 'use the objectId of a user listed under "users"');
    });
  });
  (raw.assignments ?? []).forEach((id, i) => {
    if (!userIds.has(id) && !groupIds.has(id)) fail(['assignments', i], `"${id}" names no user or group in the file`, 'use the objectId of a user or group in this file');
  });
}
