/**
 * The judge: one pure function from what a run recorded (its run.ndjson events, folded into
 * `RunFacts`) and the gate options (--fail-on, --max-failures, --baseline, the suites a baseline
 * may name) to the Verdict and the exit code. `run`, `sync` and `provision` call it when they end;
 * `report` calls it on a saved run, so a saved run re-judged with the same options gets the same
 * verdict as the live run had, and with other options the verdict those options give.
 */
import { KNOWN_CHECK_IDS } from '../checks/check-catalog';
import { type Finding, type Severity } from '../contract/finding';
import { EXIT, type ExitCode } from '../contract/exit-codes';
import { type RfcResult } from '../contract/rfc';
import { createQuarantinePolicy, DEFAULT_QUARANTINE_POLICY, type QuarantinePolicy } from '../engine/quarantine/quarantine-rules';
import { HEALTHY_QUARANTINE_STATE, type QuarantineState } from '../engine/quarantine/quarantine-state';
import { type RecordedGate, type RunEndEvent, type RunEvent, type RunStartEvent, type RunStopEvent } from '../contract/run-events';
import { type KnownFailures } from './baseline';
import { buildVerdict, type BuildVerdictInput, exitCodeFor, rebaseline } from './build-verdict';
import { describeMaxFailures, judgeEntries, type MaxFailures, NO_FAILURES_ALLOWED, parseMaxFailures } from './entry-gate';
import { EntryTally } from '../log/entry-tally';
import { projectQuarantine } from './projection';
import { RootCauseCollector } from './root-causes';
import { assessQuarantine } from './quarantine-assessment';
import { judgeRfcResults, rfcGateFails } from './rfc-score';
import { type QuarantineAssessment, type RunStop, type ScenarioResult, type Verdict } from '../contract/verdict';

/** What the user sets on the gate: the same options for `run`, `sync`, `provision` and `report`. */
export interface GateOptions {
  /** Lowest severity that fails the run. */
  readonly failOn: Severity;
  /** Failed entries `sync` and `provision` tolerate. */
  readonly maxFailures: MaxFailures;
  readonly baseline?: KnownFailures;
  /** `--fail-on …,inconclusive`: inconclusive scenarios fail the run. */
  readonly failOnInconclusive?: boolean;
  /** `--fail-on rfc:<severity>`: the RFC conformance score fails the run too (harness/evaluate/rfc-score.ts). */
  readonly rfcFailOn?: Severity;
  /**
   * Scenario ids of the built-in suite: a baseline may name any of them, run or not. The run's
   * own suites (loaded scenario files) are recorded in its run-start event and added.
   */
  readonly suites?: readonly string[];
}

export interface Judgement {
  readonly verdict: Verdict;
  readonly exitCode: ExitCode;
  /** The judged jobs' quarantine state the verdict rests on (the first job still held, else the first job's). */
  readonly quarantineState: QuarantineState;
  /** Every judged quarantine state, oldest first (Test Connection's, then each cycle's): the alerts read them. */
  readonly quarantineHistory: readonly QuarantineState[];
  /** The options as recorded in the run-end event. */
  readonly gate: RecordedGate;
}

/** One cycle-end as the judge reads it: which job, whether it is judged, and the state it recorded. */
export interface CycleState {
  readonly job: string;
  readonly judged: boolean;
  readonly quarantine: QuarantineState;
}

/**
 * A run's recorded events, folded as they come (live, by the run's recorder; or read back by
 * `report`): everything the judge reads and nothing it does not (entries are tallied, not kept).
 */
export class RunFacts {
  readonly tally = new EntryTally();
  /** Diagnoses and failed entries, folded for the root causes (harness/evaluate/root-causes.ts). */
  readonly causes = new RootCauseCollector();
  private planEvent: RunStartEvent | undefined;
  private endEvent: RunEndEvent | undefined;
  private readonly findingList: Finding[] = [];
  private readonly scenarioList: ScenarioResult[] = [];
  private readonly cycleStates: CycleState[] = [];
  private readonly stopList: RunStopEvent[] = [];
  private readonly rfcResultList: RfcResult[] = [];
  private exchanges = 0;

  add(event: RunEvent): void {
    switch (event.type) {
      case 'run-start':
        this.planEvent = event;
        break;
      case 'entry':
        this.tally.add(event.entry);
        this.causes.addEntry(event.entry);
        this.exchanges += event.entry.harness.exchanges.length;
        break;
      case 'exchange':
        this.exchanges += 1;
        this.causes.addExchange(event.exchange);
        break;
      case 'cycle-end':
        if (event.quarantine) this.cycleStates.push({ job: event.job ?? '', judged: event.judged !== false, quarantine: event.quarantine });
        break;
      case 'finding':
        this.findingList.push(event.finding);
        break;
      case 'diagnosis':
        this.causes.addDiagnosis(event.diagnosis);
        break;
      case 'scenario-end':
        this.scenarioList.push(event.result);
        break;
      case 'rfc-result':
        this.rfcResultList.push(event.result);
        break;
      case 'run-stop':
        this.stopList.push(event);
        break;
      case 'run-end':
        this.endEvent = event;
        break;
      case 'cycle-start':
      case 'notice':
        break;
    }
  }

