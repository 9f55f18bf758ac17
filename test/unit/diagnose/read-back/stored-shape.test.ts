/**
 * The no-request inspections of a returned resource (docs/diagnosis.md#read-back): each stored
 * shape names its cause and says which read-back paths it explains; a correct resource shows none.
 */
import { responseShapes, storedShapes } from '../../../../harness/diagnose/read-back/stored-shape';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';

const correctUser = {
  schemas: [CORE, ENTERPRISE],
  id: 'u1',
  userName: 'ada@example.com',
  active: false,
  name: { givenName: 'Ada', familyName: 'Lovelace' },
  emails: [{ type: 'work', value: 'ada@example.com', primary: true }],
  [ENTERPRISE]: { department: 'Sales', manager: { value: 'm1', $ref: 'https://x/Users/m1' } },
  meta: { resourceType: 'User', location: 'https://x/Users/u1' },
};

function causesOf(resource: unknown): string[] {
  return storedShapes(resource).map((shape) => shape.cause.id);
}

describe('stored shapes of a returned resource', () => {
  test('a correct user, a correct group and non-objects show none', () => {
    expect(causesOf(correctUser)).toEqual([]);
    expect(causesOf({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id: 'g1', displayName: 'G', members: [{ value: 'u1' }] })).toEqual([]);
    expect(causesOf('text')).toEqual([]);
    expect(causesOf(null)).toEqual([]);
    expect(causesOf([correctUser])).toEqual([]);
  });

  test('a top-level key spelled like a sub-attribute path is a literal path key, and explains that path only', () => {
    const [shape] = storedShapes({ ...correctUser, 'name.givenName': 'Robert', 'emails[type eq "work"].value': 'r@example.com' });
    expect(shape.cause.id).toBe('read-back/literal-path-keys');
    expect(shape.seen).toBe('top-level keys "name.givenName", "emails[type eq \\"work\\"].value"');
    expect(shape.concerns('name.givenName')).toBe(true);
    expect(shape.concerns('NAME.GIVENNAME')).toBe(true);
    expect(shape.concerns('emails[type eq "work"].value')).toBe(true);
    expect(shape.concerns('name.familyName')).toBe(false);
    expect(shape.concerns('displayName')).toBe(false);
  });

  test('keys with dots that are not SCIM paths are not flagged', () => {
    expect(causesOf({ ...correctUser, '@odata.type': '#User', 'x.y.z': 1 })).toEqual([]);
  });

  test('a URN-qualified attribute kept whole at the top level is a literal path key', () => {
    const [shape] = storedShapes({ ...correctUser, [`${ENTERPRISE}:employeeNumber`]: 'E-2' });
    expect(shape.cause.id).toBe('read-back/literal-path-keys');
    expect(shape.concerns(`${ENTERPRISE}:employeeNumber`)).toBe(true);
    expect(shape.concerns(`${ENTERPRISE}:department`)).toBe(false);
  });

  test('an extension split at the dot in "2.0" names the split, and explains paths under that URN', () => {
    const [shape] = storedShapes({ ...correctUser, 'urn:ietf:params:scim:schemas:extension:enterprise:2': { '0:User:department': 'Marketing' } });
    expect(shape.cause.id).toBe('read-back/extension-urn-split-at-dot');
    expect(shape.seen).toBe('top-level keys "urn:ietf:params:scim:schemas:extension:enterprise:2" holding "0:User:department"');
    expect(shape.concerns(`${ENTERPRISE}:department`)).toBe(true);
    expect(shape.concerns(`${ENTERPRISE}:manager.value`)).toBe(true);
    expect(shape.concerns('title')).toBe(false);
  });

  test('a vendor extension whose URN ends in a number is not a split', () => {
    expect(causesOf({ ...correctUser, 'urn:example:ext:1': { costCenter: '7' } })).toEqual([]);
  });

  test('"active" as a "True"/"False" string is a string boolean; other strings are not', () => {
    const [shape] = storedShapes({ ...correctUser, active: 'False' });
    expect(shape.cause.id).toBe('read-back/string-booleans-stored');
    expect(shape.seen).toBe('"active": "False"');
    expect(shape.concerns('active')).toBe(true);
    expect(shape.concerns('title')).toBe(false);
    expect(causesOf({ ...correctUser, active: 'no' })).toEqual([]);
  });

  test('a manager returned as a bare string names the manager cause and explains manager paths', () => {
    const [shape] = storedShapes({ ...correctUser, [ENTERPRISE]: { manager: 'm1' } });
    expect(shape.cause.id).toBe('read-back/manager-as-string');
    expect(shape.concerns(`${ENTERPRISE}:manager.value`)).toBe(true);
    expect(shape.concerns('manager')).toBe(true);
    expect(shape.concerns('displayName')).toBe(false);
  });

  test('what is quoted from the target is escaped and capped', () => {
    const key = `name.${'x'.repeat(500)}`;
    const [shape] = storedShapes({ ...correctUser, [key]: 1, 'name.giv\u001bn': 2 });
    expect(shape.seen.length).toBeLessThanOrEqual(220);
    expect(shape.seen).not.toContain('\u001b');
  });

  test('a ListResponse is judged by its first resources', () => {
    const list = { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 2, Resources: [correctUser, { ...correctUser, active: 'True' }] };
    expect(responseShapes(list).map((shape) => shape.cause.id)).toEqual(['read-back/string-booleans-stored']);
    expect(responseShapes({ ...list, Resources: [correctUser] })).toEqual([]);
    expect(responseShapes({ ...correctUser, active: 'True' }).map((shape) => shape.cause.id)).toEqual(['read-back/string-booleans-stored']);
  });
});
