/**
 * The HTML report as one self-contained page: markup for everything that is fixed at the end of
 * the run (verdict, status, conformance, findings with their evidence, numbers), the log viewer
 * and charts filled in by the page script from embedded JSON, Chart.js inlined. A Content
 * Security Policy with default-src 'none' makes sure the file never reaches the network.
 */
import { type Finding } from '../../harness/contract/finding';
import { type ExpectationResult, type ScenarioResult, type Verdict } from '../../harness/contract/verdict';
import { embedJson, embedScript, escapeHtml } from '../format/html';
import { formatCount, formatDuration, formatTimestamp, pluralize } from '../format/numbers';
import { progressPercent, statusPanelRows } from '../format/status-panel';
import { evidenceBanner } from '../../harness/log/evidence';
import { alertLines, chainNote } from '../format/summary';
import {
  allFindings,
  baselineNoticeLines,
  describeJobStatus,
  describeOccurrences,
  entryVerdictLine,
  findingsOfScenarioRun,
  groupFindingsByScenario,
  insecureWarning,
  projectionText,
  sortFindings,
} from '../format/summary';
import { type RunSummary } from '../reporter';
import { PAGE_SCRIPT } from './page-script';
import { PAGE_STYLE } from './page-style';
import { type CollectedRunData, type ExchangeView } from './report-data';

export interface HtmlPageInput {
  readonly summary: RunSummary;
  readonly data: CollectedRunData;
  /** Chart.js UMD source, inlined as is. */
  readonly chartJs: string;
  /** Files the run's reporters wrote, relative to the output folder. */
  readonly outputs: readonly string[];
  /** Findings rendered at most (each with its evidence). */
  readonly maxFindings?: number;
}

const DEFAULT_MAX_FINDINGS = 1_000;

const h = escapeHtml;

function badge(text: string, kind: string): string {
  return `<span class="badge badge-${h(kind)}">${h(text)}</span>`;
}

function kv(pairs: readonly (readonly [string, string | null | undefined])[]): string {
  return `<dl class="kv">${pairs
    .filter((pair) => pair[1] !== undefined && pair[1] !== null && pair[1] !== '')
    .map(([key, value]) => `<dt>${h(key)}</dt><dd>${h(String(value))}</dd>`)
    .join('')}</dl>`;
}

function renderBanner(summary: RunSummary): string {
  const { verdict, plan } = summary;
  const quarantine = verdict.quarantine;
  const evidence = evidenceBanner(summary.evidence);
  const parts = [
    // Before the verdict: a verdict regenerated from a log that does not verify is not evidence.
    ...(evidence
      ? [`<div class="callout callout-bad" id="evidence-banner"><p><strong>${h(evidence)}</strong></p>${(summary.evidence?.details ?? []).map((detail) => `<p>${h(detail)}</p>`).join('')}</div>`]
      : []),
    `<header class="banner banner-${h(verdict.outcome)}" id="verdict">`,
    `<div class="outcome">${h(verdict.outcome)}</div>`,
    `<h1 id="verdict-headline">${h(verdict.headline)}</h1>`,
    `<div class="meta">${h(plan.applicationName)} · ${h(plan.targetUrl)} · dialect ${h(plan.dialect)} · run ${h(plan.runId)} · ${h(formatTimestamp(plan.startedAt))} → ${h(formatTimestamp(summary.endedAt))}</div>`,
  ];
  if (quarantine.wouldQuarantine) {
    parts.push(
      `<div class="callout callout-bad" id="quarantine-banner"><p><strong>Entra would quarantine this job: ${h(quarantine.reason ?? 'Unknown')}${quarantine.errorCode ? ` (${h(quarantine.errorCode)})` : ''}</strong></p>`,
      quarantine.details ? `<p>${h(quarantine.details)}</p>` : '',
      quarantine.fix ? `<p><strong>Fix:</strong> ${h(quarantine.fix)}</p>` : '',
      quarantine.projection ? `<p><strong>Projection:</strong> ${h(projectionText(quarantine.projection))}</p>` : '',
      quarantine.escrowsPruned ? '<p>Escrow thresholds were reached during the initial cycle: Entra prunes the escrows and pauses the job until it is cleaned up.</p>' : '',
      quarantine.jobDisabled ? '<p>Quarantined for more than four weeks: Entra disables the job.</p>' : '',
      '</div>',
    );
  }
  const entries = entryVerdictLine(verdict);
  if (entries) parts.push(`<p id="entry-verdict">${h(entries)}</p>`);
  const baseline = baselineNoticeLines(verdict);
  if (baseline.length > 0) parts.push(`<div class="callout callout-warn" id="baseline-notices">${baseline.map((line) => `<p>${h(line)}</p>`).join('')}</div>`);
  const warning = insecureWarning(plan);
  if (warning) parts.push(`<div class="callout callout-warn" id="insecure-warning"><p><strong>${h(warning)}</strong></p></div>`);
  if (summary.interrupted) parts.push('<div class="callout callout-warn"><p>The run was interrupted: results cover only what ran before it stopped.</p></div>');
  parts.push('</header>');
  return parts.join('\n');
}

