/**
 * Differential probing (docs/diagnosis.md#probing): the `RequestDiagnoser` the recording client
 * calls around every request of a log entry. Inspectors look at what came back; when one applies
 * (the target rejected a request Entra sends, a create conflicted with nothing the match found …)
 * it sends minimal variants or cross-checks, each recorded as a `probe:<name>` exchange, and names
 * the cause. A cause with a variant the target accepts becomes a workaround: later requests are
 * sent that way, so the rest of the lifecycle is still tested, and their exchanges say so.
 *
 * Bounds: one investigation per inspector and request signature (concurrent entries share it), at
 * most `maxProbes` probe requests per run, and nothing under --read-only or --no-probe (the
 * composition root then installs no diagnoser).
 */
import { type Exchange } from '../contract/exchange';
import { type ExchangeSender, type RecordingTargetClient, type RequestDiagnoser, type ScimRequest } from '../contract/target-client';
import { type Diagnosis } from '../contract/root-cause';
import { type DiagnosisSink } from './cause';

/** What an inspector may do while it investigates one exchange. */
export interface InspectionContext {
  /** A sender for one probe; its exchanges are recorded as `probe:<name>`. Undefined when the run's probe budget is spent. */
  probe(name: string): ExchangeSender | undefined;
  /**
   * Records the cause. A cause already recorded is recorded again only with exchanges it did not
   * cite yet (a later symptom it explains), so each is attributed to it; at most
   * `MAX_RECORDS_PER_CAUSE` times per cause and run.
   */
  record(diagnosis: Diagnosis): void;
  /** From now on, requests it applies to are sent changed (docs/diagnosis.md#probing). */
  learn(workaround: Workaround): void;
  readonly signal?: AbortSignal;
}

export interface ExchangeInspector {
  readonly name: string;
  /**
   * Sees every inspected exchange first, whatever it shows (cheap, no I/O): an inspector that
   * needs the run's history (which ids were created, renamed, deleted) keeps it here, bounded.
   */
  observe?(request: ScimRequest, exchange: Exchange): void;
  /**
   * Sees every other exchange of the run — the harness's own: scenario seeds and requests,
   * out-of-band deletes, cleanup, probes — (cheap, no I/O), never to investigate it: an inspector
   * whose history must hold all that was created and deleted keeps it here.
   */
  observeOther?(request: ScimRequest, exchange: Exchange): void;
  /**
   * The signature of what a scenario's own exchange (a read-back, a raw request) shows, when a
   * failed expectation judged it and this inspector investigates it (cheap, no I/O): it is then
   * investigated like Entra's under the same memo (`ProbingDiagnoser.explain`). Undefined: not
   * this inspector's. Inspectors without it never see such exchanges.
   */
  explainSignature?(exchange: Exchange): string | undefined;
  /**
   * The signature of what this exchange shows, when the inspector investigates it (cheap, no I/O):
   * exchanges with the same signature share one investigation. Undefined: not this inspector's.
   */
  signature(request: ScimRequest, exchange: Exchange): string | undefined;
  /** Investigates; returns the id of the cause it established, or undefined when it could not name one. */
  investigate(request: ScimRequest, exchange: Exchange, context: InspectionContext): Promise<string | undefined>;
}

/** A change to what the client profile sends that the target accepts: the cause it works around and how. */
export interface Workaround {
  readonly cause: string;
  /**
   * Where it was learned, e.g. `/Groups`: one cause may need its workaround in several places
   * (capitalised ops refused on users and on groups), each learned from its own probe, while a
   * place where the target accepts Entra's request is never changed.
   */
  readonly scope?: string;
  /** Entra's request it changes, named for a person ("Create Group request"): a scenario says "The target accepts Entra's <request> as Entra sends it". */
  readonly request?: string;
  /** The diagnosis it works around: its title, fix and the exchanges that prove it. */
  readonly diagnosis?: Diagnosis;
  applies(request: ScimRequest): boolean;
  apply(request: ScimRequest): ScimRequest;
}

export interface ProbingDiagnoserOptions {
  readonly client: RecordingTargetClient;
  readonly sink: DiagnosisSink;
  readonly inspectors: readonly ExchangeInspector[];
  /** Probe requests the whole run may send (default 200): a badly broken target cannot multiply the traffic. */
  readonly maxProbes?: number;
}

/** Investigations remembered per run: enough for every distinct request shape of the suite. */
const MAX_REMEMBERED = 2_000;
/** Diagnosis records per cause and run: the first, then later symptoms' exchanges (docs/diagnosis.md#root-causes). */
const MAX_RECORDS_PER_CAUSE = 50;

export class ProbingDiagnoser implements RequestDiagnoser {
  private readonly workarounds: Workaround[] = [];
  private readonly investigations = new Map<string, Promise<string | undefined>>();
  /** Exchange ids each recorded cause has cited so far, and how often it was recorded. */
  private readonly recorded = new Map<string, { readonly cited: Set<string>; records: number }>();
  private probesLeft: number;

  constructor(private readonly options: ProbingDiagnoserOptions) {
    this.probesLeft = options.maxProbes ?? 200;
  }

