/**
 * The HTML report as a reader of Playwright's report or the Entra provisioning logs blade uses
 * it, in Debian's Chromium: failures and root causes visible without scrolling, status chips
 * that filter, a search and deep links that reach entries beyond the ones the page embeds (loaded
 * from the chunk files beside it), sortable tables, a date-range filter, a print layout, and each
 * scenario's own job with both dialects named when both ran.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { run as runSuite } from '../../harness';
import { createHtmlReporter, HTML_REPORT_FILE } from '../../reporters/html-reporter';
import { ENTRY_CHUNK_FOLDER } from '../../reporters/html/page/page-data';
import { buildFixtureRun, reporterOptions, type FixtureRun } from '../unit/reporters/fixtures';

const CHROMIUM = '/usr/bin/chromium';
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Successful entries beyond the base fixture's 8: the page embeds 2,000 of them, the rest go to chunk files. */
const EXTRA = 2_600;
const TOTAL = 8 + EXTRA;
/** An entry the page does not embed: only in report-data/entries-0001.js. */
const LATE_ENTRY = 'entry-extra-ok-2550';

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const describeInBrowser = existsSync(CHROMIUM) ? describe : describe.skip;

describeInBrowser('HTML report navigation in Chromium', () => {
  let browser: Browser;
  let run: FixtureRun;
  let reportUrl: string;
  const outside: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    run = buildFixtureRun({ quarantined: true, insecure: true, extraEntries: EXTRA });
    await createHtmlReporter(reporterOptions(run.outDir)).onRunEnd(run.summary);
    reportUrl = pathToFileURL(join(run.outDir, HTML_REPORT_FILE)).href;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    run?.remove();
  });

  async function open(hash = '', viewport = { width: 1280, height: 900 }): Promise<Page> {
    const page = await browser.newPage({ viewport });
    const folder = pathToFileURL(run.outDir).href;
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(folder) && !url.startsWith('data:')) outside.push(url);
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await page.goto(reportUrl + hash);
    await page.waitForSelector('html[data-report-ready="true"]');
    return page;
  }

  const visible = (page: Page, selector: string): Promise<string[]> =>
    page.locator(selector).evaluateAll((nodes: { hidden: boolean; getAttribute(name: string): string | null }[]) =>
      nodes.filter((node) => !node.hidden).map((node) => node.getAttribute('data-filter-value') ?? node.getAttribute('data-entry-id') ?? ''),
    );

  it('writes the entries it does not embed to chunk files beside the report', () => {
    expect(readdirSync(join(run.outDir, ENTRY_CHUNK_FOLDER))).toEqual(['entries-0001.js']);
  });

  it('shows the verdict banner and the first root cause without scrolling at 1280×800', async () => {
    const page = await open('', { width: 1280, height: 800 });
    const shot = join(run.dir, 'report-1280x800.png');
    await page.screenshot({ path: shot });
    expect(existsSync(shot)).toBe(true);
    const boxes = await Promise.all(
      ['header#verdict', '#root-cause-figure', '#root-causes-heading', '#root-cause-table tbody tr:first-child'].map(async (selector) => [selector, await page.locator(selector).boundingBox()] as const),
    );
    for (const [selector, box] of boxes) {
      expect({ selector, inside: box !== null && insideViewport(box, 1280, 800) }).toEqual({ selector, inside: true });
    }
    expect(await page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY)).toBe(0);
    await page.close();
  });

  it('filters the root causes, the findings, the scenarios and the log entries with the status chips', async () => {
    const page = await open();
    const counts = run.summary.verdict.counts;
    const required = page.locator('.chip[data-group="cause"][data-value="required"]');
    const requiredCount = Number(await required.locator('.chip-count').textContent());
    expect(requiredCount).toBe(counts.rootCauses?.required);
    await required.click();
    expect(await required.getAttribute('aria-pressed')).toBe('true');
    expect(await visible(page, '#root-cause-table > tbody > tr')).toEqual(Array(requiredCount).fill('required'));
    await required.click();
    expect(await visible(page, '#root-cause-table > tbody > tr')).toHaveLength(counts.rootCauses?.total ?? -1);

    const requiredFindings = page.locator('.chip[data-group="finding"][data-value="required"]');
    await requiredFindings.click();
    expect(await visible(page, 'details.finding')).toEqual(Array(counts.findings.required).fill('required'));
    await requiredFindings.click();

    // Blocked counts expectations and shows the scenario runs that hold them.
    const blocked = page.locator('.chip[data-group="scenario"][data-value="blocked"]');
    expect(Number(await blocked.locator('.chip-count').textContent())).toBe(counts.expectations.blocked);
    await blocked.click();
    expect(await visible(page, '#scenario-table > tbody > tr')).toEqual(['failed blocked']);
    await blocked.click();

    const failed = page.locator('.chip[data-group="scenario"][data-value="failed"]');
    await failed.click();
    // A row's values are its status, then "blocked" when it holds blocked expectations.
    expect((await visible(page, '#scenario-table > tbody > tr')).map((value) => value.split(' ')[0])).toEqual(Array(run.summary.verdict.counts.scenarios.failed).fill('failed'));
    await failed.click();
    expect(await visible(page, '#scenario-table > tbody > tr')).toHaveLength(run.summary.verdict.counts.scenarios.total);

    await page.click('.chip[data-group="entry"][data-value="failure"]');
    await expectText(page, '#log-count', `Showing 3 of ${TOTAL} entries`);
    expect(await visible(page, '#log-table tbody tr')).toEqual(['entry-alex-1', 'entry-megan-1', 'entry-alex-2']);
    await page.close();
  });

  it('finds an entry that is neither embedded nor on the first page with the search', async () => {
    const page = await open();
    expect(await page.locator(`#log-table tr[data-entry-id="${LATE_ENTRY}"]`).count()).toBe(0);
    await page.fill('#search', 'Extra User 2550');
    await page.waitForSelector(`#log-table tr[data-entry-id="${LATE_ENTRY}"]`);
    expect(await visible(page, '#log-table tbody tr')).toEqual([LATE_ENTRY]);
    await expectText(page, '#log-count', `Showing 1 of ${TOTAL} entries`);
    // The search covers scenarios and findings too: none of them names that user.
    expect(await visible(page, '#scenario-table > tbody > tr')).toEqual([]);
    await page.close();
  });

  it('pages through every entry of the run, not only the embedded ones', async () => {
    const page = await open();
    await expectText(page, '#log-page', `Page 1 of ${Math.ceil(TOTAL / 100)}`);
    expect(await page.locator('#log-table tbody tr').count()).toBe(100);
    await page.click('#log-next');
    await page.waitForFunction((total: number) => (globalThis as unknown as { document: { getElementById(id: string): { textContent: string } | null } }).document.getElementById('log-count')?.textContent === `Showing ${total} of ${total} entries`, TOTAL);
    await expectText(page, '#log-page', `Page 2 of ${Math.ceil(TOTAL / 100)}`);
    for (let i = 2; i < Math.ceil(TOTAL / 100); i += 1) await page.click('#log-next');
    expect(await page.locator('#log-next').isDisabled()).toBe(true);
    // The last page ends with the last entry of the run.
    const last = await visible(page, '#log-table tbody tr');
    expect(last[last.length - 1]).toBe(`entry-extra-ok-${EXTRA - 1}`);
    await page.close();
  });

  it('opens an entry beyond the first 2,000 from a #entry= deep link, and clicking an entry names it in the URL', async () => {
    const page = await open(`#entry=${LATE_ENTRY}`);
    await page.waitForSelector(`#log-table tr.selected[data-entry-id="${LATE_ENTRY}"]`);
    await expectText(page, '#log-detail-title', "Update User 'Extra User 2550' — Success");
    const row = await page.locator(`#log-table tr[data-entry-id="${LATE_ENTRY}"]`).boundingBox();
    expect(row !== null && row.y >= 0 && row.y + row.height <= 900).toBe(true);

    await page.click('#log-table tr[data-entry-id="entry-extra-ok-2551"]');
    expect(new URL(page.url()).hash).toBe('#entry=entry-extra-ok-2551');
    await page.close();
  });

  it('opens a scenario, a root cause and a finding from their deep links, and clicking them updates the hash', async () => {
    const failed = run.summary.verdict.scenarios.find((scenario) => scenario.status === 'failed');
    if (!failed) throw new Error('the fixture has a failed scenario');
    const key = `${failed.id}@${failed.dialect}`;
    const page = await open(`#scenario=${encodeURIComponent(key)}`);
    const row = page.locator('#scenario-table > tbody > tr.targeted');
    expect(await row.getAttribute('data-scenario-id')).toBe(failed.id);
    expect(await row.locator('details').first().getAttribute('open')).not.toBeNull();

    // A failed scenario names its root cause; the link opens the cause with its drill-down.
    await page.locator('#failed-scenarios a[href^="#cause="]').first().click();
    const cause = page.locator('#root-cause-table > tbody > tr.targeted');
    await cause.waitFor();
    const causeLink = (await cause.getAttribute('data-link')) ?? '';
    expect(causeLink).toMatch(/^cause=/);
    expect(new URL(page.url()).hash).toBe(`#${causeLink}`);
    expect(await cause.locator('details.drill').getAttribute('open')).not.toBeNull();

    // From the cause to one of its findings.
    const findingAnchor = cause.locator('details.drill a[href^="#finding="]').first();
    const findingLink = ((await findingAnchor.getAttribute('href')) ?? '').slice(1);
    expect(findingLink).toMatch(/^finding=[0-9a-f]{12}$/);
    await findingAnchor.click();
    expect(new URL(page.url()).hash).toBe(`#${findingLink}`);
    const finding = page.locator('details.finding.targeted');
    await finding.waitFor();
    expect(await finding.getAttribute('data-link')).toBe(findingLink);
    expect(await finding.getAttribute('open')).not.toBeNull();

    await page.click(`#scenario-table > tbody > tr[data-scenario-id="${failed.id}"] td:last-child`);
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe(`#scenario=${key}`);
    await page.close();
  });

  it('opens a root cause from its #cause= deep link, and reaches its log entry from there', async () => {
    const [first] = run.summary.verdict.rootCauses ?? [];
    const page = await open(`#cause=${encodeURIComponent(first.id)}`);
    const row = page.locator('#root-cause-table > tbody > tr.targeted');
    expect(await row.getAttribute('data-cause-id')).toBe(first.id);
    expect(await row.locator('details.drill').getAttribute('open')).not.toBeNull();
    const box = await row.boundingBox();
    expect(box !== null && box.y >= 0 && box.y < 900).toBe(true);
    await row.locator('a[href^="#entry="]').first().click();
    await page.waitForSelector('#log-table tr.selected[data-entry-id="entry-alex-1"]');
    expect(new URL(page.url()).hash).toBe('#entry=entry-alex-1');
    await page.close();
  });

  it('sorts a table by the clicked column and says so with aria-sort', async () => {
    const page = await open();
    const ids = (): Promise<string[]> => page.locator('#scenario-table > tbody > tr').evaluateAll((rows: { getAttribute(name: string): string | null }[]) => rows.map((row) => row.getAttribute('data-scenario-id') ?? ''));
    const before = await ids();
    const header = page.locator('#scenario-table > thead th', { hasText: 'Scenario' });
    await header.click();
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    const ascending = await ids();
    expect(ascending).toEqual([...before].sort((a, b) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' })));
    await header.click();
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    expect(await ids()).toEqual([...ascending].reverse());
    expect(await page.locator('#scenario-table > thead th', { hasText: 'Status' }).getAttribute('aria-sort')).toBe('none');

    // The log table sorts every entry of the run, not one page.
    const identity = page.locator('#log-table thead th.col-identity');
    await identity.click();
    await identity.click();
    expect(await identity.getAttribute('aria-sort')).toBe('descending');
    await expectText(page, '#log-count', `Showing ${TOTAL} of ${TOTAL} entries`);
    const names = await page.locator('#log-table tbody td.col-identity').allTextContents();
    expect(names.slice(0, 4)).toEqual(['Sales & <Marketing>', 'Nestor Wilke', 'Megan Bowen', 'Lee Gu']);
    // Descending over every entry: "Extra User 2599" (from the chunk file) before "Extra User 1994".
    expect(names[4]).toBe('Extra User 2599');
    await page.close();
  });

  it('narrows the log entries to a date range', async () => {
    const page = await open();
    await page.fill('#log-from', '2026-03-24T10:40:00');
    await page.fill('#log-to', '2026-03-24T10:45:00');
    await page.waitForFunction(() => (globalThis as unknown as { document: { getElementById(id: string): { textContent: string } | null } }).document.getElementById('log-count')?.textContent?.startsWith('Showing 4 of'));
    expect(await visible(page, '#log-table tbody tr')).toEqual(run.entries.filter((entry) => entry.activityDateTime >= '2026-03-24T10:40' && entry.activityDateTime <= '2026-03-24T10:45').map((entry) => entry.id));
    await page.fill('#log-to', '');
    await expectText(page, '#log-count', `Showing ${TOTAL - 4} of ${TOTAL} entries`);
    await page.close();
  });

  it('prints without controls and with every section expanded', async () => {
    const page = await open();
    const closed = page.locator('details.finding:not([open])').first();
    expect(await closed.locator('dl').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    for (const selector of ['#toolbar', '#search', '.chip >> nth=0', '.filters', '.pager', '#log-columns']) {
      expect({ selector, visible: await page.locator(selector).isVisible() }).toEqual({ selector, visible: false });
    }
    expect(await closed.locator('dl').isVisible()).toBe(true);
    expect(await page.locator('#root-cause-table').isVisible()).toBe(true);
    expect(await page.evaluate(() => {
      const g = globalThis as unknown as { getComputedStyle(node: unknown): { breakBefore: string }; document: { getElementById(id: string): unknown } };
      return g.getComputedStyle(g.document.getElementById('provisioning-logs')).breakBefore;
    })).toBe('page');
    await page.emulateMedia({ media: 'screen' });
    expect(await page.locator('#toolbar').isVisible()).toBe(true);
    await page.close();
  });

  it('loads nothing but the report and its own chunk files, and raises no page error', () => {
    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

describeInBrowser('HTML report of a run in both dialects', () => {
  let browser: Browser;
  let page: Page;
  let out: string;
  let remove: () => void;

  beforeAll(async () => {
    const scratch = buildFixtureRun();
    out = join(scratch.dir, 'both-dialects');
    remove = scratch.remove;
    const sink = new PassThrough();
    sink.resume();
    await runSuite({ out, reporter: 'html', scenario: ['users/create', 'users/disable'] }, { stdout: sink, stderr: sink, env: {} });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(pathToFileURL(join(out, HTML_REPORT_FILE)).href);
    await page.waitForSelector('html[data-report-ready="true"]');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    remove?.();
  });

  it('names both dialects in the header', async () => {
    expect((await page.locator('header#verdict #dialects').textContent())?.trim()).toBe('dialects entra, entra-compliant');
  });

  it('shows each scenario run\'s own provisioning job instead of one summed status', async () => {
    const rows = await page.locator('#scenario-jobs tbody tr').evaluateAll((nodes: { getAttribute(name: string): string | null; textContent: string | null }[]) =>
      nodes.map((node) => ({ key: node.getAttribute('data-scenario-job'), text: node.textContent ?? '' })),
    );
    const scenarioRows = await page.locator('#scenario-table > tbody > tr').count();
    expect(rows).toHaveLength(scenarioRows);
    expect(rows.map((row) => row.key)).toEqual(expect.arrayContaining(['users/create@entra', 'users/create@entra-compliant']));
    for (const row of rows) expect(row.text).toMatch(/Active.*Succeeded.*not quarantined/);
    // The summed rows of one job are gone when there are many.
    const status = (await page.locator('#current-status .status-panel').textContent()) ?? '';
    expect(status).not.toContain('Cycles run');
    expect(status).not.toContain('Incremental cycle completed.');
    expect(await page.locator('#scenario-jobs-summary').textContent()).toBe(`${rows.length} scenario jobs: ${rows.length} succeeded, 0 with entry-level errors, none quarantined`);
    expect(status).not.toContain('Job status (Graph)');
  });
});

function insideViewport(box: Box, width: number, height: number): boolean {
  return box.x >= 0 && box.y >= 0 && box.x + box.width <= width && box.y + box.height <= height;
}

async function expectText(page: Page, selector: string, text: string): Promise<void> {
  await page.waitForFunction(
    ([s, t]: [string, string]) => (globalThis as unknown as { document: { querySelector(q: string): { textContent: string | null } | null } }).document.querySelector(s)?.textContent?.trim() === t,
    [selector, text] as [string, string],
    { timeout: 5_000 },
  ).catch(() => undefined);
  expect((await page.locator(selector).textContent())?.trim()).toBe(text);
}
