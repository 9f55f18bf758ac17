/**
 * The HTML report as one self-contained page: markup for everything that is fixed at the end of
 * the run, failures first (verdict with the root-cause count, root causes, failed scenarios,
 * findings with their evidence, each scenario's job, conformance, numbers), the log viewer and
 * charts filled in by the page script from embedded JSON, Chart.js inlined. A Content Security
 * Policy with default-src 'none' makes sure the file never reaches the network; scripts may come
 * only from the page itself and from the entry chunks beside it.
 */
import { type Finding } from '../../harness/contract/finding';
import { type RootCause } from '../../harness/contract/root-cause';
import { type ExpectationResult, type ScenarioResult, type StatusTally, type Verdict } from '../../harness/contract/verdict';
import { embedJson, embedScript } from '../format/html';
import { causesById, rootCauseCounts } from '../format/root-causes';
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
  failOnSeverity,
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
import { type CollectedRunData } from './report-data';
import { badge, findingLinkId, h, kv, link, permalink, renderEvidence, scenarioKey } from './markup';
import { renderAttentionScenarios, renderRootCauses, SEVERITY_ORDER } from './root-cause-sections';
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

/** The dialects that actually ran: every scenario run's, else the run's one (sync, provision). */
export function runDialects(summary: RunSummary): string[] {
  const fromScenarios = [...new Set(summary.verdict.scenarios.map((scenario) => scenario.dialect))];
  return fromScenarios.length > 0 ? fromScenarios : [summary.plan.dialect];
}


/**
 * The headline figure: how many causes, not how many occurrences (docs/diagnosis.md#root-causes),
 * a link to the list. The number is the evaluator's.
 */
