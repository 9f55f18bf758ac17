/**
 * Read-back diagnosis (docs/diagnosis.md#read-back): a write the target answered 2xx to, and a
 * later read that does not show it. "Expected X, got Y" could mean several things, each with its
 * own fix; this names the one that holds, in order:
 *
 *  1. the stored resource shows it (no request): a path kept as a literal key, an extension URN
 *     split at the dot in "2.0", a "True"/"False" string kept as a string, a manager returned as a
 *     string (stored-shape.ts);
 *  2. group members: a `members.value eq` filter finds the group although GET does not list the
 *     member (stored, never returned), else the members were not stored;
 *  3. the operation that wrote the value, re-sent once per variant Entra's other dialect would
 *     use — lower-case op, then JSON boolean — and read again: the first that takes names the
 *     cause (capitalised op ignored, string boolean ignored); none: the attribute is dropped.
 *     A lower-case operation with JSON values has no variant: it is dropped without a request.
 *
 * Bounds: a cause is recorded once per run; an operation shape (resource type, op as written,
 * path, kind of value) is investigated once and remembered, so the same write in the next
 * scenario or dialect costs nothing; every request counts against a per-run allowance. Without
 * senders (--no-probe, --read-only) only steps that need no request run.
 *
 * The remembered shapes also mark the target's later writes of that shape in log entries
 * (`inspector`), as do the stored shapes in any 2xx response, so the entries and the findings on
 * them count for the cause they show.
 */
import { type Exchange } from '../../contract/exchange';
import { type ScimRequest } from '../../contract/target-client';
import { type FlatPatchOperation } from '../../checks/patch-values';
import { valueAtPath } from '../../checks/scim-path';
import { valueMatches } from '../../checks/scim-values';
import { getAttribute, isJsonObject } from '../../checks/exchange-facts';
import { type CauseSpec, type DiagnosisFacts, type DiagnosisSink, diagnosisOf } from '../cause';
import { type ExchangeInspector } from '../request-diagnoser';
import { CAPITALISED_OP_IGNORED, MEMBERS_NOT_RETURNED, STRING_BOOLEAN_IGNORED, writeDropped } from './read-back-causes';
import { type ProbeSenders, type ProbedObject, ReadBackProber, RequestAllowance } from './read-back-prober';
import { responseShapes, storedShapes } from './stored-shape';
import { type WrittenOperation, operationShape, samePlace, writesMember, writtenOperations } from './written-operations';

export interface ReadBackFailure extends ProbedObject {
  /** The read that showed the difference, and what it returned. */
  readonly read: Exchange;
  readonly resource: unknown;
  /** The attributes whose value read back differs: SCIM path and the value expected there. */
  readonly attributes: readonly { readonly path: string; readonly expected: unknown }[];
  /** Target ids of members expected but not listed, and listed but expected gone. */
  readonly missingMembers: readonly string[];
  readonly unexpectedMembers: readonly string[];
  /** The object's writes the target answered 2xx in this scenario run (from its log entries), oldest first. */
  readonly writes: readonly Exchange[];
  readonly scenarioId?: string;
  readonly dialect?: string;
}

export interface ReadBackCause {
  readonly cause: string;
  /** The exchanges the symptom rests on and the proof: the read, the write, the probes. */
  readonly evidence: readonly string[];
}

export interface ReadBackDiagnosisOptions {
  /** Where established causes go (the run's recorder). */
  readonly sink: DiagnosisSink;
  /** Senders for reads and variant writes; absent: nothing is sent (--no-probe, --read-only). */
  readonly senders?: (scenarioId?: string) => ProbeSenders;
  /** Requests the diagnosis may send in one run (default 80). */
  readonly maxRequests?: number;
}

/** Operation shapes remembered per run: the suite writes a few dozen. */
const MAX_KNOWN_SHAPES = 500;
/** Writes of the object looked back over, latest first. */
const WRITES_CONSIDERED = 8;

interface Located {
  readonly write: Exchange;
  readonly operation: WrittenOperation;
}

interface Variant {
  readonly name: string;
  readonly cause: CauseSpec;
  readonly operation: Readonly<Record<string, unknown>>;
}

/** The attribute a dropped-write cause names: the harness's own path without a value filter, never the target's text. */
function attributeOf(path: string): string {
  const bracket = path.indexOf('[');
  return (bracket === -1 ? path : path.slice(0, bracket)).trim();
}