function renderStatus(summary: RunSummary): string {
  const rows = statusPanelRows(summary.status);
  const job = describeJobStatus(summary.jobStatus);
  const percent = progressPercent(summary.status);
  const quarantine = summary.verdict.quarantine;
  return [
    '<section id="current-status"><h2>Current Status</h2>',
    `<div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${percent}"><span style="width:${percent}%"></span></div>`,
    '<dl class="status-panel">',
    ...rows.map((row) => `<dt>${h(row.label)}</dt><dd class="tone-${row.tone}">${h(row.value)}</dd>`),
    job ? `<dt>Job status (Graph)</dt><dd>${h(job)}</dd>` : '',
    '</dl>',
    quarantine.wouldQuarantine
      ? ''
      : `<div class="callout callout-ok"><p>Entra would not quarantine this job.${quarantine.details ? ` ${h(quarantine.details)}` : ''}</p>${
          quarantine.projection ? `<p><strong>Projection:</strong> ${h(projectionText(quarantine.projection))}</p>` : ''
        }</div>`,
    `<div class="alerts" id="alerts"><h3>Alerts</h3><ul>${alertLines(summary.alerts).map((line) => `<li>${h(line)}</li>`).join('')}</ul></div>`,
    '</section>',
  ].join('\n');
}

function renderExchange(view: ExchangeView): string {
  const headers = (record: Readonly<Record<string, string>>): string =>
    Object.entries(record)
      .map(([name, value]) => `${name}: ${value}`)
      .join('\n');
  const status = view.status === null ? 'no response' : String(view.status);
  const attempts = view.previousAttempts > 0 ? ` after ${pluralize(view.previousAttempts, 'throttled attempt')}` : '';
  return [
    '<div class="exchange">',
    `<div><code>${h(view.method)} ${h(view.url)}</code> → <strong>${h(status)}</strong> <span class="muted">(${h(formatDuration(view.durationMs))}${h(attempts)}; exchange ${h(view.id)}; ${h(view.context)})</span></div>`,
    view.error ? `<p class="tone-bad">${h(view.error)}</p>` : '',
    '<h5>Request</h5>',
    `<pre>${h(`${view.method} ${view.url}\n${headers(view.requestHeaders)}${view.requestBody ? `\n\n${view.requestBody}` : ''}`)}</pre>`,
    view.status === null ? '' : `<h5>Response</h5><pre>${h(`${status}\n${headers(view.responseHeaders)}${view.responseBody ? `\n\n${view.responseBody}` : ''}`)}</pre>`,
    '</div>',
  ].join('\n');
}

function renderEvidence(ids: readonly string[], data: CollectedRunData): string {
  if (ids.length === 0) return '';
  return [
    `<h4>Evidence (${pluralize(ids.length, 'exchange')})</h4>`,
    ...ids.map((id) => {
      const view = data.exchanges.get(id);
      return view ? renderExchange(view) : `<p class="muted">Exchange ${h(id)} is not in run.ndjson (or over the report's evidence cap).</p>`;
    }),
  ].join('\n');
}

function expectationRow(scenario: ScenarioResult, expectation: ExpectationResult, data: CollectedRunData): string {
  const detail =
    expectation.status === 'passed'
      ? ''
      : `<details><summary>details</summary>${kv([
          ['Expected', expectation.expected],
          ['Actual', expectation.actual],
          ['Spec', expectation.spec ?? scenario.spec],
          ['Fix', expectation.fix],
          ['Skipped because', expectation.skipReason],
        ])}${expectation.status === 'failed' ? renderEvidence(expectation.evidence, data) : ''}</details>`;
  return `<tr><td>${badge(expectation.status, expectation.status)}</td><td>${h(expectation.title)}${detail}</td><td>${h(expectation.spec ?? scenario.spec)}</td></tr>`;
}

