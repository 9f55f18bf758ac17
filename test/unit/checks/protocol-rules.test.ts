import { PROTOCOL_CHECKS, sortHonouredBy } from '../../../harness/checks/protocol-rules';
import { checkExchange } from '../../../harness/checks/run-checks';
import { type Exchange } from '../../../harness/contract/exchange';
import { type CheckCase, firedIds } from './check-cases';
import {
  BASE,
  createExchange,
  ENTERPRISE_URN,
  filterPath,
  listResponse,
  makeExchange,
  patchBody,
  scimError,
  scimGroup,
  scimUser,
} from './exchange-factory';

const ALICE = scimUser();
const ALICE_FILTER = filterPath('Users', 'userName eq "alice@contoso.test"');
const patchReplace = patchBody([{ op: 'Replace', path: 'displayName', value: 'Alice B' }]);

/** The exchange as the client records a body it refused to parse for its depth (json-limits.ts). */
function tooDeep(exchange: Exchange, depth: number): Exchange {
  const response = exchange.response as NonNullable<Exchange['response']>;
  return { ...exchange, response: { ...response, nesting: { depth, limit: 64 } } };
}

const CASES: readonly CheckCase[] = [
  {
    check: 'protocol/response-parse-error',
    name: 'an HTML 200 where JSON was due',
    deviating: makeExchange({ path: '/Users/u-1', text: '<html>ok</html>', parseError: 'Unexpected token <', headers: { 'content-type': 'text/html' } }),
    conforming: makeExchange({ path: '/Users/u-1', body: ALICE }),
  },
  {
    check: 'protocol/response-nesting-depth',
    name: 'a body refused unparsed for nesting 100,000 levels',
    deviating: tooDeep(makeExchange({ path: '/Users/u-1', text: '['.repeat(200), parseError: 'response body nests 100,000 levels' }), 100_000),
    conforming: makeExchange({ path: '/Users/u-1', body: ALICE }),
  },
  {
    check: 'protocol/list-page-size',
    name: 'a page of 10,001 resources (10,000 is still checked in full)',
    deviating: makeExchange({ path: ALICE_FILTER, body: listResponse(Array.from({ length: 10_001 }, () => ALICE)) }),
    conforming: makeExchange({ path: ALICE_FILTER, body: listResponse(Array.from({ length: 10_000 }, () => ALICE)) }),
  },
  {
    check: 'protocol/content-type',
    name: 'application/json instead of application/scim+json',
    deviating: makeExchange({ path: '/Users/u-1', body: ALICE, headers: { 'content-type': 'application/json' } }),
    conforming: makeExchange({ path: '/Users/u-1', body: ALICE, headers: { 'content-type': 'application/scim+json;charset=UTF-8' } }),
  },
  {
    check: 'protocol/content-type',
    name: 'no Content-Type on a body (a 204 needs none)',
    deviating: makeExchange({ path: '/Users/u-1', body: ALICE, headers: { 'content-type': undefined as unknown as string } }),
    conforming: makeExchange({ method: 'DELETE', path: '/Users/u-1', status: 204 }),
  },
  {
    check: 'protocol/error-body',
    name: 'a 400 with a plain-text body (an empty 404 is tolerated)',
    deviating: makeExchange({ method: 'POST', path: '/Users', status: 400, text: 'Bad Request', headers: { 'content-type': 'text/plain' } }),
    conforming: makeExchange({ path: '/Users/nope', status: 404 }),
  },
  {
    check: 'protocol/error-body',
    name: 'JSON error without the Error schema',
    deviating: makeExchange({ path: '/Users/nope', status: 404, body: { error: 'not found' } }),
    conforming: makeExchange({ path: '/Users/nope', status: 404, body: scimError(404) }),
  },
  {
    check: 'protocol/error-status-matches',
    name: 'Error status "400" on a 404',
    deviating: makeExchange({ path: '/Users/nope', status: 404, body: scimError(400) }),
    conforming: makeExchange({ path: '/Users/nope', status: 404, body: scimError(404) }),
  },
  {
    check: 'protocol/unauthorized-www-authenticate',
    name: '401 without a challenge',
    deviating: makeExchange({ path: '/Users', status: 401, body: scimError(401) }),
    conforming: makeExchange({ path: '/Users', status: 401, body: scimError(401), headers: { 'www-authenticate': 'Bearer' } }),
  },
  {
    check: 'protocol/create-status-201',
    name: '200 on create (a 409 is not judged here)',
    deviating: createExchange(ALICE, 'Users', { status: 200 }),
    conforming: makeExchange({ method: 'POST', path: '/Users', requestBody: ALICE, status: 409, body: scimError(409, { scimType: 'uniqueness' }) }),
  },
  {
    check: 'protocol/create-returns-id',
    name: '201 without id',
    deviating: createExchange({ ...ALICE, id: undefined }),
    conforming: createExchange(ALICE),
  },
  {
    check: 'protocol/create-returns-id',
    name: '201 with no body',
    deviating: makeExchange({ method: 'POST', path: '/Users', requestBody: ALICE, status: 201, headers: { location: `${BASE}/Users/u-1` } }),
    conforming: createExchange(ALICE),
  },
  {
    check: 'protocol/create-location-header',
    name: 'no Location header',
    deviating: createExchange(ALICE, 'Users', { headers: {} }),
    conforming: createExchange(ALICE),
  },
  {
    check: 'protocol/create-location-header',
    name: 'Location differs from meta.location (a relative one resolving to it is fine)',
    deviating: createExchange(ALICE, 'Users', { headers: { location: `${BASE}/Users/other` } }),
    conforming: createExchange(ALICE, 'Users', { headers: { location: '/scim/v2/Users/u-1' } }),
  },
  {
    check: 'protocol/create-ignores-client-id',
    name: 'server kept the id the client sent',
    deviating: makeExchange({ method: 'POST', path: '/Groups', requestBody: { ...scimGroup(), id: 'client-id' }, status: 201, body: scimGroup({ id: 'client-id' }) }),
    conforming: makeExchange({ method: 'POST', path: '/Groups', requestBody: { ...scimGroup(), id: 'client-id' }, status: 201, body: scimGroup({ id: 'g-1' }) }),
  },
  {
    check: 'protocol/create-requires-required-attributes',
    name: 'user created without userName',
    deviating: makeExchange({ method: 'POST', path: '/Users', requestBody: { schemas: [], displayName: 'x' }, status: 201, body: scimUser() }),
    conforming: createExchange(ALICE),
  },
  {
    check: 'protocol/conflict-uniqueness',
    name: '409 without scimType',
    deviating: makeExchange({ method: 'POST', path: '/Users', requestBody: ALICE, status: 409, body: scimError(409) }),
    conforming: makeExchange({ method: 'POST', path: '/Users', requestBody: ALICE, status: 409, body: scimError(409, { scimType: 'uniqueness' }) }),
  },
  {
    check: 'protocol/resource-id-matches-url',
    name: 'GET by id answered with a ListResponse',
    deviating: makeExchange({ path: '/Groups/g-1?excludedAttributes=members', body: listResponse([scimGroup(), scimGroup({ id: 'g-2' })]) }),
    conforming: makeExchange({ path: '/Groups/g-1?excludedAttributes=members', body: scimGroup() }),
  },
  {
    check: 'protocol/resource-id-matches-url',
    name: 'GET by id answered with another resource',
    deviating: makeExchange({ path: '/Users/u-1', body: scimUser({ id: 'u-2' }) }),
    conforming: makeExchange({ path: '/Users/u-1', body: ALICE }),
  },
  {
    check: 'protocol/meta-resource-type',
    name: 'meta.resourceType "Group" on /Users (case is not judged)',
    deviating: makeExchange({ path: '/Users/u-1', body: scimUser({ meta: { resourceType: 'Group' } }) }),
    conforming: makeExchange({ path: '/Users/u-1', body: scimUser({ meta: { resourceType: 'user' } }) }),
  },
  {
    check: 'protocol/etag-matches-version',
    name: 'ETag of another version (quoting differences are not judged)',
    deviating: makeExchange({ path: '/Users/u-1', body: ALICE, headers: { etag: 'W/"2"' } }),
    conforming: makeExchange({ path: '/Users/u-1', body: ALICE, headers: { etag: '"1"' } }),
  },
  {
    check: 'protocol/patch-status',
    name: '202 Accepted on PATCH',
    deviating: makeExchange({ method: 'PATCH', path: '/Users/u-1', requestBody: patchReplace, status: 202 }),
    conforming: makeExchange({ method: 'PATCH', path: '/Users/u-1', requestBody: patchReplace, status: 204 }),
  },
  {
    check: 'protocol/patch-200-has-body',
    name: '200 with an empty body',
    deviating: makeExchange({ method: 'PATCH', path: '/Users/u-1', requestBody: patchReplace, status: 200 }),
    conforming: makeExchange({ method: 'PATCH', path: '/Users/u-1', requestBody: patchReplace, status: 200, body: ALICE }),
  },
  {
    check: 'protocol/patch-remove-needs-path',
    name: 'remove without path accepted',
    deviating: makeExchange({ method: 'PATCH', path: '/Users/u-1', requestBody: patchBody([{ op: 'Remove' }]), status: 204 }),
    conforming: makeExchange({ method: 'PATCH', path: '/Users/u-1', requestBody: patchBody([{ op: 'Remove', path: 'nickName' }]), status: 204 }),
  },
  {
    check: 'protocol/replace-status-200',
    name: 'PUT answered 201',
    deviating: makeExchange({ method: 'PUT', path: '/Users/u-1', requestBody: ALICE, status: 201, body: ALICE }),
    conforming: makeExchange({ method: 'PUT', path: '/Users/u-1', requestBody: ALICE, status: 200, body: ALICE }),
  },
  {
    check: 'protocol/group-patch-204',
    name: 'group PATCH answered 200 with the whole group',
    deviating: makeExchange({ method: 'PATCH', path: '/Groups/g-1', requestBody: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [] }, status: 200, body: { id: 'g-1', displayName: 'Sales', members: [] } }),
    conforming: makeExchange({ method: 'PATCH', path: '/Groups/g-1', requestBody: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [] }, status: 204 }),
  },
  {
    check: 'protocol/throttled',
    name: 'a request answered 429',
    deviating: makeExchange({ path: '/Users/u-1', status: 429, body: scimError(429) }),
    conforming: makeExchange({ path: '/Users/u-1', body: ALICE }),
  },
  {
    check: 'protocol/delete-status-204',
    name: 'DELETE answered 200',
    deviating: makeExchange({ method: 'DELETE', path: '/Users/u-1', status: 200, body: ALICE }),
    conforming: makeExchange({ method: 'DELETE', path: '/Users/u-1', status: 204 }),
  },
  {
    check: 'protocol/filter-no-match-200',
    name: '404 for a user that does not exist',
    deviating: makeExchange({ path: filterPath('Users', 'userName eq "3e59e27b-0000"'), status: 404, body: scimError(404) }),
    conforming: makeExchange({ path: filterPath('Users', 'userName eq "3e59e27b-0000"'), body: listResponse([]) }),
  },
  {
    check: 'protocol/entra-filter-supported',
    name: '400 to Entra\'s matching query (a 400 to a non-Entra operator is not judged)',
    deviating: makeExchange({ path: filterPath('Groups', 'displayName eq "Sales"', '&excludedAttributes=members'), status: 400, body: scimError(400, { scimType: 'invalidFilter' }) }),
    conforming: makeExchange({ path: filterPath('Users', 'userName co "ali"'), status: 400, body: scimError(400, { scimType: 'invalidFilter' }) }),
  },
  {
    check: 'protocol/filter-results-match',
    name: 'filter ignored: another user returned (case differences are fine)',
    deviating: makeExchange({ path: filterPath('Users', 'userName eq "bob@contoso.test"'), body: listResponse([ALICE]) }),
    conforming: makeExchange({ path: filterPath('Users', 'userName eq "ALICE@contoso.test"'), body: listResponse([ALICE]) }),
  },
  {
    check: 'protocol/filter-results-match',
    name: 'value-path filter on work email',
    deviating: makeExchange({ path: filterPath('Users', 'emails[type eq "work"].value eq "bob@contoso.test"'), body: listResponse([ALICE]) }),
    conforming: makeExchange({ path: filterPath('Users', 'emails[type eq "work"].value eq "alice@contoso.test"'), body: listResponse([ALICE]) }),
  },
  {
    check: 'protocol/filter-results-match',
    name: 'conjunction with an extension attribute (unqualified)',
    deviating: makeExchange({ path: filterPath('Users', 'id eq "u-1" and manager eq "u-8"'), body: listResponse([ALICE]) }),
    conforming: makeExchange({ path: filterPath('Users', 'id eq "u-1" and manager eq "u-9"', '&attributes=id'), body: listResponse([{ id: 'u-1', schemas: [] }]) }),
  },
  {
    check: 'protocol/list-total-consistent',
    name: 'totalResults 0 with a resource',
    deviating: makeExchange({ path: ALICE_FILTER, body: listResponse([ALICE], { totalResults: 0 }) }),
    conforming: makeExchange({ path: ALICE_FILTER, body: listResponse([ALICE]) }),
  },
  {
    check: 'protocol/list-total-consistent',
    name: 'totalResults 5 but no Resources (count=0 asks for exactly that)',
    deviating: makeExchange({ path: '/Users', body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 5 } }),
    conforming: makeExchange({ path: '/Users?count=0', body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 5, itemsPerPage: 0 } }),
  },
  {
    check: 'protocol/list-items-per-page',
    name: 'paged by default without itemsPerPage',
    deviating: makeExchange({ path: '/Users', body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 10, startIndex: 1, Resources: [ALICE, scimUser({ id: 'u-2' })] } }),
    conforming: makeExchange({ path: '/Users', body: listResponse([ALICE, scimUser({ id: 'u-2' })], { totalResults: 10 }) }),
  },
  {
    check: 'protocol/list-respects-count',
    name: 'two resources for count=1',
    deviating: makeExchange({ path: '/Users?startIndex=1&count=1', body: listResponse([ALICE, scimUser({ id: 'u-2' })], { totalResults: 5 }) }),
    conforming: makeExchange({ path: '/Users?startIndex=1&count=1', body: listResponse([ALICE], { totalResults: 5 }) }),
  },
  {
    check: 'protocol/list-start-index',
    name: 'startIndex not echoed (below 1 counts as 1)',
    deviating: makeExchange({ path: '/Users?startIndex=3&count=1', body: listResponse([ALICE], { totalResults: 5, startIndex: 1 }) }),
    conforming: makeExchange({ path: '/Users?startIndex=0&count=1', body: listResponse([ALICE], { totalResults: 5, startIndex: 1 }) }),
  },
  {
    check: 'protocol/excluded-members-honoured',
    name: 'group query returned members despite excludedAttributes=members',
    deviating: makeExchange({
      path: filterPath('Groups', 'displayName eq "Sales"', '&excludedAttributes=members'),
      body: listResponse([scimGroup({ members: [{ value: 'u-1' }] })]),
    }),
    conforming: makeExchange({ path: filterPath('Groups', 'displayName eq "Sales"', '&excludedAttributes=members'), body: listResponse([scimGroup({ members: [] })]) }),
  },
  {
    check: 'protocol/excluded-attributes-honoured',
    name: 'emails returned despite excludedAttributes=emails',
    deviating: makeExchange({ path: '/Users/u-1?excludedAttributes=emails', body: ALICE }),
    conforming: makeExchange({ path: '/Users/u-1?excludedAttributes=emails,id', body: { ...ALICE, emails: undefined } }),
  },
  {
    check: 'protocol/attributes-honoured',
    name: 'attributes=userName ignored',
    deviating: makeExchange({ path: '/Users/u-1?attributes=userName', body: ALICE }),
    conforming: makeExchange({ path: '/Users/u-1?attributes=userName', body: { schemas: [ALICE.schemas], id: 'u-1', userName: 'alice@contoso.test', meta: ALICE.meta } }),
  },
  {
    check: 'protocol/attributes-honoured',
    name: 'URN-qualified extension attribute requested',
    deviating: makeExchange({ path: `/Users/u-1?attributes=${ENTERPRISE_URN}:department`, body: { id: 'u-1', [ENTERPRISE_URN]: { department: 'Sales' }, title: 'Boss' } }),
    conforming: makeExchange({ path: `/Users/u-1?attributes=${ENTERPRISE_URN}:department,name.givenName`, body: { id: 'u-1', [ENTERPRISE_URN]: { department: 'Sales' }, name: { givenName: 'A' } } }),
  },
  {
    check: 'protocol/discovery-get-only',
    name: 'POST /Schemas accepted',
    deviating: makeExchange({ method: 'POST', path: '/Schemas', requestBody: {}, status: 201, body: {} }),
    conforming: makeExchange({ method: 'POST', path: '/Schemas', requestBody: {}, status: 405, body: scimError(405) }),
  },
];

