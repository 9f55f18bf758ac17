/**
 * Matching diagnosis of a scenario's failed expectation (docs/diagnosis.md#matching): the scenario
 * knows which objects exist in the target (its seeds, the objects its job created or matched, with
 * their current names), so when a query it judged found nothing, or the wrong object, or an object
 * it never deleted answered 404, the cross-checks below say what the target's filter really
 * compares. Each looks at one exchange the expectation judged; the first that names a cause wins.
 *
 *  - a query on the matching attribute missed a known object holding that name: read it by id;
 *    gone while the scenario had disabled it → disabled users hidden; stored in another case and
 *    found by its exact name → case-sensitive filter; found under a name it had before → stale
 *    index; else what a filter test on it shows (`+` misread, another attribute compared);
 *  - the query returned a known object that holds another name: its e-mail address or externalId
 *    holds the value → the filter compares that attribute; else → stale index;
 *  - the query answered 404 → "no match" answered 404;
 *  - a read by id of a known object the scenario disabled and never deleted answered 404 →
 *    disabled users hidden;
 *  - a create the scenario expected to be refused with 409 was accepted, and the name now finds
 *    several objects → uniqueness not enforced.
 */
import { type Exchange } from '../../contract/exchange';
import { type ExchangeSender } from '../../contract/target-client';
import { resourcePath, unusableIdReason } from '../../engine/resource-path';
import { type InspectionContext } from '../request-diagnoser';
import { causeOfFault, establish, explainNoMatch404, type RunFacts } from './filter-causes';
import { idsOf, otherValuesOf, queryByValue, storedObjectOf, testFilterOn } from './filter-semantics';
import {
  DISABLED_USER_HIDDEN,
  DUPLICATES_ACCEPTED,
  FILTER_CASE_SENSITIVE,
  FILTER_STALE_AFTER_UPDATE,
  filterComparesOther,
  matchingAttributeOf,
  type MatchedResource,
} from './matching-causes';
import { budgetedSender } from './probe-sender';

/** An object a scenario knows is in the target (not deleted by it). */
export interface KnownObject {
  readonly id: string;
  readonly resource: MatchedResource;
  /** Its matching attribute's value as the scenario last set it. */
  readonly name?: string;
  /** Names it had before (a rename), oldest first. */
  readonly formerNames?: readonly string[];
  /** The last write the scenario's job made left it disabled (active=false). */
  readonly disabled?: boolean;
}

export interface FailedObservation {
  /** The exchanges the failed expectation judged, most telling first. */
  readonly exchanges: readonly Exchange[];
  readonly known: readonly KnownObject[];
  /** The expectation wanted a 409 (a create it expected refused for uniqueness). */
  readonly expectsConflict?: boolean;
}

/** At most this many exchanges of one expectation are looked at. */
const MAX_EXCHANGES = 4;

interface ParsedRequest {
  readonly resource: MatchedResource;
  readonly id?: string;
  readonly filter?: { readonly attribute: string; readonly value: string };
}

/** The collection, id and `attr eq "value"` filter of a request, from its URL. */
export function parseRequest(exchange: Exchange): ParsedRequest | undefined {
  let url: URL;
  try {
    url = new URL(exchange.request.url);
  } catch {
    return undefined;
  }
  const match = /\/(Users|Groups)(?:\/([^/]+))?\/?$/.exec(url.pathname);
  if (!match) return undefined;
  let id: string | undefined;
  try {
    id = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
  } catch {
    return undefined;
  }
  // URLSearchParams reads "+" as a space, as form encoding says: the filter Entra meant.
  const filter = /^\s*([A-Za-z][\w.:-]*)\s+eq\s+("(?:[^"\\]|\\.)*")\s*$/i.exec(url.searchParams.get('filter') ?? '');
  let value: unknown;
  try {
    value = filter ? JSON.parse(filter[2]) : undefined;
  } catch {
    value = undefined;
  }
  return {
    resource: match[1] as MatchedResource,
    ...(id !== undefined ? { id } : {}),
    ...(filter && typeof value === 'string' ? { filter: { attribute: filter[1], value } } : {}),
  };
}