function renderScenarios(verdict: Verdict, data: CollectedRunData): string {
  const counts = verdict.counts.scenarios;
  const expectations = verdict.counts.expectations;
  const grouped = groupFindingsByScenario(verdict);
  const rows = verdict.scenarios.map((scenario) => {
    const own = scenario.expectations;
    const passed = own.filter((e) => e.status === 'passed').length;
    const failed = own.filter((e) => e.status === 'failed').length;
    const skipped = own.filter((e) => e.status === 'skipped').length;
    const findings = findingsOfScenarioRun(grouped, scenario).length;
    const details =
      own.length === 0
        ? ''
        : `<details${scenario.status === 'failed' ? ' open' : ''}><summary>${pluralize(own.length, 'expectation')}</summary><table><thead><tr><th>Status</th><th>Expectation</th><th>Spec</th></tr></thead><tbody>${own
            .map((expectation) => expectationRow(scenario, expectation, data))
            .join('')}</tbody></table></details>`;
    return `<tr data-scenario-id="${h(scenario.id)}"><td>${badge(scenario.status, scenario.status)}</td><td><code>${h(scenario.id)}</code> <span class="dialect">${h(scenario.dialect)}</span><div>${h(scenario.title)}</div>${details}</td><td>${h(scenario.spec)}</td><td>${passed} / ${failed} / ${skipped}</td><td>${findings}</td><td>${h(formatDuration(scenario.durationMs))}</td></tr>`;
  });
  return [
    '<h3 id="by-scenario">By scenario</h3>',
    `<p>${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped scenarios; ${expectations.passed} passed, ${expectations.failed} failed, ${expectations.skipped} skipped expectations.</p>`,
    verdict.scenarios.length === 0
      ? '<p class="muted">No scenarios ran.</p>'
      : `<table id="scenario-table"><thead><tr><th>Status</th><th>Scenario</th><th>Spec</th><th>Expectations passed / failed / skipped</th><th>Findings</th><th>Duration</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`,
  ].join('\n');
}

interface SpecItem {
  readonly kind: 'expectation' | 'finding';
  readonly status: string;
  readonly where: string;
  readonly title: string;
}

/** "RFC 7644 §3.10" before "RFC 7644 §3.12": section numbers compare as numbers. */
function compareSpecs(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });
}

function renderBySpec(verdict: Verdict, findings: readonly Finding[]): string {
  const groups = new Map<string, SpecItem[]>();
  const add = (spec: string | undefined, item: SpecItem): void => {
    const key = spec && spec.trim() !== '' ? spec.trim() : '(no citation)';
    const list = groups.get(key) ?? [];
    list.push(item);
    groups.set(key, list);
  };
  for (const scenario of verdict.scenarios) {
    for (const expectation of scenario.expectations) {
      add(expectation.spec ?? scenario.spec, { kind: 'expectation', status: expectation.status, where: scenario.id, title: expectation.title });
    }
  }
  for (const finding of findings) add(finding.spec, { kind: 'finding', status: finding.severity, where: finding.check, title: finding.title });
  const sections = [...groups.entries()].sort(([a], [b]) => compareSpecs(a, b));
  if (sections.length === 0) return '<h3 id="by-spec">By RFC section</h3><p class="muted">Nothing to group.</p>';
  return [
    '<h3 id="by-spec">By RFC section</h3>',
    `<table id="spec-table"><thead><tr><th>Section</th><th>Passed</th><th>Failed</th><th>Skipped</th><th>Findings</th><th>Items</th></tr></thead><tbody>`,
    ...sections.map(([spec, items]) => {
      const count = (kind: SpecItem['kind'], status?: string): number => items.filter((item) => item.kind === kind && (status === undefined || item.status === status)).length;
      const list = items
        .map((item) => `<li>${badge(item.status, item.status)} <code>${h(item.where)}</code> ${h(item.title)}</li>`)
        .join('');
      return `<tr data-spec="${h(spec)}"><td>${h(spec)}</td><td>${count('expectation', 'passed')}</td><td>${count('expectation', 'failed')}</td><td>${count('expectation', 'skipped')}</td><td>${count('finding')}</td><td><details><summary>${pluralize(items.length, 'item')}</summary><ul>${list}</ul></details></td></tr>`;
    }),
    '</tbody></table>',
  ].join('\n');
}

