import { describeShapeProblem, listShapeProblem, resourceShapeProblem } from '../../../harness/engine/deserialize-check';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const wellFormedUser = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
  id: 'u-1',
  userName: 'ada@example.com',
  displayName: 'Ada',
  active: true,
  emails: [{ value: 'ada@example.com', type: 'work', primary: true }],
  phoneNumbers: [{ value: '+1 555 0100', type: 'work' }],
  addresses: [{ streetAddress: '1 Main St', type: 'work' }],
  [ENTERPRISE]: { employeeId: '7', manager: { value: 'u-2', $ref: '../Users/u-2' } },
};

const wellFormedGroup = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
  id: 'g-1',
  displayName: 'Engineering',
  members: [{ value: 'u-1', $ref: '../Users/u-1' }],
};

describe('resourceShapeProblem', () => {
  it('passes a well-formed user and a well-formed group', () => {
    expect(resourceShapeProblem(wellFormedUser, 'User')).toBeNull();
    expect(resourceShapeProblem(wellFormedGroup, 'Group')).toBeNull();
  });

  it('passes absent and null attributes (nothing to deserialise)', () => {
    expect(resourceShapeProblem({ id: 'u-1', userName: 'a', displayName: null, [ENTERPRISE]: { manager: null } }, 'User')).toBeNull();
    expect(resourceShapeProblem({ id: 'g-1', displayName: 'G' }, 'Group')).toBeNull();
  });

  const userCases: readonly (readonly [string, Record<string, unknown>, string, string, string])[] = [
    ['manager as a string', { [ENTERPRISE]: { manager: 'u-2' } }, `${ENTERPRISE}:manager`, 'a complex object', 'a string'],
    ['the enterprise extension as a string', { [ENTERPRISE]: 'x' }, ENTERPRISE, 'a complex object', 'a string'],
    ['emails as an object', { emails: { value: 'a@example.com' } }, 'emails', 'an array of complex objects', 'an object'],
    ['phoneNumbers as a string', { phoneNumbers: '+1 555 0100' }, 'phoneNumbers', 'an array of complex objects', 'a string'],
    ['addresses with a string element', { addresses: ['1 Main St'] }, 'addresses[0]', 'a complex object', 'a string'],
    ['active as "True"', { active: 'True' }, 'active', 'a boolean', 'a string'],
    ['active as "False"', { active: 'False' }, 'active', 'a boolean', 'a string'],
    ['id as a number', { id: 42 }, 'id', 'a string', 'a number'],
    ['userName as an array', { userName: ['a'] }, 'userName', 'a string', 'an array'],
    ['displayName as a number', { displayName: 7 }, 'displayName', 'a string', 'a number'],
  ];
  for (const [name, change, path, expected, got] of userCases) {
    it(`user: ${name}`, () => {
      expect(resourceShapeProblem({ ...wellFormedUser, ...change }, 'User')).toEqual({ path, expected, got });
    });
  }

  it('group: members as an object', () => {
    expect(resourceShapeProblem({ ...wellFormedGroup, members: { value: 'u-1' } }, 'Group')).toEqual({ path: 'members', expected: 'an array of complex objects', got: 'an object' });
  });

  it('group: displayName as a number', () => {
    expect(resourceShapeProblem({ ...wellFormedGroup, displayName: 3 }, 'Group')).toEqual({ path: 'displayName', expected: 'a string', got: 'a number' });
  });

  it('reports the first problem only', () => {
    expect(resourceShapeProblem({ ...wellFormedUser, id: 1, active: 'True' }, 'User')?.path).toBe('id');
  });
});

describe('listShapeProblem', () => {
  it('passes a ListResponse of well-formed resources and an empty one', () => {
    expect(listShapeProblem({ totalResults: 1, Resources: [wellFormedUser] }, 'User')).toBeNull();
    expect(listShapeProblem({ totalResults: 0, Resources: [] }, 'Group')).toBeNull();
  });

  it('names the resource and attribute in the list', () => {
    const problem = listShapeProblem({ totalResults: 2, Resources: [wellFormedUser, { ...wellFormedUser, [ENTERPRISE]: { manager: 'u-9' } }] }, 'User');
    expect(problem).toEqual({ path: `Resources[1].${ENTERPRISE}:manager`, expected: 'a complex object', got: 'a string' });
    expect(problem && describeShapeProblem(problem)).toBe(`the attribute Resources[1].${ENTERPRISE}:manager is a string where Entra expects a complex object`);
  });

  it('names a resource that is not an object', () => {
    expect(listShapeProblem({ totalResults: 1, Resources: ['u-1'] }, 'User')).toEqual({ path: 'Resources[0]', expected: 'a JSON object', got: 'a string' });
  });
});
