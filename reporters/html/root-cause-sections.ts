/**
 * What the report page shows first after the verdict (docs/diagnosis.md#root-causes): "Root
 * causes (N)", each cause once with its fix, expandable to what it explains — the scenario runs,
 * findings and log entries, each a deep link — and its evidence; then the scenario runs that need
 * attention, each with its root cause or the reason it was not judged.
 *
 * Counts are the verdict's (`counts.rootCauses`, `RootCause.occurrences`); the lists under a
 * cause only look up which items name it, so the page agrees with report.json and JUnit.
 */
import { type Finding, type Severity } from '../../harness/contract/finding';
import { type RootCause } from '../../harness/contract/root-cause';
import { type ScenarioResult, type Verdict } from '../../harness/contract/verdict';
import { formatCount, pluralize } from '../../harness/text/numbers';
import {
  abbreviateList,
  causeFailsRun,
  causesById,
  describeCauseProjection,
  occurrencePointer,
  rootCauseHeading,
  rootCausesOf,
  scenarioNote,
} from '../format/root-causes';
import { badge, findingLinkId, h, kv, link, permalink, renderEvidence, scenarioKey } from './markup';
import { type CollectedRunData } from './report-data';

/** Items listed under one cause before "and N more": report.json has them all. */
const OCCURRENCE_LIST_LIMIT = 50;
export const SEVERITY_ORDER: readonly Severity[] = ['required', 'recommended', 'advisory'];

/** What names each cause: scenario runs (by a failed or blocked expectation) and findings; one pass over the verdict. */
interface CauseIndex {
  readonly scenarioRuns: Map<string, ScenarioResult[]>;
  readonly findings: Map<string, Finding[]>;
}

function indexCauses(verdict: Verdict): CauseIndex {
  const scenarioRuns = new Map<string, ScenarioResult[]>();
  const findings = new Map<string, Finding[]>();
  const add = <T>(map: Map<string, T[]>, id: string, item: T): void => {
    const list = map.get(id) ?? [];
    if (!list.includes(item)) list.push(item);
    map.set(id, list);
  };
  for (const scenario of verdict.scenarios) {
    for (const expectation of scenario.expectations) if (expectation.cause !== undefined) add(scenarioRuns, expectation.cause, scenario);
  }
  for (const finding of verdict.findings) if (finding.cause !== undefined) add(findings, finding.cause, finding);
  return { scenarioRuns, findings };
}

function listItems<T>(items: readonly T[], render: (item: T) => string): string {
  const shown = items.slice(0, OCCURRENCE_LIST_LIMIT).map((item) => `<li>${render(item)}</li>`);
  if (items.length > shown.length) shown.push(`<li class="muted">and ${formatCount(items.length - shown.length)} more in report.json</li>`);
  return shown.join('');
}

/** The scenario runs, findings and log entries a cause explains, each a deep link. */
function renderOccurrences(cause: RootCause, index: CauseIndex, data: CollectedRunData, shownFindings: ReadonlySet<Finding>): string {
  const parts: string[] = [];
  const runs = index.scenarioRuns.get(cause.id) ?? [];
  if (runs.length > 0) {
    parts.push(
      `<h4>Scenario runs (${formatCount(runs.length)})</h4><ul class="occurrences">${listItems(
        runs,
        (run) => `${badge(run.status, run.status)} <a href="#${h(link('scenario', scenarioKey(run)))}"><code>${h(run.id)}</code></a> <span class="dialect">${h(run.dialect)}</span>`,
      )}</ul>`,
    );
  }
  const findings = index.findings.get(cause.id) ?? [];
  if (findings.length > 0) {
    parts.push(
      `<h4>Findings (${formatCount(findings.length)})</h4><ul class="occurrences">${listItems(findings, (finding) => {
        // A finding over the page's cap is not rendered: named, not linked.
        const label = `<code>${h(finding.check)}</code> ${h(finding.title)}`;
        return shownFindings.has(finding) ? `<a href="#${h(link('finding', findingLinkId(finding)))}">${label}</a>` : label;
      })}</ul>`,
    );
  }
  // The entries behind the evidence, named as the log viewer names them ("Update Group 'x' (cycle 1, …)").
  const entries = new Map<string, string>();
  for (const exchangeId of cause.evidence) {
    const entryId = data.entryOfExchange.get(exchangeId);
    if (entryId !== undefined && !entries.has(entryId)) entries.set(entryId, data.exchanges.get(exchangeId)?.context ?? entryId);
  }
  if (entries.size > 0) {
    parts.push(
      `<h4>Log entries (evidence)</h4><ul class="occurrences">${listItems([...entries], ([id, label]) => `<a href="#${h(link('entry', id))}">${h(label)}</a> <code class="muted">${h(id)}</code>`)}</ul>`,
    );
  }
  return parts.join('\n');
}