describe('protocol rules', () => {
  it.each(CASES.map((c) => [c.check, c.name, c] as const))('%s fires on a deviation: %s', (check, _name, c) => {
    expect(firedIds(c.deviating, c.objectType)).toContain(check);
  });

  it.each(CASES.map((c) => [c.check, c.name, c] as const))('%s stays silent on the conforming twin: %s', (check, _name, c) => {
    expect(firedIds(c.conforming, c.objectType)).not.toContain(check);
  });

  it('has a deviating and a conforming case for every protocol rule', () => {
    expect(new Set(CASES.map((c) => c.check))).toEqual(new Set(PROTOCOL_CHECKS.map((c) => c.id)));
  });

  it('does not treat a non-2xx unparseable body as Entra-deserialisation failure', () => {
    const exchange = makeExchange({ path: '/Users/u-1', status: 502, text: '<html>Bad gateway</html>', parseError: 'Unexpected token <' });
    expect(firedIds(exchange)).not.toContain('protocol/response-parse-error');
    expect(firedIds(exchange)).toContain('protocol/error-body');
  });

  it('reports an error body that is not a SCIM Error once: error-body, not content-type nor conflict-uniqueness too', () => {
    const plain = makeExchange({ method: 'POST', path: '/Users', requestBody: ALICE, status: 409, text: 'userName taken', headers: { 'content-type': 'text/plain' } });
    expect(firedIds(plain)).toEqual(['protocol/error-body']);
    const foreignJson = makeExchange({ method: 'POST', path: '/Users', requestBody: ALICE, status: 409, body: { message: 'userName taken' } });
    expect(firedIds(foreignJson)).toEqual(['protocol/error-body']);
    // A SCIM Error that lacks scimType, or a JSON error under another media type, is each its own deviation.
    expect(firedIds(makeExchange({ method: 'POST', path: '/Users', requestBody: ALICE, status: 409, body: scimError(409) }))).toEqual(['protocol/conflict-uniqueness']);
    expect(firedIds(makeExchange({ path: '/Users/nope', status: 404, body: scimError(404), headers: { 'content-type': 'application/json' } }))).toEqual(['protocol/content-type']);
  });

  it('quotes the Entra quarantine text for a 404 on a filter', () => {
    const exchange = makeExchange({ path: ALICE_FILTER, status: 404 });
    const result = checkExchange(exchange).find((r) => r.check.id === 'protocol/filter-no-match-200');
    expect(result?.check.severity).toBe('required');
    expect(result?.outcome.actual).toContain('404 Not Found response was returned rather than the expected HTTP/200 OK');
  });

  it('never judges an exchange that got no response', () => {
    expect(checkExchange(makeExchange({ method: 'POST', path: '/Users', requestBody: ALICE, noResponse: true }))).toEqual([]);
  });

  describe('sortHonouredBy', () => {
    const sorted = (names: string[], query = '?sortBy=userName'): ReturnType<typeof sortHonouredBy> =>
      sortHonouredBy(makeExchange({ path: `/Users${query}`, body: listResponse(names.map((userName, i) => scimUser({ id: `u-${i}`, userName }))) }));

    it('is true for ascending results, ignoring case', () => {
      expect(sorted(['adam', 'Bea', 'carl'])).toBe(true);
    });

    it('is false for results out of order', () => {
      expect(sorted(['carl', 'adam'])).toBe(false);
    });

    it('follows sortOrder=descending', () => {
      expect(sorted(['carl', 'Bea', 'adam'], '?sortBy=userName&sortOrder=descending')).toBe(true);
      expect(sorted(['adam', 'carl'], '?sortBy=userName&sortOrder=descending')).toBe(false);
    });

    it('cannot judge without sortBy or with a single result', () => {
      expect(sorted(['b', 'a'], '')).toBeUndefined();
      expect(sorted(['a'])).toBeUndefined();
    });
  });
});