/** `"True"`/`"False"` anywhere in an operation's value, as JSON booleans. */
function withJsonBooleans(value: unknown): { value: unknown; changed: boolean } {
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return { value: value.trim().toLowerCase() === 'true', changed: true };
  if (Array.isArray(value)) {
    const items = value.map(withJsonBooleans);
    return { value: items.map((item) => item.value), changed: items.some((item) => item.changed) };
  }
  if (isJsonObject(value)) {
    const entries = Object.entries(value).map(([key, inner]) => [key, withJsonBooleans(inner)] as const);
    return { value: Object.fromEntries(entries.map(([key, inner]) => [key, inner.value])), changed: entries.some(([, inner]) => inner.changed) };
  }
  return { value, changed: false };
}

/** The variants Entra's compliant dialect would send instead, each building on the one before. */
function variantsOf(operation: WrittenOperation): Variant[] {
  const variants: Variant[] = [];
  let current: Readonly<Record<string, unknown>> = operation.raw;
  if (operation.op !== operation.op.toLowerCase()) {
    current = { ...current, op: operation.op.toLowerCase() };
    variants.push({ name: 'lower-case-op', cause: CAPITALISED_OP_IGNORED, operation: current });
  }
  const booleans = withJsonBooleans(getAttribute(current, 'value'));
  if (booleans.changed) variants.push({ name: 'json-boolean', cause: STRING_BOOLEAN_IGNORED, operation: { ...current, value: booleans.value } });
  return variants;
}

export class ReadBackDiagnosis {
  private readonly recorded = new Set<string>();
  private readonly known = new Map<string, string>();
  private readonly allowance: RequestAllowance;

  constructor(private readonly options: ReadBackDiagnosisOptions) {
    this.allowance = new RequestAllowance(options.maxRequests ?? 80);
  }

  /** Names why the read-back differs, or undefined when no cause could be established. Never throws for the target's behaviour. */
  async diagnose(failure: ReadBackFailure, signal?: AbortSignal): Promise<ReadBackCause | undefined> {
    const senders = this.options.senders?.(failure.scenarioId);
    const prober = senders ? new ReadBackProber(senders, this.allowance, signal) : undefined;
    const writes = failure.writes.slice(-WRITES_CONSIDERED).map((write) => ({ write, operations: writtenOperations(write) }));
    // The latest operation that wrote what `matches` recognises.
    const locate = (matches: (written: FlatPatchOperation) => boolean): Located | undefined => {
      for (let w = writes.length - 1; w >= 0; w -= 1) {
        const { write, operations } = writes[w];
        for (let o = operations.length - 1; o >= 0; o -= 1) {
          if (operations[o].writes.some(matches)) return { write, operation: operations[o] };
        }
      }
      return undefined;
    };
    const facts = (evidence: readonly string[], serverDetail?: string): DiagnosisFacts => ({
      evidence,
      ...(serverDetail !== undefined ? { serverDetail } : {}),
      ...(failure.scenarioId !== undefined ? { scenarioId: failure.scenarioId } : {}),
      ...(failure.dialect !== undefined ? { dialect: failure.dialect } : {}),
    });

    const shape = storedShapes(failure.resource).find((candidate) => failure.attributes.some((attribute) => candidate.concerns(attribute.path)));
    if (shape) {
      const writeIds: string[] = [];
      for (const attribute of failure.attributes) {
        const located = locate((written) => samePlace(written.path, attribute.path));
        if (!located) continue;
        this.remember(failure.objectType, located.operation, shape.cause.id);
        writeIds.push(located.write.id);
      }
      const evidence = [failure.read.id, ...writeIds];
      return this.name(shape.cause, facts(evidence, `Read back ${shape.seen}`), evidence);
    }

    // A value the target kept in another spelling (case, phone format) was stored: not a read-back cause.
    const unstored = failure.attributes.filter((attribute) => !valueMatches(attribute.expected, valueAtPath(failure.resource, attribute.path), { caseInsensitive: true }));
    for (const attribute of unstored) {
      const located = locate((written) => samePlace(written.path, attribute.path));
      if (!located) continue;
      const holds = (resource: unknown): boolean => valueMatches(attribute.expected, valueAtPath(resource, attribute.path));
      const found = await this.explainUnapplied(failure, located, holds, attributeOf(attribute.path), prober, facts);
      if (found) return found;
    }

    const member = failure.missingMembers[0] ?? failure.unexpectedMembers[0];
    if (member === undefined) return undefined;
    const located = locate((written) => writesMember(written, member));
    if (failure.missingMembers.length > 0 && failure.objectType === 'Group' && prober) {
      // Stored but not returned, or not stored: the target's own filter over its stored members tells.
      const holding = await prober.groupsHolding(member);
      if (holding?.groupIds.includes(failure.targetId)) {
        const evidence = [failure.read.id, holding.exchange.id, ...(located ? [located.write.id] : [])];
        return this.name(MEMBERS_NOT_RETURNED, facts(evidence), evidence);
      }
    }
    if (!located) return undefined;
    const holds = (resource: unknown): boolean => {
      const listed = isJsonObject(resource) ? getAttribute(resource, 'members') : undefined;
      const ids = new Set(Array.isArray(listed) ? listed.map((item) => (isJsonObject(item) ? getAttribute(item, 'value') : undefined)) : []);
      return failure.missingMembers.every((id) => ids.has(id)) && failure.unexpectedMembers.every((id) => !ids.has(id));
    };
    return this.explainUnapplied(failure, located, holds, 'members', prober, facts);
  }

