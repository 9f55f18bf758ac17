/**
 * report.json: the whole judgement of a run for machines. Entries are not repeated (they are in
 * run.ndjson and the Graph-shaped export); their counts are, so a dashboard needs only this file.
 * The verdict opens with its outcome, headline, counts and root causes (docs/diagnosis.md#root-causes),
 * so a reader of the file meets what is wrong before the scenarios and findings it shows in.
 */
import { type FindingCounts, type RootCauseCounts, type RunOutcome, type StatusTally, type Verdict } from '../harness/contract/verdict';
import { evidenceBanner, type EvidenceCheck, type EvidenceState } from '../harness/log/evidence';
import { alertView } from './format/alerts';
import { rfcScoreOf } from './format/rfc-score';
import { type RfcCounts, type RfcSectionScore, type RfcVerdict } from '../harness/contract/rfc';
import { type Severity } from '../harness/contract/severity';
import { linkName, writeReportFile } from './output-file';
import { type CurrentStatus, type Reporter, type RunPlan, type RunStats, type RunSummary } from './reporter';
import { type ReporterOptions } from './reporter-options';

export const JSON_REPORT_FILE = 'report.json';
/** Bumped when a field changes meaning or disappears; additions keep it. */
export const JSON_REPORT_VERSION = 1;

export interface JsonReport {
  /**
   * Present, and first, only when `report` regenerated this file from a run.ndjson that does not
   * verify (tampered, not verifiable with the key, or incomplete): the results below then come
   * from that file.
   */
  readonly evidenceWarning?: { readonly state: EvidenceState; readonly message: string; readonly details: readonly string[] };
  readonly reportVersion: number;
  readonly tool: { readonly name: 'scim-harness'; readonly version: string };
  readonly outcome: RunOutcome;
  readonly headline: string;
  /** The portal's progress bar, first as in every report. */
  readonly status: CurrentStatus;
  readonly plan: RunPlan;
  /** The verdict, its keys ordered outcome, headline, counts, rootCauses, then the rest (`orderedVerdict`). */
  readonly verdict: Verdict;
  /** Graph synchronizationJob, as the evaluator produced it. */
  readonly jobStatus: unknown;
  readonly stats: RunStats;
  readonly alerts: readonly ReturnType<typeof alertView>[];
  readonly counts: {
    readonly scenarios: StatusTally;
    readonly expectations: StatusTally;
    /** Each finding once, as the evaluator counted them (`verdict.findings`). */
    readonly findings: FindingCounts;
    /** Each root cause once (`verdict.rootCauses`): the headline figure. Absent for a verdict recorded before root causes. */
    readonly rootCauses?: RootCauseCounts;
    readonly entries: number;
    readonly entriesByAction: Readonly<Record<string, number>>;
    readonly entriesByStatus: Readonly<Record<string, number>>;
  };
  readonly log: {
    /** run.ndjson, relative to this file when it sits in the same folder. */
    readonly runFile: string;
    /** SHA-256 of run.ndjson's last line: verify the log against it. */
    readonly finalHash: string;
    /** run.ndjson's line count: a cut or extended copy shows against it. */
    readonly lines?: number;
    /** SHA-256 of the line before the run-end record: an edited end record shows against it. */
    readonly headBeforeEnd?: string;
    /** The end record's HMAC-SHA256 when the run was signed (--sign-key). */
    readonly signature?: { readonly algorithm: string; readonly hmac: string };
    /**
     * Written by `report`: how the file it was regenerated from verified, and the recorded ends it
     * was checked against. `logs --verify` anchors to these, never to this report's finalHash.
     */
    readonly evidence?: Pick<EvidenceCheck, 'state' | 'headline' | 'details' | 'anchoredBy' | 'anchors' | 'signature'>;
  };
  /**
   * The RFC conformance score (`--suite rfc|all`), apart from `outcome` and `headline`, which are
   * Entra readiness; the probe results are in `verdict.rfc.results`.
   */
  readonly rfcConformance?: {
    readonly outcome: RfcVerdict['outcome'];
    readonly headline: string;
    /** `--fail-on rfc:<severity>`; absent: the score does not gate the run. */
    readonly failOn?: Severity;
    /** The RFC gate failed the run (its exit code is 1 even when Entra readiness passed). */
    readonly gateFailed: boolean;
    readonly counts: RfcCounts;
    readonly sections: readonly RfcSectionScore[];
  };
  readonly endedAt: string;
  readonly interrupted: boolean;
  /** Files the run's reporters wrote, relative to the output folder. */
  readonly outputs: readonly string[];
}

