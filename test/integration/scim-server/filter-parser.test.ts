import { compileFilter } from '../../../examples/scim-server/filter-evaluator';
import { formatFilter, parseFilter, parsePatchPath } from '../../../examples/scim-server/filter-parser';
import { ScimError } from '../../../examples/scim-server';
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../../examples/scim-server/schemas';
import { type JsonObject } from '../../../examples/scim-server/json';

function scimErrorOf(action: () => unknown): ScimError {
  try {
    action();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error('expected a ScimError, nothing was thrown');
}

describe('filter parser: structure and precedence (RFC 7644 §3.4.2.2)', () => {
  const cases: Array<[string, string]> = [
    ['userName eq "bjensen"', 'userName eq "bjensen"'],
    ['userName Eq "bjensen"', 'userName eq "bjensen"'],
    ['USERNAME EQ "x"', 'USERNAME eq "x"'],
    ['a eq "1" or b eq "2" and c eq "3"', '(a eq "1" or (b eq "2" and c eq "3"))'],
    ['a eq "1" and b eq "2" or c eq "3"', '((a eq "1" and b eq "2") or c eq "3")'],
    ['(a eq "1" or b eq "2") and c eq "3"', '((a eq "1" or b eq "2") and c eq "3")'],
    ['not (a eq "1") and b eq "2"', '(not (a eq "1") and b eq "2")'],
    ['not(a eq "1" or b eq "2")', 'not ((a eq "1" or b eq "2"))'],
    ['a eq "1" AND b eq "2" OR c pr', '((a eq "1" and b eq "2") or c pr)'],
    ['title pr', 'title pr'],
    ['meta.lastModified gt "2011-05-13T04:42:34Z"', 'meta.lastModified gt "2011-05-13T04:42:34Z"'],
    ['emails[type eq "work" and value co "@example.com"]', 'emails[(type eq "work" and value co "@example.com")]'],
    ['emails[type eq "work"].value eq "a@b.c"', 'emails[(type eq "work" and value eq "a@b.c")]'],
    [
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "42"',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "42"',
    ],
    ['x eq true', 'x eq true'],
    ['x eq null', 'x eq null'],
    ['x gt 1.5e2', 'x gt 150'],
    ['x eq "quote \\" inside"', 'x eq "quote \\" inside"'],
    ['members[value eq "id-1"]', 'members[value eq "id-1"]'],
  ];

  test.each(cases)('%s', (input, expected) => {
    expect(formatFilter(parseFilter(input))).toBe(expected);
  });

  test('a URN-qualified name keeps its URI and attribute apart', () => {
    const node = parseFilter('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "m"');
    expect(node).toMatchObject({
      kind: 'compare',
      attribute: { uri: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', name: 'manager', subAttribute: 'value' },
    });
  });
});

describe('filter parser: invalid filters are 400 invalidFilter', () => {
  const invalid: Array<[string, RegExp]> = [
    ['', /empty/],
    ['userName', /operator/],
    ['userName eq', /value/],
    ['userName xx "a"', /operator/],
    ['externalId eq jyoung', /quote strings/],
    ['userName eq "unterminated', /unterminated/],
    ['(userName eq "a"', /"\)"/],
    ['userName eq "a")', /unexpected/],
    ['userName eq "a" userName eq "b"', /unexpected/],
    ['userName eq "a" and', /attribute name/],
    ['emails[type eq "work"', /"\]"/],
    ['emails[ims[type eq "x"]]', /cannot be nested/],
    ['1abc eq "x"', /not an attribute path/],
    ['not userName eq "a"', /operator/],
  ];

  test.each(invalid)('%j', (input, message) => {
    const error = scimErrorOf(() => parseFilter(input));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('invalidFilter');
    expect(error.detail).toMatch(message);
  });

  test('a filter with more expressions than the server processes is 400 tooMany', () => {
    const huge = Array.from({ length: 300 }, (_, i) => `userName eq "u${i}"`).join(' or ');
    const error = scimErrorOf(() => parseFilter(huge));
    expect(error.scimType).toBe('tooMany');
  });

  test('deep nesting is 400 tooMany, not a stack overflow', () => {
    const deep = `${'('.repeat(200)}userName eq "a"${')'.repeat(200)}`;
    expect(scimErrorOf(() => parseFilter(deep)).scimType).toBe('tooMany');
  });
});

describe('PATCH path parser', () => {
  test.each([
    ['members[value eq "2819c223"]', { attribute: { name: 'members' }, filter: { kind: 'compare' } }],
    ['emails[type eq "work"].value', { attribute: { name: 'emails' }, subAttribute: 'value' }],
    ['name.givenName', { attribute: { name: 'name', subAttribute: 'givenName' } }],
    [
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager',
      { attribute: { uri: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', name: 'manager' } },
    ],
  ])('%s', (input, expected) => {
    expect(parsePatchPath(input)).toMatchObject(expected);
  });

  test.each(['emails[type eq "work"', 'emails]', 'name..givenName', 'emails[type eq "work"]value', ''])('%j is 400 invalidPath', (input) => {
    const error = scimErrorOf(() => parsePatchPath(input));
    expect(error.scimType).toBe('invalidPath');
  });
});

describe('filter evaluation against User and Group schemas', () => {
  const alice: JsonObject = {
    schemas: [USER_RESOURCE_TYPE.schema.id],
    id: 'A-1',
    userName: 'Alice@Example.com',
    externalId: 'ext-Alice',
    displayName: 'Alice Smith',
    active: true,
    title: 'Engineer',
    emails: [
      { type: 'work', value: 'alice@work.example', primary: true },
      { type: 'home', value: 'alice@home.example' },
    ],
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { employeeNumber: '701', manager: { value: 'M-9' } },
    meta: { resourceType: 'User', created: '2026-01-01T00:00:00Z', lastModified: '2026-02-01T00:00:00Z' },
  };
  const options = { forceCaseExact: false, lenientBooleans: true };
  const matches = (filter: string, resource: JsonObject = alice): boolean => compileFilter(parseFilter(filter), USER_RESOURCE_TYPE, options).test(resource);

  test.each([
    ['userName eq "alice@example.com"', true],
    ['USERNAME EQ "ALICE@EXAMPLE.COM"', true],
    ['userName ne "alice@example.com"', false],
    ['userName sw "alice"', true],
    ['userName ew ".COM"', true],
    ['userName co "@exam"', true],
    ['id eq "a-1"', false],
    ['id eq "A-1"', true],
    ['externalId eq "ext-alice"', false],
    ['externalId eq "ext-Alice"', true],
    ['title pr', true],
    ['nickName pr', false],
    ['active eq true', true],
    ['active eq "True"', true],
    ['active eq false', false],
    ['emails[type eq "work"].value eq "alice@work.example"', true],
    ['emails[type eq "home"].value eq "alice@work.example"', false],
    ['emails[type eq "work" and primary eq true]', true],
    ['emails[type eq "home" and primary eq true]', false],
    ['emails.value co "home"', true],
    ['emails co "home"', true],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "701"', true],
    ['employeeNumber eq "701"', true],
    ['manager eq "M-9"', true],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "M-9"', true],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName eq "alice@example.com"', true],
    ['meta.lastModified gt "2026-01-15T00:00:00Z"', true],
    ['meta.lastModified lt "2026-01-15T00:00:00Z"', false],
    ['userName eq "x" or title eq "engineer"', true],
    ['userName eq "x" or title eq "engineer" and active eq false', false],
    ['(userName eq "x" or title eq "engineer") and active eq true', true],
    ['not (title eq "engineer")', false],
    ['nickName eq null', true],
    ['title ne null', true],
    ['displayName gt "Alice A"', true],
    ['displayName le "Alice A"', false],
  ])('%s → %s', (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });

  test('case-sensitive mode compares userName exactly', () => {
    const strict = compileFilter(parseFilter('userName eq "alice@example.com"'), USER_RESOURCE_TYPE, { forceCaseExact: true, lenientBooleans: true });
    expect(strict.test(alice)).toBe(false);
  });

  test('group displayName compares case-insensitively and members filters read values', () => {
    const group: JsonObject = { id: 'G', displayName: 'Sales EMEA', members: [{ value: 'u1', type: 'User' }] };
    const compile = (filter: string): boolean => compileFilter(parseFilter(filter), GROUP_RESOURCE_TYPE, options).test(group);
    expect(compile('displayName eq "sales emea"')).toBe(true);
    expect(compile('members[value eq "u1"]')).toBe(true);
    expect(compile('members.value eq "u2"')).toBe(false);
  });

  test.each([
    ['unknownAttr eq "x"', /not an attribute/],
    ['active gt true', /boolean/],
    ['active eq "yes"', /boolean/],
    ['userName eq 5', /quote/],
    ['name eq "x"', /complex attribute/],
    ['password eq "secret"', /never returned/],
    ['meta.created gt "yesterday"', /not a dateTime/],
    ['emails[nope eq "x"]', /sub-attributes/],
    ['title co null', /null/],
  ])('%s is 400 invalidFilter', (filter, message) => {
    const error = scimErrorOf(() => compileFilter(parseFilter(filter), USER_RESOURCE_TYPE, options));
    expect(error.scimType).toBe('invalidFilter');
    expect(error.detail).toMatch(message);
  });

  test('strict booleans refuse "True" in a filter', () => {
    const error = scimErrorOf(() => compileFilter(parseFilter('active eq "True"'), USER_RESOURCE_TYPE, { forceCaseExact: false, lenientBooleans: false }));
    expect(error.scimType).toBe('invalidFilter');
  });
});
