/**
 * A finished run as text: pure functions from RunSummary to lines, shared by the console and
 * the Markdown reporter (and the small pieces by JUnit and HTML), so every report says the
 * same thing in the same order: verdict, root causes, status, quarantine, scenarios, numbers.
 * Findings are occurrences of root causes: they stay in report.json and report.html.
 */
import { type Finding, type Severity } from '../../harness/contract/finding';
import { type RootCause } from '../../harness/contract/root-cause';
import { type AlertResult } from '../../harness/evaluate/alerts';
import { alertDetail } from './alerts';
import {
  type QuarantineAssessment,
  type QuarantineProjection,
  type RunOutcome,
  type ScenarioResult,
  type ScenarioStatus,
  type StatusTally,
  type Verdict,
} from '../../harness/contract/verdict';
import { terminalText } from '../../harness/text/terminal-text';
import { evidenceBanner } from '../../harness/log/evidence';
import { type RunPlan, type RunStats, type RunSummary } from '../reporter';
import { type Colors, type Paint } from './colors';
import { formatCount, formatDuration, formatPercent, pluralize } from '../../harness/text/numbers';
import { formatStatusPanel } from './status-panel';
import {
  causeFailsRun,
  causesById,
  describeCauseOccurrences,
  describeCauseProjection,
  occurrencePointer,
  rootCauseHeading,
  rootCausesOf,
  scenarioNote,
} from './root-causes';
import { entraHeadline, failedProbes, failedProbeLine, RFC_CONFORMANCE, rfcScoreOf, sectionLine } from './rfc-score';

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { required: 3, recommended: 2, advisory: 1 };

function isSeverity(value: unknown): value is Severity {
  return value === 'required' || value === 'recommended' || value === 'advisory';
}

/** The run's --fail-on threshold as recorded in the plan's settings; `required` when absent. */
export function failOnSeverity(plan: RunPlan): Severity {
  const settings = plan.settings ?? {};
  const value = settings.failOn ?? settings['fail-on'];
  return isSeverity(value) ? value : 'required';
}

/** Whether the run's --fail-on included `inconclusive` (an inconclusive scenario fails the run), as recorded in the plan's settings. */
export function failsOnInconclusive(plan: RunPlan): boolean {
  return plan.settings?.failOnInconclusive === true;
}

/** Whether a failed expectation counts against --fail-on (its severity, absent: required, at or above it). */
export function expectationGates(severity: Severity | undefined, failOn: Severity): boolean {
  return SEVERITY_RANK[severity ?? 'required'] >= SEVERITY_RANK[failOn];
}

/** Most severe first; order of appearance kept within a severity. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => SEVERITY_RANK[b.finding.severity] - SEVERITY_RANK[a.finding.severity] || a.index - b.index)
    .map(({ finding }) => finding);
}

export type { StatusTally };

/**
 * How a finding counts for the run, mirroring the verdict's rules: below the --fail-on threshold
 * it is informational; listed in the baseline (check id, scenario id or "scenario::check") it is
 * a known failure; otherwise it fails the run.
 */
export type FindingDisposition = 'failing' | 'known' | 'belowThreshold';

export function findingDisposition(finding: Finding, verdict: Verdict, failOn: Severity): FindingDisposition {
  if (SEVERITY_RANK[finding.severity] < SEVERITY_RANK[failOn]) return 'belowThreshold';
  const known = verdict.knownFailures;
  const scenario = finding.scenarioId;
  if (
    known.includes(finding.check) ||
    (scenario !== undefined && (known.includes(scenario) || known.includes(`${scenario}::${finding.check}`)))
  ) {
    return 'known';
  }
  return 'failing';
}

export interface FindingsByScenario {
  readonly byScenario: ReadonlyMap<string, readonly Finding[]>;
  /** Findings of no scenario of this run (run-wide conformance checks). */
  readonly unassigned: readonly Finding[];
}