  get plan(): RunStartEvent | undefined {
    return this.planEvent;
  }

  get end(): RunEndEvent | undefined {
    return this.endEvent;
  }

  get findings(): readonly Finding[] {
    return this.findingList;
  }

  get scenarios(): readonly ScenarioResult[] {
    return this.scenarioList;
  }

  get cycles(): readonly CycleState[] {
    return this.cycleStates;
  }

  get stops(): readonly RunStopEvent[] {
    return this.stopList;
  }

  /** The RFC suite's results, in the order recorded: the RFC conformance score, apart from the Entra verdict. */
  get rfcResults(): readonly RfcResult[] {
    return this.rfcResultList;
  }

  /** Whether any request was sent and checked (a check can only be fixed by a run that exercised it). */
  get checksRan(): boolean {
    return this.exchanges > 0;
  }
}

/** Folds a sequence of recorded events (a whole run.ndjson, or what a test builds). */
export function runFactsOf(events: Iterable<RunEvent>): RunFacts {
  const facts = new RunFacts();
  for (const event of events) facts.add(event);
  return facts;
}

/** The verdict and exit code of a run, from its recorded events and the gate options. Pure: reads `facts`, changes nothing. */
export function judgeRun(facts: RunFacts, gate: GateOptions): Judgement {
  const judged = judgedInput(facts, gate);
  const entra = buildVerdict(judged.input);
  // The two scores are judged apart; the RFC one joins the verdict as its own field.
  const ranRfc = (facts.plan?.suites ?? []).includes('rfc') || facts.rfcResults.length > 0;
  const verdict = ranRfc ? Object.freeze({ ...entra, rfc: judgeRfcResults(facts.rfcResults, gate.rfcFailOn) }) : entra;
  // The RFC gate fails a run Entra readiness passed; it never softens a quarantine or an unreachable target.
  const exitCode = verdict.outcome === 'passed' && rfcGateFails(verdict.rfc) ? EXIT.failed : exitCodeFor(verdict);
  return Object.freeze({
    verdict,
    exitCode,
    quarantineState: judged.quarantineState,
    quarantineHistory: judged.quarantineHistory,
    gate: Object.freeze({
      failOn: gate.failOn,
      ...(gate.failOnInconclusive === true ? { failOnInconclusive: true } : {}),
      ...(gate.rfcFailOn !== undefined ? { rfcFailOn: gate.rfcFailOn } : {}),
      maxFailures: describeMaxFailures(gate.maxFailures),
      ...(gate.baseline ? { knownFailures: Object.freeze([...gate.baseline.knownFailures]) } : {}),
    }),
  });
}

/** The baseline `--update-baseline` writes for this run, judged on the same facts and gate as the verdict. */
export function rebaselineRun(facts: RunFacts, gate: GateOptions): ReturnType<typeof rebaseline> {
  return rebaseline(judgedInput(facts, gate).input);
}

/**
 * The gate a saved run was judged with, for `report` to judge it again: what its run-end
 * recorded, else (a run recorded before the gate was, or cut short) its settings and, for the
 * baseline, the entries its recorded verdict sorted into known, fixed, not run and unknown.
 */
export function recordedGateOptions(plan: RunStartEvent | undefined, end: RunEndEvent | undefined): Omit<GateOptions, 'suites'> {
  const settings = plan?.settings ?? {};
  const recorded = end?.gate;
  const failOn = recorded?.failOn ?? severityOr(settings.failOn, 'required');
  const maxFailures = recorded ? parseMaxFailures(recorded.maxFailures) : maxFailuresOr(settings.maxFailures, NO_FAILURES_ALLOWED);
  let knownFailures: readonly string[] | undefined = recorded?.knownFailures;
  if (!recorded && end) {
    const verdict = end.verdict as Partial<Verdict>;
    const listed = [
      ...(verdict.knownFailures ?? []),
      ...(verdict.fixedKnownFailures ?? []),
      ...(verdict.notRunKnownFailures ?? []),
      ...(verdict.unknownKnownFailures ?? []).map((entry) => entry.id),
    ];
    if (listed.length > 0 || typeof settings.baselineFile === 'string') knownFailures = [...new Set(listed)];
  }
  // A run recorded before the RFC gate was has none; one cut short before its end has its settings'.
  const rfcFailOn = recorded ? recorded.rfcFailOn : severityOrUndefined(settings.rfcFailOn);
  return {
    failOn,
    maxFailures,
    ...(recorded?.failOnInconclusive === true ? { failOnInconclusive: true } : {}),
    ...(rfcFailOn !== undefined ? { rfcFailOn } : {}),
    ...(knownFailures ? { baseline: { knownFailures: [...knownFailures] } } : {}),
  };
}

