import { checkDiscovery, DISCOVERY_CHECKS, type DiscoveryObservations, DiscoveryObserver } from '../../../harness/checks/discovery';
import {
  createExchange,
  filterPath,
  GROUP_URN,
  listResponse,
  makeExchange,
  patchBody,
  resourceType,
  schemaResource,
  scimError,
  scimUser,
  serviceProviderConfig,
  USER_URN,
} from './exchange-factory';

const spc = (overrides: Record<string, unknown> = {}) => makeExchange({ path: '/ServiceProviderConfig', body: serviceProviderConfig(overrides) });
const resourceTypes = (items = [resourceType('User'), resourceType('Group')]) => makeExchange({ path: '/ResourceTypes', body: listResponse(items) });
const schemas = (ids = [USER_URN, GROUP_URN, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User']) =>
  makeExchange({ path: '/Schemas', body: listResponse(ids.map((id) => schemaResource(id))) });
const seen = (value: boolean, id = 'ex-seen') => ({ value, evidence: [id] });

function checksIn(input: DiscoveryObservations): string[] {
  return checkDiscovery(input).map((f) => f.check);
}

interface DiscoveryCase {
  readonly check: string;
  readonly name: string;
  readonly deviating: DiscoveryObservations;
  readonly conforming: DiscoveryObservations;
}

const HONEST: DiscoveryObservations = {
  serviceProviderConfig: spc(),
  resourceTypes: resourceTypes(),
  schemas: schemas(),
  patchWorked: seen(true),
  filterWorked: seen(true),
  groupsUsed: true,
};

const CASES: readonly DiscoveryCase[] = [
  {
    check: 'discovery/endpoint-available',
    name: '/Schemas answers 404',
    deviating: { ...HONEST, schemas: makeExchange({ path: '/Schemas', status: 404, body: scimError(404) }) },
    conforming: HONEST,
  },
  {
    check: 'discovery/filter-unsupported',
    name: 'filter.supported false although Entra needs it',
    deviating: { ...HONEST, serviceProviderConfig: spc({ filter: { supported: false } }) },
    conforming: HONEST,
  },
  {
    check: 'discovery/patch-understated',
    name: 'patch.supported false but PATCH worked',
    deviating: { ...HONEST, serviceProviderConfig: spc({ patch: { supported: false } }) },
    conforming: { ...HONEST, serviceProviderConfig: spc({ patch: { supported: false } }), patchWorked: seen(false) },
  },
  {
    check: 'discovery/patch-overstated',
    name: 'patch.supported true but every PATCH answered 501',
    deviating: { ...HONEST, patchWorked: seen(false) },
    conforming: HONEST,
  },
  {
    check: 'discovery/filter-overstated',
    name: 'filter.supported true but filters were rejected',
    deviating: { ...HONEST, filterWorked: seen(false) },
    conforming: HONEST,
  },
  {
    check: 'discovery/etag-overstated',
    name: 'etag.supported true but no ETag header ever',
    deviating: { ...HONEST, serviceProviderConfig: spc({ etag: { supported: true } }), etagSent: seen(false) },
    conforming: { ...HONEST, serviceProviderConfig: spc({ etag: { supported: true } }), etagSent: seen(true) },
  },
  {
    check: 'discovery/sort-overstated',
    name: 'sort.supported true but results unsorted',
    deviating: { ...HONEST, serviceProviderConfig: spc({ sort: { supported: true } }), sortWorked: seen(false) },
    conforming: { ...HONEST, serviceProviderConfig: spc({ sort: { supported: false } }), sortWorked: seen(false) },
  },
  {
    check: 'discovery/bulk-overstated',
    name: 'bulk claimed but /Bulk answers 404',
    deviating: {
      ...HONEST,
      serviceProviderConfig: spc({ bulk: { supported: true, maxOperations: 10, maxPayloadSize: 1000 } }),
      bulk: makeExchange({ method: 'POST', path: '/Bulk', status: 404, body: scimError(404) }),
    },
    conforming: { ...HONEST, bulk: makeExchange({ method: 'POST', path: '/Bulk', status: 404, body: scimError(404) }) },
  },
  {
    check: 'discovery/resource-types-complete',
    name: 'no Group resource type while groups are provisioned',
    deviating: { ...HONEST, resourceTypes: resourceTypes([resourceType('User')]) },
    conforming: { ...HONEST, resourceTypes: resourceTypes([resourceType('User')]), groupsUsed: false },
  },
  {
    check: 'discovery/schemas-complete',
    name: 'no core User schema',
    deviating: { ...HONEST, schemas: schemas([GROUP_URN]) },
    conforming: HONEST,
  },
  {
    check: 'discovery/schemas-exclude-messages',
    name: 'ListResponse listed as a schema',
    deviating: { ...HONEST, schemas: schemas([USER_URN, GROUP_URN, 'urn:ietf:params:scim:api:messages:2.0:ListResponse']) },
    conforming: HONEST,
  },
  {
    check: 'discovery/resource-type-schemas-resolve',
    name: 'the enterprise extension named by the User type is not in /Schemas',
    deviating: { ...HONEST, schemas: schemas([USER_URN, GROUP_URN]) },
    conforming: HONEST,
  },
];

describe('checkDiscovery', () => {
  it.each(CASES.map((c) => [c.check, c.name, c] as const))('%s fires on a false claim: %s', (check, _name, c) => {
    expect(checksIn(c.deviating)).toContain(check);
  });

  it.each(CASES.map((c) => [c.check, c.name, c] as const))('%s stays silent on an honest one: %s', (check, _name, c) => {
    expect(checksIn(c.conforming)).not.toContain(check);
  });

  it('has a case for every discovery rule', () => {
    expect(new Set(CASES.map((c) => c.check))).toEqual(new Set(DISCOVERY_CHECKS.map((c) => c.id)));
  });

  it('reports nothing for honest discovery', () => {
    expect(checkDiscovery(HONEST)).toEqual([]);
  });

  it('judges nothing when no discovery document was fetched', () => {
    expect(checkDiscovery({ patchWorked: seen(false), filterWorked: seen(false) })).toEqual([]);
  });

  it('builds complete findings citing the ServiceProviderConfig and the observation', () => {
    const input = { ...HONEST, patchWorked: seen(false, 'ex-patch'), scenarioId: 'users/update' };
    const finding = checkDiscovery(input).find((f) => f.check === 'discovery/patch-overstated');
    expect(finding).toMatchObject({
      severity: 'recommended',
      scenarioId: 'users/update',
      evidence: [input.serviceProviderConfig?.id, 'ex-patch'],
    });
    expect(finding?.fix.length).toBeGreaterThan(0);
    expect(finding?.spec).toContain('RFC 7643 §5');
  });

  it('turns a failing rule into an advisory internal-error finding', () => {
    // A getter that throws stands in for a bug inside one rule.
    const broken = { ...HONEST, get groupsUsed(): boolean { throw new Error('boom'); } } as DiscoveryObservations;
    const findings = checkDiscovery(broken);
    expect(findings.map((f) => [f.check, f.severity])).toContainEqual(['checks/internal-error', 'advisory']);
  });
});

describe('DiscoveryObserver', () => {
  it('collects documents and observations from streamed exchanges', () => {
    const observer = new DiscoveryObserver();
    const exchanges = [
      spc({ etag: { supported: true } }),
      resourceTypes(),
      schemas(),
      makeExchange({ method: 'PATCH', path: '/Users/u-1', requestBody: patchBody([{ op: 'Replace', path: 'title', value: 'x' }]), status: 501, body: scimError(501) }),
      makeExchange({ path: filterPath('Users', 'userName eq "a"'), status: 400, body: scimError(400) }),
      createExchange(scimUser(), 'Users', { headers: { location: 'https://scim.example.test/scim/v2/Users/u-1' } }),
      makeExchange({ path: '/Users?sortBy=userName', body: listResponse([scimUser({ userName: 'b' }), scimUser({ id: 'u-2', userName: 'a' })]) }),
      makeExchange({ path: filterPath('Groups', 'displayName eq "x"'), body: listResponse([]) }),
    ];
    exchanges.forEach((e) => observer.observe(e));
    const observed = observer.observations();
    expect(observed.serviceProviderConfig?.id).toBe(exchanges[0]?.id);
    expect(observed.patchWorked).toEqual({ value: false, evidence: [exchanges[3]?.id] });
    expect(observed.etagSent).toEqual({ value: false, evidence: [exchanges[5]?.id] });
    expect(observed.sortWorked?.value).toBe(false);
    expect(observed.groupsUsed).toBe(true);
    // A 400 on users and a 200 on groups: one working filter settles it.
    expect(observed.filterWorked?.value).toBe(true);
    expect(checkDiscovery(observed).map((f) => f.check)).toEqual(expect.arrayContaining(['discovery/patch-overstated', 'discovery/etag-overstated']));
  });

  it('observes nothing from exchanges without a response', () => {
    const observer = new DiscoveryObserver();
    observer.observe(makeExchange({ method: 'PATCH', path: '/Users/u-1', noResponse: true }));
    expect(observer.observations()).toEqual({ groupsUsed: false });
  });
});
