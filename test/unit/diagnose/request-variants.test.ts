/**
 * Each variant of differential probing changes ONE part of what Entra sends into another form
 * RFC 7643/7644 allows, applies only to requests that have that part, and names a cause that
 * quotes it (docs/diagnosis.md#probing).
 */
import { type ScimRequest } from '../../../harness/contract/target-client';
import { REQUEST_VARIANTS, type RequestVariant } from '../../../harness/diagnose/probes/request-variants';

const ADSCIM = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';
const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

function variant(id: string): RequestVariant {
  const found = REQUEST_VARIANTS.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no variant ${id}`);
  return found;
}

const patch = (path: string, ...operations: Record<string, unknown>[]): ScimRequest => ({ method: 'PATCH', path, body: { schemas: [PATCH_OP], Operations: operations } });
const operationsOf = (request: ScimRequest): unknown => (request.body as { Operations: unknown }).Operations;

/** Entra's requests as the profiles send them (docs/entra-behaviour.md#create-user, #groups, #patch-dialects, #manager-reference). */
const ENTRA = {
  createGroup: { method: 'POST', path: '/Groups', body: { schemas: [CORE_GROUP, ADSCIM], externalId: 'e1', displayName: 'scimh-ab12cd Crew', meta: { resourceType: 'Group' } } } as ScimRequest,
  createUser: { method: 'POST', path: '/Users', body: { schemas: [CORE_USER, ENTERPRISE], userName: 'scimh-ab12cd-a@example.com', active: true, meta: { resourceType: 'User' }, roles: [] } } as ScimRequest,
  disable: patch('/Users/u1', { op: 'Replace', path: 'active', value: 'False' }),
  compliantDisable: patch('/Users/u1', { op: 'replace', path: 'active', value: false }),
  mergedReplace: patch('/Users/u1', { op: 'replace', value: { displayName: 'N', 'name.givenName': 'G', active: 'True' } }),
  employeeNumber: patch('/Users/u1', { op: 'Replace', path: `${ENTERPRISE}:employeeNumber`, value: '42' }),
  manager: patch('/Users/u1', { op: 'Add', path: `${ENTERPRISE}:manager`, value: 'm1' }),
  addMembers: patch('/Groups/g1', { op: 'Add', path: 'members', value: [{ $ref: null, value: 'u1' }] }),
  match: { method: 'GET', path: '/Users', query: { filter: 'userName eq "a@example.com"' }, queryEncoding: 'form' } as ScimRequest,
  readById: { method: 'GET', path: '/Groups/g1', query: { excludedAttributes: 'members' }, queryEncoding: 'form' } as ScimRequest,
};

describe('which requests each variant applies to', () => {
  const applicable = (request: ScimRequest): string[] => REQUEST_VARIANTS.filter((candidate) => candidate.applies(request)).map((candidate) => candidate.id);

  it.each([
    ['createGroup', ['without-unknown-schema-uri', 'without-meta']],
    ['createUser', ['without-meta', 'without-roles']],
    ['disable', ['lower-case-op', 'json-boolean']],
    ['compliantDisable', []],
    ['mergedReplace', ['json-boolean', 'path-form']],
    ['employeeNumber', ['lower-case-op', 'nested-extension']],
    ['manager', ['lower-case-op', 'manager-object']],
    ['addMembers', ['lower-case-op']],
    ['match', ['percent-encoded-spaces']],
    ['readById', []],
  ] as const)('%s: %j', (name, expected) => {
    expect(applicable(ENTRA[name])).toEqual(expected);
  });
});

describe('what each variant changes: that one part, nothing else', () => {
  it('drops only the schema URIs outside RFC 7643, keeping the core Group schema', () => {
    const changed = variant('without-unknown-schema-uri').change(ENTRA.createGroup);
    expect(changed.body).toEqual({ ...(ENTRA.createGroup.body as object), schemas: [CORE_GROUP] });
  });

  it('drops "meta" and "roles" from a create body', () => {
    const { meta: _meta, ...withoutMeta } = ENTRA.createUser.body as Record<string, unknown>;
    expect(variant('without-meta').change(ENTRA.createUser).body).toEqual(withoutMeta);
    const { roles: _roles, ...withoutRoles } = ENTRA.createUser.body as Record<string, unknown>;
    expect(variant('without-roles').change(ENTRA.createUser).body).toEqual(withoutRoles);
  });

  it('lower-cases every op and leaves paths and values as sent', () => {
    expect(operationsOf(variant('lower-case-op').change(ENTRA.disable))).toEqual([{ op: 'replace', path: 'active', value: 'False' }]);
  });

  it('turns "True"/"False" into JSON booleans, as a value and inside a path-less attribute map', () => {
    expect(operationsOf(variant('json-boolean').change(ENTRA.disable))).toEqual([{ op: 'Replace', path: 'active', value: false }]);
    expect(operationsOf(variant('json-boolean').change(ENTRA.mergedReplace))).toEqual([{ op: 'replace', value: { displayName: 'N', 'name.givenName': 'G', active: true } }]);
  });

  it('splits a path-less op into one op per attribute, each with its path', () => {
    expect(operationsOf(variant('path-form').change(ENTRA.mergedReplace))).toEqual([
      { op: 'replace', path: 'displayName', value: 'N' },
      { op: 'replace', path: 'name.givenName', value: 'G' },
      { op: 'replace', path: 'active', value: 'True' },
    ]);
  });

  it('nests a URN-qualified extension attribute under its schema, and never the manager', () => {
    expect(operationsOf(variant('nested-extension').change(ENTRA.employeeNumber))).toEqual([{ op: 'Replace', value: { [ENTERPRISE]: { employeeNumber: '42' } } }]);
    expect(variant('nested-extension').applies(ENTRA.manager)).toBe(false);
  });

  it('sends a bare manager id as {"value": id}, the empty clear included', () => {
    expect(operationsOf(variant('manager-object').change(ENTRA.manager))).toEqual([{ op: 'Add', path: `${ENTERPRISE}:manager`, value: { value: 'm1' } }]);
    const clear = patch('/Users/u1', { op: 'Replace', path: `${ENTERPRISE}:manager`, value: '' });
    expect(operationsOf(variant('manager-object').change(clear))).toEqual([{ op: 'Replace', path: `${ENTERPRISE}:manager`, value: { value: '' } }]);
  });

  it('sends the query with %20 instead of "+", the same parameters', () => {
    expect(variant('percent-encoded-spaces').change(ENTRA.match)).toEqual({ ...ENTRA.match, queryEncoding: 'percent' });
  });

  it('never changes the request it was given', () => {
    const before = JSON.stringify(ENTRA);
    for (const request of Object.values(ENTRA)) for (const candidate of REQUEST_VARIANTS) if (candidate.applies(request)) candidate.change(request);
    expect(JSON.stringify(ENTRA)).toBe(before);
  });
});

describe('the cause each variant names', () => {
  it.each([
    ['without-unknown-schema-uri', 'createGroup', 'request/unknown-schema-uri-rejected', ADSCIM],
    ['without-meta', 'createUser', 'request/client-meta-rejected', '{"resourceType":"User"}'],
    ['without-roles', 'createUser', 'request/roles-rejected', '"roles": []'],
    ['lower-case-op', 'disable', 'request/capitalised-patch-op-rejected', '"Replace"'],
    ['json-boolean', 'disable', 'request/string-boolean-rejected', '"False"'],
    ['path-form', 'mergedReplace', 'request/pathless-patch-rejected', '"displayName"'],
    ['nested-extension', 'employeeNumber', 'request/urn-extension-path-rejected', `${ENTERPRISE}:employeeNumber`],
    ['manager-object', 'manager', 'request/bare-string-manager-rejected', 'bare string'],
    ['percent-encoded-spaces', 'match', 'request/plus-in-query-misread', 'filter=userName+eq+'],
  ] as const)('%s on Entra\'s %s names %s, quoting %s', (id, request, cause, quoted) => {
    const spec = variant(id).cause(ENTRA[request as keyof typeof ENTRA]);
    expect(spec.id).toBe(cause);
    expect(spec.title).toContain(quoted);
    expect(spec).toMatchObject({ severity: 'required', consequence: 'fails' });
    expect(spec.fix.length).toBeGreaterThan(20);
    expect(spec.operations.length).toBeGreaterThan(0);
  });

  it('gives every variant its own id (its probes are recorded as probe:<id>)', () => {
    const ids = REQUEST_VARIANTS.map((candidate) => candidate.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