function renderFindings(findings: readonly Finding[], data: CollectedRunData, max: number): string {
  const sorted = sortFindings(findings);
  const shown = sorted.slice(0, max);
  const parts = [`<section id="findings"><h2>Findings${sorted.length > 0 ? ` (${formatCount(sorted.length)})` : ''}</h2>`];
  if (sorted.length === 0) parts.push('<p class="muted">No findings.</p>');
  if (sorted.length > shown.length) parts.push(`<p class="note">Showing the ${formatCount(shown.length)} most severe of ${formatCount(sorted.length)} findings; report.json lists them all.</p>`);
  for (const finding of shown) {
    parts.push(
      `<details class="finding"${finding.severity === 'required' ? ' open' : ''} data-check="${h(finding.check)}"><summary>${badge(finding.severity, finding.severity)} <code>${h(finding.check)}</code> ${h(finding.title)}</summary>`,
      `<dl><dt>Expected</dt><dd>${h(finding.expected)}</dd><dt>Actual</dt><dd>${h(finding.actual)}</dd><dt>Spec</dt><dd>${h(finding.spec)}</dd><dt>Fix</dt><dd>${h(finding.fix)}</dd>${
        finding.scenarioId ? `<dt>Scenario</dt><dd>${h(finding.scenarioId)}</dd>` : ''
      }${describeOccurrences(finding) ? `<dt>Seen in</dt><dd>${h(describeOccurrences(finding) ?? '')}</dd>` : ''}</dl>`,
      renderEvidence(finding.evidence, data),
      '</details>',
    );
  }
  parts.push('</section>');
  return parts.join('\n');
}

function renderLogViewer(data: CollectedRunData): string {
  const cap = data.cap;
  const capNote = cap.capped
    ? `<p class="note" id="log-cap">This page embeds ${formatCount(cap.embedded)} of ${formatCount(cap.total)} entries: ${formatCount(cap.failuresEmbedded)} of ${formatCount(cap.failures)} failures (at most ${formatCount(cap.maxFailures)}) and the first ${formatCount(cap.othersEmbedded)} other entries (at most ${formatCount(cap.maxOthers)}). The charts count every entry; run.ndjson and the CSV files hold them all.</p>`
    : `<p class="note" id="log-cap">All ${formatCount(cap.total)} entries of the run are shown.</p>`;
  return [
    '<section id="provisioning-logs"><h2>Provisioning logs</h2>',
    capNote,
    data.readError ? `<div class="callout callout-warn"><p>run.ndjson could not be read to the end: ${h(data.readError)}</p></div>` : '',
    '<noscript><p>The log viewer needs JavaScript; the CSV files hold the same entries.</p></noscript>',
    '<div class="filters">',
    '<label>Identity<input id="log-search" type="search" placeholder="name, source or target id"></label>',
    '<label>Status<select id="log-status"><option value="">All</option></select></label>',
    '<label>Action<select id="log-action"><option value="">All</option></select></label>',
    '<label>Cycle<select id="log-cycle"><option value="">All</option></select></label>',
    '<details class="column-chooser" id="log-columns"><summary>Columns</summary><div class="choices" id="log-columns-choices"></div></details>',
    '<span class="note" id="log-count"></span>',
    '</div>',
    '<div class="log-scroll"><table id="log-table"><thead></thead><tbody></tbody></table></div>',
    '<div class="log-detail" id="log-detail" hidden><h3 id="log-detail-title"></h3><div class="tabs" role="tablist" id="log-tabs"></div><div id="log-panels"></div></div>',
    '</section>',
  ].join('\n');
}

function dataTable(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return `<details><summary>Data</summary><table><thead><tr>${headers.map((header) => `<th>${h(header)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((cell) => `<td>${h(String(cell))}</td>`).join('')}</tr>`)
    .join('')}</tbody></table></details>`;
}

