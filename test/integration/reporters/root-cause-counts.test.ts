/**
 * One run of the suite against the bundled server with a fault switched on, every reporter
 * asked for: console, summary.md, report.html, junit.xml, the github annotations and report.json
 * agree on how many root causes there are and name the same ones, and the console, Markdown and
 * HTML reports open with them (docs/diagnosis.md#root-causes). With no fault on, every report says
 * there is none.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parseFaultSwitches, startScimServer } from '../../../examples/scim-server';
import { run } from '../../../harness';
import { type RootCause } from '../../../harness/contract/root-cause';
import { escapeHtml } from '../../../reporters/format/html';
import { escapeMarkdown } from '../../../reporters/format/markdown';
import { rootCauseHeading } from '../../../reporters/format/root-causes';
import { escapeProperty } from '../../../reporters/github-reporter';
import { type JsonReport } from '../../../reporters/json-reporter';
import { MARKDOWN_MAX_ROOT_CAUSES } from '../../../reporters/markdown-reporter';
import { findAll, parseXmlStrict } from '../../unit/reporters/xml-check';

const REPORTERS = ['console', 'json', 'markdown', 'html', 'junit', 'github'];

interface Reports {
  readonly stdout: string;
  readonly json: JsonReport;
  readonly markdown: string;
  readonly html: string;
  readonly junit: string;
}

/** Runs the suite with every reporter against the bundled server with `faults` on, and reads what they wrote. */
async function runAllReporters(faults: string): Promise<Reports> {
  const server = await startScimServer({ port: 0, host: '127.0.0.1', token: 'report-token', faults: parseFaultSwitches(faults, {}) });
  const out = mkdtempSync(path.join(tmpdir(), 'scim-harness-root-causes-'));
  let stdout = '';
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      stdout += chunk.toString();
      done();
    },
  });
  try {
    await run({ target: server.baseUrl, token: 'report-token', out, reporter: REPORTERS, populationEstimate: 10_000 }, { stdout: sink, stderr: sink, env: {} });
    const read = (name: string): string => readFileSync(path.join(out, name), 'utf8');
    return { stdout, json: JSON.parse(read('report.json')) as JsonReport, markdown: read('summary.md'), html: read('report.html'), junit: read('junit.xml') };
  } finally {
    await server.close();
    rmSync(out, { recursive: true, force: true });
  }
}

/** The github reporter's annotations: level and (still escaped) title of each line. */
function annotations(stdout: string): { level: string; title: string }[] {
  return Array.from(stdout.matchAll(/^::(error|warning|notice) title=([^:]*)::/gm), (match) => ({ level: match[1], title: match[2] }));
}

/** The console's closing summary: from the verdict headline on. */
function consoleSummary(stdout: string, headline: string): string[] {
  const lines = stdout.split('\n');
  return lines.slice(lines.indexOf(headline));
}

