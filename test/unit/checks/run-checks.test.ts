import { contextOf, type ExchangeCheck, objectTypeOf, operationOf, type Operation } from '../../../harness/checks/check-types';
import {
  checkExchange,
  EXCHANGE_CHECKS,
  LIFECYCLE_CHECKS,
  runExchangeChecks,
  runLifecycleChecks,
} from '../../../harness/checks/run-checks';
import { type HttpMethod } from '../../../harness/contract/exchange';
import {
  createExchange,
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
  GROUP_URN,
} from './exchange-factory';

describe('operationOf', () => {
  const table: readonly [HttpMethod, string, Operation][] = [
    ['POST', '/Users', 'create'],
    ['POST', '/Groups', 'create'],
    ['GET', '/Users?filter=userName%20eq%20%22a%22', 'filter'],
    ['GET', '/Users?filter=userName+eq+%22a%22', 'filter'],
    ['GET', '/Users', 'filter'],
    ['GET', '/Users/abc', 'read'],
    ['GET', '/Groups/abc?excludedAttributes=members', 'read'],
    ['PATCH', '/Users/abc', 'patch'],
    ['PUT', '/Users/abc', 'replace'],
    ['DELETE', '/Groups/abc', 'delete'],
    ['POST', '/.search', 'search'],
    ['POST', '/Users/.search', 'search'],
    ['GET', '/ServiceProviderConfig', 'discovery'],
    ['GET', '/ResourceTypes', 'discovery'],
    ['GET', '/ResourceTypes/User', 'discovery'],
    ['GET', `/Schemas/${USER_URN}`, 'discovery'],
    ['POST', '/Bulk', 'other'],
    ['GET', '/Me', 'other'],
    ['POST', '/Users/abc', 'other'],
    ['DELETE', '/Users', 'other'],
  ];

  it.each(table)('%s %s → %s', (method, path, operation) => {
    expect(operationOf(makeExchange({ method, path }))).toBe(operation);
  });

  it('is "other" for a URL that does not parse', () => {
    const exchange = { ...makeExchange({ path: '/Users' }), request: { method: 'GET' as const, url: 'not a url', headers: {} } };
    expect(operationOf(exchange)).toBe('other');
  });

  it('reads the object type from the endpoint', () => {
    expect(objectTypeOf(makeExchange({ path: '/Users/x' }))).toBe('User');
    expect(objectTypeOf(makeExchange({ path: '/Groups?filter=x' }))).toBe('Group');
    expect(objectTypeOf(makeExchange({ path: '/Schemas' }))).toBeUndefined();
    expect(contextOf(makeExchange({ path: '/Schemas' }), 'Group').objectType).toBe('Group');
  });
});

describe('registries', () => {
  it('give every check a unique id, a citation, a title and a one-line fix', () => {
    const all = [...EXCHANGE_CHECKS, ...LIFECYCLE_CHECKS];
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    for (const check of all) {
      expect(check.id).toMatch(/^(schema|protocol|lifecycle)\/[a-z0-9-]+$/);
      expect(check.spec.length).toBeGreaterThan(0);
      expect(check.title.length).toBeGreaterThan(0);
      expect(check.fix).not.toContain('\n');
    }
  });
});

