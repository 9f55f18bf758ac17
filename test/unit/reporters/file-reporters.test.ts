import { completeVerdict } from '../../../harness/evaluate/build-verdict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CSV_FILES, CSV_LOG_COLUMNS } from '../../../harness/log/exports';
import { type Finding } from '../../../harness/contract/finding';
import { createCsvReporter } from '../../../reporters/csv-reporter';
import { createJsonReporter, JSON_REPORT_FILE, type JsonReport } from '../../../reporters/json-reporter';
import { createMarkdownReporter, MARKDOWN_MAX_FINDINGS, MARKDOWN_REPORT_FILE, renderMarkdownSummary } from '../../../reporters/markdown-reporter';
import { parseCsv } from '../log/fixtures';
import { buildFixtureRun, FINDING_ETAG, reporterOptions, type FixtureOptions, type FixtureRun } from './fixtures';

const runs: FixtureRun[] = [];
function fixture(options?: FixtureOptions): FixtureRun {
  const run = buildFixtureRun(options);
  runs.push(run);
  return run;
}
afterAll(() => runs.forEach((run) => run.remove()));

describe('JSON reporter', () => {
  it('writes report.json with plan, verdict, job status, status, stats, counts and the chain hash', async () => {
    const run = fixture();
    await createJsonReporter(reporterOptions(run.outDir, { outputs: ['report.json', 'junit.xml'] })).onRunEnd(run.summary);
    const text = readFileSync(join(run.outDir, JSON_REPORT_FILE), 'utf8');
    const report = JSON.parse(text) as JsonReport;
    expect(Object.keys(report).slice(0, 5)).toEqual(['reportVersion', 'tool', 'outcome', 'headline', 'status']);
    expect(report.outcome).toBe('failed');
    expect(report.headline).toBe(run.summary.verdict.headline);
    expect(report.status).toEqual(run.summary.status);
    expect(report.plan).toEqual(run.summary.plan);
    expect(report.verdict).toEqual(run.summary.verdict);
    expect(report.jobStatus).toEqual(run.summary.jobStatus);
    expect(report.stats).toEqual(run.summary.stats);
    expect(report.counts).toEqual({
      scenarios: { passed: 1, failed: 1, skipped: 1, inconclusive: 0, blocked: 0, total: 3 },
      expectations: { passed: 2, failed: 1, skipped: 2, inconclusive: 0, blocked: 0, total: 5 },
      findings: { required: 1, recommended: 1, advisory: 1, total: 3, failing: 1, known: 0, belowThreshold: 2 },
      entries: 8,
      entriesByAction: { create: 4, update: 2, other: 1, delete: 1 },
      entriesByStatus: { success: 4, failure: 3, skipped: 1 },
    });
    expect(report.log).toEqual({ runFile: 'run.ndjson', finalHash: run.summary.finalHash });
    expect(report.outputs).toEqual(['report.json', 'junit.xml']);
  });

  it('does not repeat the provisioning log entries', async () => {
    const run = fixture();
    await createJsonReporter(reporterOptions(run.outDir)).onRunEnd(run.summary);
    const text = readFileSync(join(run.outDir, JSON_REPORT_FILE), 'utf8');
    expect(text).not.toContain('provisioningSteps');
    expect(text).not.toContain(run.entries[0].changeId);
  });
});

