/**
 * The run's single append point: every engine event goes to run.ndjson first (so a crash loses
 * nothing written), then to the tallies the verdict is computed from, then to the reporters, in
 * order. Nothing here changes an entry.
 */
import { type Diagnosis } from '../contract/root-cause';
import { type RfcResult } from '../contract/rfc';
import { type Finding } from '../contract/finding';
import { type EngineEvents } from '../engine/engine-events';
import { type EntryTally } from '../log/entry-tally';
import { RunFacts } from '../evaluate/judge';
import { type ScenarioResult } from '../contract/verdict';
import { serializeEntry } from '../log/entry-json';
import { type LogEntry } from '../contract/log-entry';
import { type CycleEndEvent, type CycleKind, type CycleStartEvent, type RunEndEvent, type RunEvent, type RunStartEvent, type RunStopEvent } from '../contract/run-events';
import { sealRunEnd, type SignKey } from '../log/run-seal';
import { type RunSink } from '../log/run-sink';
import { type Exchange } from '../contract/exchange';
import { type CurrentStatus, type Reporter, type RunStats, type RunSummary } from '../../reporters/reporter';
import { LatencyHistogram } from './latency';

export interface ExchangeContext {
  /** The entry's operation, or the purpose of a stand-alone exchange (test-connection, cleanup, scenario-read …). */
  readonly purpose: string;
  readonly scenarioId?: string;
  readonly objectType?: 'User' | 'Group';
}

export class RunRecorder implements EngineEvents {
  /** Every event recorded, folded for the judge (harness/evaluate/judge.ts): the live run and `report` judge the same facts. */
  readonly facts = new RunFacts();
  private readonly latency = new LatencyHistogram();
  private reporterChain: Promise<void> = Promise.resolve();
  private requests = 0;
  private readonly startedAtMs = Date.now();
  private lastCycle: { at: string; kind: CycleKind } | null = null;
  private usersInScope = 0;
  private groupsInScope = 0;
  private initialComplete = false;
  private cyclesRun = 0;
  /** Listeners the runner adds (checks, debug output) that see entries and exchanges as they come. */
  private readonly entryListeners: ((entry: LogEntry, graphSummaryJson: string) => void)[] = [];
  private readonly exchangeListeners: ((exchange: Exchange, context: ExchangeContext) => void)[] = [];

  constructor(
    private readonly sink: RunSink,
    private readonly reporter: Reporter,
  ) {}

  start(event: RunStartEvent): void {
    this.append(event);
    this.toReporters(() => this.reporter.onRunStart?.(event));
  }

  /** `graphSummaryJson` is the entry's Graph part as JSON, made once for run.ndjson and provisioning-logs.json. */
  onEntry(listener: (entry: LogEntry, graphSummaryJson: string) => void): void {
    this.entryListeners.push(listener);
  }

  /** Every exchange of the run, inside an entry or not, in the order recorded. */
  onExchange(listener: (exchange: Exchange, context: ExchangeContext) => void): void {
    this.exchangeListeners.push(listener);
  }

  entry(entry: LogEntry): void {
    // Serialised once for the sink and the listeners; not at all when nothing would use the text.
    const json = this.sink.discards && this.entryListeners.length === 0 ? undefined : serializeEntry(entry);
    const event = { type: 'entry' as const, entry };
    if (json) this.sink.append(event, json.event);
    this.facts.add(event);
    // One context for all of the entry's exchanges, frozen since every listener sees the same object.
    const context: ExchangeContext = Object.freeze({ purpose: entry.harness.operation, scenarioId: entry.harness.scenarioId, objectType: entry.sourceIdentity.identityType });
    for (const exchange of entry.harness.exchanges) {
      this.countExchange(requestKind(exchange), exchange);
      for (const listener of this.exchangeListeners) listener(exchange, context);
    }
    if (json) for (const listener of this.entryListeners) listener(entry, json.graphSummary);
    if (this.reporter.onEntry) this.toReporters(() => this.reporter.onEntry?.(entry, []));
  }

  exchange(purpose: string, exchange: Exchange, scenarioId?: string): void {
    this.append({ type: 'exchange', purpose, scenarioId, exchange });
    this.countExchange(purpose === 'test-connection' ? 'probe' : requestKind(exchange), exchange);
    for (const listener of this.exchangeListeners) listener(exchange, { purpose, scenarioId });
  }

  cycleStart(event: CycleStartEvent): void {
    this.append(event);
    this.usersInScope = Math.max(this.usersInScope, event.usersInScope);
    this.groupsInScope = Math.max(this.groupsInScope, event.groupsInScope);
  }