/**
 * The verdict's findings grouped by scenario. The evaluator has already folded every finding
 * once (harness/evaluate/finding-identity.ts): reporters only place them, never count again.
 */
export function groupFindingsByScenario(verdict: Verdict): FindingsByScenario {
  const scenarioIds = new Set(verdict.scenarios.map((scenario) => scenario.id));
  const byScenario = new Map<string, Finding[]>();
  const unassigned: Finding[] = [];
  for (const finding of verdict.findings) {
    if (finding.scenarioId !== undefined && scenarioIds.has(finding.scenarioId)) {
      const list = byScenario.get(finding.scenarioId) ?? [];
      list.push(finding);
      byScenario.set(finding.scenarioId, list);
    } else {
      unassigned.push(finding);
    }
  }
  return { byScenario, unassigned };
}

/** The dialects a finding was seen in; empty when it carries none. */
export function findingDialects(finding: Finding): string[] {
  const dialects = (finding.occurrences ?? []).map((occurrence) => occurrence.dialect).filter((dialect): dialect is string => dialect !== undefined);
  if (dialects.length > 0) return dialects;
  return finding.dialect === undefined ? [] : [finding.dialect];
}

/** The findings seen in one scenario run (its id and dialect). */
export function findingsOfScenarioRun(grouped: FindingsByScenario, scenario: ScenarioResult): Finding[] {
  return (grouped.byScenario.get(scenario.id) ?? []).filter((finding) => {
    const dialects = findingDialects(finding);
    return dialects.length === 0 || dialects.includes(scenario.dialect);
  });
}

/** "entra ×6, entra-compliant ×8": where one finding was seen. */
export function describeOccurrences(finding: Finding): string | null {
  const occurrences = (finding.occurrences ?? []).filter((occurrence) => occurrence.dialect !== undefined);
  if (occurrences.length === 0) return null;
  return occurrences.map((occurrence) => `${occurrence.dialect ?? ''} ×${occurrence.count}`).join(', ');
}

/** Every finding once, in scenario order, then the run-wide ones. */
export function allFindings(verdict: Verdict): Finding[] {
  const grouped = groupFindingsByScenario(verdict);
  const scenarioIds = [...new Set(verdict.scenarios.map((scenario) => scenario.id))];
  return [...scenarioIds.flatMap((id) => grouped.byScenario.get(id) ?? []), ...grouped.unassigned];
}

/** Baseline entries that did not run or name nothing known: said in every report, never a gate. */
export function baselineNoticeLines(verdict: Verdict): string[] {
  const lines: string[] = [];
  if (verdict.notRunKnownFailures.length > 0) lines.push(`Baseline entries not run (no effect): ${verdict.notRunKnownFailures.join(', ')}`);
  for (const unknown of verdict.unknownKnownFailures) {
    const hint = unknown.suggestions.length > 0 ? ` (did you mean ${unknown.suggestions.join(', ')}?)` : '';
    lines.push(`Baseline entry ${unknown.id} names no known scenario or check${hint}`);
  }
  return lines;
}

/** Entries of a sync or provision against --max-failures, with the most frequent error codes. */
export function entryVerdictLine(verdict: Verdict): string | null {
  const entries = verdict.entries;
  if (!entries) return null;
  const share = entries.total > 0 ? ` (${formatPercent(entries.failed / entries.total)})` : '';
  const top = entries.topErrorCodes.map(({ code, count }) => `${code} ${formatCount(count)}`).join(', ');
  return `Entries: ${formatCount(entries.failed)} of ${formatCount(entries.total)} failed${share}, --max-failures ${entries.maxFailures}: ${entries.exceeded ? 'exceeded' : 'within'}${top ? `; top errors: ${top}` : ''}`;
}

/**
 * What follows the chain hash in every report: the line count, the signature, and, for a report
 * regenerated by `report`, the recorded end it was checked against (kept, so a regenerated report
 * never anchors an edited file to itself) and the outcome of that check.
 */
