import { checkExchange } from '../../../harness/checks/run-checks';
import { SCHEMA_CHECKS, validateScimDocument } from '../../../harness/checks/schema-validation';
import { type CheckCase, firedIds } from './check-cases';
import {
  createExchange,
  ENTERPRISE_URN,
  filterPath,
  listResponse,
  makeExchange,
  patchBody,
  resourceType,
  schemaResource,
  scimError,
  scimGroup,
  scimUser,
  serviceProviderConfig,
  USER_URN,
} from './exchange-factory';

const { userName: _userName, ...userWithoutUserName } = scimUser();
const { etag: _etag, ...spcWithoutEtag } = serviceProviderConfig();

const CASES: readonly CheckCase[] = [
  {
    check: 'schema/user-resource',
    name: 'active as the string "true" on GET by id',
    deviating: makeExchange({ path: '/Users/u-1', body: scimUser({ active: 'true' }) }),
    conforming: makeExchange({ path: '/Users/u-1', body: scimUser() }),
  },
  {
    check: 'schema/user-resource',
    name: 'create response without userName',
    deviating: createExchange(userWithoutUserName),
    conforming: createExchange(scimUser()),
  },
  {
    check: 'schema/user-resource',
    name: 'a ListResponse resource with emails as an object',
    deviating: makeExchange({ path: filterPath('Users', 'userName eq "alice@contoso.test"'), body: listResponse([scimUser({ emails: { value: 'x' } })]) }),
    conforming: makeExchange({ path: filterPath('Users', 'userName eq "alice@contoso.test"'), body: listResponse([scimUser()]) }),
  },
  {
    check: 'schema/user-resource',
    name: 'enterprise manager as a bare string',
    deviating: makeExchange({ path: '/Users/u-1', body: scimUser({ [ENTERPRISE_URN]: { manager: 'u-9' } }) }),
    conforming: makeExchange({ path: '/Users/u-1', body: scimUser({ [ENTERPRISE_URN]: { manager: { value: 'u-9', displayName: 'Boss' } } }) }),
  },
  {
    check: 'schema/user-resource',
    name: 'meta.created that is not an xsd:dateTime (a zone-less one is)',
    deviating: makeExchange({ path: '/Users/u-1', body: scimUser({ meta: { resourceType: 'User', created: '2026-01-01 10:00' } }) }),
    conforming: makeExchange({ path: '/Users/u-1', body: scimUser({ meta: { resourceType: 'User', created: '2026-01-01T10:00:00' } }) }),
  },
  {
    check: 'schema/user-resource',
    name: 'PATCH 200 with a partial body: types judged, presence not',
    deviating: makeExchange({ method: 'PATCH', path: '/Users/u-1', requestBody: patchBody([]), body: { id: 'u-1', active: 'False' } }),
    conforming: makeExchange({ method: 'PATCH', path: '/Users/u-1', requestBody: patchBody([]), body: { id: 'u-1', active: false } }),
  },
  {
    check: 'schema/user-resource',
    name: 'schemas without the core User URN (attribute names in any case are fine)',
    deviating: makeExchange({ path: '/Users/u-1', body: scimUser({ schemas: [ENTERPRISE_URN] }) }),
    conforming: makeExchange({ path: '/Users/u-1', body: { Schemas: [USER_URN], ID: 'u-1', UserName: 'alice', NickName: null, name: null } }),
  },
  {
    check: 'schema/group-resource',
    name: 'members as an object instead of an array',
    deviating: makeExchange({ path: '/Groups/g-1', body: scimGroup({ members: { value: 'u-1' } }) }),
    conforming: makeExchange({ path: '/Groups/g-1', body: scimGroup({ members: [{ value: 'u-1', $ref: null, display: 'Alice', type: 'User' }] }) }),
  },
  {
    check: 'schema/group-resource',
    name: 'a group without displayName (unless projected)',
    deviating: makeExchange({ path: '/Groups/g-1', body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id: 'g-1' } }),
    conforming: makeExchange({ path: '/Groups/g-1?attributes=id', body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id: 'g-1' } }),
  },
  {
    check: 'schema/list-response',
    name: 'totalResults as a string and no ListResponse schema',
    deviating: makeExchange({ path: filterPath('Users', 'userName eq "x"'), body: { totalResults: '0', Resources: [] } }),
    conforming: makeExchange({ path: filterPath('Users', 'userName eq "x"'), body: listResponse([]) }),
  },
  {
    check: 'schema/list-response',
    name: 'a 200 with no body at all',
    deviating: makeExchange({ path: filterPath('Users', 'userName eq "x"'), status: 200 }),
    conforming: makeExchange({ path: filterPath('Users', 'userName eq "x"'), body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0 } }),
  },
  {
    check: 'schema/error-response',
    name: 'status as a number',
    deviating: makeExchange({ path: '/Users/nope', status: 404, body: scimError(404, { status: 404 }) }),
    conforming: makeExchange({ path: '/Users/nope', status: 404, body: scimError(404) }),
  },
  {
    check: 'schema/error-response',
    name: 'scimType outside RFC 7644 Table 9',
    deviating: makeExchange({ method: 'POST', path: '/Users', status: 409, body: scimError(409, { scimType: 'duplicate' }) }),
    conforming: makeExchange({ method: 'POST', path: '/Users', status: 409, body: scimError(409, { scimType: 'uniqueness' }) }),
  },
  {
    check: 'schema/service-provider-config',
    name: 'etag section missing (bulk limits not needed when bulk is off)',
    deviating: makeExchange({ path: '/ServiceProviderConfig', body: spcWithoutEtag }),
    conforming: makeExchange({ path: '/ServiceProviderConfig', body: serviceProviderConfig() }),
  },
  {
    check: 'schema/service-provider-config',
    name: 'bulk claimed without maxOperations/maxPayloadSize',
    deviating: makeExchange({ path: '/ServiceProviderConfig', body: serviceProviderConfig({ bulk: { supported: true } }) }),
    conforming: makeExchange({ path: '/ServiceProviderConfig', body: serviceProviderConfig({ bulk: { supported: true, maxOperations: 10, maxPayloadSize: 1048576 } }) }),
  },
  {
    check: 'schema/resource-type',
    name: 'a bare JSON array instead of a ListResponse',
    deviating: makeExchange({ path: '/ResourceTypes', body: [resourceType('User'), resourceType('Group')] }),
    conforming: makeExchange({ path: '/ResourceTypes', body: listResponse([resourceType('User'), resourceType('Group')]) }),
  },
  {
    check: 'schema/resource-type',
    name: 'a resource type by id without endpoint',
    deviating: makeExchange({ path: '/ResourceTypes/User', body: resourceType('User', { endpoint: undefined }) }),
    conforming: makeExchange({ path: '/ResourceTypes/User', body: resourceType('User') }),
  },
  {
    check: 'schema/schema-definition',
    name: 'mutability "readonly" (wrong case) in a sub-attribute',
    deviating: makeExchange({
      path: '/Schemas',
      body: listResponse([schemaResource(USER_URN, [{ name: 'name', type: 'complex', subAttributes: [{ name: 'givenName', mutability: 'readonly' }] }])]),
    }),
    conforming: makeExchange({ path: '/Schemas', body: listResponse([schemaResource(USER_URN)]) }),
  },
  {
    check: 'schema/password-not-returned',
    name: 'password in a returned user',
    deviating: makeExchange({ path: filterPath('Users', 'userName eq "alice@contoso.test"'), body: listResponse([scimUser({ password: '[REDACTED]' })]) }),
    conforming: makeExchange({ path: filterPath('Users', 'userName eq "alice@contoso.test"'), body: listResponse([scimUser({ password: null })]) }),
  },
];

