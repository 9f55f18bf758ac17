import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '../../../harness/errors';
import { defaultMappingSet } from '../../../harness/mapping/default-mapping';
import { loadMappingFile, validateMappingSet } from '../../../harness/mapping/load-mapping';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'scimh-map-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigurationError');
}

describe('loadMappingFile', () => {
  it('returns the default mapping for an empty file', () => {
    expect(loadMappingFile(write('empty.json', {}))).toEqual(defaultMappingSet());
  });

  it('replaces an attribute list and keeps the rest of the default', () => {
    const file = write('users.json', {
      users: { attributes: [{ source: 'mail', target: 'userName', matchingPrecedence: 1 }, { source: 'Join(" ", [givenName], [surname])', target: 'displayName' }] },
      groups: { enabled: false },
      scoping: { scope: 'all', userFilters: [[{ attribute: 'department', operator: 'EQUALS', value: 'Sales' }]] },
    });
    const set = loadMappingFile(file);
    const defaults = defaultMappingSet();
    expect(set.users.attributes).toEqual([
      { source: 'mail', target: 'userName', matchingPrecedence: 1 },
      { source: 'Join(" ", [givenName], [surname])', target: 'displayName' },
    ]);
    expect(set.users.schemas).toEqual(defaults.users.schemas);
    expect(set.groups).toEqual({ ...defaults.groups, enabled: false });
    expect(set.scoping).toEqual({ scope: 'all', userFilters: [[{ attribute: 'department', operator: 'EQUALS', value: 'Sales' }]], groupFilters: [] });
  });

  it('reads YAML', () => {
    const file = write('m.yaml', 'groups:\n  enabled: false\n');
    expect(loadMappingFile(file).groups.enabled).toBe(false);
  });

  it('names the path, the rule and a fix for schema errors', () => {
    const missing = write('missing.json', { users: { attributes: [{ source: 'mail' }] } });
    expect(messageOf(() => loadMappingFile(missing))).toBe(`${missing}: users.attributes[0].target is required (a SCIM attribute path, e.g. "name.givenName" or "emails[type eq \\"work\\"].value")`);
    const badEnum = write('enum.json', { scoping: { scope: 'everyone' } });
    expect(messageOf(() => loadMappingFile(badEnum))).toBe(`${badEnum}: scoping.scope must be one of "assigned", "all", got "everyone" ("assigned" (Sync only assigned users and groups) or "all")`);
    const typo = write('typo.json', { users: { atributes: [] } });
    expect(messageOf(() => loadMappingFile(typo))).toMatch(/users\.atributes is not a known property \(did you mean "attributes"\?/);
  });

  it('names an unknown function in a source expression, with the supported list', () => {
    const file = write('fn.json', { users: { attributes: [{ source: 'userPrincipalName', target: 'userName', matchingPrecedence: 1 }, { source: 'Lower([mail])', target: 'emails[type eq "work"].value' }] } });
    const message = messageOf(() => loadMappingFile(file));
    expect(message).toContain(`${file}: users.attributes[1].source is not a valid expression: unknown function "Lower"`);
    expect(message).toContain('supported: Append, Coalesce, Join, Not, ToLower, ToUpper');
  });

  it('names an unknown source attribute and suggests the closest', () => {
    const file = write('attr.json', { users: { attributes: [{ source: 'userPrincipalName', target: 'userName', matchingPrecedence: 1 }, { source: 'ToLower([mial])', target: 'title' }] } });
    expect(messageOf(() => loadMappingFile(file))).toMatch(/users\.attributes\[1\]\.source names "mial", which is not a user source attribute \(did you mean "mail"\? User attributes: objectId, userPrincipalName/);
  });

  it('rejects a bad target path, duplicate targets and precedences, and a missing matching attribute', () => {
    const badPath = write('path.json', { users: { attributes: [{ source: 'mail', target: 'emails[type ne "work"]', matchingPrecedence: 1 }] } });
    expect(messageOf(() => loadMappingFile(badPath))).toMatch(/users\.attributes\[0\]\.target is not a SCIM attribute path Entra can write, got "emails\[type ne "work"\]"/);
    const dupTarget = write('dup.json', { users: { attributes: [{ source: 'mail', target: 'userName', matchingPrecedence: 1 }, { source: 'mailNickname', target: 'UserName' }] } });
    expect(messageOf(() => loadMappingFile(dupTarget))).toMatch(/users\.attributes\[1\]\.target "UserName" is already mapped by users\.attributes\[0\]/);
    const dupPrecedence = write('prec.json', { users: { attributes: [{ source: 'mail', target: 'userName', matchingPrecedence: 1 }, { source: 'mailNickname', target: 'externalId', matchingPrecedence: 1 }] } });
    expect(messageOf(() => loadMappingFile(dupPrecedence))).toMatch(/users\.attributes\[1\]\.matchingPrecedence 1 is already used by users\.attributes\[0\]/);
    const noMatching = write('nomatch.json', { groups: { attributes: [{ source: 'displayName', target: 'displayName' }] } });
    expect(messageOf(() => loadMappingFile(noMatching))).toMatch(/groups\.attributes has no matching attribute \(set "matchingPrecedence": 1 on one mapping, e\.g\. displayName, or set "enabled": false\)/);
  });

  it('requires isReference exactly on manager and members', () => {
    const missingFlag = write('ref.json', { users: { attributes: [{ source: 'userPrincipalName', target: 'userName', matchingPrecedence: 1 }, { source: 'manager', target: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager' }] } });
    expect(messageOf(() => loadMappingFile(missingFlag))).toMatch(/users\.attributes\[1\]\.isReference must be true when the source is "manager"/);
    const wrongFlag = write('ref2.json', { users: { attributes: [{ source: 'userPrincipalName', target: 'userName', matchingPrecedence: 1, isReference: true }] } });
    expect(messageOf(() => loadMappingFile(wrongFlag))).toMatch(/users\.attributes\[0\]\.isReference is true but the source "userPrincipalName" is not a reference attribute/);
  });

  it('checks scoping clauses: attribute, value and regular expression', () => {
    const attr = write('scope-attr.json', { scoping: { userFilters: [[{ attribute: 'departmnt', operator: 'EQUALS', value: 'x' }]] } });
    expect(messageOf(() => loadMappingFile(attr))).toMatch(/scoping\.userFilters\[0\]\[0\]\.attribute "departmnt" is not a user source attribute \(did you mean "department"\?/);
    const value = write('scope-value.json', { scoping: { userFilters: [[{ attribute: 'department', operator: 'EQUALS' }]] } });
    expect(messageOf(() => loadMappingFile(value))).toMatch(/scoping\.userFilters\[0\]\[0\]\.value is required by EQUALS/);
    const regex = write('scope-regex.json', { scoping: { groupFilters: [[{ attribute: 'displayName', operator: 'REGEX MATCH', value: '([' }]] } });
    expect(messageOf(() => loadMappingFile(regex))).toMatch(/scoping\.groupFilters\[0\]\[0\]\.value is not a valid regular expression/);
    const integer = write('scope-int.json', { scoping: { userFilters: [[{ attribute: 'employeeId', operator: 'Greater_Than', value: 'ten' }]] } });
    expect(messageOf(() => loadMappingFile(integer))).toMatch(/must be an integer for Greater_Than, got "ten"/);
  });

  it('reports unreadable and malformed files', () => {
    expect(messageOf(() => loadMappingFile(path.join(dir, 'absent.json')))).toMatch(/absent\.json: cannot be read \(ENOENT\) \(check the path, e\.g\. --mapping \.\/mapping\.json\)/);
    expect(messageOf(() => loadMappingFile(write('bad.json', '{')))).toMatch(/bad\.json: must be valid JSON/);
  });
});

describe('validateMappingSet', () => {
  it('accepts the default mapping', () => {
    expect(() => validateMappingSet(defaultMappingSet(), 'default')).not.toThrow();
  });
});