/**
 * The verdict with what a reader needs first at the top of the object: outcome, headline, counts
 * and root causes (JSON keeps insertion order, JSON.stringify writes it; RFC 8259 §4 gives order
 * no meaning, so no reader depends on it). Nothing is added or dropped.
 */
export function orderedVerdict(verdict: Verdict): Verdict {
  const { outcome, headline, counts, rootCauses, ...rest } = verdict;
  return { outcome, headline, counts, ...(rootCauses !== undefined ? { rootCauses } : {}), ...rest };
}

export function buildJsonReport(summary: RunSummary, outDir: string, outputs: readonly string[] = []): JsonReport {
  const { verdict } = summary;
  const evidence = summary.evidence;
  const banner = evidenceBanner(evidence);
  const rfc = rfcScoreOf(verdict);
  return {
    ...(evidence && banner ? { evidenceWarning: { state: evidence.state, message: banner, details: evidence.details } } : {}),
    reportVersion: JSON_REPORT_VERSION,
    tool: { name: 'scim-harness', version: summary.plan.harnessVersion },
    outcome: verdict.outcome,
    headline: verdict.headline,
    status: summary.status,
    plan: summary.plan,
    verdict: orderedVerdict(verdict),
    jobStatus: summary.jobStatus ?? null,
    stats: summary.stats,
    alerts: (summary.alerts ?? []).map(alertView),
    counts: {
      scenarios: verdict.counts.scenarios,
      expectations: verdict.counts.expectations,
      findings: verdict.counts.findings,
      ...(verdict.counts.rootCauses !== undefined ? { rootCauses: verdict.counts.rootCauses } : {}),
      entries: summary.stats.entries,
      entriesByAction: summary.stats.byAction,
      entriesByStatus: summary.stats.byStatus,
    },
    log: {
      runFile: linkName(outDir, summary.runFile),
      finalHash: summary.finalHash,
      lines: summary.chainLines,
      headBeforeEnd: summary.seal?.head,
      signature: summary.seal?.hmac ? { algorithm: summary.seal.algorithm ?? 'HMAC-SHA256', hmac: summary.seal.hmac } : undefined,
      evidence: evidence
        ? { state: evidence.state, headline: evidence.headline, details: evidence.details, anchoredBy: evidence.anchoredBy, anchors: evidence.anchors, signature: evidence.signature }
        : undefined,
    },
    ...(rfc
      ? {
          rfcConformance: {
            outcome: rfc.outcome,
            headline: rfc.headline,
            ...(rfc.failOn !== undefined ? { failOn: rfc.failOn } : {}),
            gateFailed: rfc.failOn !== undefined && rfc.counts.failing > 0,
            counts: rfc.counts,
            sections: rfc.sections,
          },
        }
      : {}),
    endedAt: summary.endedAt,
    interrupted: summary.interrupted,
    outputs,
  };
}

export class JsonReporter implements Reporter {
  readonly name = 'json';

  constructor(private readonly options: ReporterOptions) {}

  async onRunEnd(summary: RunSummary): Promise<void> {
    const report = buildJsonReport(summary, this.options.outDir, this.options.outputs);
    await writeReportFile(this.options.outDir, JSON_REPORT_FILE, `${JSON.stringify(report, null, 2)}\n`);
  }
}

export function createJsonReporter(options: ReporterOptions): JsonReporter {
  return new JsonReporter(options);
}
