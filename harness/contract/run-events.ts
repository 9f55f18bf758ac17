/**
 * What `run.ndjson` holds: one event per line, appended as it happens, so a crash loses nothing
 * already written. Every line carries the SHA-256 of the line before it (`prev`), which makes the
 * file tamper-evident: provisioning logs are evidence a vendor hands to a customer.
 */
import { type Finding } from './finding';
import { type JobStatusSummary, type QuarantinePolicy, type QuarantineState } from './quarantine';
import { type Exchange } from './exchange';
import { type LogEntry } from './log-entry';
import { type RunSeal } from './seal';
import { type Diagnosis } from './root-cause';
import { type RfcResult } from './rfc';
import { type ScenarioResult, type Verdict } from './verdict';

export type CycleKind = 'initial' | 'incremental' | 'onDemand';

export interface RunStartEvent {
  readonly type: 'run-start';
  readonly runId: string;
  readonly startedAt: string;
  readonly harnessVersion: string;
  readonly command: string;
  readonly targetUrl: string;
  readonly dialect: string;
  readonly jobId: string;
  readonly tenantId: string;
  readonly servicePrincipalId: string;
  readonly applicationName: string;
  /** The run's settings, secrets already removed. */
  readonly settings: Readonly<Record<string, unknown>>;
  readonly scenarios: readonly { readonly id: string; readonly title: string }[];
  /** TLS verification was switched off: every report warns. */
  readonly insecure: boolean;
  /** The quarantine rules the jobs applied (absent in runs recorded before they were). */
  readonly quarantinePolicy?: QuarantinePolicy;
  /** Every scenario id of the suites the run loaded, selected or not: what a baseline may name. */
  readonly suiteScenarioIds?: readonly string[];
  /** The suites the run ran (`--suite`): `entra` (the scenarios), `rfc` (the RFC conformance probes). Absent: `entra`. */
  readonly suites?: readonly RunSuite[];
}

/** `--suite entra` runs the Entra scenarios, `rfc` the RFC 7643/7644 probes; `all` is both. */
export type RunSuite = 'entra' | 'rfc';

export interface CycleStartEvent {
  readonly type: 'cycle-start';
  readonly cycleId: string;
  readonly cycleNumber: number;
  readonly kind: CycleKind;
  /** Virtual time (cycles are 40 minutes apart; docs/entra-behaviour.md#cycle-timing). */
  readonly startedAt: string;
  readonly usersInScope: number;
  readonly groupsInScope: number;
}

export interface CycleEndEvent {
  readonly type: 'cycle-end';
  readonly cycleId: string;
  readonly cycleNumber: number;
  readonly kind: CycleKind;
  readonly endedAt: string;
  readonly counts: Readonly<Record<string, number>>;
  /**
   * Which job ran the cycle (one per `sync`/`provision`, one per scenario run). This and the
   * fields below are absent in runs recorded before the quarantine state was.
   */
  readonly job?: string;
  /** The scenario run (`id@dialect`) whose job this is. */
  readonly scenarioId?: string;
  /** false: the scenario provokes quarantine on purpose, so its job is not the endpoint's verdict. */
  readonly judged?: boolean;
  /** The job's quarantine state after this cycle's evaluation (docs/entra-behaviour.md#quarantine-triggers, docs/entra-behaviour.md#quarantine-reasons, docs/entra-behaviour.md#while-quarantined). */
  readonly quarantine?: QuarantineState;
  /** The job's Graph status after this cycle. */
  readonly jobStatus?: JobStatusSummary;
}

export interface EntryEvent {
  readonly type: 'entry';
  readonly entry: LogEntry;
}

/** An exchange not tied to one object's entry: probes, discovery reads, scenario read-backs, cleanup. */
export interface ExchangeEvent {
  readonly type: 'exchange';
  readonly purpose: string;
  readonly scenarioId?: string;
  readonly exchange: Exchange;
}

export interface FindingEvent {
  readonly type: 'finding';
  readonly finding: Finding;
}

/** A cause the harness established by probing or inspecting the target (docs/diagnosis.md). */
export interface DiagnosisEvent {
  readonly type: 'diagnosis';
  readonly diagnosis: Diagnosis;
}

/** One RFC conformance probe's result (harness/rfc): judged into `Verdict.rfc`, never into the Entra verdict. */
export interface RfcResultEvent {
  readonly type: 'rfc-result';
  readonly result: RfcResult;
}

export interface ScenarioEndEvent {
  readonly type: 'scenario-end';
  readonly result: ScenarioResult;
}

export interface NoticeEvent {
  readonly type: 'notice';
  readonly level: 'info' | 'warning' | 'error';
  readonly message: string;
}

/**
 * The run stopped before its work was done: interrupted (SIGINT/SIGTERM), or the target could not
 * be reached, stalled, or refused the credentials. Recorded before the run is judged.
 */
export interface RunStopEvent {
  readonly type: 'run-stop';
  readonly kind: 'interrupted' | 'unreachable' | 'stalled' | 'credentials';
  /** One line naming the cause. */
  readonly cause: string;
  /** Exchange ids that show it. */
  readonly evidence: readonly string[];
  /** The quarantine Entra imposes at once when Test Connection fails this way before the first cycle (docs/entra-behaviour.md#quarantine-triggers). */
  readonly quarantine?: QuarantineState;
}

/** The gate options a run was judged with: `report` judges with them again unless told otherwise. */
export interface RecordedGate {
  readonly failOn: 'required' | 'recommended' | 'advisory';
  /** `--fail-on …,inconclusive`: inconclusive scenarios fail the run too. */
  readonly failOnInconclusive?: boolean;
  /** --max-failures as given: "0", "25" or "2%". */
  readonly maxFailures: string;
  /** The baseline's entries as judged (after --update-baseline rewrote it); absent without --baseline. */
  readonly knownFailures?: readonly string[];
  /** `--fail-on rfc:<severity>`: the RFC conformance score gates the run too; absent: it does not. */
  readonly rfcFailOn?: 'required' | 'recommended' | 'advisory';
}

export interface RunEndEvent {
  readonly type: 'run-end';
  readonly endedAt: string;
  readonly verdict: Verdict;
  /** Graph synchronizationJob shape. */
  readonly jobStatus: unknown;
  /** The alert patterns evaluated over the run (harness/evaluate/alerts.ts). */
  readonly alerts?: readonly unknown[];
  /** The gate options of the judgement above (absent in runs recorded before they were). */
  readonly gate?: RecordedGate;
  /**
   * The run's line count and the chain's head before this record, optionally signed
   * (harness/log/run-seal.ts): a file that does not end in a sealed run-end was cut short or extended.
   */
  readonly seal?: RunSeal;
}

export type RunEvent =
  | RunStartEvent
  | CycleStartEvent
  | CycleEndEvent
  | EntryEvent
  | ExchangeEvent
  | FindingEvent
  | DiagnosisEvent
  | RfcResultEvent
  | ScenarioEndEvent
  | NoticeEvent
  | RunStopEvent
  | RunEndEvent;

/** One line of run.ndjson. `prev` is the hex SHA-256 of the previous line's text ("" for the first). */
export interface RunRecord {
  readonly seq: number;
  readonly prev: string;
  readonly event: RunEvent;
}