describe('never crying wolf', () => {
  // A conforming server's answers to everything Entra sends (docs/entra-behaviour.md#entra-requests).
  const user = scimUser();
  const group = scimGroup();
  const conforming = [
    makeExchange({ path: filterPath('Users', 'userName eq "7d2c1f0e-guid"'), body: listResponse([]) }),
    makeExchange({ path: filterPath('Groups', 'displayName eq "7d2c1f0e-guid"', '&excludedAttributes=members'), body: listResponse([]) }),
    createExchange(user),
    makeExchange({ method: 'POST', path: '/Users', requestBody: user, status: 409, body: scimError(409, { scimType: 'uniqueness' }) }),
    makeExchange({ path: '/Users/u-1', body: user, headers: { etag: 'W/"1"' } }),
    makeExchange({ path: filterPath('Users', 'userName eq "Alice@Contoso.test"'), body: listResponse([user]) }),
    makeExchange({ path: filterPath('Users', 'id eq "u-1" and manager eq "u-9"', '&attributes=id'), body: listResponse([{ id: 'u-1' }]) }),
    makeExchange({
      method: 'PATCH',
      path: '/Users/u-1',
      requestBody: patchBody([{ op: 'Replace', path: 'active', value: 'False' }]),
      status: 200,
      body: scimUser({ active: false }),
    }),
    makeExchange({ method: 'PATCH', path: '/Users/u-1', requestBody: patchBody([{ op: 'replace', value: { 'name.givenName': 'Al' } }]), status: 204 }),
    createExchange(group, 'Groups'),
    makeExchange({ path: '/Groups/g-1?excludedAttributes=members', body: { ...group, members: undefined } }),
    makeExchange({ method: 'PATCH', path: '/Groups/g-1', requestBody: patchBody([{ op: 'Add', path: 'members', value: [{ $ref: null, value: 'u-1' }] }]), status: 204 }),
    makeExchange({ method: 'DELETE', path: '/Users/u-1', status: 204 }),
    makeExchange({ path: '/Users/u-1', status: 404, body: scimError(404) }),
    makeExchange({ path: '/Users?startIndex=1&count=2', body: listResponse([user, scimUser({ id: 'u-2', userName: 'bob' })], { totalResults: 7 }) }),
    makeExchange({ path: '/ServiceProviderConfig', body: serviceProviderConfig() }),
    makeExchange({ path: '/ResourceTypes', body: listResponse([resourceType('User'), resourceType('Group')]) }),
    makeExchange({ path: '/Schemas', body: listResponse([schemaResource(USER_URN), schemaResource(GROUP_URN)]) }),
    makeExchange({ path: '/Users', status: 401, body: scimError(401), headers: { 'www-authenticate': 'Bearer realm="scim"' } }),
  ];

  it.each(conforming.map((e) => [`${e.request.method} ${e.request.url.replace(/^https:\/\/[^/]+/, '')}`, e] as const))(
    'reports nothing for %s',
    (_label, exchange) => {
      expect(checkExchange(exchange)).toEqual([]);
    },
  );
});

describe('a check that throws', () => {
  const throwing: ExchangeCheck = {
    id: 'protocol/throws',
    severity: 'required',
    severityReason: 'Entra fails: a test check',
    spec: 'test',
    title: 'throws',
    fix: 'none',
    appliesTo: () => true,
    run: () => {
      throw new TypeError('boom');
    },
  };
  const deviating = makeExchange({ method: 'POST', path: '/Users', requestBody: {}, status: 200, body: scimUser() });

  it('becomes an advisory checks/internal-error finding and the other checks still run', () => {
    const results = runExchangeChecks(contextOf(deviating), [throwing, ...EXCHANGE_CHECKS]);
    const internal = results.find((r) => r.check.id === 'checks/internal-error');
    expect(internal?.check.severity).toBe('advisory');
    expect(internal?.outcome.actual).toContain('protocol/throws threw TypeError: boom');
    expect(results.map((r) => r.check.id)).toContain('protocol/create-status-201');
  });

  it('in appliesTo is caught the same way', () => {
    const results = runExchangeChecks(contextOf(deviating), [{ ...throwing, appliesTo: () => { throw new Error('nope'); } }]);
    expect(results.map((r) => r.check.id)).toEqual(['checks/internal-error']);
  });

  it('in a lifecycle check is caught too', () => {
    const results = runLifecycleChecks([deviating], [{ ...throwing, run: () => { throw new Error('bad'); } }]);
    expect(results).toHaveLength(1);
    expect(results[0]?.check.id).toBe('checks/internal-error');
  });
});
