/**
 * The shapes every conformance check shares, and the one place that decides which SCIM
 * operation an exchange was (RFC 7644 §3.2 endpoint table), so every check reads it the same way.
 */
import { type Exchange } from '../contract/exchange';
import { type Severity } from '../contract/finding';
import { discoveryEndpointOf, endpointSegmentsOf, queryParamOf } from './exchange-facts';

export type Operation =
  | 'create'
  | 'read'
  | 'filter'
  | 'replace'
  | 'patch'
  | 'delete'
  | 'search'
  | 'discovery'
  | 'other';

export type ObjectType = 'User' | 'Group';

export interface ExchangeContext {
  readonly exchange: Exchange;
  readonly operation: Operation;
  readonly objectType?: ObjectType;
}

/**
 * A deviation. `evidence` is only set by checks that rest on several exchanges (lifecycle
 * checks); single-exchange checks leave it out and the caller cites the exchange it passed in.
 */
export interface CheckOutcome {
  readonly expected: string;
  readonly actual: string;
  readonly evidence?: readonly string[];
}

/** What a finding needs from the check that produced it. */
export interface CheckDescriptor {
  /** Stable id, e.g. `protocol/create-status-201`. */
  readonly id: string;
  readonly severity: Severity;
  /** Citation, e.g. "RFC 7644 §3.3" or "Entra: soft delete". */
  readonly spec: string;
  readonly title: string;
  /** One line telling the vendor what to change. */
  readonly fix: string;
}

export interface ExchangeCheck extends CheckDescriptor {
  appliesTo(ctx: ExchangeContext): boolean;
  /** A deviation, or null when the exchange conforms. */
  run(ctx: ExchangeContext): CheckOutcome | null;
}

/** Checks over the ordered exchanges of ONE target object (create, reads, patches, delete…). */
export interface LifecycleCheck extends CheckDescriptor {
  run(history: readonly Exchange[]): CheckOutcome | null;
}

export interface CheckResult<C extends CheckDescriptor = CheckDescriptor> {
  readonly check: C;
  readonly outcome: CheckOutcome;
}

const RESOURCE_SEGMENTS: Readonly<Record<string, ObjectType>> = { Users: 'User', Groups: 'Group' };

/** The discovery observer and every check ask in turn about the same exchange. */
let lastOperation: { readonly exchange: Exchange; readonly url: string; readonly method: string; readonly operation: Operation } | undefined;

/**
 * RFC 7644 §3.2: the operation follows from method + endpoint. A collection GET is a query
 * (RFC 7644 §3.4.2) whether or not it carries `filter`, so both count as 'filter'; checks that
 * need the `filter` parameter itself look for it.
 */
export function operationOf(exchange: Exchange): Operation {
  const last = lastOperation;
  const { url, method } = exchange.request;
  if (last !== undefined && last.exchange === exchange && last.url === url && last.method === method) return last.operation;
  const operation = deriveOperation(exchange);
  lastOperation = { exchange, url, method, operation };
  return operation;
}

function deriveOperation(exchange: Exchange): Operation {
  const ends = endpointSegmentsOf(exchange.request.url, exchange.request);
  if (!ends) return 'other';
  const method = exchange.request.method;
  const { last, previous } = ends;
  if (last === undefined) return 'other';

  // RFC 7644 §4: the three discovery endpoints, and their by-id forms.
  if (discoveryEndpointOf(exchange.request.url)) return 'discovery';
  // RFC 7644 §3.4.3: POST {base}/.search or {base}/{ResourceType}/.search.
  if (last === '.search') return method === 'POST' ? 'search' : 'other';

  if (RESOURCE_SEGMENTS[last] !== undefined) {
    if (method === 'POST') return 'create';
    if (method === 'GET') return 'filter';
    return 'other';
  }
  if (previous !== undefined && RESOURCE_SEGMENTS[previous] !== undefined) {
    switch (method) {
      case 'GET':
        return 'read';
      case 'PUT':
        return 'replace';
      case 'PATCH':
        return 'patch';
      case 'DELETE':
        return 'delete';
      default:
        return 'other';
    }
  }
  return 'other';
}

/** The resource type an exchange addresses, from its `/Users` or `/Groups` segment. */
export function objectTypeOf(exchange: Exchange): ObjectType | undefined {
  const ends = endpointSegmentsOf(exchange.request.url, exchange.request);
  if (!ends) return undefined;
  const { last, previous } = ends;
  if (last !== undefined && RESOURCE_SEGMENTS[last] !== undefined) return RESOURCE_SEGMENTS[last];
  if (previous !== undefined && RESOURCE_SEGMENTS[previous] !== undefined) return RESOURCE_SEGMENTS[previous];
  return undefined;
}

export function contextOf(exchange: Exchange, objectType?: ObjectType): ExchangeContext {
  const type = objectType ?? objectTypeOf(exchange);
  return type === undefined
    ? { exchange, operation: operationOf(exchange) }
    : { exchange, operation: operationOf(exchange), objectType: type };
}

/** True when a GET to a collection carries a `filter` (RFC 7644 §3.4.2.2). */
export function hasFilterParam(exchange: Exchange): boolean {
  return queryParamOf(exchange, 'filter') !== undefined;
}