export function chainNote(summary: RunSummary, code: (text: string) => string = (text) => text): string {
  const parts: string[] = [];
  if (summary.chainLines !== undefined) parts.push(`(${summary.chainLines} lines)`);
  if (summary.seal?.hmac) parts.push(`· signed (${summary.seal.algorithm ?? 'HMAC-SHA256'})`);
  const evidence = summary.evidence;
  if (evidence) {
    const anchor = evidence.anchors.find((candidate) => candidate.head !== undefined);
    if (anchor?.head) parts.push(`· checked against ${code(anchor.head)}${anchor.lines !== undefined ? ` (${anchor.lines} lines)` : ''} from ${anchor.source}: ${evidence.state}`);
    else parts.push(`· not anchored: ${evidence.state}`);
  }
  return parts.join(' ');
}

/** Every report warns when certificates were not checked: the results say nothing about the real TLS setup. */
export function insecureWarning(plan: RunPlan): string | null {
  return plan.insecure
    ? 'WARNING: TLS certificate verification was switched off (--insecure): the target was not authenticated, so these results do not show that a production client could connect securely.'
    : null;
}

export function projectionText(projection: QuarantineProjection): string {
  const scale = `At ${formatCount(projection.populationEstimate)} objects`;
  const failures = `${formatCount(projection.projectedFailures)} projected failures (${formatCount(projection.projectedReferenceFailures)} reference failures)`;
  if (!projection.wouldQuarantine) return `${scale} Entra would not quarantine the job: ${failures}. ${projection.explanation}`.trim();
  const when = projection.afterCycle === null ? '' : projection.afterCycle === 0 ? ' after the initial cycle' : ` after cycle ${projection.afterCycle}`;
  return `${scale} Entra would quarantine the job${when} (${projection.reason ?? 'Unknown'}): ${failures}. ${projection.explanation}`.trim();
}

/** What Entra would do with this job, why, and what to change (docs/entra-behaviour.md#quarantine). */
export function quarantineLines(quarantine: QuarantineAssessment): string[] {
  const lines: string[] = [];
  if (quarantine.wouldQuarantine) {
    const code = quarantine.errorCode ? ` (${quarantine.errorCode})` : '';
    lines.push(`Entra would quarantine this job: ${quarantine.reason ?? 'Unknown'}${code}.`);
    if (quarantine.details) lines.push(`Why: ${quarantine.details}`);
    if (quarantine.fix) lines.push(`Fix: ${quarantine.fix}`);
  } else {
    lines.push('Entra would not quarantine this job.');
    if (quarantine.details) lines.push(quarantine.details);
    if (quarantine.fix) lines.push(`Fix: ${quarantine.fix}`);
  }
  if (quarantine.escrowsPruned) {
    lines.push('Escrow thresholds were reached during the initial cycle: Entra prunes the escrows and pauses the job until it is cleaned up (docs/entra-behaviour.md#quarantine-triggers).');
  }
  if (quarantine.jobDisabled) lines.push('Quarantined for more than four weeks: Entra disables the job (docs/entra-behaviour.md#while-quarantined).');
  if (quarantine.projection) lines.push(`Projection: ${projectionText(quarantine.projection)}`);
  return lines;
}

function readString(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' ? field : undefined;
}

function readObject(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  return (value as Record<string, unknown>)[key];
}

/**
 * The Graph synchronizationJob in one line ("Quarantine; schedule Active every P1D"). The
 * summary types it as unknown, so each field is read only when it has the expected shape.
 */
export function describeJobStatus(jobStatus: unknown): string | null {
  const code = readString(readObject(jobStatus, 'status'), 'code');
  if (!code) return null;
  const schedule = readObject(jobStatus, 'schedule');
  const state = readString(schedule, 'state');
  const interval = readString(schedule, 'interval');
  const parts = [code];
  if (state) parts.push(`schedule ${state}${interval && state === 'Active' ? ` every ${interval}` : ''}`);
  const lastState = readString(readObject(readObject(jobStatus, 'status'), 'lastExecution'), 'state');
  if (lastState) parts.push(`last execution ${lastState}`);
  return parts.join('; ');
}

