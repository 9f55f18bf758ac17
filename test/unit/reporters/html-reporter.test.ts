import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { createHtmlReporter, HTML_REPORT_FILE, renderHtmlReport } from '../../../reporters/html-reporter';
import { CHUNK_CALLBACK, ENTRY_CHUNK_FOLDER } from '../../../reporters/html/page/page-data';
import { embedEntry, type EmbeddedEntry, type EntryCap, type ChartData } from '../../../reporters/html/report-data';
import { buildFixtureRun, DIAGNOSIS_CONFLICT, HOSTILE_TEXT, INCONCLUSIVE_SCENARIO, reporterOptions, type FixtureOptions, type FixtureRun } from './fixtures';

interface EmbeddedData {
  readonly entries: EmbeddedEntry[];
  readonly cap: EntryCap;
  readonly charts: ChartData;
}

const DATA_OPEN = '<script type="application/json" id="report-data">';

function embeddedData(html: string): EmbeddedData {
  const start = html.indexOf(DATA_OPEN) + DATA_OPEN.length;
  return JSON.parse(html.slice(start, html.indexOf('</script>', start))) as EmbeddedData;
}

describe('HTML reporter', () => {
  const runs: FixtureRun[] = [];
  const fixture = (options?: FixtureOptions): FixtureRun => {
    const run = buildFixtureRun(options);
    runs.push(run);
    return run;
  };
  afterAll(() => runs.forEach((run) => run.remove()));

  it('writes one self-contained report.html: inline scripts and styles only, a CSP that forbids the network', async () => {
    const run = fixture();
    await createHtmlReporter(reporterOptions(run.outDir, { outputs: ['report.json', 'report.html'] })).onRunEnd(run.summary);
    const html = readFileSync(join(run.outDir, HTML_REPORT_FILE), 'utf8');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
    expect(html).not.toMatch(/<(script|img|iframe)[^>]+src=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/url\(\s*['"]?https?:/i);
    expect(html).not.toMatch(/@import/i);
    // Chart.js is inlined.
    expect(html).toMatch(/Chart\.js v4\.\d+\.\d+/);
    // Links to its siblings by relative name, not to itself.
    expect(html).toContain('<a href="report.json">report.json</a>');
    expect(html).toContain('<a href="run.ndjson">run.ndjson</a>');
    expect(html).not.toContain('<a href="report.html">');
  });

  it('cannot be broken out of by text from the target', async () => {
    const run = fixture();
    const html = await renderHtmlReport(run.summary);
    // Exactly the three script blocks the page has: data, Chart.js, page script.
    expect(html.match(/<script\b/gi)).toHaveLength(3);
    expect(html.match(/<\/script>/gi)).toHaveLength(3);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('oops &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    // The embedded data still holds the text exactly.
    const megan = embeddedData(html).entries.find((entry) => entry.id === 'entry-megan-1');
    expect(megan?.provisioningStatusInfo.errorInformation?.reason).toContain(HOSTILE_TEXT);
  });

  it('opens with the verdict and the quarantine banner, with the TLS warning when it applies', async () => {
    const quarantined = fixture({ quarantined: true, insecure: true });
    const html = await renderHtmlReport(quarantined.summary);
    const banner = html.indexOf('id="verdict"');
    expect(banner).toBeGreaterThan(-1);
    expect(html.indexOf('id="quarantine-banner"')).toBeGreaterThan(banner);
    expect(html.indexOf('id="insecure-warning"')).toBeGreaterThan(banner);
    expect(html.indexOf('id="current-status"')).toBeGreaterThan(html.indexOf('id="insecure-warning"'));
    expect(html).toContain('<strong>Fix:</strong> Return 201 for creates');
    const healthy = fixture();
    const plain = await renderHtmlReport(healthy.summary);
    expect(plain).not.toContain('id="quarantine-banner"');
    expect(plain).not.toContain('id="insecure-warning"');
  });

  it('groups expectations and findings by RFC section in section order', async () => {
    const run = fixture();
    const html = await renderHtmlReport(run.summary);
    const specs = Array.from(html.matchAll(/<tr data-spec="([^"]+)">/g), (match) => match[1]);
    expect(specs).toEqual(['RFC 7643 §5', 'RFC 7644 §3.3', 'RFC 7644 §3.4.1', 'RFC 7644 §3.5.2', 'RFC 7644 §3.12']);
    const row = /<tr data-spec="RFC 7644 §3.12"><td>[^<]*<\/td><td>(\d+)<\/td><td>(\d+)<\/td><td>(\d+)<\/td><td>(\d+)<\/td>/.exec(html);
    // §3.12: one failed expectation, two findings.
    expect(row?.slice(1)).toEqual(['0', '1', '0', '2']);
  });

  it('shows the request and response of every cited exchange, from entries and from exchange events', async () => {
    const run = fixture();
    const html = await renderHtmlReport(run.summary);
    expect(html).toContain("exchange ex-2; Create User &#39;Alex Wilber&#39; (cycle 0, change change-entry-alex-1)");
    expect(html).toContain('exchange ex-8; discovery');
    expect(html).toContain('GET https://127.0.0.1:8443/scim/v2/ServiceProviderConfig');
    expect(html).toContain('authorization: [REDACTED]');
    expect(html).toContain('&quot;detail&quot;: &quot;userName taken&quot;');
    // Not cited by anything: not rendered as evidence.
    expect(html).not.toContain('exchange ex-7;');
  });

  it('embeds the entries without their exchanges, and says when every entry is shown', async () => {
    const run = fixture();
    const html = await renderHtmlReport(run.summary);
    const data = embeddedData(html);
    expect(data.entries.map((entry) => entry.id)).toEqual(run.entries.map((entry) => entry.id));
    expect(data.entries[1].harness.exchangeIds).toEqual(['ex-2']);
    expect(Object.keys(data.entries[1].harness)).not.toContain('exchanges');
    expect(data.cap.capped).toBe(false);
    expect(html).toContain('All 8 entries of the run are shown.');
  });

  it('caps the embedded entries (failures first) while the charts count every entry', async () => {
    const run = fixture({ extraEntries: 10, extraFailures: 5 });
    const html = await renderHtmlReport(run.summary, [], { maxFailures: 4, maxOthers: 3 });
    const data = embeddedData(html);
    const failures = data.entries.filter((entry) => entry.provisioningStatusInfo.status === 'failure');
    expect(failures.map((entry) => entry.id)).toEqual(['entry-alex-1', 'entry-megan-1', 'entry-alex-2', 'entry-extra-fail-0']);
    expect(data.entries.filter((entry) => entry.provisioningStatusInfo.status !== 'failure').map((entry) => entry.id)).toEqual([
      'entry-adele-1',
      'entry-sales-1',
      'entry-adele-2',
    ]);
    expect(data.cap).toMatchObject({ total: 23, failures: 8, embedded: 7, capped: true });
    expect(html).toContain('This page embeds 7 of 23 entries: 4 of 8 failures (at most 4) and the first 3 other entries (at most 3).');
    const charted = data.charts.actions.series.reduce((sum, series) => sum + series.counts.reduce((a, b) => a + b, 0), 0);
    expect(charted).toBe(23);
    expect(data.charts.cycles).toEqual({ labels: ['cycle 0 (initial)', 'cycle 1 (incremental)'], entries: [4, 19], failures: [2, 6] });
  });

  it('keeps every failure and the first 2,000 other entries by default', async () => {
    const run = fixture({ extraEntries: 2_100, extraFailures: 3 });
    const data = embeddedData(await renderHtmlReport(run.summary));
    expect(data.cap).toMatchObject({ total: 2_111, failures: 6, failuresEmbedded: 6, othersEmbedded: 2_000, capped: true });
  });

  it('still writes a report when run.ndjson cannot be read, and says so', async () => {
    const run = fixture();
    const html = await renderHtmlReport({ ...run.summary, runFile: join(run.dir, 'missing.ndjson') });
    expect(html).toContain('run.ndjson could not be read to the end: no run log at');
    expect(html).toContain('id="verdict-headline"');
  });
});

describe('HTML reporter: every entry, failures first, one count per finding', () => {
  const runs: FixtureRun[] = [];
  const fixture = (options?: FixtureOptions): FixtureRun => {
    const run = buildFixtureRun(options);
    runs.push(run);
    return run;
  };
  afterAll(() => runs.forEach((run) => run.remove()));

  /** Runs the chunk files as the page does and returns what they hand over, in file order. */
  function readChunks(outDir: string): { files: string[]; entries: EmbeddedEntry[] } {
    const folder = join(outDir, ENTRY_CHUNK_FOLDER);
    const files = readdirSync(folder).sort();
    const entries: EmbeddedEntry[] = [];
    const context = createContext({
      [CHUNK_CALLBACK]: (_chunk: number, list: EmbeddedEntry[], shared: Partial<EmbeddedEntry>) => entries.push(...list.map((entry) => ({ ...shared, ...entry }))),
      JSON,
    });
    for (const file of files) runInContext(readFileSync(join(folder, file), 'utf8'), context);
    return { files, entries };
  }

  it('writes every entry it does not embed to chunk files beside the report, each once, in run order, as data', async () => {
    const run = fixture({ extraEntries: 1_500 });
    await createHtmlReporter({ ...reporterOptions(run.outDir), limits: { maxFailures: 1, maxOthers: 2 } }).onRunEnd(run.summary);
    const html = readFileSync(join(run.outDir, HTML_REPORT_FILE), 'utf8');
    const data = embeddedData(html);
    const { files, entries } = readChunks(run.outDir);
    expect(files).toEqual(['entries-0001.js', 'entries-0002.js']);
    expect(data.cap).toMatchObject({ total: 1_508, embedded: 3, chunked: 1_505, chunks: ['report-data/entries-0001.js', 'report-data/entries-0002.js'] });
    // Embedded plus chunked is the whole run, each entry once; chunks keep run order.
    const all = [...data.entries, ...entries].sort((a, b) => a.harness.index - b.harness.index);
    expect(all.map((entry) => entry.id)).toEqual(run.entries.map((entry) => entry.id));
    expect(entries.map((entry) => entry.harness.index)).toEqual([...entries.map((entry) => entry.harness.index)].sort((a, b) => a - b));
    // Fields shared by a chunk's entries are written once and come back whole.
    for (const entry of entries) expect(entry).toEqual(embedEntry(run.entries[entry.harness.index], entry.harness.index));
    expect(readFileSync(join(run.outDir, ENTRY_CHUNK_FOLDER, files[0]), 'utf8').split('"tenantId').length - 1).toBe(1);
    // Text from the target arrives intact, and never as markup or code.
    const megan = entries.find((entry) => entry.id === 'entry-megan-1');
    expect(megan?.provisioningStatusInfo.errorInformation?.reason).toContain(HOSTILE_TEXT);
    for (const file of files) expect(readFileSync(join(run.outDir, ENTRY_CHUNK_FOLDER, file), 'utf8')).not.toMatch(/<|\u2028|\u2029/);
    expect(html).toContain('The other 1,505 entries are in 2 files in the report-data folder beside this report');
  });

  it('removes the chunk files of an earlier run in the same folder', async () => {
    const run = fixture({ extraEntries: 1_200 });
    await createHtmlReporter({ ...reporterOptions(run.outDir), limits: { maxFailures: 0, maxOthers: 0 } }).onRunEnd(run.summary);
    expect(readdirSync(join(run.outDir, ENTRY_CHUNK_FOLDER))).toHaveLength(2);
    await createHtmlReporter(reporterOptions(run.outDir)).onRunEnd(run.summary);
    expect(existsSync(join(run.outDir, ENTRY_CHUNK_FOLDER))).toBe(false);
  });

  it('leads with the verdict, then the root causes, the failed scenarios and the findings', async () => {
    const run = fixture({ quarantined: true });
    const html = await renderHtmlReport(run.summary);
    const order = ['id="verdict"', 'id="toolbar"', 'id="root-causes"', 'id="failed-scenarios"', 'id="findings"', 'id="current-status"', 'id="conformance"', 'id="provisioning-logs"'].map((marker) =>
      html.indexOf(marker),
    );
    expect(order.every((position) => position > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('counts root causes, findings and scenario runs as the verdict (and so report.json and JUnit) count them', async () => {
    const run = fixture();
    const base = run.summary.verdict;
    // The same findings seen in both dialects: the verdict folds them into occurrences.
    const findings = base.findings.map((finding) => ({ ...finding, occurrences: [{ dialect: 'entra', count: 2, evidence: [] }, { dialect: 'entra-compliant', count: 3, evidence: [] }] }));
    const html = await renderHtmlReport({ ...run.summary, verdict: { ...base, findings } });
    const causes = base.rootCauses ?? [];
    const rows = Array.from(html.matchAll(/<tr class="root-cause" data-cause-id="([^"]+)"/g), (match) => match[1]);
    expect(rows).toEqual(causes.map((cause) => cause.id));
    expect(rows).toHaveLength(base.counts.rootCauses?.total ?? -1);
    expect(html).toContain('<h2 id="root-causes-heading">Root causes (3: 1 required, 1 recommended, 1 advisory)</h2>');
    // The headline figure is the number of causes, not of occurrences.
    expect(html).toContain('<a class="headline-figure" id="root-cause-figure" href="#root-causes"><span class="figure-number">3</span> root causes<span class="figure-note">1 fail the run</span></a>');
    expect(html.match(/<details class="finding"/g)).toHaveLength(base.counts.findings.total);
    for (const severity of ['required', 'recommended', 'advisory'] as const) {
      expect(html).toContain(`data-group="cause" data-value="${severity}" aria-pressed="false">${severity} <span class="chip-count">${base.counts.rootCauses?.[severity] ?? -1}</span>`);
      expect(html).toContain(`data-group="finding" data-value="${severity}" aria-pressed="false">${severity} <span class="chip-count">${base.counts.findings[severity]}</span>`);
    }
    for (const status of ['passed', 'failed', 'inconclusive', 'skipped'] as const) {
      expect(html).toContain(`data-group="scenario" data-value="${status}" aria-pressed="false">${status} <span class="chip-count">${base.counts.scenarios[status] ?? -1}</span>`);
    }
    expect(html).toContain(`data-group="scenario" data-value="blocked" aria-pressed="false">blocked <span class="chip-count">${base.counts.expectations.blocked ?? -1}</span>`);
    // A cause's row says where it was seen, from its own occurrences.
    expect(html).toMatch(/<td data-sort="2">2<\/td><td>entra<\/td><td>users\/uniqueness<\/td>/);
  });

  it('opens each root cause onto its fix, the server\'s words, its occurrences as deep links and its evidence', async () => {
    const run = fixture();
    const html = await renderHtmlReport(run.summary);
    const start = html.indexOf(`data-cause-id="${DIAGNOSIS_CONFLICT.cause}"`);
    const row = html.slice(start, html.indexOf('</tr>', start));
    expect(row).toContain(`data-link="cause=${encodeURIComponent(DIAGNOSIS_CONFLICT.cause)}"`);
    expect(row).toContain(`<a class="permalink" href="#cause=${encodeURIComponent(DIAGNOSIS_CONFLICT.cause)}" title="Link to this root cause">#</a>`);
    expect(row).toContain('<div class="cause-fix"><strong>Fix:</strong> Add &quot;scimType&quot;: &quot;uniqueness&quot; to the 409 a duplicate userName causes.</div>');
    // The server's words are text, escaped, never markup.
    expect(row).toContain('<dt>Server said</dt><dd>&quot;oops &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &lt;!-- &amp; &quot;quoted&quot;');
    expect(row).toContain('<dt>Projected</dt><dd>At 10,000 objects: about 2,500 entries would fail</dd>');
    expect(row).toContain(`<dt>Workaround</dt><dd>${DIAGNOSIS_CONFLICT.workaround ?? ''}</dd>`);
    // Occurrences: the scenario run, the finding and the log entry behind its evidence, each a deep link.
    expect(row).toContain(`href="#scenario=${encodeURIComponent('users/uniqueness@entra')}"`);
    expect(row).toMatch(/<a href="#finding=[0-9a-f]{12}"><code>protocol\/error-scim-type<\/code>/);
    expect(row).toContain('<a href="#entry=entry-alex-1">Create User &#39;Alex Wilber&#39; (cycle 0, change change-entry-alex-1)</a> <code class="muted">entry-alex-1</code>');
    expect(row).toContain('exchange ex-2; Create User &#39;Alex Wilber&#39;');
    // Failed scenarios name their root cause instead of repeating expected and actual.
    const failed = html.slice(html.indexOf('id="failed-scenarios"'), html.indexOf('id="findings"'));
    expect(failed).toContain(`root cause: <a href="#cause=${encodeURIComponent(DIAGNOSIS_CONFLICT.cause)}">`);
    expect(failed).not.toContain('409 without scimType');
  });

  it('lists inconclusive runs with their reason and marks runs holding blocked expectations for the blocked chip', async () => {
    const run = fixture({ inconclusive: true });
    const html = await renderHtmlReport(run.summary);
    const failed = html.slice(html.indexOf('id="failed-scenarios"'), html.indexOf('id="findings"'));
    expect(failed).toContain(`inconclusive: ${INCONCLUSIVE_SCENARIO.inconclusiveReason ?? ''}`);
    expect(html).toContain(`data-scenario-id="users/uniqueness" data-link="scenario=${encodeURIComponent('users/uniqueness@entra')}" data-filter-group="scenario" data-filter-value="failed blocked"`);
    expect(html).toContain('<dt>Blocked by</dt><dd><a href="#cause=');
  });

  it('says there is no root cause when nothing failed', async () => {
    const run = fixture({ passing: true });
    const base = run.summary.verdict;
    const html = await renderHtmlReport({ ...run.summary, verdict: { ...base, findings: [], rootCauses: [], counts: { ...base.counts, rootCauses: { required: 0, recommended: 0, advisory: 0, total: 0, failing: 0 } } } });
    expect(html).toContain('<h2 id="root-causes-heading">Root causes: none</h2>');
    expect(html).toContain('<span class="figure-number">0</span> root causes');
  });

  it('names the dialects that ran in the header, both when both ran', async () => {
    const run = fixture();
    const one = await renderHtmlReport(run.summary);
    expect(one).toContain('<span id="dialects">dialect entra</span>');
    const scenarios = run.summary.verdict.scenarios.flatMap((scenario) => [scenario, { ...scenario, dialect: 'entra-compliant' }]);
    const both = await renderHtmlReport({ ...run.summary, verdict: { ...run.summary.verdict, scenarios } });
    expect(both).toContain('<span id="dialects">dialects entra, entra-compliant</span>');
  });

  it('gives every root cause, scenario run and finding a stable deep-link id', async () => {
    const run = fixture();
    const first = await renderHtmlReport(run.summary);
    const second = await renderHtmlReport(run.summary);
    const links = (html: string): string[] => Array.from(html.matchAll(/data-link="((?:scenario|finding|cause)=[^"]+)"/g), (match) => match[1]);
    expect(links(first).length).toBe(run.summary.verdict.scenarios.length + run.summary.verdict.counts.findings.total + (run.summary.verdict.counts.rootCauses?.total ?? -1));
    expect(links(second)).toEqual(links(first));
    expect(new Set(links(first)).size).toBe(links(first).length);
    expect(links(first)).toContain(`scenario=${encodeURIComponent('users/uniqueness@entra')}`);
  });
});
