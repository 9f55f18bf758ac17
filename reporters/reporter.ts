/**
 * The reporter contract (after Playwright's Reporter and Vitest's read-only views): four
 * optional hooks, each fed frozen plain data. A reporter shows the run; it never decides the
 * exit code and never talks to the target.
 */
import { type Finding } from '../harness/contract/finding';
import { type AlertResult } from '../harness/evaluate/alerts';
import { type ScenarioResult, type Verdict } from '../harness/contract/verdict';
import { type EvidenceCheck } from '../harness/log/evidence';
import { type LogEntry } from '../harness/contract/log-entry';
import { type RunSeal } from '../harness/log/run-seal';
import { type CycleKind, type RunStartEvent } from '../harness/contract/run-events';

export type RunPlan = RunStartEvent;

/** The portal's progress bar, as data: every report opens with it. */
export interface CurrentStatus {
  readonly usersInScope: number;
  readonly groupsInScope: number;
  readonly usersProcessed: number;
  readonly groupsProcessed: number;
  readonly lastCycleAt: string | null;
  readonly lastCycleKind: CycleKind | null;
  readonly initialCycleComplete: boolean;
  readonly cyclesRun: number;
  readonly quarantined: boolean;
  readonly quarantineReason: string | null;
}

export interface LatencyStats {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export interface RunStats {
  readonly entries: number;
  readonly byAction: Readonly<Record<string, number>>;
  readonly byStatus: Readonly<Record<string, number>>;
  readonly byErrorCode: Readonly<Record<string, number>>;
  readonly requests: number;
  readonly requestsPerSecond: number;
  /** Per operation type: create, update, match, delete, … */
  readonly latencyMs: Readonly<Record<string, LatencyStats>>;
  readonly wallTimeMs: number;
}

export interface RunSummary {
  readonly plan: RunPlan;
  readonly verdict: Verdict;
  /** Graph synchronizationJob shape. */
  readonly jobStatus: unknown;
  readonly status: CurrentStatus;
  readonly stats: RunStats;
  readonly endedAt: string;
  /** Output folder reports write into. */
  readonly outDir: string;
  /** run.ndjson, to stream entries back when a reporter needs them all. */
  readonly runFile: string;
  /** SHA-256 of the last line of run.ndjson: the end of the tamper-evident chain. */
  readonly finalHash: string;
  /** Lines of run.ndjson: with finalHash, the anchor a truncated or extended copy is caught by. */
  readonly chainLines?: number;
  /** run.ndjson's end-record seal, with its HMAC-SHA256 when the run was signed (--sign-key). */
  readonly seal?: RunSeal;
  /** Set by `report`: how the saved run.ndjson verified; every report opens with it when it did not. */
  readonly evidence?: EvidenceCheck;
  readonly interrupted: boolean;
  /** The alert patterns admins put on provisioning logs, evaluated over the run (reference D-LA). */
  readonly alerts: readonly AlertResult[];
}

export interface Reporter {
  readonly name: string;
  onRunStart?(plan: RunPlan): void | Promise<void>;
  onEntry?(entry: LogEntry, findings: readonly Finding[]): void | Promise<void>;
  onScenarioEnd?(result: ScenarioResult): void | Promise<void>;
  onRunEnd?(summary: RunSummary): void | Promise<void>;
  /** True when the reporter writes to stdout (the console reporter is then not added again). */
  printsToStdio?(): boolean;
}
