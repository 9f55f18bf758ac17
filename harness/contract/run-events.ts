/**
 * What `run.ndjson` holds: one event per line, appended as it happens, so a crash loses nothing
 * already written. Every line carries the SHA-256 of the line before it (`prev`), which makes the
 * file tamper-evident: provisioning logs are evidence a vendor hands to a customer.
 */
import { type Exchange } from './exchange';
import { type Finding } from './finding';
import { type LogEntry } from './log-entry';
import { type RunSeal } from './seal';
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
}

export interface CycleStartEvent {
  readonly type: 'cycle-start';
  readonly cycleId: string;
  readonly cycleNumber: number;
  readonly kind: CycleKind;
  /** Virtual time (cycles are 40 minutes apart; reference §6.3). */
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

export interface ScenarioEndEvent {
  readonly type: 'scenario-end';
  readonly result: ScenarioResult;
}

export interface NoticeEvent {
  readonly type: 'notice';
  readonly level: 'info' | 'warning' | 'error';
  readonly message: string;
}

export interface RunEndEvent {
  readonly type: 'run-end';
  readonly endedAt: string;
  readonly verdict: Verdict;
  /** Graph synchronizationJob shape. */
  readonly jobStatus: unknown;
  /** The alert patterns evaluated over the run (harness/evaluate/alerts.ts). */
  readonly alerts?: readonly unknown[];
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
  | ScenarioEndEvent
  | NoticeEvent
  | RunEndEvent;

/** One line of run.ndjson. `prev` is the hex SHA-256 of the previous line's text ("" for the first). */
export interface RunRecord {
  readonly seq: number;
  readonly prev: string;
  readonly event: RunEvent;
}
