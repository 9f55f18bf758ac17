/**
 * The HTML report as one self-contained page: markup for everything that is fixed at the end of
 * the run, failures first (verdict, distinct findings, failed scenarios, findings with their evidence,
 * each scenario's job, conformance, numbers), the log viewer and charts filled in by the page
 * script from embedded JSON, Chart.js inlined. A Content Security Policy with default-src 'none'
 * makes sure the file never reaches the network; scripts may come only from the page itself and
 * from the entry chunks beside it.
 */
import { createHash } from 'node:crypto';
import { type Finding } from '../../harness/contract/finding';
import { findingIdentity } from '../../harness/evaluate/finding-identity';
import { type ExpectationResult, type ScenarioResult, type Verdict } from '../../harness/contract/verdict';
import { embedJson, embedScript, escapeHtml } from '../format/html';
import { formatCount, formatDuration, formatTimestamp, pluralize } from '../../harness/text/numbers';
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
import { type PageData } from './page/page-data';
import { pageScript } from './page-script';
import { PAGE_STYLE } from './page-style';
import { type CollectedRunData, type ExchangeView } from './report-data';
import { describeDialects } from '../format/dialects';
import { entraHeadline } from '../format/rfc-score';
import { renderRfcHeadline, renderRfcSection } from './rfc-section';

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

/** The dialects that actually ran: every scenario run's, else the run's one (sync, provision). */
export function runDialects(summary: RunSummary): string[] {
  const fromScenarios = [...new Set(summary.verdict.scenarios.map((scenario) => scenario.dialect))];
  return fromScenarios.length > 0 ? fromScenarios : [summary.plan.dialect];
}


/** A scenario run's stable key (as entries name it): scenario id and dialect. */
export function scenarioKey(scenario: { readonly id: string; readonly dialect: string }): string {
  return `${scenario.id}@${scenario.dialect}`;
}

/** A finding's stable id for deep links: a short digest of its identity (check, scenario, cause). */
export function findingLinkId(finding: Finding): string {
  return createHash('sha256').update(findingIdentity(finding)).digest('hex').slice(0, 12);
}

const link = (kind: 'scenario' | 'finding' | 'entry', id: string): string => `${kind}=${encodeURIComponent(id)}`;

