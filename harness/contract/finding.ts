/**
 * A conformance finding: one deviation, with the evidence behind it.
 * Checks return findings and never throw (k6 `check`, Schemathesis failures).
 */

import { type Severity } from './severity';

export type { Severity } from './severity';

export interface Finding {
  /** Stable id of the check that produced it, e.g. `protocol/create-status-201`. */
  readonly check: string;
  readonly severity: Severity;
  readonly title: string;
  readonly expected: string;
  readonly actual: string;
  /** Exchange ids the finding rests on. */
  readonly evidence: readonly string[];
  /** Machine-readable citation, e.g. "RFC 7644 §3.3" or "Entra: soft delete". */
  readonly spec: string;
  /** One line telling the vendor what to change. */
  readonly fix: string;
  readonly scenarioId?: string;
  /** The root cause it shows, when a diagnosis named one (harness/contract/root-cause.ts). */
  readonly cause?: string;
  /** The PATCH dialect of the scenario run it was seen in (`run` runs every scenario in each). */
  readonly dialect?: string;
  /** How many times the check saw it; absent means once. */
  readonly count?: number;
  /**
   * Where the evaluator saw this one finding: once per dialect run in which the same check failed
   * in the same scenario for the same reason (harness/evaluate/finding-identity.ts).
   */
  readonly occurrences?: readonly FindingOccurrence[];
}

export interface FindingOccurrence {
  readonly dialect?: string;
  readonly count: number;
  readonly evidence: readonly string[];
}