function rootCauseFigure(verdict: Verdict): string {
  const counts = rootCauseCounts(verdict);
  const failing = counts.failing > 0 && counts.failing < counts.total ? `<span class="figure-note">${formatCount(counts.failing)} fail the run</span>` : '';
  return `<a class="headline-figure" id="root-cause-figure" href="#root-causes"><span class="figure-number">${formatCount(counts.total)}</span> ${counts.total === 1 ? 'root cause' : 'root causes'}${failing}</a>`;
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
    rootCauseFigure(verdict),
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

function expectationRow(scenario: ScenarioResult, expectation: ExpectationResult, data: CollectedRunData, causes: ReadonlyMap<string, RootCause>): string {
  const causeRow = causeLinkTerm(expectation.cause, causes, expectation.status === 'blocked' ? 'Blocked by' : 'Root cause');
  const detail =
    expectation.status === 'passed'
      ? ''
      : `<details><summary>details</summary>${causeRow ? `<dl class="kv">${causeRow}</dl>` : ''}${kv([
          ['Expected', expectation.expected],
          ['Actual', expectation.actual],
          ['Spec', expectation.spec ?? scenario.spec],
          ['Fix', expectation.fix],
          [expectation.status === 'skipped' ? 'Skipped because' : 'Not judged because', expectation.skipReason],
        ])}${expectation.status === 'failed' ? renderEvidence(expectation.evidence, data) : ''}</details>`;
  return `<tr><td>${badge(expectation.status, expectation.status)}</td><td>${h(expectation.title)}${detail}</td><td>${h(expectation.spec ?? scenario.spec)}</td></tr>`;
}

/** Words of a tally, the verdict's numbers: "53 passed, 19 failed, 0 inconclusive, 0 skipped". */
function tallyText(counts: StatusTally, statuses: readonly (keyof StatusTally)[]): string {
  return statuses.map((status) => `${formatCount(counts[status] ?? 0)} ${status}`).join(', ');
}

function renderScenarios(verdict: Verdict, data: CollectedRunData): string {
  const counts = verdict.counts.scenarios;
  const expectations = verdict.counts.expectations;
  const grouped = groupFindingsByScenario(verdict);
  const causes = causesById(verdict);
  const rows = verdict.scenarios.map((scenario) => {
    const own = scenario.expectations;
    const passed = own.filter((e) => e.status === 'passed').length;
    const failed = own.filter((e) => e.status === 'failed').length;
    const notJudged = own.length - passed - failed;
    const blocked = own.some((e) => e.status === 'blocked');
    const findings = findingsOfScenarioRun(grouped, scenario).length;
    const details =
      own.length === 0
        ? ''
        : `<details${scenario.status === 'failed' ? ' open' : ''}><summary>${pluralize(own.length, 'expectation')}</summary>${
            scenario.inconclusiveReason ? `<p class="muted">Inconclusive: ${h(scenario.inconclusiveReason)}</p>` : ''
          }<table><thead><tr><th>Status</th><th>Expectation</th><th>Spec</th></tr></thead><tbody>${own
            .map((expectation) => expectationRow(scenario, expectation, data, causes))
            .join('')}</tbody></table></details>`;
    const key = scenarioKey(scenario);
    // A run holding blocked expectations also answers the "blocked" chip (values are space-separated).
    const filterValue = blocked ? `${scenario.status} blocked` : scenario.status;
    return `<tr data-scenario-id="${h(scenario.id)}" data-link="${h(link('scenario', key))}" data-filter-group="scenario" data-filter-value="${h(filterValue)}" data-countable="true"><td data-sort="${STATUS_RANK[scenario.status] ?? 9}">${badge(scenario.status, scenario.status)}</td><td data-sort="${h(key)}">${permalink('scenario', key, '#')} <code>${h(scenario.id)}</code> <span class="dialect">${h(scenario.dialect)}</span><div>${h(scenario.title)}</div>${details}</td><td>${h(scenario.spec)}</td><td data-sort="${failed}">${passed} / ${failed} / ${notJudged}</td><td>${findings}</td><td data-sort="${scenario.durationMs}">${h(formatDuration(scenario.durationMs))}</td></tr>`;
  });
  return [
    '<h3 id="by-scenario">By scenario</h3>',
    `<p>Scenario runs: ${tallyText(counts, ['passed', 'failed', 'inconclusive', 'skipped'])}. Expectations: ${tallyText(expectations, ['passed', 'failed', 'blocked', 'inconclusive', 'skipped'])}.</p>`,
    verdict.scenarios.length === 0
      ? '<p class="muted">No scenarios ran.</p>'
      : `<table id="scenario-table" class="sortable"><thead><tr><th>Status</th><th>Scenario</th><th>Spec</th><th>Expectations passed / failed / not judged</th><th>Findings</th><th>Duration</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`,
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

/** The root cause an item shows, as a link to it in "Root causes". */
function causeLinkTerm(causeId: string | undefined, causes: ReadonlyMap<string, RootCause>, term = 'Root cause'): string {
  const cause = causeId !== undefined ? causes.get(causeId) : undefined;
  return cause ? `<dt>${h(term)}</dt><dd><a href="#${h(link('cause', cause.id))}">${h(cause.title)}</a></dd>` : '';
}

/** Findings most severe first, at most `max` (the rest are in report.json): what the page renders. */
function findingsShown(findings: readonly Finding[], max: number): Finding[] {
  return sortFindings(findings).slice(0, max);
}

function renderFindings(findings: readonly Finding[], shown: readonly Finding[], causes: ReadonlyMap<string, RootCause>, data: CollectedRunData): string {
  const total = findings.length;
  const parts = [`<section id="findings"><h2>Findings${total > 0 ? ` (${formatCount(total)})` : ''}</h2>`];
  if (total === 0) parts.push('<p class="muted">No findings.</p>');
  else parts.push('<p class="note">Each finding is an occurrence of a root cause above: one check, one scenario, one reason.</p>');
  if (total > shown.length) parts.push(`<p class="note">Showing the ${formatCount(shown.length)} most severe of ${formatCount(total)} findings; report.json lists them all.</p>`);
  for (const finding of shown) {
    parts.push(
      `<details class="finding"${finding.severity === 'required' ? ' open' : ''} data-check="${h(finding.check)}" data-link="${h(link('finding', findingLinkId(finding)))}" data-filter-group="finding" data-filter-value="${h(finding.severity)}"><summary>${badge(finding.severity, finding.severity)} <code>${h(finding.check)}</code> ${h(finding.title)} ${permalink('finding', findingLinkId(finding), '#')}</summary>`,
      `<dl>${causeLinkTerm(finding.cause, causes)}<dt>Expected</dt><dd>${h(finding.expected)}</dd><dt>Actual</dt><dd>${h(finding.actual)}</dd><dt>Spec</dt><dd>${h(finding.spec)}</dd><dt>Fix</dt><dd>${h(finding.fix)}</dd>${
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

const STATUS_RANK: Readonly<Record<string, number>> = { failed: 0, inconclusive: 1, skipped: 2, passed: 3 };

function chip(group: string, value: string, label: string, count: number): string {
  return `<button type="button" class="chip chip-${h(value)}" data-group="${h(group)}" data-value="${h(value)}" aria-pressed="false">${h(label)} <span class="chip-count">${formatCount(count)}</span></button>`;
}

/**
 * Search and status chips; the counts are the verdict's (one per root cause, one per finding, one
 * per scenario run, one per expectation), as report.json and JUnit have them.
 */
function renderToolbar(summary: RunSummary): string {
  const { scenarios, expectations, findings } = summary.verdict.counts;
  const causes = rootCauseCounts(summary.verdict);
  const chips: string[] = [];
  if (causes.total > 0) {
    chips.push('<span class="chip-label">Root causes</span>');
    for (const severity of SEVERITY_ORDER) if (causes[severity] > 0) chips.push(chip('cause', severity, severity, causes[severity]));
  }
  if (scenarios.total > 0) {
    chips.push('<span class="chip-label">Scenarios</span>');
    for (const status of ['passed', 'failed', 'inconclusive', 'skipped'] as const) {
      const count = scenarios[status] ?? 0;
      if (count > 0 || status !== 'skipped') chips.push(chip('scenario', status, status, count));
    }
    // Blocked is an expectation's outcome: the chip counts expectations and shows the scenario runs holding them.
    chips.push('<span class="chip-label">Expectations</span>', chip('scenario', 'blocked', 'blocked', expectations.blocked ?? 0));
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
    '<input id="search" type="search" placeholder="Search root causes, scenarios, findings and log entries" aria-label="Search root causes, scenarios, findings and log entries">',
    `<div class="chips" id="chips">${chips.join('')}</div>`,
    '<span class="note" id="search-count" role="status"></span>',
    '</nav>',
  ].join('\n');
}

export function renderHtmlPage(input: HtmlPageInput): string {
  const { summary, data } = input;
  const findings = allFindings(summary.verdict);
  const shown = findingsShown(findings, input.maxFindings ?? DEFAULT_MAX_FINDINGS);
  const causes = causesById(summary.verdict);
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
    renderRootCauses(summary.verdict, failOnSeverity(summary.plan), data, new Set(shown)),
    renderAttentionScenarios(summary.verdict),
    renderFindings(findings, shown, causes, data),
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