function permalink(kind: 'scenario' | 'finding' | 'entry', id: string, label: string): string {
  return `<a class="permalink" href="#${h(link(kind, id))}" title="Link to this ${kind}">${h(label)}</a>`;
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
    `<h1 id="verdict-headline">${h(entraHeadline(verdict))}</h1>`,
    renderRfcHeadline(verdict),
    `<div class="meta">${h(plan.applicationName)} · ${h(plan.targetUrl)} · <span id="dialects">${h(describeDialects(runDialects(summary)))}</span> · run ${h(plan.runId)} · ${h(formatTimestamp(plan.startedAt))} → ${h(formatTimestamp(summary.endedAt))}</div>`,
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

function renderScenarioJobs(data: CollectedRunData): string {
  const jobs = data.scenarioJobs;
  const rows = jobs.map((job) => {
    const tone = job.status === 'Quarantine' ? 'bad' : job.lastExecution === 'EntryLevelErrors' ? 'warn' : 'ok';
    return `<tr data-scenario-job="${h(scenarioKey({ id: job.scenarioId, dialect: job.dialect }))}"><td><a href="#${h(link('scenario', scenarioKey({ id: job.scenarioId, dialect: job.dialect })))}"><code>${h(job.scenarioId)}</code></a></td><td>${h(job.dialect)}</td><td class="tone-${tone}">${h(job.status)}</td><td>${h(job.lastExecution ?? '—')}</td><td data-sort="${job.cycles}">${formatCount(job.cycles)}${job.cycles > 0 ? ` <span class="muted">(${h(job.cycleKinds.join(', '))})</span>` : ''}</td><td>${formatCount(job.entries)}</td><td>${formatCount(job.failures)}</td><td>${formatCount(job.escrowed)}</td><td>${h(job.quarantine ? `quarantined: ${job.quarantine}` : 'not quarantined')}</td></tr>`;
  });
  return [
    '<h3 id="scenario-jobs-heading">Provisioning job of each scenario</h3>',
    '<p class="note">Each scenario provisions through a job of its own: its status, cycles and quarantine state are its own and are not summed with the others\'.</p>',
    `<table id="scenario-jobs" class="sortable"><thead><tr><th>Scenario</th><th>Dialect</th><th>Status</th><th>Last execution</th><th>Cycles</th><th>Entries</th><th>Failures</th><th>Escrowed</th><th>Quarantine</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`,
  ].join('\n');
}

/** Rows of the panel that sum over jobs or describe only the last one: shown for one job (sync, provision), never for many. */
const ONE_JOB_ROWS = new Set(['Users', 'Groups', 'Last cycle', 'Cycles run', 'Initial cycle']);

/** "72 scenario jobs: 70 succeeded, 2 with entry-level errors, none quarantined": counted, never summed. */
function scenarioJobsLine(data: CollectedRunData): string {
  const jobs = data.scenarioJobs;
  const count = (predicate: (job: CollectedRunData['scenarioJobs'][number]) => boolean): number => jobs.filter(predicate).length;
  const quarantined = count((job) => job.status === 'Quarantine');
  const errors = count((job) => job.lastExecution === 'EntryLevelErrors');
  const succeeded = count((job) => job.lastExecution === 'Succeeded');
  const notRun = count((job) => job.status === 'NotRun');
  return `${pluralize(jobs.length, 'scenario job')}: ${formatCount(succeeded)} succeeded, ${formatCount(errors)} with entry-level errors, ${quarantined === 0 ? 'none' : formatCount(quarantined)} quarantined${
    notRun > 0 ? `; ${formatCount(notRun)} ran no cycle (protocol checks)` : ''
  }`;
}

function renderStatus(summary: RunSummary, data: CollectedRunData): string {
  const perScenario = data.scenarioJobs.length > 0;
  const rows = statusPanelRows(summary.status).filter(
    (row) => !perScenario || (!ONE_JOB_ROWS.has(row.label) && (row.label !== 'Current cycle status' || summary.status.quarantined)),
  );
  const job = describeJobStatus(summary.jobStatus);
  const percent = progressPercent(summary.status);
  const quarantine = summary.verdict.quarantine;
  return [
    '<section id="current-status"><h2>Current Status</h2>',
    perScenario
      ? ''
      : `<div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${percent}"><span style="width:${percent}%"></span></div>`,
    '<dl class="status-panel">',
    perScenario ? `<dt>Scenario jobs</dt><dd id="scenario-jobs-summary">${h(scenarioJobsLine(data))}</dd>` : '',
    ...rows.map((row) => `<dt>${h(row.label)}</dt><dd class="tone-${row.tone}">${h(row.value)}</dd>`),
    // The run's one Graph job shape would read as every scenario's: with many jobs the table below says it per job.
    job && !perScenario ? `<dt>Job status (Graph)</dt><dd>${h(job)}</dd>` : '',
    '</dl>',
    quarantine.wouldQuarantine
      ? ''
      : `<div class="callout callout-ok"><p>Entra would not quarantine this job.${quarantine.details ? ` ${h(quarantine.details)}` : ''}</p>${
          quarantine.projection ? `<p><strong>Projection:</strong> ${h(projectionText(quarantine.projection))}</p>` : ''
        }</div>`,
    perScenario ? renderScenarioJobs(data) : '',
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
    const key = scenarioKey(scenario);
    return `<tr data-scenario-id="${h(scenario.id)}" data-link="${h(link('scenario', key))}" data-filter-group="scenario" data-filter-value="${h(scenario.status)}" data-countable="true"><td data-sort="${STATUS_RANK[scenario.status] ?? 9}">${badge(scenario.status, scenario.status)}</td><td data-sort="${h(key)}">${permalink('scenario', key, '#')} <code>${h(scenario.id)}</code> <span class="dialect">${h(scenario.dialect)}</span><div>${h(scenario.title)}</div>${details}</td><td>${h(scenario.spec)}</td><td data-sort="${failed}">${passed} / ${failed} / ${skipped}</td><td>${findings}</td><td data-sort="${scenario.durationMs}">${h(formatDuration(scenario.durationMs))}</td></tr>`;
  });
  return [
    '<h3 id="by-scenario">By scenario</h3>',
    `<p>${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped scenarios; ${expectations.passed} passed, ${expectations.failed} failed, ${expectations.skipped} skipped expectations.</p>`,
    verdict.scenarios.length === 0
      ? '<p class="muted">No scenarios ran.</p>'
      : `<table id="scenario-table" class="sortable"><thead><tr><th>Status</th><th>Scenario</th><th>Spec</th><th>Expectations passed / failed / skipped</th><th>Findings</th><th>Duration</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`,
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
    `<table id="spec-table" class="sortable"><thead><tr><th>Section</th><th>Passed</th><th>Failed</th><th>Skipped</th><th>Findings</th><th>Items</th></tr></thead><tbody>`,
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
      `<details class="finding"${finding.severity === 'required' ? ' open' : ''} data-check="${h(finding.check)}" data-link="${h(link('finding', findingLinkId(finding)))}" data-filter-group="finding" data-filter-value="${h(finding.severity)}"><summary>${badge(finding.severity, finding.severity)} <code>${h(finding.check)}</code> ${h(finding.title)} ${permalink('finding', findingLinkId(finding), '#')}</summary>`,
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
  const chunkNote =
    cap.chunks.length > 0
      ? `<p class="note" id="log-chunks">The other ${formatCount(cap.chunked)} entries are in ${pluralize(cap.chunks.length, 'file')} in the report-data folder beside this report: the viewer loads them when you search, filter, sort or page, so it covers every entry of the run.</p>`
      : '';
  return [
    '<section id="provisioning-logs"><h2>Provisioning logs</h2>',
    cap.chunks.length > 0 ? chunkNote : capNote,
    data.readError ? `<div class="callout callout-warn"><p>run.ndjson could not be read to the end: ${h(data.readError)}</p></div>` : '',
    '<noscript><p>The log viewer needs JavaScript; the CSV files hold the same entries.</p></noscript>',
    '<div class="filters">',
    '<label>Identity<input id="log-search" type="search" placeholder="name, source or target id"></label>',
    '<label>Status<select id="log-status"><option value="">All</option></select></label>',
    '<label>Action<select id="log-action"><option value="">All</option></select></label>',
    '<label>Cycle<select id="log-cycle"><option value="">All</option></select></label>',
    '<label>From (UTC)<input id="log-from" type="datetime-local" step="1"></label>',
    '<label>To (UTC)<input id="log-to" type="datetime-local" step="1"></label>',
    '<details class="column-chooser" id="log-columns"><summary>Columns</summary><div class="choices" id="log-columns-choices"></div></details>',
    '<span class="note" id="log-count"></span>',
    '</div>',
    '<span class="note" id="log-loading" role="status"></span>',
    '<div class="log-scroll"><table id="log-table"><thead></thead><tbody></tbody></table></div>',
    '<div class="pager"><button type="button" id="log-prev">Previous</button> <span id="log-page"></span> <button type="button" id="log-next">Next</button></div>',
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
      ['Dialects', runDialects(summary).join(', ')],
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
      : `<h3>Latency by operation (ms)</h3><table id="latency-table" class="sortable"><thead><tr><th>Operation</th><th>Count</th><th>p50</th><th>p95</th><th>p99</th><th>Max</th></tr></thead><tbody>${latency
          .map(([operation, l]) => `<tr><td>${h(operation)}</td><td>${formatCount(l.count)}</td><td>${formatCount(l.p50)}</td><td>${formatCount(l.p95)}</td><td>${formatCount(l.p99)}</td><td>${formatCount(l.max)}</td></tr>`)
          .join('')}</tbody></table>`,
    outputs.length === 0 ? '' : `<h3>Files</h3><ul>${outputs.map((name) => `<li><a href="${h(encodeURI(name))}">${h(name)}</a></li>`).join('')}</ul>`,
    '</section>',
  ].join('\n');
}

const STATUS_RANK: Readonly<Record<string, number>> = { failed: 0, skipped: 1, passed: 2 };
const SEVERITY_ORDER = ['required', 'recommended', 'advisory'] as const;

function chip(group: string, value: string, label: string, count: number): string {
  return `<button type="button" class="chip chip-${h(value)}" data-group="${h(group)}" data-value="${h(value)}" aria-pressed="false">${h(label)} <span class="chip-count">${formatCount(count)}</span></button>`;
}

/** Search and status chips; the counts are the verdict's (one per finding, one per scenario run), as report.json and JUnit have them. */
function renderToolbar(summary: RunSummary): string {
  const { scenarios, findings } = summary.verdict.counts;
  const chips: string[] = [];
  if (scenarios.total > 0) {
    chips.push('<span class="chip-label">Scenarios</span>');
    for (const status of ['passed', 'failed', 'skipped'] as const) if (scenarios[status] > 0 || status !== 'skipped') chips.push(chip('scenario', status, status, scenarios[status]));
  }
  chips.push('<span class="chip-label">Findings</span>');
  for (const severity of SEVERITY_ORDER) chips.push(chip('finding', severity, severity, findings[severity]));
  const byStatus = Object.entries(summary.stats.byStatus).filter(([, count]) => count > 0);
  if (byStatus.length > 0) {
    chips.push('<span class="chip-label">Entries</span>');
    for (const [status, count] of byStatus) chips.push(chip('entry', status, status, count));
  }
  return [
    '<nav id="toolbar" class="toolbar" aria-label="Filter the report">',
    '<input id="search" type="search" placeholder="Search scenarios, findings and log entries" aria-label="Search scenarios, findings and log entries">',
    `<div class="chips" id="chips">${chips.join('')}</div>`,
    '<span class="note" id="search-count" role="status"></span>',
    '</nav>',
  ].join('\n');
}

interface RootCauseRow {
  readonly finding: Finding;
  occurrences: number;
  readonly dialects: Set<string>;
  readonly scenarios: Set<string>;
}

/**
 * What failed, first, as Playwright's report puts failures first: each distinct finding
 * (findingIdentity) is one row with where it was seen. The heading says "distinct findings", not
 * causes: one cause can still show as several findings until a diagnosis groups them; the section
 * keeps its id (`#root-causes`) so that diagnosis can fill the same place.
 */
function renderRootCauses(findings: readonly Finding[]): string {
  const groups = new Map<string, RootCauseRow>();
  for (const finding of sortFindings(findings)) {
    const identity = findingIdentity(finding);
    const row = groups.get(identity) ?? { finding, occurrences: 0, dialects: new Set<string>(), scenarios: new Set<string>() };
    const occurrences = finding.occurrences ?? [];
    row.occurrences += occurrences.length > 0 ? occurrences.reduce((sum, o) => sum + o.count, 0) : (finding.count ?? 1);
    for (const dialect of occurrences.map((o) => o.dialect).concat(finding.dialect)) if (dialect) row.dialects.add(dialect);
    if (finding.scenarioId) row.scenarios.add(finding.scenarioId);
    groups.set(identity, row);
  }
  const head = `<section id="root-causes"><h2 id="root-causes-heading">Distinct findings${groups.size > 0 ? ` (${formatCount(groups.size)})` : ''}</h2>`;
  if (groups.size === 0) return `${head}<p class="muted" id="root-causes-empty">No findings: nothing to trace to a cause.</p></section>`;
  const rows = [...groups.values()].map(({ finding, occurrences, dialects, scenarios }) => {
    const id = findingLinkId(finding);
    return `<tr data-finding-link="${h(link('finding', id))}" data-filter-group="finding" data-filter-value="${h(finding.severity)}" data-countable="true"><td data-sort="${SEVERITY_ORDER.indexOf(finding.severity)}">${badge(finding.severity, finding.severity)}</td><td><a href="#${h(link('finding', id))}"><code>${h(finding.check)}</code></a> ${h(finding.title)}</td><td>${formatCount(occurrences)}</td><td>${h([...dialects].join(', ') || '—')}</td><td>${h([...scenarios].join(', ') || 'run-wide')}</td></tr>`;
  });
  return [
    head,
    '<table id="root-cause-table" class="sortable"><thead><tr><th>Severity</th><th>Finding</th><th>Occurrences</th><th>Dialects</th><th>Scenarios</th></tr></thead><tbody>',
    ...rows,
    '</tbody></table></section>',
  ].join('\n');
}

function renderFailedScenarios(verdict: Verdict): string {
  if (verdict.scenarios.length === 0) return '';
  const failed = verdict.scenarios.filter((scenario) => scenario.status === 'failed');
  const items = failed.map((scenario) => {
    const key = scenarioKey(scenario);
    const firstFailure = scenario.expectations.find((expectation) => expectation.status === 'failed');
    return `<li data-filter-group="scenario" data-filter-value="failed"><a href="#${h(link('scenario', key))}"><code>${h(scenario.id)}</code></a> <span class="dialect">${h(scenario.dialect)}</span> ${h(scenario.title)}${
      firstFailure ? `<div class="muted">${h(firstFailure.title)}: ${h(firstFailure.actual)}</div>` : ''
    }</li>`;
  });
  return [
    `<section id="failed-scenarios"><h2>Failed scenarios${failed.length > 0 ? ` (${formatCount(failed.length)})` : ''}</h2>`,
    failed.length === 0 ? '<p class="muted">No scenario failed.</p>' : `<ul class="failed-list">${items.join('\n')}</ul>`,
    '</section>',
  ].join('\n');
}

export function renderHtmlPage(input: HtmlPageInput): string {
  const { summary, data } = input;
  const findings = allFindings(summary.verdict);
  // Typed as the page reads it: the reporter's data and the page script cannot drift apart.
  const embedded: PageData = {
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
    // Scripts: inline, and the entry chunks beside the report ('self'; file: for the page opened from disk).
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'self' file:; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${h(title)}</title>`,
    `<style>${PAGE_STYLE}</style>`,
    // Filled by the column chooser: one rule hides the columns that are switched off.
    '<style id="log-column-style"></style>',
    '</head>',
    '<body>',
    '<main>',
    renderBanner(summary),
    renderToolbar(summary),
    renderRootCauses(findings),
    renderFailedScenarios(summary.verdict),
    renderFindings(findings, data, input.maxFindings ?? DEFAULT_MAX_FINDINGS),
    renderStatus(summary, data),
    '<section id="conformance"><h2>Conformance</h2>',
    renderScenarios(summary.verdict, data),
    renderBySpec(summary.verdict, findings),
    '</section>',
    renderRfcSection(summary.verdict),
    renderLogViewer(data),
    renderCharts(data),
    renderStats(summary, input.outputs),
    `<footer>Generated by scim-harness ${h(summary.plan.harnessVersion)} at ${h(formatTimestamp(summary.endedAt))}. Secrets were redacted before any exchange was recorded.</footer>`,
    '</main>',
    `<script type="application/json" id="report-data">${embedJson(embedded)}</script>`,
    `<script>${embedScript(input.chartJs)}</script>`,
    `<script>${embedScript(pageScript())}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
