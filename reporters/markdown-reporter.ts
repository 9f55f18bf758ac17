/**
 * summary.md, shaped for GitHub's job summary: verdict first, then the root causes (each once,
 * with its fix), the Current Status panel, the scenario runs that need attention, and links to
 * the other files. Findings and expectations are occurrences of root causes: they stay in
 * report.json and report.html (docs/diagnosis.md#root-causes). When GITHUB_STEP_SUMMARY is set the
 * same text is appended there, so a workflow shows it without an extra step.
 */
import { appendFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { type RootCause } from '../harness/contract/root-cause';
import { type RunOutcome, type ScenarioResult, type Verdict } from '../harness/contract/verdict';
import { escapeMarkdown, markdownCell, markdownCode, markdownTable } from './format/markdown';
import { formatDuration, pluralize } from '../harness/text/numbers';
import { statusPanelRows } from './format/status-panel';
import {
  baselineNoticeLines,
  entryVerdictLine,
  describeJobStatus,
  failOnSeverity,
  insecureWarning,
  quarantineLines,
  alertLines,
  chainNote,
  scenariosToShow,
  scenarioTallyText,
  STATUS_MARK,
} from './format/summary';
import {
  causeFailsRun,
  causesById,
  describeCauseOccurrences,
  describeCauseProjection,
  occurrencePointer,
  rootCauseHeading,
  rootCausesOf,
  scenarioNote,
} from './format/root-causes';
import { type Severity } from '../harness/contract/finding';
import { evidenceBanner } from '../harness/log/evidence';
import { entraHeadline, failedProbes, RFC_CONFORMANCE, rfcScoreOf, sectionLine } from './format/rfc-score';
import { linkName, writeReportFile } from './output-file';
import { type Reporter, type RunSummary } from './reporter';
import { type ReporterOptions } from './reporter-options';

export const MARKDOWN_REPORT_FILE = 'summary.md';
/** Root causes written in full; more than this and the rest are named in report.html and report.json. */
export const MARKDOWN_MAX_ROOT_CAUSES = 30;
/** GitHub caps a step summary at 1 MiB; a few hundred rows stay far below it. */
export const MARKDOWN_MAX_SCENARIOS = 200;

const OUTCOME_ICON: Readonly<Record<RunOutcome, string>> = {
  passed: '✅',
  failed: '❌',
  quarantined: '⛔',
  unreachable: '🔌',
  interrupted: '⚠️',
};

/** Other files a reader may want, besides the ones the reporters write. */
const RUN_FILES = ['run.ndjson', 'provisioning-logs.json'];

function scenarioRows(scenarios: readonly ScenarioResult[], causes: ReadonlyMap<string, RootCause>): { readonly rows: string[][]; readonly omitted: number } {
  const shown = scenarios.slice(0, MARKDOWN_MAX_SCENARIOS);
  return {
    rows: shown.map((scenario) => [
      `${STATUS_MARK[scenario.status]} ${scenario.status}`,
      `${markdownCode(scenario.id)} ${escapeMarkdown(scenario.dialect)}`,
      markdownCell(scenario.title),
      formatDuration(scenario.durationMs),
      markdownCell(scenarioNote(scenario, causes) ?? ''),
    ]),
    omitted: scenarios.length - shown.length,
  };
}

/** One root cause: its title as a heading, then what a vendor needs to act, target text made inert. */
function rootCauseBlock(cause: RootCause, index: number, failOn: Severity): string[] {
  const gate = causeFailsRun(cause, failOn) ? '' : ' _(does not fail the run)_';
  const projection = describeCauseProjection(cause);
  return [
    `#### ${index + 1}. \`${cause.severity}\` ${escapeMarkdown(cause.title)}${gate}`,
    '',
    `- **Seen in:** ${escapeMarkdown(describeCauseOccurrences(cause))}`,
    `- **Impact:** ${escapeMarkdown(cause.impact)}`,
    ...(projection ? [`- **Projected:** ${escapeMarkdown(projection)}`] : []),
    `- **Fix:** ${escapeMarkdown(cause.fix)}`,
    // The server's own words, as received: a code span, so nothing in them is read as Markdown or a link.
    ...(cause.serverDetail !== undefined ? [`- **Server said:** ${markdownCode(cause.serverDetail)}`] : []),
    ...(cause.workaround !== undefined ? [`- **Workaround:** ${escapeMarkdown(cause.workaround)}`] : []),
    ...(cause.evidence.length > 0 ? [`- **Evidence:** ${cause.evidence.map(markdownCode).join(', ')}`] : []),
    '',
  ];
}

/** "### Root causes (N: …)", each cause once, and where the occurrences are. */
function rootCauseSection(verdict: Verdict, failOn: Severity): string[] {
  const causes = rootCausesOf(verdict);
  const lines = [`### ${escapeMarkdown(rootCauseHeading(verdict))}`, ''];
  causes.slice(0, MARKDOWN_MAX_ROOT_CAUSES).forEach((cause, index) => lines.push(...rootCauseBlock(cause, index, failOn)));
  if (causes.length > MARKDOWN_MAX_ROOT_CAUSES) lines.push(`_${pluralize(causes.length - MARKDOWN_MAX_ROOT_CAUSES, 'more root cause')} in report.html and report.json._`, '');
  if (causes.length > 0 || verdict.counts.findings.total > 0) lines.push(`_${escapeMarkdown(occurrencePointer(verdict))}_`, '');
  return lines;
}

export function renderMarkdownSummary(summary: RunSummary, outDir: string, outputs: readonly string[] = []): string {
  const { verdict } = summary;
  const lines: string[] = [];
  const banner = evidenceBanner(summary.evidence);
  if (banner) {
    lines.push('> [!CAUTION]', `> **${escapeMarkdown(banner)}**`, ...(summary.evidence?.details ?? []).map((detail) => `> - ${escapeMarkdown(detail)}`), '');
  }
  lines.push(`## ${OUTCOME_ICON[verdict.outcome]} ${escapeMarkdown(entraHeadline(verdict))}`, '');
  const rfc = rfcScoreOf(verdict);
  // The second score, never mixed with the first (docs/rfc-coverage.md).
  if (rfc) lines.push(`## ${rfc.outcome === 'passed' ? '✅' : '❌'} ${escapeMarkdown(rfc.headline)}`, '');
  const warning = insecureWarning(summary.plan);
  if (warning) lines.push('> [!WARNING]', `> ${escapeMarkdown(warning)}`, '');
  if (verdict.quarantine.wouldQuarantine) {
    const [first, ...rest] = quarantineLines(verdict.quarantine);
    lines.push(`**${escapeMarkdown(first)}**`, '', ...rest.map((line) => `- ${escapeMarkdown(line)}`), '');
  }
  if (summary.interrupted) lines.push('_The run was interrupted: results cover only what ran before it stopped._', '');
  // The verdict (with what quarantines the job) first, then what is wrong, each cause once.
  lines.push(...rootCauseSection(verdict, failOnSeverity(summary.plan)));

  lines.push('### Current Status', '');
  const statusRows = statusPanelRows(summary.status).map((row) => [row.label, markdownCell(row.value)]);
  const job = describeJobStatus(summary.jobStatus);
  if (job) statusRows.push(['Job status (Graph)', markdownCell(job)]);
  lines.push(...markdownTable(['Item', 'State'], statusRows), '');
  if (!verdict.quarantine.wouldQuarantine) lines.push(...quarantineLines(verdict.quarantine).map((line) => `- ${escapeMarkdown(line)}`), '');

  lines.push('### Alerts', '', ...alertLines(summary.alerts).map((line) => `- ${escapeMarkdown(line)}`), '');

  const counts = verdict.counts.scenarios;
  lines.push(`### Scenarios: ${scenarioTallyText(counts)}`, '');
  const attention = scenariosToShow(verdict);
  if (verdict.scenarios.length === 0) {
    lines.push('No scenarios ran.', '');
  } else if (attention.length === 0) {
    lines.push(`Every scenario run passed (${pluralize(counts.total, 'scenario run')}).`, '');
  } else {
    // Passed runs are not listed: the runs to act on, each with its root cause or reason.
    const { rows, omitted } = scenarioRows(attention, causesById(verdict));
    lines.push(...markdownTable(['Status', 'Scenario', 'Title', 'Duration', 'Root cause or reason'], rows), '');
    if (omitted > 0) lines.push(`_${pluralize(omitted, 'more scenario run')} not shown: see junit.xml or report.html._`, '');
  }
  if (verdict.knownFailures.length > 0) lines.push(`Known failures (baseline): ${verdict.knownFailures.map(markdownCode).join(', ')}`, '');
  if (verdict.fixedKnownFailures.length > 0) {
    lines.push(`**Baseline entries that now pass — remove them from the baseline:** ${verdict.fixedKnownFailures.map(markdownCode).join(', ')}`, '');
  }
  for (const line of baselineNoticeLines(verdict)) lines.push(escapeMarkdown(line), '');
  const entries = entryVerdictLine(verdict);
  if (entries) lines.push(escapeMarkdown(entries), '');

  // The RFC score's own section, after Entra readiness's scenarios and never mixed with them (docs/rfc-coverage.md).
  if (rfc) lines.push(...rfcSection(rfc));

  const files = [...outputs.filter((name) => name !== MARKDOWN_REPORT_FILE)];
  for (const name of RUN_FILES) {
    if (!files.includes(name) && existsSync(join(resolve(outDir), name))) files.push(name);
  }
  const runLink = linkName(outDir, summary.runFile);
  if (!files.includes(runLink) && !isAbsolute(runLink)) files.push(runLink);
  if (files.length > 0) {
    lines.push('### Files', '', ...files.map((name) => `- [${escapeMarkdown(name)}](${encodeURI(name)})`), '');
  }
  const note = chainNote(summary, markdownCode);
  lines.push(`<sub>Chain hash of run.ndjson: ${markdownCode(summary.finalHash || '(empty log)')}${note ? ` ${note}` : ''}</sub>`, '');
  return lines.join('\n');
}

/** "### RFC conformance": counts per section, then the failed probes, most severe first. */
function rfcSection(rfc: NonNullable<ReturnType<typeof rfcScoreOf>>): string[] {
  const lines = [`### ${RFC_CONFORMANCE} (RFC 7643/7644): ${pluralize(rfc.counts.total, 'probe')}`, ''];
  lines.push(...markdownTable(['Section', 'Result'], rfc.sections.map((section) => [escapeMarkdown(section.section), escapeMarkdown(sectionLine(section))])), '');
  const failed = failedProbes(rfc);
  if (failed.length > 0) {
    lines.push(
      ...markdownTable(
        ['Severity', 'Probe', 'Requirement', 'Expected', 'Actual', 'Section', 'Fix'],
        failed.map((result) => [
          `**${result.severity}**`,
          markdownCode(result.id),
          markdownCell(result.title),
          markdownCell(result.expected),
          markdownCell(result.actual),
          markdownCell(result.section),
          markdownCell(result.fix ?? ''),
        ]),
      ),
      '',
    );
  }
  return lines;
}

export class MarkdownReporter implements Reporter {
  readonly name = 'markdown';

  constructor(private readonly options: ReporterOptions) {}

  async onRunEnd(summary: RunSummary): Promise<void> {
    const text = renderMarkdownSummary(summary, this.options.outDir, this.options.outputs);
    await writeReportFile(this.options.outDir, MARKDOWN_REPORT_FILE, text);
    const stepSummary = (this.options.env ?? process.env).GITHUB_STEP_SUMMARY;
    if (stepSummary) await appendFile(stepSummary, `${text}\n`, 'utf8');
  }
}

export function createMarkdownReporter(options: ReporterOptions): MarkdownReporter {
  return new MarkdownReporter(options);
}
