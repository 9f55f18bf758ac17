/**
 * The test-connection probe run at the start of every cycle (docs/entra-behaviour.md#test-connection): a filter on the
 * matching attribute for a random GUID must answer 200 with an empty ListResponse, for users and
 * (when groups are provisioned) for groups.
 */
import { testConnection } from '../../../harness/engine/test-connection';
import { ENTRA_PROFILE } from '../../../harness/profiles/entra';
import { defaultMappingSet } from '../../../harness/mapping/default-mapping';
import { type MappingSet } from '../../../harness/mapping/mapping-types';
import { type Exchange } from '../../../harness/contract/exchange';
import { type ScimRequest, type TargetClient } from '../../../harness/contract/target-client';

const GUID_FILTER = (attribute: string): RegExp => new RegExp(`^${attribute.replace(/[.[\]"]/g, '\\$&')} eq "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"$`);

function fakeClient(answer: (request: ScimRequest) => { status: number; body?: unknown }): TargetClient & { requests: ScimRequest[] } {
  const requests: ScimRequest[] = [];
  return {
    baseUrl: 'http://127.0.0.1:1/scim/v2',
    requests,
    close: () => Promise.resolve(),
    send: (request) => {
      requests.push(request);
      const { status, body } = answer(request);
      const text = body === undefined ? '' : JSON.stringify(body);
      const exchange: Exchange = {
        id: `ex-${requests.length}`,
        startedAt: '2026-01-01T00:00:00.000Z',
        request: { method: request.method, url: `http://127.0.0.1:1/scim/v2${request.path}`, headers: {} },
        response: { status, headers: { 'content-type': 'application/scim+json' }, ...(body === undefined ? {} : { body }), text, bytes: text.length },
        durationMs: 1,
      };
      return Promise.resolve(exchange);
    },
  };
}

const EMPTY = { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] };

describe('testConnection', () => {
  it('probes /Users then /Groups (without members) with random GUIDs and passes on empty lists', async () => {
    const client = fakeClient(() => ({ status: 200, body: EMPTY }));
    const result = await testConnection(client, defaultMappingSet(), ENTRA_PROFILE);
    expect(result.ok).toBe(true);
    expect(result.exchanges).toHaveLength(2);
    const [users, groups] = client.requests;
    expect(users.path).toBe('/Users');
    expect(users.query?.filter).toMatch(GUID_FILTER('userName'));
    expect(groups.path).toBe('/Groups');
    expect(groups.query?.filter).toMatch(GUID_FILTER('displayName'));
    expect(groups.query?.excludedAttributes).toBe('members');
  });

  it('skips the group probe when groups are not provisioned', async () => {
    const mapping = defaultMappingSet();
    const client = fakeClient(() => ({ status: 200, body: EMPTY }));
    await testConnection(client, { ...mapping, groups: { ...mapping.groups, enabled: false } }, ENTRA_PROFILE);
    expect(client.requests.map((r) => r.path)).toEqual(['/Users']);
  });

  it('filters on the matching attribute of highest precedence', async () => {
    const mapping = defaultMappingSet();
    const users = { ...mapping.users, attributes: mapping.users.attributes.map((a) => (a.target === 'userName' ? { ...a, matchingPrecedence: 2 } : a.target === 'externalId' ? { ...a, matchingPrecedence: 1 } : a)) };
    const client = fakeClient(() => ({ status: 200, body: EMPTY }));
    await testConnection(client, { ...mapping, users } as MappingSet, ENTRA_PROFILE);
    expect(client.requests[0].query?.filter).toMatch(GUID_FILTER('externalId'));
  });

  it('fails with a SCIM-compliance trigger when the filter answers 404', async () => {
    const client = fakeClient(() => ({ status: 404, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404', detail: 'not found' } }));
    const result = await testConnection(client, defaultMappingSet(), ENTRA_PROFILE);
    expect(result.ok).toBe(false);
    expect(client.requests).toHaveLength(1);
    expect(result.failure?.errorCode).toBe('SystemForCrossDomainIdentityManagementServiceIncompatible');
    expect(result.failure?.quarantineTrigger?.kind).toBe('compliance');
    expect(result.message).toContain('GET /Users');
  });

  it('fails when a random GUID matches something', async () => {
    const client = fakeClient((request) => ({ status: 200, body: request.path === '/Groups' ? { ...EMPTY, totalResults: 1, Resources: [{ id: 'g' }] } : EMPTY }));
    const result = await testConnection(client, defaultMappingSet(), ENTRA_PROFILE);
    expect(result.ok).toBe(false);
    expect(result.failure).toBeUndefined();
    expect(result.message).toContain('GET /Groups');
    expect(result.message).toContain('returned 1 results');
  });
});
