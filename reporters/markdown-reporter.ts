/**
 * summary.md, shaped for GitHub's job summary: verdict first, the Current Status panel, the
 * scenarios, the most severe findings, and links to the other files. When GITHUB_STEP_SUMMARY is
 * set the same text is appended there, so a workflow shows it without an extra step.
 */
import { appendFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { type RunOutcome, type ScenarioResult } from '../harness/contract/verdict';
import { escapeMarkdown, markdownCell, markdownCode, markdownTable } from './format/markdown';
import { formatDuration, pluralize } from '../harness/text/numbers';
import { statusPanelRows } from './format/status-panel';
import {
  allFindings,
  baselineNoticeLines,
  entryVerdictLine,
  describeJobStatus,
  insecureWarning,
  quarantineLines,
  alertLines,
  chainNote,
  STATUS_MARK,
  topFindings,
} from './format/summary';
import { evidenceBanner } from '../harness/log/evidence';
import { entraHeadline, failedProbes, RFC_CONFORMANCE, rfcScoreOf, sectionLine } from './format/rfc-score';
import { linkName, writeReportFile } from './output-file';
import { type Reporter, type RunSummary } from './reporter';
import { type ReporterOptions } from './reporter-options';

export const MARKDOWN_REPORT_FILE = 'summary.md';
export const MARKDOWN_MAX_FINDINGS = 20;
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

function scenarioRows(scenarios: readonly ScenarioResult[]): { readonly rows: string[][]; readonly omitted: number } {
  let shown = [...scenarios];
  if (shown.length > MARKDOWN_MAX_SCENARIOS) {
    // Failures matter most: keep all of them (up to the cap), then the rest in order.
    const failed = shown.filter((scenario) => scenario.status === 'failed');
    const others = shown.filter((scenario) => scenario.status !== 'failed');
    shown = [...failed, ...others].slice(0, MARKDOWN_MAX_SCENARIOS);
  }
  return {
    rows: shown.map((scenario) => {
      const failedExpectations = scenario.expectations.filter((expectation) => expectation.status === 'failed');
      const note = failedExpectations.map((expectation) => `${expectation.title}: expected ${expectation.expected}, got ${expectation.actual}`).join('\n');
      return [
        `${STATUS_MARK[scenario.status]} ${scenario.status}`,
        `${markdownCode(scenario.id)} ${escapeMarkdown(scenario.dialect)}`,
        markdownCell(scenario.title),
        markdownCell(scenario.spec),
        formatDuration(scenario.durationMs),
        markdownCell(note),
      ];
    }),
    omitted: scenarios.length - shown.length,
  };
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

  lines.push('### Current Status', '');
  const statusRows = statusPanelRows(summary.status).map((row) => [row.label, markdownCell(row.value)]);
  const job = describeJobStatus(summary.jobStatus);
  if (job) statusRows.push(['Job status (Graph)', markdownCell(job)]);
  lines.push(...markdownTable(['Item', 'State'], statusRows), '');
  if (!verdict.quarantine.wouldQuarantine) lines.push(...quarantineLines(verdict.quarantine).map((line) => `- ${escapeMarkdown(line)}`), '');

  lines.push('### Alerts', '', ...alertLines(summary.alerts).map((line) => `- ${escapeMarkdown(line)}`), '');

  const counts = verdict.counts.scenarios;
  lines.push(`### Scenarios: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`, '');
  if (verdict.scenarios.length === 0) {
    lines.push('No scenarios ran.', '');
  } else {
    const { rows, omitted } = scenarioRows(verdict.scenarios);
    lines.push(...markdownTable(['Status', 'Scenario', 'Title', 'Spec', 'Duration', 'Failed expectations'], rows), '');
    if (omitted > 0) lines.push(`_${pluralize(omitted, 'more scenario')} not shown: see junit.xml or report.html._`, '');
  }
  if (verdict.knownFailures.length > 0) lines.push(`Known failures (baseline): ${verdict.knownFailures.map(markdownCode).join(', ')}`, '');
  if (verdict.fixedKnownFailures.length > 0) {
    lines.push(`**Baseline entries that now pass — remove them from the baseline:** ${verdict.fixedKnownFailures.map(markdownCode).join(', ')}`, '');
  }
  for (const line of baselineNoticeLines(verdict)) lines.push(escapeMarkdown(line), '');
  const entries = entryVerdictLine(verdict);
  if (entries) lines.push(escapeMarkdown(entries), '');

  const findings = allFindings(verdict);
  const { shown, omitted } = topFindings(findings, MARKDOWN_MAX_FINDINGS);
  const total = verdict.counts.findings.total;
  lines.push(total === 0 ? '### Findings: none' : `### Top findings (${shown.length} of ${total}, most severe first)`, '');
  if (shown.length > 0) {
    lines.push(
      ...markdownTable(
        ['Severity', 'Check', 'Finding', 'Expected', 'Actual', 'Spec', 'Fix'],
        shown.map((finding) => [
          `**${finding.severity}**`,
          markdownCode(finding.check),
          markdownCell(finding.title),
          markdownCell(finding.expected),
          markdownCell(finding.actual),
          markdownCell(finding.spec),
          markdownCell(finding.fix),
        ]),
      ),
      '',
    );
    if (omitted > 0) lines.push(`_${pluralize(omitted, 'more finding')} in report.html and report.json._`, '');
  }

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
