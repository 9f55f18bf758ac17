/** Whether a sorted query came back in order (RFC 7644 §3.4.2.3): a fact for discovery honesty, not a check of its own. */
import { type ExchangeOrFacts, factsOf, listOptionOf } from '../exchange-facts';
import { pathReader } from '../scim-path';

/**
 * Whether a sorted query came back in order (RFC 7644 §3.4.2.3), for discovery honesty:
 * true/false when the response can be judged, undefined when it cannot (no sortBy, fewer than
 * two values, values that are not plain strings or numbers). Strings are compared ignoring case
 * both ordinally and by locale; only an order wrong under both counts as unsorted.
 */
export function sortHonouredBy(source: ExchangeOrFacts): boolean | undefined {
  const facts = factsOf(source);
  const sortBy = listOptionOf(facts, 'sortBy');
  if (sortBy === undefined || facts.exchange.response?.status !== 200) return undefined;
  const descending = (listOptionOf(facts, 'sortOrder') ?? 'ascending').toLowerCase() === 'descending';
  const read = pathReader(sortBy);
  const values = facts.returnedResources.map(read);
  if (values.length < 2 || !values.every((v) => typeof v === 'string' || typeof v === 'number')) return undefined;
  for (let i = 1; i < values.length; i += 1) {
    const [a, b] = descending ? [values[i], values[i - 1]] : [values[i - 1], values[i]];
    if (typeof a === 'number' && typeof b === 'number') {
      if (a > b) return false;
      continue;
    }
    const left = String(a).toLowerCase();
    const right = String(b).toLowerCase();
    if (left > right && left.localeCompare(right) > 0) return false;
  }
  return true;
}