  /**
   * Marks the target's later writes in log entries: a 2xx response showing a stored shape, or a
   * write of an operation shape a read-back already explained. No request is sent.
   */
  readonly inspector: ExchangeInspector = {
    name: 'read-back',
    signature: (request, exchange) => this.entrySignature(request, exchange),
    investigate: (request, exchange) => Promise.resolve(this.entryCause(request, exchange)),
  };

  private async explainUnapplied(
    failure: ReadBackFailure,
    located: Located,
    holds: (resource: unknown) => boolean,
    attribute: string,
    prober: ReadBackProber | undefined,
    facts: (evidence: readonly string[], serverDetail?: string) => DiagnosisFacts,
  ): Promise<ReadBackCause | undefined> {
    const base = [failure.read.id, located.write.id];
    const known = this.known.get(operationShape(failure.objectType, located.operation));
    if (known !== undefined) return { cause: known, evidence: base };
    const variants = variantsOf(located.operation);
    const dropped = writeDropped(attribute);
    if (variants.length === 0) {
      this.remember(failure.objectType, located.operation, dropped.id);
      return this.name(dropped, facts(base), base);
    }
    if (!prober) return undefined;
    const proof: string[] = [];
    let accepted = false;
    for (const variant of variants) {
      const sent = await prober.patch(variant.name, failure, variant.operation);
      if (!sent) return undefined;
      proof.push(sent.id);
      const status = sent.response?.status ?? 0;
      if (status < 200 || status >= 300) continue;
      accepted = true;
      const reread = await prober.read(failure);
      if (!reread) return undefined;
      proof.push(reread.exchange.id);
      if (reread.resource && holds(reread.resource)) {
        this.remember(failure.objectType, located.operation, variant.cause.id);
        return this.name(variant.cause, facts([...base, ...proof]), [...base, ...proof]);
      }
    }
    // Variants the target refused say nothing about the write it accepted.
    if (!accepted) return undefined;
    this.remember(failure.objectType, located.operation, dropped.id);
    return this.name(dropped, facts([...base, ...proof]), [...base, ...proof]);
  }

  private remember(objectType: string, operation: WrittenOperation, cause: string): void {
    if (this.known.size < MAX_KNOWN_SHAPES) this.known.set(operationShape(objectType, operation), cause);
  }

  /** Records the cause the first time it is established; every caller gets its id and evidence. */
  private name(cause: CauseSpec, facts: DiagnosisFacts, evidence: readonly string[]): ReadBackCause {
    if (!this.recorded.has(cause.id)) {
      this.recorded.add(cause.id);
      this.options.sink.diagnosis(diagnosisOf(cause, facts));
    }
    return { cause: cause.id, evidence: [...new Set(evidence)] };
  }

  private entrySignature(request: ScimRequest, exchange: Exchange): string | undefined {
    const status = exchange.response?.status ?? 0;
    if (status < 200 || status >= 300) return undefined;
    const shape = responseShapes(exchange.response?.body)[0];
    if (shape) return `shape:${shape.cause.id}`;
    const known = this.knownShapeOf(request, exchange);
    return known === undefined ? undefined : `known:${known}`;
  }

  private entryCause(request: ScimRequest, exchange: Exchange): string | undefined {
    const shape = responseShapes(exchange.response?.body)[0];
    if (shape) return this.name(shape.cause, { evidence: [exchange.id], serverDetail: `Returned ${shape.seen}` }, [exchange.id]).cause;
    const known = this.knownShapeOf(request, exchange);
    return known === undefined ? undefined : this.known.get(known);
  }

  /** The first operation shape of a PATCH whose cause a read-back established. */
  private knownShapeOf(request: ScimRequest, exchange: Exchange): string | undefined {
    if (request.method !== 'PATCH' || this.known.size === 0) return undefined;
    const objectType = /^\/Groups(\/|$)/i.test(request.path) ? 'Group' : 'User';
    return writtenOperations(exchange)
      .map((operation) => operationShape(objectType, operation))
      .find((shape) => this.known.has(shape));
  }
}