describe('every reporter leads with the same root causes', () => {
  let reports: Reports;
  let causes: readonly RootCause[];

  beforeAll(async () => {
    reports = await runAllReporters('case-sensitive-ops');
    causes = reports.json.verdict.rootCauses ?? [];
  }, 60_000);

  it('report.json has the root causes and their count at the top of the verdict', () => {
    const verdict = reports.json.verdict;
    expect(Object.keys(verdict).slice(0, 4)).toEqual(['outcome', 'headline', 'counts', 'rootCauses']);
    expect(causes.length).toBeGreaterThan(0);
    expect(verdict.counts.rootCauses?.total).toBe(causes.length);
    expect(reports.json.counts.rootCauses).toEqual(verdict.counts.rootCauses);
    // The headline figure is the causes, not the occurrences.
    expect(reports.json.headline).toMatch(new RegExp(`^FAILED — ${causes.filter((cause) => cause.failing).length} root causes? `));
  });

  it('the console summary opens with "Root causes (N)" right after the verdict, each cause once', () => {
    const summary = consoleSummary(reports.stdout, reports.json.headline);
    expect(summary[0]).toBe(reports.json.headline);
    expect(summary[2]).toBe(rootCauseHeading(reports.json.verdict));
    const numbered = summary.filter((line) => /^ {2}\d+\. \[(required|recommended|advisory)\] /.test(line));
    expect(numbered.map((line) => line.replace(/^ {2}\d+\. \[\w+\] /, '').replace(/ \(does not fail the run\)$/, ''))).toEqual(causes.map((cause) => cause.title));
  });

  it('summary.md opens with the same root causes, each under its own heading', () => {
    const lines = reports.markdown.split('\n');
    expect(lines[0]).toMatch(/^## ❌ FAILED/);
    expect(lines[2]).toBe(`### ${escapeMarkdown(rootCauseHeading(reports.json.verdict))}`);
    const headings = lines.filter((line) => line.startsWith('#### '));
    expect(headings.map((line) => line.replace(/^#### \d+\. `\w+` /, '').replace(/ _\(does not fail the run\)_$/, ''))).toEqual(
      causes.slice(0, MARKDOWN_MAX_ROOT_CAUSES).map((cause) => escapeMarkdown(cause.title)),
    );
  });

  it('report.html leads with "Root causes (N)" after the verdict, the count as its headline figure, one row per cause', () => {
    const { html } = reports;
    const verdictAt = html.indexOf('id="verdict"');
    const sections = Array.from(html.slice(verdictAt).matchAll(/<section id="([^"]+)"/g), (match) => match[1]);
    expect(sections[0]).toBe('root-causes');
    expect(html).toContain(`<h2 id="root-causes-heading">${escapeHtml(rootCauseHeading(reports.json.verdict))}</h2>`);
    expect(html).toContain(`<span class="figure-number">${causes.length}</span> ${causes.length === 1 ? 'root cause' : 'root causes'}`);
    expect(Array.from(html.matchAll(/<tr class="root-cause" data-cause-id="([^"]*)"/g), (match) => match[1])).toEqual(causes.map((cause) => escapeHtml(cause.id)));
    expect(Array.from(html.matchAll(/<strong class="cause-title">([^<]*)<\/strong>/g), (match) => match[1])).toEqual(causes.map((cause) => escapeHtml(cause.title)));
    // Its chips count what report.json counts.
    const counts = reports.json.verdict.counts;
    for (const severity of ['required', 'recommended', 'advisory'] as const) {
      if ((counts.rootCauses?.[severity] ?? 0) > 0) expect(html).toContain(`data-value="${severity}" aria-pressed="false">${severity} <span class="chip-count">${counts.rootCauses?.[severity]}</span>`);
    }
    expect(html).toContain(`data-group="scenario" data-value="failed" aria-pressed="false">failed <span class="chip-count">${counts.scenarios.failed}</span>`);
  });

  it('junit.xml names a root cause in every failure message, and every cause that fails the run in at least one', () => {
    const root = parseXmlStrict(reports.junit);
    const messages = findAll(root, 'failure').map((failure) => failure.attributes.message);
    const counts = reports.json.verdict.counts;
    // Test cases unchanged: one failure per failed expectation and per finding that fails the gate.
    expect(messages).toHaveLength(counts.expectations.failed + counts.findings.failing + (reports.json.verdict.quarantine.wouldQuarantine ? 1 : 0));
    const titleOf = (message: string): string | undefined => causes.find((cause) => message.startsWith(`${cause.title} — `))?.title;
    const scenarioMessages = messages.filter((message) => !message.startsWith('Entra would quarantine'));
    expect(scenarioMessages.filter((message) => titleOf(message) === undefined)).toEqual([]);
    const named = new Set(scenarioMessages.map(titleOf));
    expect([...named].sort()).toEqual(causes.filter((cause) => cause.failing).map((cause) => cause.title).sort());
    expect(named.size).toBe(counts.rootCauses?.failing);
  });

  it('the github reporter writes one annotation per root cause, titled by it, errors for the causes that fail the run', () => {
    const written = annotations(reports.stdout);
    const titles = new Set(causes.map((cause) => escapeProperty(cause.title)));
    const perCause = written.filter((annotation) => titles.has(annotation.title));
    expect(perCause.map((annotation) => annotation.title)).toEqual(causes.map((cause) => escapeProperty(cause.title)));
    expect(perCause.filter((annotation) => annotation.level === 'error')).toHaveLength(reports.json.verdict.counts.rootCauses?.failing ?? -1);
    // Not one per failed scenario run.
    expect(written.filter((annotation) => / \[[\w-]+\] failed$/.test(annotation.title))).toEqual([]);
  });
});

describe('with no fault on, every reporter says there is no root cause', () => {
  let reports: Reports;

  beforeAll(async () => {
    reports = await runAllReporters('');
  }, 60_000);

  it('agrees on zero', () => {
    const verdict = reports.json.verdict;
    expect(verdict.rootCauses).toEqual([]);
    expect(reports.json.counts.rootCauses?.total).toBe(0);
    expect(consoleSummary(reports.stdout, reports.json.headline)[2]).toBe('Root causes: none');
    expect(reports.markdown.split('\n')[2]).toBe('### Root causes: none');
    expect(reports.html).toContain('<h2 id="root-causes-heading">Root causes: none</h2>');
    expect(reports.html).toContain('<span class="figure-number">0</span> root causes');
    expect(findAll(parseXmlStrict(reports.junit), 'failure')).toHaveLength(0);
    expect(annotations(reports.stdout).map((annotation) => annotation.level)).toEqual(['notice']);
  });
});
