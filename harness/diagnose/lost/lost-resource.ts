/**
 * A target that loses what it acknowledged (docs/diagnosis.md#causes): an id returned by a
 * successful create, which nobody deleted, answers 404. Entra caches the id a create returns and
 * reads, updates and deletes by it from then on (docs/entra-behaviour.md#create-user), so every
 * later operation on the object fails with InvalidAnchor — one cause, however many requests show it.
 *
 * The inspector watches every exchange of the run (`observe` for Entra's, `observeOther` for the
 * harness's own: seeds, raw requests, out-of-band deletes, cleanup, probes). A 404 to a GET,
 * PATCH, PUT or DELETE of `/Users/{id}` or `/Groups/{id}` whose id was acknowledged and never
 * deleted is re-read once; still 404 → the cause, with the create, the 404 and the re-read as
 * evidence. An id deleted behind Entra's back (a scenario's out-of-band DELETE) is gone, not
 * lost. A create accepted for a name an acknowledged, never-deleted object still holds is checked
 * the same way (re-read the earlier id), since a store that kept it would have refused with 409.
 *
 * Bounds: one investigation per id (the diagnoser's memo), one probe each; once the cause is
 * proven by a re-read, later ids are attributed without probing, so a target that loses
 * everything costs one probe, not one per object.
 */
import { type Exchange } from '../../contract/exchange';
import { type ScimRequest } from '../../contract/target-client';
import { resourcePath, unusableIdReason } from '../../engine/resource-path';
import { quoteServer } from '../../text/quote-server';
import { type CauseSpec, diagnosisOf } from '../cause';
import { type ExchangeInspector, type InspectionContext } from '../request-diagnoser';
import { AcknowledgedResources, type AcknowledgedCreate, resourceOfUrl } from './acknowledged-resources';

export const ACKNOWLEDGED_RESOURCE_LOST: CauseSpec = {
  id: 'lost/acknowledged-resource-lost',
  title: 'Loses resources it acknowledged creating: an id returned by a successful create later answers 404',
  severity: 'required',
  fix: 'Store the resource (and every change a 2xx acknowledges) before answering; a created id must read 200 until a DELETE removes it.',
  impact:
    'Entra caches the id a create returns and reads, updates, disables and deletes by it: each of those fails with InvalidAnchor, and the object can never be updated or deprovisioned.',
  consequence: 'fails',
  operations: ['update', 'disable', 'enable', 'delete', 'membership'],
  spec: 'RFC 7644 §3.3, §3.5, §3.6; docs/entra-behaviour.md#create-user',
};

const METHODS_BY_ID = new Set(['GET', 'PATCH', 'PUT', 'DELETE']);

/**
 * The acknowledged create whose id a 404 says is gone. A user whose last acknowledged write
 * disabled it is left to the matching diagnosis: a 404 there is a disabled user treated as
 * deleted (docs/diagnosis.md#matching, `matching/disabled-user-hidden`), a cause of its own.
 */
function lostCreateAnswered404(memory: AcknowledgedResources, exchange: Exchange): AcknowledgedCreate | undefined {
  if (exchange.response?.status !== 404 || !METHODS_BY_ID.has(exchange.request.method)) return undefined;
  const target = resourceOfUrl(exchange.request.url);
  const create = target?.id !== undefined ? memory.live(target.id, target.resource, exchange) : undefined;
  return create && !memory.isDisabled(create.id) ? create : undefined;
}

/**
 * What an exchange a failed expectation judged shows of a lost resource: a 404 as above, or a
 * create accepted for a name an earlier acknowledged, never-deleted create sent (the scenario
 * expected a 409). Not asked of Entra's own creates: a name reused after a rename is legitimate.
 */
function lostCreateShownBy(memory: AcknowledgedResources, exchange: Exchange): AcknowledgedCreate | undefined {
  const status = exchange.response?.status ?? 0;
  if (status >= 200 && status < 300) return memory.earlierWithName(exchange);
  return lostCreateAnswered404(memory, exchange);
}

export class LostResourceInspector implements ExchangeInspector {
  readonly name = 'lost-resource';
  private readonly memory = new AcknowledgedResources();
  /** A re-read proved the cause once in this run. */
  private proven = false;

  observe(_request: ScimRequest, exchange: Exchange): void {
    this.memory.observe(exchange);
  }

  observeOther(_request: ScimRequest, exchange: Exchange): void {
    this.memory.observe(exchange);
  }

  signature(_request: ScimRequest, exchange: Exchange): string | undefined {
    return lostCreateAnswered404(this.memory, exchange)?.id;
  }

  explainSignature(exchange: Exchange): string | undefined {
    return lostCreateShownBy(this.memory, exchange)?.id;
  }

  async investigate(_request: ScimRequest, exchange: Exchange, context: InspectionContext): Promise<string | undefined> {
    const create = lostCreateShownBy(this.memory, exchange);
    if (!create || unusableIdReason(create.id) !== undefined) return undefined;
    const evidence = [create.createdBy, exchange.id];
    if (!this.proven) {
      const sender = context.probe('lost-resource-reread');
      if (!sender) return undefined;
      const query = create.resource === 'Groups' ? { excludedAttributes: 'members' } : undefined;
      const reread = await sender.send({ method: 'GET', path: resourcePath(`/${create.resource}`, create.id), ...(query ? { query } : {}) }, context.signal);
      if (reread.response?.status !== 404) return undefined;
      evidence.push(reread.id);
      this.proven = true;
    }
    const serverDetail = quoteServer(exchange);
    context.record(diagnosisOf(ACKNOWLEDGED_RESOURCE_LOST, { evidence, ...(serverDetail !== undefined ? { serverDetail } : {}) }));
    return ACKNOWLEDGED_RESOURCE_LOST.id;
  }
}