function judgedInput(facts: RunFacts, gate: GateOptions): { input: BuildVerdictInput; quarantineState: QuarantineState; quarantineHistory: readonly QuarantineState[] } {
  const plan = facts.plan;
  // A run recorded before its quarantine states and stops were: its own verdict holds those facts.
  const legacy = plan?.quarantinePolicy === undefined && facts.end !== undefined ? (facts.end.verdict as Partial<Verdict>) : undefined;
  const stopEvent = facts.stops.find((stop) => stop.kind !== 'interrupted');
  const stop: RunStop | undefined = stopEvent ? { kind: stopEvent.kind as RunStop['kind'], cause: stopEvent.cause, evidence: stopEvent.evidence } : legacy?.stop;
  const interrupted = stop === undefined && (facts.stops.some((s) => s.kind === 'interrupted') || legacy?.outcome === 'interrupted');
  const tally = facts.tally.snapshot();
  const { quarantine, state, history } = legacy?.quarantine
    ? { quarantine: legacy.quarantine, state: HEALTHY_QUARANTINE_STATE, history: [] }
    : judgeQuarantine(facts, tally, policyOf(plan));
  const suiteIds = plan?.suiteScenarioIds ?? (plan?.scenarios ?? []).map((scenario) => scenario.id.replace(/@[^@]*$/, ''));
  const input: BuildVerdictInput = {
    scenarios: facts.scenarios,
    findings: facts.findings,
    quarantine,
    interrupted,
    ...(stop !== undefined ? { stop } : {}),
    failOn: gate.failOn,
    baseline: gate.baseline,
    catalog: { scenarioIds: [...new Set([...(gate.suites ?? []), ...suiteIds])], checkIds: KNOWN_CHECK_IDS },
    checksRan: facts.checksRan,
    failOnInconclusive: gate.failOnInconclusive,
    causes: facts.causes,
    attemptsByOperation: Object.fromEntries(Object.entries(tally.overall.byOperation).map(([operation, counts]) => [operation, counts.attempts])),
    populationEstimate: typeof plan?.settings?.populationEstimate === 'number' ? plan.settings.populationEstimate : 10_000,
    // sync and provision are judged on their entries (Entra's EntryLevelErrors); a scenario run
    // provokes failed entries on purpose and is judged on its expectations instead.
    entries: (plan?.command ?? 'run') === 'run' ? undefined : judgeEntries(tally.overall, gate.maxFailures),
  };
  return { input, quarantineState: state, quarantineHistory: history };
}

/**
 * The quarantine the verdict rests on, from the states the jobs recorded at each cycle's end:
 * the first judged job still held at its last cycle, else the first judged job's last state,
 * else the quarantine Test Connection imposed before any cycle. Every state the jobs went
 * through counts (a quarantine lifted before the end still happened), and so does the
 * projection to production scale.
 */
function judgeQuarantine(
  facts: RunFacts,
  tally: ReturnType<EntryTally['snapshot']>,
  policy: QuarantinePolicy,
): { quarantine: QuarantineAssessment; state: QuarantineState; history: readonly QuarantineState[] } {
  const atPreflight = facts.stops.find((stop) => stop.quarantine !== undefined)?.quarantine;
  const judged = facts.cycles.filter((cycle) => cycle.judged);
  const lastByJob = new Map<string, QuarantineState>();
  for (const cycle of judged) lastByJob.set(cycle.job, cycle.quarantine);
  const finals = [...lastByJob.values()];
  const state = finals.find((final) => final.status !== 'healthy') ?? finals[0] ?? atPreflight ?? HEALTHY_QUARANTINE_STATE;
  const history = [...(atPreflight ? [atPreflight] : []), ...judged.map((cycle) => cycle.quarantine)];
  const populationEstimate = facts.plan?.settings?.populationEstimate;
  const projection = tally.overall.entries > 0 ? projectQuarantine(tally, typeof populationEstimate === 'number' ? populationEstimate : undefined, policy) : null;
  return { quarantine: assessQuarantine(state, projection, { history }), state, history };
}

/** The rules the run's jobs applied, as recorded; a run recorded before they were applied the defaults with its --deletion-threshold. */
function policyOf(plan: RunStartEvent | undefined): QuarantinePolicy {
  if (plan?.quarantinePolicy) return plan.quarantinePolicy;
  const deletionThreshold = plan?.settings?.deletionThreshold;
  return typeof deletionThreshold === 'number' ? createQuarantinePolicy({ deletionThreshold }) : DEFAULT_QUARANTINE_POLICY;
}

function severityOrUndefined(value: unknown): Severity | undefined {
  return value === 'required' || value === 'recommended' || value === 'advisory' ? value : undefined;
}

function severityOr(value: unknown, fallback: Severity): Severity {
  return value === 'required' || value === 'recommended' || value === 'advisory' ? value : fallback;
}

function maxFailuresOr(value: unknown, fallback: MaxFailures): MaxFailures {
  if (typeof value !== 'object' || value === null) return fallback;
  const { kind, value: amount } = value as { kind?: unknown; value?: unknown };
  if ((kind === 'count' || kind === 'percent') && typeof amount === 'number') return { kind, value: amount };
  return fallback;
}