  cycleEnd(event: CycleEndEvent): void {
    this.append(event);
    this.cyclesRun += 1;
    this.lastCycle = { at: event.endedAt, kind: event.kind };
    if (event.kind === 'initial') this.initialComplete = true;
  }

  notice(level: 'info' | 'warning' | 'error', message: string): void {
    this.append({ type: 'notice', level, message });
  }

  finding(finding: Finding): void {
    this.append({ type: 'finding', finding });
  }

  /** A cause established by probing or inspecting the target (docs/diagnosis.md). */
  diagnosis(diagnosis: Diagnosis): void {
    this.append({ type: 'diagnosis', diagnosis });
  }

  /** One RFC conformance probe's result (harness/rfc): its own score, never a finding (docs/rfc-coverage.md). */
  rfcResult(result: RfcResult): void {
    this.append({ type: 'rfc-result', result });
  }

  /** The run stops early (interrupt, dead or stalled target, rejected credentials): recorded before it is judged. */
  runStop(event: RunStopEvent): void {
    this.append(event);
  }

  scenarioEnd(result: ScenarioResult): void {
    this.append({ type: 'scenario-end', result });
    this.toReporters(() => this.reporter.onScenarioEnd?.(result));
  }

  /**
   * Appends the run's end record, sealed with the line count and the chain's head before it, and
   * signed when a key is given (harness/log/run-seal.ts). Returns the event as written.
   */
  end(event: RunEndEvent, key?: SignKey): RunEndEvent {
    const sealed = sealRunEnd(event, this.sink.count + 1, this.sink.lastHash(), key);
    this.sink.append(sealed.event, sealed.json);
    this.facts.add(sealed.event);
    return sealed.event;
  }

  get tally(): EntryTally {
    return this.facts.tally;
  }

  get findings(): readonly Finding[] {
    return this.facts.findings;
  }

  /** Waits until every reporter hook queued so far has run. */
  async drainReporters(): Promise<void> {
    await this.reporterChain;
  }

  /** Hands the finished run to the reporters, after every earlier hook has run. */
  async runEnd(summary: RunSummary): Promise<void> {
    this.toReporters(() => this.reporter.onRunEnd?.(summary));
    await this.reporterChain;
  }

  close(): void {
    this.sink.close();
  }

  finalHash(): string {
    return this.sink.lastHash();
  }

  /** Lines of run.ndjson so far: the chain's length. */
  chainLines(): number {
    return this.sink.count;
  }

  status(quarantined: boolean, quarantineReason: string | null): CurrentStatus {
    const overall = this.tally.snapshot().overall;
    return {
      usersInScope: this.usersInScope,
      groupsInScope: this.groupsInScope,
      usersProcessed: overall.usersProcessed,
      groupsProcessed: overall.groupsProcessed,
      lastCycleAt: this.lastCycle?.at ?? null,
      lastCycleKind: this.lastCycle?.kind ?? null,
      initialCycleComplete: this.initialComplete,
      cyclesRun: this.cyclesRun,
      quarantined,
      quarantineReason,
    };
  }

  /** `wallTimeMs` defaults to the time since the recorder started (a replay passes the run's own). */
  stats(wallTimeMs = Date.now() - this.startedAtMs): RunStats {
    const overall = this.tally.snapshot().overall;
    return {
      entries: overall.entries,
      byAction: overall.byAction,
      byStatus: { success: overall.successes, failure: overall.failures, skipped: overall.skipped, warning: overall.warnings },
      byErrorCode: overall.byErrorCode,
      requests: this.requests,
      requestsPerSecond: wallTimeMs > 0 ? Math.round((this.requests / wallTimeMs) * 1000 * 10) / 10 : 0,
      latencyMs: this.latency.stats(),
      wallTimeMs,
    };
  }

  private countExchange(operation: string, exchange: Exchange): void {
    this.requests += 1 + (exchange.previousAttempts?.length ?? 0);
    this.latency.record(operation, exchange.durationMs);
  }

  private append(event: RunEvent): void {
    this.sink.append(event);
    this.facts.add(event);
  }

  private toReporters(call: () => void | Promise<void>): void {
    this.reporterChain = this.reporterChain.then(call, call);
  }
}

/** Latency is reported per kind of request, the way a vendor reads their own endpoint's metrics. */
function requestKind(exchange: Exchange): string {
  const { method, url } = exchange.request;
  switch (method) {
    case 'GET':
      return url.includes('filter=') ? 'query' : 'read';
    case 'POST':
      return 'create';
    case 'PATCH':
      return 'update';
    case 'PUT':
      return 'replace';
    case 'DELETE':
      return 'delete';
  }
}