  adapt(request: ScimRequest): { readonly request: ScimRequest; readonly workaround?: string } {
    let adapted = request;
    let workaround: string | undefined;
    for (const known of this.workarounds) {
      if (!known.applies(adapted)) continue;
      adapted = known.apply(adapted);
      workaround ??= known.cause;
    }
    return workaround === undefined ? { request } : { request: adapted, workaround };
  }

  async inspect(request: ScimRequest, exchange: Exchange, signal?: AbortSignal): Promise<Exchange> {
    for (const inspector of this.options.inspectors) inspector.observe?.(request, exchange);
    for (const inspector of this.options.inspectors) {
      const signature = inspector.signature(request, exchange);
      if (signature === undefined) continue;
      const cause = await this.investigate(`${inspector.name}\u0000${signature}`, (context) => inspector.investigate(request, exchange, context), signal);
      if (cause !== undefined) return { ...exchange, cause };
    }
    return exchange;
  }

  /** Called with every exchange that is not an entry's (RequestDiagnoser.observe): the inspectors learn from it. */
  observe(request: ScimRequest, exchange: Exchange): void {
    for (const inspector of this.options.inspectors) inspector.observeOther?.(request, exchange);
  }

  /**
   * The cause an inspector that reads only the exchange names for one of a scenario's own
   * exchanges (a read-back, a raw request) that a failed expectation judged, under the same memo
   * and budget as Entra's; undefined when none applies.
   */
  async explain(exchange: Exchange, signal?: AbortSignal): Promise<string | undefined> {
    const request = requestOf(exchange, this.options.client.baseUrl);
    for (const inspector of this.options.inspectors) {
      const signature = inspector.explainSignature?.(exchange);
      if (signature === undefined) continue;
      const cause = await this.investigate(`${inspector.name}\u0000${signature}`, (context) => inspector.investigate(request, exchange, context), signal);
      if (cause !== undefined) return cause;
    }
    return undefined;
  }

  /**
   * One investigation under the run's memo and probe budget: what `inspect` does for an entry's
   * exchange, offered to callers that judge other traffic (a scenario's read-back or request,
   * docs/diagnosis.md#matching). Investigations sharing `key` run once; the result is the cause id.
   */
  investigate(key: string, run: (context: InspectionContext) => Promise<string | undefined>, signal?: AbortSignal): Promise<string | undefined> {
    let investigation = this.investigations.get(key);
    if (!investigation) {
      if (this.investigations.size >= MAX_REMEMBERED) return Promise.resolve(undefined);
      investigation = run(this.context(signal)).catch(() => undefined);
      this.investigations.set(key, investigation);
    }
    return investigation;
  }

  /** The workarounds learned so far, in the order learned: a scenario run tells those it found from those it ran with. */
  get known(): readonly Workaround[] {
    return [...this.workarounds];
  }

  private record(diagnosis: Diagnosis): void {
    const known = this.recorded.get(diagnosis.cause);
    if (!known) {
      this.recorded.set(diagnosis.cause, { cited: new Set(diagnosis.evidence), records: 1 });
      this.options.sink.diagnosis(diagnosis);
      return;
    }
    const fresh = diagnosis.evidence.filter((id) => !known.cited.has(id));
    if (fresh.length === 0 || known.records >= MAX_RECORDS_PER_CAUSE) return;
    for (const id of fresh) known.cited.add(id);
    known.records += 1;
    this.options.sink.diagnosis({ ...diagnosis, evidence: Object.freeze(fresh) });
  }

  /**
   * A sender for one probe, recorded as `probe:<name>` and counted against the run's budget;
   * undefined when the budget is spent. Diagnoses outside log entries (a scenario's read-back,
   * docs/diagnosis.md#read-back) share the budget through it.
   */
  probe(name: string, signal?: AbortSignal): ExchangeSender | undefined {
    if (this.probesLeft <= 0 || signal?.aborted) return undefined;
    const sender = this.options.client.forPurpose(`probe:${name}`);
    return {
      baseUrl: sender.baseUrl,
      send: (probeRequest, probeSignal) => {
        this.probesLeft -= 1;
        return sender.send(probeRequest, probeSignal ?? signal);
      },
    };
  }

  private context(signal: AbortSignal | undefined): InspectionContext {
    return {
      probe: (name) => this.probe(name, signal),
      record: (diagnosis) => this.record(diagnosis),
      learn: (workaround) => {
        if (!this.workarounds.some((known) => known.cause === workaround.cause && known.scope === workaround.scope)) this.workarounds.push(workaround);
      },
      ...(signal ? { signal } : {}),
    };
  }
}

/** The request an exchange records, as the client was asked for it (its path relative to the base URL). */
function requestOf(exchange: Exchange, baseUrl: string): ScimRequest {
  const url = exchange.request.url.split('?')[0];
  const base = baseUrl.replace(/\/+$/, '');
  const path = url.startsWith(base) ? url.slice(base.length) || '/' : url;
  return { method: exchange.request.method, path, ...(exchange.request.body !== undefined ? { body: exchange.request.body } : {}) };
}