function sameName(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** Names the cause of a failed observation of known objects, or undefined. Sends probes through `context`. */
export async function explainFailedObservation(context: InspectionContext, observation: FailedObservation, facts: RunFacts = {}): Promise<string | undefined> {
  const sender = budgetedSender(context, 'matching-known-object');
  if (!sender) return undefined;
  const checks = new KnownObjectChecks(context, sender, observation.known, facts);
  for (const exchange of observation.exchanges.slice(0, MAX_EXCHANGES)) {
    const cause = await checks.explain(exchange, observation.expectsConflict === true);
    if (cause !== undefined) return cause;
  }
  return undefined;
}

class KnownObjectChecks {
  constructor(
    private readonly context: InspectionContext,
    private readonly sender: ExchangeSender,
    private readonly known: readonly KnownObject[],
    private readonly facts: RunFacts,
  ) {}

  async explain(exchange: Exchange, expectsConflict: boolean): Promise<string | undefined> {
    const request = parseRequest(exchange);
    if (!request) return undefined;
    const status = exchange.response?.status;
    const method = exchange.request.method;
    if (method === 'POST' && request.id === undefined && status !== undefined && status >= 200 && status < 300 && expectsConflict) {
      return this.acceptedDuplicate(request.resource, exchange);
    }
    if (method === 'GET' && request.id === undefined && request.filter && sameName(request.filter.attribute, matchingAttributeOf(request.resource))) {
      if (status === 404) return explainNoMatch404(this.context, this.sender, request.resource, exchange, this.facts);
      if (status === 200) return this.queryAnswer(request.resource, request.filter.value, exchange);
      return undefined;
    }
    if (request.id !== undefined && status === 404) {
      const object = this.known.find((candidate) => candidate.id === request.id && candidate.resource === request.resource);
      return object ? this.vanished(object, exchange) : undefined;
    }
    return undefined;
  }

  private async acceptedDuplicate(resource: MatchedResource, created: Exchange): Promise<string | undefined> {
    const name = (created.request.body as Record<string, unknown> | undefined)?.[matchingAttributeOf(resource)];
    if (typeof name !== 'string' || name === '') return undefined;
    const answer = await queryByValue(this.sender, resource, matchingAttributeOf(resource), name, 'form', this.context.signal);
    return (answer.ids?.length ?? 0) >= 2 ? establish(this.context, DUPLICATES_ACCEPTED, created, [answer.exchange.id], this.facts) : undefined;
  }

  private async queryAnswer(resource: MatchedResource, value: string, query: Exchange): Promise<string | undefined> {
    const returned = new Set(idsOf(query.response?.body));
    const ours = this.known.filter((object) => object.resource === resource);
    const missed = ours.find((object) => sameName(object.name, value) && !returned.has(object.id));
    if (missed) return this.missed(missed, value, query);
    const wrong = ours.find((object) => returned.has(object.id) && object.name !== undefined && !sameName(object.name, value));
    return wrong ? this.wrongObject(wrong, value, query) : undefined;
  }

  /** A query for `value` did not return `object`, which holds that name. */
  private async missed(object: KnownObject, value: string, query: Exchange): Promise<string | undefined> {
    const read = await this.read(object);
    if (!read) return undefined;
    if (read.response?.status === 404) return this.vanished(object, read, [query.id]);
    const stored = read.response?.status === 200 ? storedObjectOf(object.resource, read.response.body) : undefined;
    if (!stored || stored.id !== object.id) return undefined;
    const attribute = matchingAttributeOf(object.resource);
    const evidence = [read.id];
    if (stored.name !== value && sameName(stored.name, value)) {
      const exact = await queryByValue(this.sender, object.resource, attribute, stored.name, 'form', this.context.signal);
      evidence.push(exact.exchange.id);
      if (exact.ids?.includes(object.id)) return establish(this.context, FILTER_CASE_SENSITIVE, query, evidence, this.facts);
    }
    for (const former of (object.formerNames ?? []).slice(-2)) {
      if (sameName(former, stored.name)) continue;
      const old = await queryByValue(this.sender, object.resource, attribute, former, 'form', this.context.signal);
      evidence.push(old.exchange.id);
      if (old.ids?.includes(object.id)) return establish(this.context, FILTER_STALE_AFTER_UPDATE, query, evidence, this.facts);
    }
    const verdict = await testFilterOn(this.sender, stored, this.context.signal);
    return verdict.fault ? establish(this.context, causeOfFault(object.resource, verdict.fault), query, [...evidence, ...verdict.evidence], this.facts) : undefined;
  }

  /** A query for `value` returned `object`, which holds another name now. */
  private async wrongObject(object: KnownObject, value: string, query: Exchange): Promise<string | undefined> {
    const read = await this.read(object);
    const body = read?.response?.status === 200 ? read.response.body : undefined;
    const stored = storedObjectOf(object.resource, body);
    if (!read || !stored || sameName(stored.name, value)) return undefined;
    const compared = otherValuesOf(body).find((other) => sameName(other.value, value));
    if (compared) return establish(this.context, filterComparesOther(object.resource, compared.path), query, [read.id], this.facts);
    // It holds neither the value nor another value equal to it: the filter answers from what it held before.
    return establish(this.context, FILTER_STALE_AFTER_UPDATE, query, [read.id], this.facts);
  }

  /** `object`, which the scenario never deleted, answered 404. */
  private async vanished(object: KnownObject, missing: Exchange, evidence: readonly string[] = []): Promise<string | undefined> {
    if (!object.disabled || object.name === undefined) return undefined;
    const query = await queryByValue(this.sender, object.resource, matchingAttributeOf(object.resource), object.name, 'form', this.context.signal);
    // Found by its name, it is not hidden: a 404 by id alone is another fault than this one.
    if (query.ids === undefined || query.ids.includes(object.id)) return undefined;
    return establish(this.context, DISABLED_USER_HIDDEN, missing, [...evidence, query.exchange.id], this.facts);
  }

  private async read(object: KnownObject): Promise<Exchange | undefined> {
    if (unusableIdReason(object.id) !== undefined) return undefined;
    const query = object.resource === 'Groups' ? { excludedAttributes: 'members' } : undefined;
    return this.sender.send({ method: 'GET', path: resourcePath(`/${object.resource}`, object.id), ...(query ? { query } : {}) }, this.context.signal);
  }
}
