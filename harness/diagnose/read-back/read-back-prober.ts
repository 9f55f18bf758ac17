/**
 * The requests a read-back diagnosis may send (docs/diagnosis.md#read-back): re-send one operation
 * of the last write in a variant (recorded as `probe:read-back-<variant>`, within the run's probe
 * budget), read the resource again, and ask which groups hold a member (recorded as
 * `diagnosis-read`). Every request counts against a per-run allowance, so a badly broken target
 * cannot multiply the traffic; when it is spent, or no sender was given (--no-probe,
 * --read-only), nothing is sent and the diagnosis names only what it saw.
 */
import { type Exchange } from '../../contract/exchange';
import { type ExchangeSender } from '../../contract/target-client';
import { URN, isJsonObject } from '../../checks/exchange-facts';
import { resourcePath } from '../../engine/resource-path';
import { eqFilter, listResources, resourceId } from '../../engine/scim-responses';

export interface ProbeSenders {
  /** Reads of what the target stored (purpose `diagnosis-read`). */
  readonly read: ExchangeSender;
  /** A sender for one variant write (`probe:<name>`); undefined when the run's probe budget is spent. */
  probe(name: string): ExchangeSender | undefined;
}

/** Requests the read-back diagnosis may send in one run, reads and variant writes together. */
export class RequestAllowance {
  constructor(private left: number) {}

  take(): boolean {
    if (this.left <= 0) return false;
    this.left -= 1;
    return true;
  }
}

export interface ProbedObject {
  readonly objectType: 'User' | 'Group';
  readonly targetId: string;
}

export interface ReadResult {
  readonly exchange: Exchange;
  /** The resource read, when the target answered 200 with one. */
  readonly resource?: Readonly<Record<string, unknown>>;
}

function endpointOf(object: ProbedObject): '/Users' | '/Groups' {
  return object.objectType === 'Group' ? '/Groups' : '/Users';
}

export class ReadBackProber {
  constructor(
    private readonly senders: ProbeSenders,
    private readonly allowance: RequestAllowance,
    private readonly signal?: AbortSignal,
  ) {}

  /** PATCHes the object with one operation; undefined when nothing may be sent. */
  async patch(variant: string, object: ProbedObject, operation: Readonly<Record<string, unknown>>): Promise<Exchange | undefined> {
    if (this.signal?.aborted) return undefined;
    const sender = this.senders.probe(`read-back-${variant}`);
    if (!sender || !this.allowance.take()) return undefined;
    return sender.send({ method: 'PATCH', path: resourcePath(endpointOf(object), object.targetId), body: { schemas: [URN.patchOp], Operations: [operation] } }, this.signal);
  }

  /** GET by id, without a projection: a group comes with its members when the target returns them. */
  async read(object: ProbedObject): Promise<ReadResult | undefined> {
    return this.get(resourcePath(endpointOf(object), object.targetId));
  }

  /** GET /Groups/{id}?attributes=members: are members returned when asked for by name? */
  async readMembers(groupId: string): Promise<ReadResult | undefined> {
    return this.get(resourcePath('/Groups', groupId), { attributes: 'members' });
  }

  /**
   * GET /Groups?filter=members.value eq "<id>" (RFC 7644 §3.4.2.2): the ids of the groups that hold
   * the member, as the target's filter sees its stored members; undefined when the target could not
   * answer the filter.
   */
  async groupsHolding(memberId: string): Promise<{ readonly exchange: Exchange; readonly groupIds: readonly string[] } | undefined> {
    if (this.signal?.aborted || !this.allowance.take()) return undefined;
    const exchange = await this.senders.read.send({ method: 'GET', path: '/Groups', query: { filter: eqFilter('members.value', memberId), excludedAttributes: 'members' } }, this.signal);
    if (exchange.response?.status !== 200) return { exchange, groupIds: [] };
    const groupIds = listResources(exchange)
      .map((resource) => resourceId(resource))
      .filter((id): id is string => id !== undefined);
    return { exchange, groupIds };
  }

  private async get(path: string, query?: Readonly<Record<string, string>>): Promise<ReadResult | undefined> {
    if (this.signal?.aborted || !this.allowance.take()) return undefined;
    const exchange = await this.senders.read.send({ method: 'GET', path, ...(query ? { query } : {}) }, this.signal);
    const body = exchange.response?.status === 200 ? exchange.response.body : undefined;
    return isJsonObject(body) ? { exchange, resource: body } : { exchange };
  }
}