function renderCharts(data: CollectedRunData): string {
  const { actions, cycles, errors } = data.charts;
  return [
    '<section id="charts"><h2>Charts</h2><div class="charts">',
    `<figure class="chart"><figcaption>Operations by action</figcaption><div class="chart-canvas"><canvas id="chart-actions" role="img" aria-label="Operations by action and status"></canvas></div>${dataTable(
      ['Action', ...actions.series.map((series) => series.status)],
      actions.labels.map((label, i) => [label, ...actions.series.map((series) => series.counts[i])]),
    )}</figure>`,
    `<figure class="chart"><figcaption>Failures by cycle</figcaption><div class="chart-canvas"><canvas id="chart-cycles" role="img" aria-label="Failures and entries per cycle"></canvas></div>${dataTable(
      ['Cycle', 'Entries', 'Failures'],
      cycles.labels.map((label, i) => [label, cycles.entries[i], cycles.failures[i]]),
    )}</figure>`,
    `<figure class="chart"><figcaption>Errors by code</figcaption><div class="chart-canvas"><canvas id="chart-errors" role="img" aria-label="Entries by error code"></canvas></div>${
      errors.labels.length === 0 ? '<p class="muted">No entry carried an error code.</p>' : ''
    }${dataTable(['Error code', 'Entries'], errors.labels.map((label, i) => [label, errors.counts[i]]))}</figure>`,
    '</div></section>',
  ].join('\n');
}

function renderStats(summary: RunSummary, outputs: readonly string[]): string {
  const { stats, plan } = summary;
  const latency = Object.entries(stats.latencyMs);
  return [
    '<section id="stats"><h2>Run details</h2>',
    kv([
      ['Harness', `scim-harness ${plan.harnessVersion} (${plan.command})`],
      ['Target', plan.targetUrl],
      ['Dialect', plan.dialect],
      ['Application', plan.applicationName],
      ['Tenant', plan.tenantId],
      ['Job ID', plan.jobId],
      ['Run ID', plan.runId],
      ['Started', formatTimestamp(plan.startedAt)],
      ['Ended', formatTimestamp(summary.endedAt)],
      ['Entries', `${formatCount(stats.entries)} (${Object.entries(stats.byStatus).map(([key, count]) => `${key} ${formatCount(count)}`).join(', ')})`],
      ['Requests', `${formatCount(stats.requests)} at ${formatCount(stats.requestsPerSecond)}/s over ${formatDuration(stats.wallTimeMs)}`],
      ['Chain hash', `${summary.finalHash || '(empty log)'}${chainNote(summary) ? ` ${chainNote(summary)}` : ''}`],
    ]),
    latency.length === 0
      ? ''
      : `<h3>Latency by operation (ms)</h3><table id="latency-table"><thead><tr><th>Operation</th><th>Count</th><th>p50</th><th>p95</th><th>p99</th><th>Max</th></tr></thead><tbody>${latency
          .map(([operation, l]) => `<tr><td>${h(operation)}</td><td>${formatCount(l.count)}</td><td>${formatCount(l.p50)}</td><td>${formatCount(l.p95)}</td><td>${formatCount(l.p99)}</td><td>${formatCount(l.max)}</td></tr>`)
          .join('')}</tbody></table>`,
    outputs.length === 0 ? '' : `<h3>Files</h3><ul>${outputs.map((name) => `<li><a href="${h(encodeURI(name))}">${h(name)}</a></li>`).join('')}</ul>`,
    '</section>',
  ].join('\n');
}

export function renderHtmlPage(input: HtmlPageInput): string {
  const { summary, data } = input;
  const findings = allFindings(summary.verdict);
  const embedded = {
    entries: data.entries,
    cap: data.cap,
    charts: data.charts,
    filters: data.filters,
  };
  const title = `SCIM conformance report — ${summary.plan.applicationName} — ${summary.verdict.outcome}`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // No request may leave the page: scripts and styles are inline, images only data: URLs.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${h(title)}</title>`,
    `<style>${PAGE_STYLE}</style>`,
    // Filled by the column chooser: one rule hides the columns that are switched off.
    '<style id="log-column-style"></style>',
    '</head>',
    '<body>',
    '<main>',
    renderBanner(summary),
    renderStatus(summary),
    '<section id="conformance"><h2>Conformance</h2>',
    renderScenarios(summary.verdict, data),
    renderBySpec(summary.verdict, findings),
    '</section>',
    renderFindings(findings, data, input.maxFindings ?? DEFAULT_MAX_FINDINGS),
    renderLogViewer(data),
    renderCharts(data),
    renderStats(summary, input.outputs),
    `<footer>Generated by scim-harness ${h(summary.plan.harnessVersion)} at ${h(formatTimestamp(summary.endedAt))}. Secrets were redacted before any exchange was recorded.</footer>`,
    '</main>',
    `<script type="application/json" id="report-data">${embedJson(embedded)}</script>`,
    `<script>${embedScript(input.chartJs)}</script>`,
    `<script>${embedScript(PAGE_SCRIPT)}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
