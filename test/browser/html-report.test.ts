/**
 * The HTML report in a real browser: opened from disk, it must render the verdict, filter the
 * provisioning log exactly, open an entry's four tabs, draw its charts, and never touch the
 * network. Also checks that Chromium's XML parser accepts junit.xml with the same counts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createHtmlReporter, HTML_REPORT_FILE } from '../../reporters/html-reporter';
import { createJunitReporter, JUNIT_REPORT_FILE } from '../../reporters/junit-reporter';
import { buildFixtureRun, reporterOptions, type FixtureRun } from '../unit/reporters/fixtures';

const CHROMIUM = '/usr/bin/chromium';
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The little of the page's globals the assertions read (the project compiles without DOM types). */
interface CanvasLike {
  readonly width: number;
  readonly height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { readonly data: ArrayLike<number> } } | null;
}
interface PageGlobals {
  readonly document: { getElementById(id: string): CanvasLike | null };
  readonly Chart?: { getChart(canvas: CanvasLike): { readonly data: { readonly datasets: readonly { readonly data: readonly number[] }[] } } | undefined };
  readonly DOMParser: new () => {
    parseFromString(text: string, type: string): {
      getElementsByTagName(name: string): ArrayLike<{ getAttribute(name: string): string | null }>;
    };
  };
}

const describeInBrowser = existsSync(CHROMIUM) ? describe : describe.skip;
if (!existsSync(CHROMIUM)) {
  console.warn(`Skipping the HTML report browser tests: ${CHROMIUM} is not installed (CI installs Debian's chromium package).`);
}

