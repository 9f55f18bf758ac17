/**
 * Test connection, also run "at the start of any activity" (reference §1.2): a filter for a user
 * that cannot exist — a random GUID as the matching attribute's value — must answer 200 with an
 * empty ListResponse; then the same for groups when group provisioning is on [INF: the docs say
 * "a random user and group"; third parties report the /Groups probe].
 */
import { classifyExchange, type Classification } from './entra-errors';
import { type MappingSet } from '../mapping/mapping-types';
import { type Exchange } from '../contract/exchange';
import { type TargetClient } from '../contract/target-client';
import { newGuid } from './ids';
import { eqFilter, listTotal } from './scim-responses';

export interface ProbeResult {
  readonly ok: boolean;
  readonly exchanges: readonly Exchange[];
  /** Why the probe failed, in Entra's terms. */
  readonly failure?: Classification;
  readonly message?: string;
}

function firstMatchingPath(mapping: MappingSet['users'] | MappingSet['groups'], fallback: string): string {
  const matching = mapping.attributes.filter((a) => a.matchingPrecedence !== undefined).sort((a, b) => (a.matchingPrecedence ?? 0) - (b.matchingPrecedence ?? 0));
  return matching[0]?.target ?? fallback;
}

export async function testConnection(client: TargetClient, mapping: MappingSet): Promise<ProbeResult> {
  const probes: { objectType: 'User' | 'Group'; path: string; query: Record<string, string> }[] = [
    { objectType: 'User', path: '/Users', query: { filter: eqFilter(firstMatchingPath(mapping.users, 'userName'), newGuid()) } },
    ...(mapping.groups.enabled
      ? [{ objectType: 'Group' as const, path: '/Groups', query: { excludedAttributes: 'members', filter: eqFilter(firstMatchingPath(mapping.groups, 'displayName'), newGuid()) } }]
      : []),
  ];
  const exchanges: Exchange[] = [];
  for (const probe of probes) {
    const exchange = await client.send({ method: 'GET', path: probe.path, query: probe.query });
    exchanges.push(exchange);
    const failure = classifyExchange(exchange, { purpose: 'probe', objectType: probe.objectType });
    if (failure) {
      return { ok: false, exchanges, failure, message: `Test connection failed on GET ${probe.path}: ${failure.errorCode}` };
    }
    if (listTotal(exchange) !== 0) {
      return {
        ok: false,
        exchanges,
        message: `Test connection failed on GET ${probe.path}: a filter for a random GUID returned ${listTotal(exchange)} results instead of an empty ListResponse (RFC 7644 §3.4.2)`,
      };
    }
  }
  return { ok: true, exchanges };
}