describe('Markdown reporter', () => {
  it('puts the verdict first, with the quarantine reason and fix right under it', () => {
    const run = fixture({ quarantined: true });
    const lines = renderMarkdownSummary(run.summary, run.outDir).split('\n');
    expect(lines[0]).toBe('## ⛔ QUARANTINE — EncounteredEscrowProportionThreshold: More than 40% of provisioning operations failed.');
    expect(lines[2]).toBe('**Entra would quarantine this job: EncounteredEscrowProportionThreshold.**');
    expect(lines).toContain('- Fix: Return 201 for creates and 409 with scimType "uniqueness" for duplicates.');
    const statusAt = lines.indexOf('### Current Status');
    expect(statusAt).toBeGreaterThan(lines.findIndex((line) => line.startsWith('- Fix:')));
  });

  it('has the status panel, a scenario table, findings most severe first and links to the other files', () => {
    const run = fixture({ insecure: true });
    writeFileSync(join(run.outDir, 'provisioning-logs.json'), '{"value":[]}');
    const text = renderMarkdownSummary(run.summary, run.outDir, ['report.json', 'summary.md', 'report.html']);
    expect(text).toContain('> [!WARNING]');
    expect(text).toContain('| Current cycle status | Incremental cycle completed. |');
    expect(text).toContain('| Quarantine | not quarantined |');
    const scenarioRows = text.split('\n').filter((line) => /^\| [✓✗-] (passed|failed|skipped) \|/.test(line));
    expect(scenarioRows).toHaveLength(3);
    expect(scenarioRows[1]).toContain('`users/uniqueness`');
    expect(scenarioRows[1]).toContain('the second create returns 409 with scimType uniqueness: expected 409 with scimType "uniqueness", got 409 without scimType');
    const severities = text.split('\n').filter((line) => /^\| \*\*(required|recommended|advisory)\*\* \|/.test(line));
    expect(severities.map((line) => /\*\*(\w+)\*\*/.exec(line)?.[1])).toEqual(['required', 'recommended', 'advisory']);
    // Target text cannot break the table or inject markup.
    expect(text).toContain('oops &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &lt;!-- &amp; "quoted"');
    expect(text).toContain('- [report.json](report.json)\n- [report.html](report.html)\n- [run.ndjson](run.ndjson)\n- [provisioning-logs.json](provisioning-logs.json)');
    expect(text).not.toContain('[summary.md]');
  });

  it('lists at most the 20 most severe findings', () => {
    const run = fixture();
    const many: Finding[] = Array.from({ length: 30 }, (_, i) => ({ ...FINDING_ETAG, check: `check/${i}`, severity: i === 29 ? 'required' : 'advisory' }));
    // The evaluator folds the run's findings with those scenario results hold, and counts them.
    const summary = { ...run.summary, verdict: completeVerdict({ ...run.summary.verdict, findings: many, counts: undefined }) };
    const text = renderMarkdownSummary(summary, run.outDir);
    const rows = text.split('\n').filter((line) => line.startsWith('| **'));
    expect(rows).toHaveLength(MARKDOWN_MAX_FINDINGS);
    // The two required findings (the scenario's own and check/29) lead; advisories fill the rest.
    expect(rows.slice(0, 2).every((row) => row.startsWith('| **required**'))).toBe(true);
    expect(rows.slice(0, 2).some((row) => row.includes('`check/29`'))).toBe(true);
    expect(text).toContain('### Top findings (20 of 31, most severe first)');
  });

  it('writes summary.md and appends to GITHUB_STEP_SUMMARY when it is set', async () => {
    const run = fixture();
    const stepSummary = join(run.dir, 'step-summary.md');
    writeFileSync(stepSummary, 'earlier step\n');
    const reporter = createMarkdownReporter(reporterOptions(run.outDir, { env: { GITHUB_STEP_SUMMARY: stepSummary } }));
    await reporter.onRunEnd(run.summary);
    const written = readFileSync(join(run.outDir, MARKDOWN_REPORT_FILE), 'utf8');
    expect(written.startsWith('## ❌ FAILED')).toBe(true);
    expect(readFileSync(stepSummary, 'utf8')).toBe(`earlier step\n${written}\n`);
  });

  it('leaves GITHUB_STEP_SUMMARY alone when it is not set', async () => {
    const run = fixture();
    await createMarkdownReporter(reporterOptions(run.outDir, { env: {} })).onRunEnd(run.summary);
    expect(existsSync(join(run.outDir, MARKDOWN_REPORT_FILE))).toBe(true);
    expect(existsSync(join(run.dir, 'step-summary.md'))).toBe(false);
  });
});

describe('CSV reporter', () => {
  it('writes the portal\'s three CSV files from run.ndjson', async () => {
    const run = fixture();
    await createCsvReporter(reporterOptions(run.outDir)).onRunEnd(run.summary);
    const logs = parseCsv(readFileSync(join(run.outDir, CSV_FILES.logs), 'utf8'));
    expect(logs[0]).toEqual([...CSV_LOG_COLUMNS]);
    expect(logs.slice(1).map((row) => row[1])).toEqual(run.entries.map((entry) => entry.id));
    const steps = parseCsv(readFileSync(join(run.outDir, CSV_FILES.steps), 'utf8'));
    expect(steps).toHaveLength(1 + run.entries.reduce((sum, entry) => sum + entry.provisioningSteps.length, 0));
    const properties = parseCsv(readFileSync(join(run.outDir, CSV_FILES.modifiedProperties), 'utf8'));
    expect(properties).toHaveLength(1 + run.entries.reduce((sum, entry) => sum + entry.modifiedProperties.length, 0));
  });

  it('fails (for the multiplexer to report) when run.ndjson is missing', async () => {
    const run = fixture();
    const summary = { ...run.summary, runFile: join(run.dir, 'missing.ndjson') };
    await expect(createCsvReporter(reporterOptions(run.outDir)).onRunEnd(summary)).rejects.toThrow(/no run log/);
  });
});
