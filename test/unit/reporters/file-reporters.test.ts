import { buildVerdict as judgeVerdict } from '../../../harness/evaluate/build-verdict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CSV_FILES, CSV_LOG_COLUMNS } from '../../../harness/log/exports';
import { type Finding } from '../../../harness/contract/finding';
import { createCsvReporter } from '../../../reporters/csv-reporter';
import { createJsonReporter, JSON_REPORT_FILE, type JsonReport } from '../../../reporters/json-reporter';
import { createMarkdownReporter, MARKDOWN_MAX_ROOT_CAUSES, MARKDOWN_REPORT_FILE, renderMarkdownSummary } from '../../../reporters/markdown-reporter';
import { parseCsv } from '../log/fixtures';
import { escapeMarkdown } from '../../../reporters/format/markdown';
import { buildFixtureRun, DIAGNOSIS_CONFLICT, FINDING_ETAG, INCONCLUSIVE_SCENARIO, reporterOptions, type FixtureOptions, type FixtureRun } from './fixtures';

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
    // What a reader meets first in the verdict: its outcome, headline, counts and root causes.
    expect(Object.keys(report.verdict).slice(0, 4)).toEqual(['outcome', 'headline', 'counts', 'rootCauses']);
    expect(Object.keys(report.verdict)).toHaveLength(Object.keys(run.summary.verdict).length);
    expect(report.verdict.rootCauses?.map((cause) => cause.title)).toEqual(run.summary.verdict.rootCauses?.map((cause) => cause.title));
    expect(report.jobStatus).toEqual(run.summary.jobStatus);
    expect(report.stats).toEqual(run.summary.stats);
    expect(report.counts).toEqual({
      scenarios: { passed: 1, failed: 1, skipped: 1, inconclusive: 0, blocked: 0, total: 3 },
      expectations: { passed: 2, failed: 1, skipped: 1, inconclusive: 0, blocked: 1, total: 5 },
      findings: { required: 1, recommended: 1, advisory: 1, total: 3, failing: 1, known: 0, belowThreshold: 2 },
      rootCauses: { required: 1, recommended: 1, advisory: 1, total: 3, failing: 1 },
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

  it('leads with the root causes after the verdict, each with its fix and the server\'s words in a code span', () => {
    const run = fixture();
    const text = renderMarkdownSummary(run.summary, run.outDir);
    const lines = text.split('\n');
    const heading = lines.indexOf('### Root causes (3: 1 required, 1 recommended, 1 advisory)');
    expect(heading).toBe(2);
    const titles = lines.filter((line) => line.startsWith('#### ')).map((line) => line.replace(/^#### \d+\. `\w+` /, ''));
    expect(titles).toEqual([
      'Answers a duplicate userName with 409 but no scimType "uniqueness"',
      'ServiceProviderConfig does not describe etag support _(does not fail the run)_',
      'Error response is not a SCIM error _(does not fail the run)_',
    ]);
    expect(lines).toContain(`- **Fix:** ${escapeMarkdown(DIAGNOSIS_CONFLICT.fix)}`);
    expect(lines).toContain('- **Seen in:** 1 failed expectation, 1 finding · entra · 1 scenario: users/uniqueness');
    expect(lines).toContain('- **Projected:** At 10,000 objects: about 2,500 entries would fail');
    // The server's own words, inert: in a code span, the control character shown.
    expect(lines).toContain('- **Server said:** `oops </script><script>alert(1)</script> <!-- & "quoted" \\u0001 end`');
    expect(text).toContain('_Each occurrence (3 findings, 1 failed expectation, 1 blocked expectation) is in report.json and report.html, with its evidence._');
    // Findings are occurrences: no per-finding table.
    expect(text).not.toContain('Top findings');
    expect(text).not.toContain('| Severity | Check |');
    expect(lines.indexOf('### Current Status')).toBeGreaterThan(heading);
  });

  it('lists the scenario runs to act on with their root cause or reason, and links to the other files', () => {
    const run = fixture({ insecure: true, inconclusive: true });
    writeFileSync(join(run.outDir, 'provisioning-logs.json'), '{"value":[]}');
    const text = renderMarkdownSummary(run.summary, run.outDir, ['report.json', 'summary.md', 'report.html']);
    expect(text).toContain('> [!WARNING]');
    expect(text).toContain('| Current cycle status | Incremental cycle completed. |');
    expect(text).toContain('| Quarantine | not quarantined |');
    expect(text).toContain('### Scenarios: 1 passed, 1 failed, 1 inconclusive, 1 skipped');
    const scenarioRows = text.split('\n').filter((line) => /^\| [✓✗?-] (passed|failed|skipped|inconclusive) \|/.test(line));
    expect(scenarioRows).toHaveLength(3);
    expect(scenarioRows[0]).toContain('`users/uniqueness`');
    expect(scenarioRows[0]).toContain(`root cause: ${escapeMarkdown(DIAGNOSIS_CONFLICT.title)}`);
    expect(scenarioRows[0]).not.toContain('expected 409');
    expect(scenarioRows[2]).toContain(`inconclusive: ${escapeMarkdown(INCONCLUSIVE_SCENARIO.inconclusiveReason ?? '')}`);
    expect(text).not.toContain('`users/create`');
    expect(text).toContain('- [report.json](report.json)\n- [report.html](report.html)\n- [run.ndjson](run.ndjson)\n- [provisioning-logs.json](provisioning-logs.json)');
    expect(text).not.toContain('[summary.md]');
  });

  it(`writes at most ${MARKDOWN_MAX_ROOT_CAUSES} root causes in full, most severe first, and says where the rest are`, () => {
    const run = fixture();
    const many: Finding[] = Array.from({ length: 40 }, (_, i) => ({ ...FINDING_ETAG, check: `check/${i}`, title: `cause ${i}`, severity: i === 39 ? 'required' : 'advisory' }));
    const verdict = judgeVerdict({ scenarios: [], findings: many, quarantine: run.summary.verdict.quarantine, interrupted: false });
    const text = renderMarkdownSummary({ ...run.summary, verdict }, run.outDir);
    expect(text).toContain('### Root causes (40: 1 required, 39 advisory)');
    const blocks = text.split('\n').filter((line) => line.startsWith('#### '));
    expect(blocks).toHaveLength(MARKDOWN_MAX_ROOT_CAUSES);
    expect(blocks[0]).toBe('#### 1. `required` cause 39');
    expect(text).toContain(`_${40 - MARKDOWN_MAX_ROOT_CAUSES} more root causes in report.html and report.json._`);
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
