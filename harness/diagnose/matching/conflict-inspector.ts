/**
 * A create Entra sent was answered 409 (docs/diagnosis.md#matching). Entra creates only after its
 * match query found nothing, so the endpoint's uniqueness check found what its filter did not
 * (docs/entra-behaviour.md#status-to-error-code). The cross-checks say what the filter really
 * compares, first the cheap and specific ones:
 *
 *  1. Entra's match again, as sent (form-encoded): finds it now → nothing to name (a race);
 *  2. the same filter percent-encoded: finds it → "+" was misread;
 *  3. the create's other values (e-mail, externalId) find an object holding the name: in another
 *     case → case-sensitive filter; still found under a name it had before → stale index; else
 *     what a filter test on that object shows;
 *  4. nothing holds it, and the run deleted an object with that name whose id now reads 404 →
 *     uniqueness kept after delete (RFC 7644 §3.6);
 *  5. a live id spells that name while its object holds another name → ids derived from the
 *     userName (RFC 7643 §3.1);
 *  6. a throw-away object, once per resource type and run: what the filter compares.
 *
 * That a 409 means "the match found nothing, the uniqueness check found something" is read from
 * captured provisioning logs (docs/entra-behaviour.md#status-to-error-code) [INF].
 *
 * It also sees successful creates: a new object given the id of one the run deleted is a
 * reassigned id (RFC 7643 §3.1), named without failing the create.
 */
import { type Exchange } from '../../contract/exchange';
import { type ScimRequest } from '../../contract/target-client';
import { resourcePath, unusableIdReason } from '../../engine/resource-path';
import { type ExchangeInspector, type InspectionContext } from '../request-diagnoser';
import { causeOfFault, establish } from './filter-causes';
import { calibrateFilter, type FilterVerdict, otherValuesOf, queryByValue, type StoredObject, storedObjectOf, testFilterOn } from './filter-semantics';
import { IdentityMemory, resourceOfPath, spelling } from './identity-memory';
import {
  FILTER_CASE_SENSITIVE,
  FILTER_STALE_AFTER_UPDATE,
  ID_DERIVED_FROM_USERNAME,
  ID_REASSIGNED,
  matchingAttributeOf,
  type MatchedResource,
  PLUS_IN_QUERY_MISREAD,
  UNIQUENESS_KEPT_AFTER_DELETE,
} from './matching-causes';
import { budgetedSender } from './probe-sender';

export interface ConflictInspectorOptions {
  /** The run's object prefix: the throw-away object of step 6 carries it. */
  readonly prefix: string;
  readonly memory?: IdentityMemory;
}

function textField(body: unknown, name: string): string | undefined {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isSuccess(exchange: Exchange): boolean {
  const status = exchange.response?.status ?? 0;
  return status >= 200 && status < 300;
}

function resourcesOf(exchange: Exchange): Record<string, unknown>[] {
  const resources = (exchange.response?.body as { Resources?: unknown } | undefined)?.Resources;
  return Array.isArray(resources) ? resources.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null) : [];
}

export class ConflictInspector implements ExchangeInspector {
  readonly name = 'matching-conflict';
  private readonly memory: IdentityMemory;
  private readonly calibrations = new Map<MatchedResource, Promise<FilterVerdict | undefined>>();

  constructor(private readonly options: ConflictInspectorOptions) {
    this.memory = options.memory ?? new IdentityMemory();
  }

  observe(request: ScimRequest, exchange: Exchange): void {
    this.memory.observe(request, exchange);
  }

  signature(request: ScimRequest, exchange: Exchange): string | undefined {
    const target = request.method === 'POST' ? resourceOfPath(request.path) : undefined;
    if (!target || target.id !== undefined) return undefined;
    if (exchange.response?.status === 409) {
      const name = textField(request.body, matchingAttributeOf(target.resource));
      return name === undefined ? undefined : `409 ${target.resource} ${name.toLowerCase()}`;
    }
    const id = isSuccess(exchange) ? textField(exchange.response?.body, 'id') : undefined;
    return id !== undefined && this.memory.deletedWithId(id) ? `reassigned ${target.resource} ${id}` : undefined;
  }

  async investigate(request: ScimRequest, exchange: Exchange, context: InspectionContext): Promise<string | undefined> {
    const target = resourceOfPath(request.path);
    if (!target) return undefined;
    if (exchange.response?.status !== 409) {
      this.nameReassignedId(target.resource, exchange, context);
      // The create itself succeeded: its symptom is elsewhere (a client still holding the old id).
      return undefined;
    }
    return this.explainConflict(target.resource, request, exchange, context);
  }

  private nameReassignedId(resource: MatchedResource, exchange: Exchange, context: InspectionContext): void {
    const id = textField(exchange.response?.body, 'id');
    const deleted = id === undefined ? undefined : this.memory.deletedWithId(id);
    if (!id || !deleted) return;
    const name = textField(exchange.response?.body, matchingAttributeOf(resource)) ?? deleted.name;
    const derived = [deleted.name, name].some((candidate) => spelling(candidate).length >= 3 && spelling(id).includes(spelling(candidate)));
    establish(context, derived ? ID_DERIVED_FROM_USERNAME : ID_REASSIGNED, exchange, [deleted.deletedBy]);
  }

