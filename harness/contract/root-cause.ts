/**
 * Root causes: what is wrong in the endpoint, named once, however many entries, expectations and
 * findings it breaks. A vendor reads these first; per-occurrence detail stays in report.json and
 * the HTML drill-down (docs/diagnosis.md).
 *
 * Two kinds of record lead to one:
 *  - a `Diagnosis` (run event `diagnosis`): something the harness established by probing or by
 *    inspecting what the target stored — the cause, its fix and the exchanges that prove it;
 *  - a symptom (a failed entry, a failed expectation, a finding) carrying the id of the cause it
 *    shows (`Exchange.cause`, `ExpectationResult.cause`, `Finding.cause`), or, when nothing named
 *    one, grouped by what it shows (harness/evaluate/root-causes.ts).
 */
import { type Severity } from './severity';

/** What the harness established about one fault of the target. */
export interface Diagnosis {
  /** Stable id of the cause, e.g. `request/unknown-schema-uri-rejected`; symptoms name it. */
  readonly cause: string;
  /** Names the cause, not the symptom: "Rejects the schema URI … that Entra sends in every Create Group". */
  readonly title: string;
  readonly severity: Severity;
  /** One line: what the vendor changes. */
  readonly fix: string;
  /** What fails or silently loses data in real Entra provisioning. */
  readonly impact: string;
  /**
   * The harness operations it breaks (`create`, `update`, `disable`, `membership`, `manager` …),
   * for the projection to `--population-estimate`. Empty when no provisioning operation fails.
   */
  readonly operations: readonly string[];
  /** Whether the breakage is a failed entry in Entra's logs or data lost without an error. */
  readonly consequence: 'fails' | 'loses-data' | 'none';
  /** The RFC section or Entra behaviour it breaks. */
  readonly spec: string;
  /** The server's own words (error detail, scimType), quoted as received, when it gave any. */
  readonly serverDetail?: string;
  /** Exchange ids that prove it: the symptom and the probes. */
  readonly evidence: readonly string[];
  /** What the harness sends instead from now on, so the rest of the lifecycle is still tested. */
  readonly workaround?: string;
  /** The scenario run (`id`) and dialect it was established in, when in one. */
  readonly scenarioId?: string;
  readonly dialect?: string;
}

export interface RootCauseOccurrences {
  /** Symptoms attributed to it: failed entries, failed expectations and findings, each once. */
  readonly count: number;
  readonly entries: number;
  readonly expectations: number;
  readonly findings: number;
  readonly dialects: readonly string[];
  readonly scenarios: readonly string[];
}

export interface RootCause {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly fix: string;
  readonly impact: string;
  readonly consequence: Diagnosis['consequence'];
  readonly spec: string;
  readonly serverDetail?: string;
  /**
   * true: a probe or an inspection of the stored resource named it (a `Diagnosis`); false: the
   * symptoms were grouped by what they show, and the title says what was seen.
   */
  readonly diagnosed: boolean;
  readonly occurrences: RootCauseOccurrences;
  /** Projected failed (or silently wrong) entries at --population-estimate, when operations fail. */
  readonly projected?: { readonly populationEstimate: number; readonly entries: number };
  /** A few exchange ids: the proof first, then symptoms. */
  readonly evidence: readonly string[];
  readonly workaround?: string;
  /**
   * true when at least one of its symptoms fails the run (at or above --fail-on, not in the
   * baseline), so a reporter can say error or warning without re-judging; absent in verdicts
   * recorded before it was kept.
   */
  readonly failing?: boolean;
}