function countsText(counts: Readonly<Record<string, number>>): string {
  const entries = Object.entries(counts).filter(([, count]) => count > 0);
  return entries.length === 0 ? 'none' : entries.map(([key, count]) => `${key} ${formatCount(count)}`).join(', ');
}

export function statsLines(stats: RunStats): string[] {
  const lines = [
    `Entries: ${formatCount(stats.entries)} (by action: ${countsText(stats.byAction)}; by status: ${countsText(stats.byStatus)})`,
    `Requests: ${formatCount(stats.requests)} at ${formatCount(stats.requestsPerSecond)}/s over ${formatDuration(stats.wallTimeMs)}`,
  ];
  const errors = Object.entries(stats.byErrorCode).sort(([, a], [, b]) => b - a);
  if (errors.length > 0) lines.push(`Errors by code: ${errors.map(([code, count]) => `${code} ${formatCount(count)}`).join(', ')}`);
  const operations = Object.entries(stats.latencyMs);
  if (operations.length > 0) {
    const rows = operations.map(([operation, latency]) => [
      operation,
      formatCount(latency.count),
      formatCount(latency.p50),
      formatCount(latency.p95),
      formatCount(latency.p99),
      formatCount(latency.max),
    ]);
    lines.push('Latency (ms):', ...alignRows([['operation', 'count', 'p50', 'p95', 'p99', 'max'], ...rows], [false, true, true, true, true, true]).map((line) => `  ${line}`));
  }
  return lines;
}