  private async explainConflict(resource: MatchedResource, request: ScimRequest, symptom: Exchange, context: InspectionContext): Promise<string | undefined> {
    const sender = budgetedSender(context, 'matching-conflict');
    const attribute = matchingAttributeOf(resource);
    const name = textField(request.body, attribute);
    if (!sender || name === undefined) return undefined;
    const evidence: string[] = [];
    const ask = async (path: string, value: string, encoding: 'form' | 'percent'): Promise<{ exchange: Exchange; ids?: readonly string[] }> => {
      const answer = await queryByValue(sender, resource, path, value, encoding, context.signal);
      evidence.push(answer.exchange.id);
      return answer;
    };
    const read = async (id: string): Promise<Exchange> => {
      const exchange = await sender.send({ method: 'GET', path: resourcePath(`/${resource}`, id), ...(resource === 'Groups' ? { query: { excludedAttributes: 'members' } } : {}) }, context.signal);
      evidence.push(exchange.id);
      return exchange;
    };

    // 1–2: Entra's match as sent, then percent-encoded.
    if (((await ask(attribute, name, 'form')).ids?.length ?? 0) > 0) return undefined;
    if (((await ask(attribute, name, 'percent')).ids?.length ?? 0) > 0) return establish(context, PLUS_IN_QUERY_MISREAD, symptom, evidence);

    // 3: the create's other values find the object that holds the name.
    for (const other of otherValuesOf(request.body)) {
      const answer = await ask(other.path, other.value, 'form');
      const holder: Record<string, unknown> | undefined = resourcesOf(answer.exchange).find((candidate) => textField(candidate, attribute)?.toLowerCase() === name.toLowerCase());
      const stored: StoredObject | undefined = holder && storedObjectOf(resource, holder);
      if (!stored || unusableIdReason(stored.id) !== undefined) continue;
      if (stored.name !== name) return establish(context, FILTER_CASE_SENSITIVE, symptom, evidence);
      const cause = await this.explainHolder(resource, stored, symptom, context, evidence, ask);
      if (cause !== undefined) return cause;
    }

    // 4: nothing holds it: the run deleted an object with this name, and it is gone.
    const deleted = this.memory.deletedWithName(resource, name);
    if (deleted && unusableIdReason(deleted.id) === undefined && (await read(deleted.id)).response?.status === 404) {
      return establish(context, UNIQUENESS_KEPT_AFTER_DELETE, symptom, [deleted.deletedBy, ...evidence]);
    }

    // 5: a live id spells the name its object no longer holds.
    for (const { id, identity } of this.memory.idsSpelling(resource, name)) {
      if (unusableIdReason(id) !== undefined) continue;
      const holder = await read(id);
      const holds = textField(holder.response?.body, attribute);
      if (holder.response?.status === 200 && holds !== undefined && holds.toLowerCase() !== name.toLowerCase()) {
        return establish(context, ID_DERIVED_FROM_USERNAME, symptom, [identity.createdBy, ...evidence]);
      }
    }

    // 6: what the filter compares, on a throw-away object.
    const verdict = await this.calibration(resource, context);
    if (verdict?.fault) return establish(context, causeOfFault(resource, verdict.fault), symptom, [...evidence, ...verdict.evidence]);
    return undefined;
  }

  /** The object holding the name exactly was missed by the filter: a stale index, or what a filter test on it shows. */
  private async explainHolder(
    resource: MatchedResource,
    stored: StoredObject,
    symptom: Exchange,
    context: InspectionContext,
    evidence: string[],
    ask: (path: string, value: string, encoding: 'form' | 'percent') => Promise<{ ids?: readonly string[] }>,
  ): Promise<string | undefined> {
    const sender = budgetedSender(context, 'matching-conflict');
    if (!sender) return undefined;
    const former = (this.memory.identity(stored.id)?.names ?? []).filter((old) => old.toLowerCase() !== stored.name.toLowerCase());
    for (const old of former.slice(-2)) {
      if ((await ask(matchingAttributeOf(resource), old, 'form')).ids?.includes(stored.id)) return establish(context, FILTER_STALE_AFTER_UPDATE, symptom, evidence);
    }
    const verdict = await testFilterOn(sender, stored, context.signal);
    return verdict.fault ? establish(context, causeOfFault(resource, verdict.fault), symptom, [...evidence, ...verdict.evidence]) : undefined;
  }

  /** One throw-away object per resource type and run: the answer is the endpoint's, not one object's. */
  private calibration(resource: MatchedResource, context: InspectionContext): Promise<FilterVerdict | undefined> {
    let verdict = this.calibrations.get(resource);
    if (!verdict) {
      const sender = budgetedSender(context, 'matching-filter-test');
      verdict = sender ? calibrateFilter(sender, resource, this.options.prefix, context.signal).catch(() => undefined) : Promise.resolve(undefined);
      this.calibrations.set(resource, verdict);
    }
    return verdict;
  }
}
