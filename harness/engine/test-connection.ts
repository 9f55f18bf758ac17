/**
 * Test connection, also run "at the start of any activity" (docs/entra-behaviour.md#test-connection): the profile's probe
 * queries — for Entra a filter for a user (then a group) that cannot exist, a random GUID as the
 * matching attribute's value — must each answer 200 with an empty ListResponse.
 */
import { classifyExchange, type Classification } from './entra-errors';
import { type MappingSet } from '../mapping/mapping-types';
import { type ClientProfile } from '../profiles/client-profile';
import { type Exchange } from '../contract/exchange';
import { type ExchangeSender } from '../contract/target-client';
import { newGuid } from './ids';
import { queryEncodingOf } from './query-encoding';

export interface ProbeResult {
  readonly ok: boolean;
  readonly exchanges: readonly Exchange[];
  /** Why the probe failed, in Entra's terms. */
  readonly failure?: Classification;
  readonly message?: string;
}

export async function testConnection(client: ExchangeSender, mapping: MappingSet, profile: ClientProfile): Promise<ProbeResult> {
  const exchanges: Exchange[] = [];
  for (const probe of profile.probe(mapping, newGuid)) {
    const exchange = await client.send({ method: 'GET', path: probe.endpoint, query: probe.query, ...queryEncodingOf(profile) });
    exchanges.push(exchange);
    const failure = classifyExchange(exchange, { purpose: 'probe', objectType: probe.objectType });
    if (failure) {
      return { ok: false, exchanges, failure, message: `Test connection failed on GET ${probe.endpoint}: ${failure.errorCode}` };
    }
    const total = profile.responses.listTotal(exchange.response?.body);
    if (total !== 0) {
      return {
        ok: false,
        exchanges,
        message: `Test connection failed on GET ${probe.endpoint}: a filter for a random GUID returned ${total} results instead of an empty ListResponse (RFC 7644 §3.4.2)`,
      };
    }
  }
  return { ok: true, exchanges };
}