/** Columns padded to their widest cell; `right` aligns numbers. No trailing spaces. */
export function alignRows(rows: readonly (readonly string[])[], right: readonly boolean[] = []): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (right[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}

/**
 * Text the console shows but the harness did not write (the target's values inside findings,
 * the user's scenario titles and paths): control characters shown, not obeyed, before any
 * colour wraps it (harness/text/terminal-text.ts).
 */
function safeText(text: string): string {
  return terminalText(text);
}

/** "RFC conformance (RFC 7643/7644)": per-section counts, then the failed probes, most severe first. */
function rfcScoreBlock(rfc: NonNullable<Verdict['rfc']>, colors: Colors): string[] {
  const width = Math.max(...rfc.sections.map((section) => section.section.length), 0);
  const lines = [colors.bold(`${RFC_CONFORMANCE} (RFC 7643/7644, ${pluralize(rfc.counts.total, 'probe')})`)];
  for (const section of rfc.sections) lines.push(`  ${section.section.padEnd(width)}  ${sectionLine(section)}`);
  for (const result of failedProbes(rfc)) lines.push(`  ${(result.severity === 'required' ? colors.red : colors.yellow)('✗')} ${safeText(failedProbeLine(result))}`);
  return lines;
}

export function outcomePaint(outcome: RunOutcome, colors: Colors): Paint {
  switch (outcome) {
    case 'passed':
      return (text) => colors.bold(colors.green(text));
    case 'interrupted':
      return (text) => colors.bold(colors.yellow(text));
    default:
      return (text) => colors.bold(colors.red(text));
  }
}

export const STATUS_MARK: Readonly<Record<ScenarioStatus, string>> = { passed: '✓', failed: '✗', skipped: '-', inconclusive: '?' };

function statusPaint(status: ScenarioStatus, colors: Colors): Paint {
  return status === 'passed' ? colors.green : status === 'failed' ? colors.red : colors.dim;
}

/**
 * One line per scenario run: mark, status, id, dialect, then what a reader needs — the root
 * cause of a failure, the reason it is inconclusive or blocked — else its title.
 */
export function scenarioLines(scenarios: readonly ScenarioResult[], colors: Colors, causes: ReadonlyMap<string, RootCause> = new Map()): string[] {
  const rows = scenarios.map((scenario) => [
    `${STATUS_MARK[scenario.status]} ${scenario.status}`,
    terminalText(scenario.id, { layout: 'line' }),
    terminalText(scenario.dialect, { layout: 'line' }),
    terminalText(scenarioNote(scenario, causes) ?? scenario.title, { layout: 'line' }),
  ]);
  return alignRows(rows).map((line, i) => {
    const status = scenarios[i].status;
    const mark = rows[i][0];
    return `  ${statusPaint(status, colors)(mark)}${line.slice(mark.length)}`;
  });
}

const CAUSE_LABEL_WIDTH = 'server said'.length;

/** One labelled detail line under a root cause; the value is target text, shown not obeyed. */
function causeDetail(label: string, value: string): string {
  return `     ${`${label}:`.padEnd(CAUSE_LABEL_WIDTH + 1)} ${safeText(value)}`;
}

/**
 * "Root causes (N)" and each cause: severity, title, where it was seen, impact, projection, fix,
 * the server's own words (quoted, control characters shown), workaround and evidence ids. The
 * first thing after the verdict (docs/diagnosis.md#root-causes); the occurrences are not repeated.
 */
export function rootCauseLines(verdict: Verdict, colors: Colors, failOn: Severity, max: number): string[] {
  const causes = rootCausesOf(verdict);
  const lines = [colors.bold(rootCauseHeading(verdict))];
  causes.slice(0, max).forEach((cause, index) => {
    const severity = cause.severity === 'required' ? colors.red : cause.severity === 'recommended' ? colors.yellow : colors.dim;
    const gate = causeFailsRun(cause, failOn) ? '' : colors.dim(' (does not fail the run)');
    lines.push(`  ${index + 1}. ${severity(`[${cause.severity}]`)} ${colors.bold(safeText(cause.title))}${gate}`);
    lines.push(causeDetail('seen in', describeCauseOccurrences(cause)));
    lines.push(causeDetail('impact', cause.impact));
    const projection = describeCauseProjection(cause);
    if (projection) lines.push(causeDetail('projected', projection));
    lines.push(causeDetail('fix', cause.fix));
    if (cause.serverDetail !== undefined) lines.push(causeDetail('server said', `"${cause.serverDetail}"`));
    if (cause.workaround !== undefined) lines.push(causeDetail('workaround', cause.workaround));
    if (cause.evidence.length > 0) lines.push(causeDetail('evidence', cause.evidence.join(', ')));
  });
  if (causes.length > max) lines.push(colors.dim(`  … ${pluralize(causes.length - max, 'more root cause')} in report.html and report.json`));
  if (causes.length > 0 || verdict.counts.findings.total > 0) lines.push(colors.dim(`  ${occurrencePointer(verdict)}`));
  return lines;
}

/** "53 passed, 19 failed, 0 inconclusive, 0 skipped": the verdict's tally of scenario runs. */
export function scenarioTallyText(counts: StatusTally): string {
  return `${formatCount(counts.passed)} passed, ${formatCount(counts.failed)} failed, ${formatCount(counts.inconclusive ?? 0)} inconclusive, ${formatCount(counts.skipped)} skipped`;
}

/** The scenario runs a reader has to look at: those that did not pass, or that hold a blocked expectation. */
export function scenariosToShow(verdict: Verdict): ScenarioResult[] {
  const causes = causesById(verdict);
  return verdict.scenarios.filter((scenario) => scenario.status !== 'passed' || scenarioNote(scenario, causes) !== null);
}

export interface SummaryTextOptions {
  /** Files the reporters write, relative to the output folder. */
  readonly outputs?: readonly string[];
  readonly maxRootCauses?: number;
}

/** Root causes the console prints in full; a server with more has bigger problems than a long log shows. */
export const MAX_ROOT_CAUSES = 20;

/** Fired alerts first; one line when none fired. */
export function alertLines(alerts: readonly AlertResult[] | undefined): string[] {
  const list = alerts ?? [];
  const fired = list.filter((alert) => alert.fired);
  if (fired.length === 0) return [`No alert fired (${list.map((alert) => alert.name).join(', ') || 'none configured'}).`];
  return fired.map((alert) => `${alert.name}: ${alertDetail(alert)}${alert.firstFiredAt ? ` (first at ${alert.firstFiredAt})` : ''}`);
}

/** The console's closing summary. */
export function summaryLines(summary: RunSummary, colors: Colors, options: SummaryTextOptions = {}): string[] {
  const { verdict } = summary;
  const lines: string[] = [];
  const banner = evidenceBanner(summary.evidence);
  if (banner) lines.push(colors.red(colors.bold(banner)), ...(summary.evidence?.details ?? []).map((detail) => colors.red(`  ${detail}`)), '');
  lines.push(outcomePaint(verdict.outcome, colors)(safeText(entraHeadline(verdict))));
  const rfc = rfcScoreOf(verdict);
  // The second score, never mixed with the first (docs/rfc-coverage.md).
  if (rfc) lines.push((rfc.outcome === 'passed' ? colors.green : colors.red)(safeText(rfc.headline)));
  const warning = insecureWarning(summary.plan);
  if (warning) lines.push(colors.yellow(warning));
  lines.push('', ...rootCauseLines(verdict, colors, failOnSeverity(summary.plan), options.maxRootCauses ?? MAX_ROOT_CAUSES));
  lines.push('', ...formatStatusPanel(summary.status, colors));
  const job = describeJobStatus(summary.jobStatus);
  if (job) lines.push(`  ${'Job status (Graph)'.padEnd('Current cycle status'.length)}  ${safeText(job)}`);

  lines.push('', colors.bold('Quarantine'), ...quarantineLines(verdict.quarantine).map((line) => `  ${safeText(line)}`));
  lines.push('', colors.bold('Alerts'), ...alertLines(summary.alerts).map((line) => `  ${safeText(line)}`));

  const scenarios = verdict.counts.scenarios;
  lines.push('', colors.bold(`Scenarios: ${scenarioTallyText(scenarios)} (${pluralize(scenarios.total, 'scenario run')})`));
  // Passed runs were listed as they finished; the summary names only those a reader must act on.
  lines.push(...scenarioLines(scenariosToShow(verdict), colors, causesById(verdict)));
  if (verdict.knownFailures.length > 0) lines.push(`  Known failures (baseline): ${safeText(verdict.knownFailures.join(', '))}`);
  if (verdict.fixedKnownFailures.length > 0) {
    lines.push(colors.yellow(`  Baseline entries that now pass (remove them from the baseline): ${safeText(verdict.fixedKnownFailures.join(', '))}`));
  }
  for (const line of baselineNoticeLines(verdict)) lines.push(colors.yellow(`  ${line}`));
  const entries = entryVerdictLine(verdict);
  if (entries) lines.push(`  ${entries}`);

  // The RFC score's own block, after Entra readiness's scenarios and never mixed with them (docs/rfc-coverage.md).
  if (rfc) lines.push('', ...rfcScoreBlock(rfc, colors));

  lines.push('', colors.bold('Stats'), ...statsLines(summary.stats).map((line) => `  ${safeText(line)}`));
  lines.push('', `Run log: ${safeText(summary.runFile)}`, `Chain hash (last line of run.ndjson): ${summary.finalHash || '(empty log)'}${chainNote(summary) ? ` ${chainNote(summary)}` : ''}`);
  const outputs = options.outputs ?? [];
  lines.push(outputs.length > 0 ? `Reports written to ${safeText(summary.outDir)}: ${safeText(outputs.join(', '))}` : `Output folder: ${safeText(summary.outDir)}`);
  if (summary.interrupted) lines.push(colors.yellow('The run was interrupted: results cover only what ran before it stopped.'));
  return lines;
}