function rootCauseRow(cause: RootCause, failOn: Severity, index: CauseIndex, data: CollectedRunData, shownFindings: ReadonlySet<Finding>): string {
  const { occurrences } = cause;
  const fails = causeFailsRun(cause, failOn);
  const found = cause.diagnosed
    ? 'Named by the harness: a probe or an inspection of what the target stored established it.'
    : 'Grouped by what was seen (no probe named the part at fault): the title says what failed.';
  const detail = kv([
    ['Impact', cause.impact],
    ['Projected', describeCauseProjection(cause)],
    // The server's own words, as received (escaped like every value).
    ['Server said', cause.serverDetail !== undefined ? `"${cause.serverDetail}"` : undefined],
    ['Workaround', cause.workaround],
    ['Spec', cause.spec],
    ['How it was found', found],
    ['Seen', `${pluralize(occurrences.count, 'occurrence')}: ${pluralize(occurrences.entries, 'failed entry', 'failed entries')}, ${pluralize(occurrences.expectations, 'failed expectation')}, ${pluralize(occurrences.findings, 'finding')}`],
    ['Root cause id', cause.id],
  ]);
  return [
    `<tr class="root-cause" data-cause-id="${h(cause.id)}" data-link="${h(link('cause', cause.id))}" data-filter-group="cause" data-filter-value="${h(cause.severity)}" data-countable="true">`,
    `<td data-sort="${SEVERITY_ORDER.indexOf(cause.severity)}">${badge(cause.severity, cause.severity)}</td>`,
    `<td><strong class="cause-title">${h(cause.title)}</strong> ${permalink('cause', cause.id, '#')}${fails ? '' : ' <span class="muted">(does not fail the run)</span>'}`,
    `<div class="cause-fix"><strong>Fix:</strong> ${h(cause.fix)}</div>`,
    `<details class="drill"><summary>Impact, occurrences and evidence</summary>${detail}${renderOccurrences(cause, index, data, shownFindings)}${renderEvidence(cause.evidence, data)}</details></td>`,
    `<td data-sort="${occurrences.count}">${formatCount(occurrences.count)}</td>`,
    `<td>${h(occurrences.dialects.join(', ') || '—')}</td>`,
    `<td>${h(abbreviateList(occurrences.scenarios) || 'run-wide')}</td>`,
    '</tr>',
  ].join('');
}

/** "Root causes (N)": the section the page leads with after the verdict. */
export function renderRootCauses(verdict: Verdict, failOn: Severity, data: CollectedRunData, shownFindings: ReadonlySet<Finding>): string {
  const causes = rootCausesOf(verdict);
  const head = `<section id="root-causes"><h2 id="root-causes-heading">${h(rootCauseHeading(verdict))}</h2>`;
  if (causes.length === 0) return `${head}<p class="muted" id="root-causes-empty">Nothing failed: no root cause to report.</p></section>`;
  const index = indexCauses(verdict);
  return [
    head,
    '<table id="root-cause-table" class="sortable"><thead><tr><th>Severity</th><th>Root cause and fix</th><th>Occurrences</th><th>Dialects</th><th>Scenarios</th></tr></thead><tbody>',
    ...causes.map((cause) => rootCauseRow(cause, failOn, index, data, shownFindings)),
    '</tbody></table>',
    `<p class="note">${h(occurrencePointer(verdict, 'report.json and in the sections below'))}</p>`,
    '</section>',
  ].join('\n');
}

/**
 * The scenario runs to act on: failed ones with their root cause (a link to it), inconclusive ones
 * with their reason, and runs holding blocked expectations with what blocked them.
 */
export function renderAttentionScenarios(verdict: Verdict): string {
  if (verdict.scenarios.length === 0) return '';
  const causes = causesById(verdict);
  const failed = verdict.scenarios.filter((scenario) => scenario.status === 'failed');
  const others = verdict.scenarios.filter((scenario) => scenario.status !== 'failed' && scenario.status !== 'passed' && scenarioNote(scenario, causes) !== null);
  const item = (scenario: ScenarioResult): string => {
    const judged = scenario.expectations.find((expectation) => (expectation.status === 'failed' || expectation.status === 'blocked') && expectation.cause !== undefined);
    const cause = judged?.cause !== undefined ? causes.get(judged.cause) : undefined;
    const note = scenarioNote(scenario, causes) ?? '';
    const why = cause
      ? `<div class="muted">root cause: <a href="#${h(link('cause', cause.id))}">${h(cause.title)}</a></div>`
      : note
        ? `<div class="muted">${h(note)}</div>`
        : '';
    return `<li data-filter-group="scenario" data-filter-value="${h(scenario.status)}">${badge(scenario.status, scenario.status)} <a href="#${h(link('scenario', scenarioKey(scenario)))}"><code>${h(scenario.id)}</code></a> <span class="dialect">${h(scenario.dialect)}</span> ${h(scenario.title)}${why}</li>`;
  };
  const counts = verdict.counts.scenarios;
  return [
    `<section id="failed-scenarios"><h2>Failed scenarios${counts.failed > 0 ? ` (${formatCount(counts.failed)})` : ''}</h2>`,
    failed.length === 0 ? '<p class="muted">No scenario failed.</p>' : `<ul class="failed-list">${failed.map(item).join('\n')}</ul>`,
    others.length === 0 ? '' : `<h3 id="not-judged-scenarios">Not judged: inconclusive, skipped or blocked</h3><ul class="failed-list">${others.map(item).join('\n')}</ul>`,
    '</section>',
  ].join('\n');
}