describe('schema checks', () => {
  it.each(CASES.map((c) => [c.check, c.name, c] as const))('%s fires on a deviation: %s', (check, _name, c) => {
    expect(firedIds(c.deviating, c.objectType)).toContain(check);
  });

  it.each(CASES.map((c) => [c.check, c.name, c] as const))('%s stays silent on the conforming twin: %s', (check, _name, c) => {
    expect(firedIds(c.conforming, c.objectType)).not.toContain(check);
  });

  it('has a deviating and a conforming case for every schema check', () => {
    expect(new Set(CASES.map((c) => c.check))).toEqual(new Set(SCHEMA_CHECKS.map((c) => c.id)));
  });

  it('keeps ajv errors structured in actual: instance path and message', () => {
    const exchange = makeExchange({ path: '/Users/u-1', body: scimUser({ active: 'yes', id: 7 }) });
    const result = checkExchange(exchange).find((r) => r.check.id === 'schema/user-resource');
    expect(result?.outcome.actual).toContain('/active must be boolean or null (got "yes")');
    expect(result?.outcome.actual).toContain('/id must be string (got 7)');
  });

  it('prefixes list resources with their index in Resources', () => {
    const exchange = makeExchange({ path: filterPath('Users', 'userName eq "a"'), body: listResponse([scimUser(), scimUser({ active: 1 })]) });
    const result = checkExchange(exchange).find((r) => r.check.id === 'schema/user-resource');
    expect(result?.outcome.actual).toMatch(/^\/Resources\/1\/active must be boolean or null/);
  });

  it('never repeats the password value', () => {
    const exchange = makeExchange({ path: '/Users/u-1', body: scimUser({ password: 'hunter2' }) });
    const result = checkExchange(exchange).find((r) => r.check.id === 'schema/password-not-returned');
    expect(result).toBeDefined();
    expect(JSON.stringify(result?.outcome)).not.toContain('hunter2');
  });

  it('accepts unknown extra attributes and null optional values', () => {
    expect(validateScimDocument('User', scimUser({ favouriteColour: 'green', title: null, addresses: null, 'urn:example:custom:2.0:User': { x: 1 } }))).toEqual([]);
  });

  it('reports a missing required attribute at the parent path', () => {
    expect(validateScimDocument('Group', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'x' })).toEqual([
      { instancePath: '', message: "must have required property 'id'" },
    ]);
  });
});
