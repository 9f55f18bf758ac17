/**
 * The shapes every conformance check shares, and the one place that decides which SCIM
 * operation an exchange was (RFC 7644 §3.2 endpoint table), so every check reads it the same way.
 */
import { type Exchange } from '../contract/exchange';
import { type Severity } from '../contract/finding';
import { discoveryEndpointOf, type ExchangeFacts, type ExchangeOrFacts, factsOf, queryParamOf } from './exchange-facts';

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
  /** What the checks read from the exchange, derived once for all of them. */
  readonly facts: ExchangeFacts;
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
  /**
   * Why this severity, in one line (docs/diagnosis.md#severity), starting with its basis:
   * `Entra fails:`, `Entra loses data:`, `MUST:` or `SHALL:` (required); `SHOULD:` or
   * `Entra tolerates:` (recommended); `RFC allows:` (advisory). The words after it cite the RFC
   * section or docs/entra-behaviour.md anchor it rests on.
   */
  readonly severityReason: string;
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
  /** The object's exchanges in order, as facts: a query response shared by several histories is read once. */
  run(history: readonly ExchangeFacts[]): CheckOutcome | null;
}

export interface CheckResult<C extends CheckDescriptor = CheckDescriptor> {
  readonly check: C;
  readonly outcome: CheckOutcome;
}

const RESOURCE_SEGMENTS: Readonly<Record<string, ObjectType>> = { Users: 'User', Groups: 'Group' };

/**
 * RFC 7644 §3.2: the operation follows from method + endpoint. A collection GET is a query
 * (RFC 7644 §3.4.2) whether or not it carries `filter`, so both count as 'filter'; checks that
 * need the `filter` parameter itself look for it.
 */
export function operationOf(source: ExchangeOrFacts): Operation {
  const facts = factsOf(source);
  const ends = facts.endpoint;
  if (!ends) return 'other';
  const method = facts.exchange.request.method;
  const { last, previous } = ends;
  if (last === undefined) return 'other';

  // RFC 7644 §4: the three discovery endpoints, and their by-id forms.
  if (discoveryEndpointOf(facts)) return 'discovery';
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
export function objectTypeOf(source: ExchangeOrFacts): ObjectType | undefined {
  const ends = factsOf(source).endpoint;
  if (!ends) return undefined;
  const { last, previous } = ends;
  if (last !== undefined && RESOURCE_SEGMENTS[last] !== undefined) return RESOURCE_SEGMENTS[last];
  if (previous !== undefined && RESOURCE_SEGMENTS[previous] !== undefined) return RESOURCE_SEGMENTS[previous];
  return undefined;
}

/** The context every exchange check reads: the exchange's facts are derived here, once. */
export function contextOf(source: ExchangeOrFacts, objectType?: ObjectType): ExchangeContext {
  const facts = factsOf(source);
  const exchange = facts.exchange;
  const type = objectType ?? objectTypeOf(facts);
  const operation = operationOf(facts);
  return type === undefined ? { exchange, facts, operation } : { exchange, facts, operation, objectType: type };
}

/** True when a GET to a collection carries a `filter` (RFC 7644 §3.4.2.2). */
export function hasFilterParam(source: ExchangeOrFacts): boolean {
  return queryParamOf(source, 'filter') !== undefined;
}
