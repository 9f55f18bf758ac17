/**
 * RFC conformance: the second score of a run, kept apart from Entra readiness (docs/rfc-coverage.md).
 * The RFC suite (harness/rfc) probes what a server advertises of RFC 7643/7644 and records one
 * `RfcResult` per probe (run event `rfc-result`); the judge folds them into `Verdict.rfc`. No RFC
 * result is ever a finding, a root cause or a scenario of the Entra verdict, and no Entra outcome
 * is ever counted here.
 */
import { type Severity } from './severity';

/**
 * A probe's outcome:
 *  - `passed` / `failed`: the server did or did not do what the RFC says;
 *  - `not-supported`: the server does not advertise the feature (ServiceProviderConfig,
 *    ResourceTypes, Schemas) or declined it as the RFC allows; not probed further, never a failure;
 *  - `skipped`: not judged — it writes and the run is `--read-only`, a probe it rests on failed
 *    (`blockedBy`), or the run stopped.
 */
export type RfcProbeStatus = 'passed' | 'failed' | 'not-supported' | 'skipped';

/** The RFC 2119 keyword a probe's severity comes from: MUST/SHALL → required, SHOULD → recommended, MAY → advisory. */
export type RfcKeyword = 'MUST' | 'MUST NOT' | 'SHALL' | 'SHALL NOT' | 'REQUIRED' | 'SHOULD' | 'SHOULD NOT' | 'MAY';

export interface RfcResult {
  /** Stable probe id, e.g. `rfc/filter/operator-co`: what a coverage map and a report name. */
  readonly id: string;
  /** The section the requirement is in, e.g. "RFC 7644 §3.4.2.2". */
  readonly section: string;
  /** The requirement, in one line. */
  readonly title: string;
  readonly severity: Severity;
  readonly keyword: RfcKeyword;
  readonly status: RfcProbeStatus;
  /** What the RFC asks for, in the probe's terms. */
  readonly expected: string;
  /** What the server did (empty when not probed). Server text in it is quoted as received. */
  readonly actual: string;
  /** What to change, when it failed. */
  readonly fix?: string;
  /** Why it was not judged (not-supported, skipped). */
  readonly reason?: string;
  /** The probe whose failure kept this one from being judged. */
  readonly blockedBy?: string;
  /** Exchange ids of the requests the probe sent. */
  readonly evidence: readonly string[];
  readonly durationMs?: number;
}

/** Results of one RFC section, counted once each. */
export interface RfcSectionScore {
  readonly section: string;
  readonly passed: number;
  readonly failed: number;
  readonly notSupported: number;
  readonly skipped: number;
  readonly total: number;
}

export interface RfcCounts {
  readonly passed: number;
  readonly failed: number;
  readonly notSupported: number;
  readonly skipped: number;
  readonly total: number;
  /** Failed probes by severity. */
  readonly failedBySeverity: Readonly<Record<Severity, number>>;
  /** Failed probes at or above the RFC gate (`required` when `--fail-on` sets none: the score's outcome). */
  readonly failing: number;
}

/** The RFC conformance score: its own counts, its own headline, its own gate. */
export interface RfcVerdict {
  /**
   * `failed`: a probe failed at or above the RFC gate (`required` when none is set); the run's exit
   * code follows it only under `--fail-on rfc:…`. `not-run`: the run did not include the RFC suite.
   */
  readonly outcome: 'passed' | 'failed' | 'not-run';
  /** `--fail-on rfc:<severity>`: the lowest failed severity that fails the run; absent: the RFC suite does not gate. */
  readonly failOn?: Severity;
  readonly counts: RfcCounts;
  /** In section order (RFC 7643 before RFC 7644, then by section number). */
  readonly sections: readonly RfcSectionScore[];
  /** Every probe once, failed first (most severe first), then in catalogue order. */
  readonly results: readonly RfcResult[];
  /** One line: "RFC conformance: 52 passed, 2 failed (1 required), 4 not supported". */
  readonly headline: string;
}