describeInBrowser('HTML report in Chromium', () => {
  let browser: Browser;
  let run: FixtureRun;
  let reportUrl: string;
  let junitXml: string;
  let page: Page;
  const requests: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    run = buildFixtureRun({ quarantined: true, insecure: true });
    await createHtmlReporter(reporterOptions(run.outDir)).onRunEnd(run.summary);
    await createJunitReporter(reporterOptions(run.outDir)).onRunEnd(run.summary);
    reportUrl = pathToFileURL(join(run.outDir, HTML_REPORT_FILE)).href;
    junitXml = readFileSync(join(run.outDir, JUNIT_REPORT_FILE), 'utf8');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('request', (request) => requests.push(request.url()));
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await page.goto(reportUrl);
    await page.waitForSelector('html[data-report-ready="true"]');
  });

  afterAll(async () => {
    await browser?.close();
    run?.remove();
  });

  async function visibleRowIds(): Promise<string[]> {
    return page.locator('#log-table tbody tr:not([hidden])').evaluateAll((rows: { getAttribute(name: string): string | null }[]) =>
      rows.map((row) => row.getAttribute('data-entry-id') ?? ''),
    );
  }

  async function resetFilters(): Promise<void> {
    await page.fill('#log-search', '');
    await page.selectOption('#log-status', '');
    await page.selectOption('#log-action', '');
    await page.selectOption('#log-cycle', '');
  }

  it('renders the verdict banner with the quarantine reason and the TLS warning', async () => {
    await expectText('#verdict-headline', run.summary.verdict.headline);
    expect(await page.locator('header.banner').getAttribute('class')).toContain('banner-quarantined');
    expect(await page.locator('#quarantine-banner').textContent()).toContain('Entra would quarantine this job: EncounteredEscrowProportionThreshold');
    expect(await page.locator('#insecure-warning').isVisible()).toBe(true);
    expect(await page.locator('#current-status').textContent()).toContain('Provisioning has been quarantined.');
  });

  it('narrows the log table to exactly the rows each filter matches', async () => {
    expect(await visibleRowIds()).toEqual(run.entries.map((entry) => entry.id));

    await page.fill('#log-search', 'ALEX');
    expect(await visibleRowIds()).toEqual(['entry-alex-1', 'entry-alex-2']);
    await page.fill('#log-search', 'tgt-nestor');
    expect(await visibleRowIds()).toEqual(['entry-nestor-2']);
    await expectText('#log-count', 'Showing 1 of 8 entries');

    await resetFilters();
    await page.selectOption('#log-status', 'failure');
    expect(await visibleRowIds()).toEqual(['entry-alex-1', 'entry-megan-1', 'entry-alex-2']);
    await page.selectOption('#log-cycle', '1');
    expect(await visibleRowIds()).toEqual(['entry-alex-2']);

    await resetFilters();
    await page.selectOption('#log-action', 'create');
    expect(await visibleRowIds()).toEqual(['entry-adele-1', 'entry-alex-1', 'entry-sales-1', 'entry-megan-1']);
    await page.fill('#log-search', 'sales');
    expect(await visibleRowIds()).toEqual(['entry-sales-1']);

    await resetFilters();
    expect(await visibleRowIds()).toHaveLength(run.entries.length);
  });

  it('shows and hides columns from the column chooser', async () => {
    await page.click('#log-columns summary');
    expect(await page.locator('#log-table th.col-error-code').isVisible()).toBe(false);
    await page.check('#log-columns-choices input[data-column="error-code"]');
    expect(await page.locator('#log-table th.col-error-code').isVisible()).toBe(true);
    expect(await page.locator('#log-table tr[data-entry-id="entry-alex-1"] td.col-error-code').textContent()).toBe('EntryConflict');
    await page.uncheck('#log-columns-choices input[data-column="source-system"]');
    expect(await page.locator('#log-table th.col-source-system').isVisible()).toBe(false);
    expect(await page.locator('#log-table tr[data-entry-id="entry-adele-1"] td.col-source-system').isVisible()).toBe(false);
    await page.check('#log-columns-choices input[data-column="source-system"]');
    expect(await page.locator('#log-table th.col-source-system').isVisible()).toBe(true);
  });

  it('opens an entry on click with the four tabs, each showing its own content', async () => {
    expect(await page.locator('#log-detail').isVisible()).toBe(false);
    await page.click('#log-table tr[data-entry-id="entry-adele-1"]');
    expect(await page.locator('#log-detail').isVisible()).toBe(true);
    await expectText('#log-detail-title', "Create User 'Adele Vance' — Success");
    expect(await page.locator('#log-tabs [role="tab"]').allTextContents()).toEqual([
      'Steps',
      'Troubleshooting & Recommendations',
      'Modified Properties',
      'Summary',
    ]);

    const steps = page.locator('#log-panel-steps');
    expect(await steps.isVisible()).toBe(true);
    expect(await steps.textContent()).toContain('EntryExportAdd');
    expect(await steps.textContent()).toContain("User 'adele@contoso.com' was created in Contoso SCIM");

    await page.click('#log-tab-troubleshooting');
    expect(await steps.isVisible()).toBe(false);
    expect(await page.locator('#log-panel-troubleshooting').textContent()).toContain('No errors');
    expect(await page.locator('#log-tab-troubleshooting').getAttribute('aria-selected')).toBe('true');

    await page.click('#log-tab-modified');
    const modified = await page.locator('#log-panel-modified tbody tr').allTextContents();
    expect(modified).toEqual(['userName(none)adele@contoso.com', 'active(none)True']);

    await page.click('#log-tab-summary');
    const summary = await page.locator('#log-panel-summary').textContent();
    expect(summary).toContain('change-entry-adele-1');
    expect(summary).toContain('0 (initial)');

    // Another entry keeps the chosen tab and shows that entry's content.
    await page.click('#log-tab-troubleshooting');
    await page.click('#log-table tr[data-entry-id="entry-alex-1"]');
    const troubleshooting = await page.locator('#log-panel-troubleshooting').textContent();
    expect(troubleshooting).toContain('EntryConflict');
    expect(troubleshooting).toContain('Resolve the conflicting userName in the target, then retry.');
    expect(troubleshooting).toContain('StatusCode: Conflict');
  });

  it('draws every chart with data', async () => {
    const charts = await page.evaluate((ids: string[]) => {
      const g = globalThis as unknown as PageGlobals;
      return ids.map((id) => {
        const canvas = g.document.getElementById(id);
        if (!canvas) return { id, points: 0, painted: 0 };
        const chart = g.Chart?.getChart(canvas);
        const points = chart ? chart.data.datasets.reduce((sum, dataset) => sum + dataset.data.reduce((a, b) => a + b, 0), 0) : 0;
        const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
        let painted = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted += 1;
        return { id, points, painted };
      });
    }, ['chart-actions', 'chart-cycles', 'chart-errors']);
    // Actions: 8 entries; cycles: 3 failures + 8 entries; errors: 4 entries with an error code.
    expect(charts.map(({ id, points }) => [id, points])).toEqual([
      ['chart-actions', 8],
      ['chart-cycles', 11],
      ['chart-errors', 4],
    ]);
    for (const chart of charts) expect(chart.painted).toBeGreaterThan(500);
  });

  it('makes no network request and raises no page error', () => {
    expect(requests.length).toBeGreaterThan(0);
    const outside = requests.filter((url) => url !== reportUrl && !url.startsWith('data:'));
    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('parses junit.xml with Chromium\'s XML parser, with the counts of the verdict', async () => {
    const parsed = await page.evaluate((xml: string) => {
      const g = globalThis as unknown as PageGlobals;
      const doc = new g.DOMParser().parseFromString(xml, 'application/xml');
      const root = doc.getElementsByTagName('testsuites')[0];
      return {
        errors: doc.getElementsByTagName('parsererror').length,
        tests: root?.getAttribute('tests'),
        failures: root?.getAttribute('failures'),
        failureElements: doc.getElementsByTagName('failure').length,
        firstSuite: doc.getElementsByTagName('testsuite')[0]?.getAttribute('name'),
      };
    }, junitXml);
    expect(parsed).toEqual({ errors: 0, tests: '9', failures: '3', failureElements: 3, firstSuite: 'quarantine' });
  });

  async function expectText(selector: string, text: string): Promise<void> {
    expect((await page.locator(selector).textContent())?.trim()).toBe(text);
  }
});
