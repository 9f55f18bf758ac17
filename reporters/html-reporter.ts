/**
 * report.html: one file a vendor can hand to a customer or to Microsoft. It opens from disk with
 * no network (Chart.js and the data are inlined), leads with the verdict and the quarantine
 * banner, and carries the evidence behind every finding.
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { allFindings } from './format/summary';
import { collectRunData, DEFAULT_ENTRY_LIMITS, type EntryLimits } from './html/report-data';
import { renderHtmlPage } from './html/render-page';
import { linkName, writeReportFile } from './output-file';
import { type Reporter, type RunSummary } from './reporter';
import { type ReporterOptions } from './reporter-options';

export const HTML_REPORT_FILE = 'report.html';

export interface HtmlReporterOptions extends ReporterOptions {
  readonly limits?: Partial<EntryLimits>;
}

let chartJsSource: Promise<string> | null = null;

/**
 * Chart.js's UMD build, which defines a global `Chart` from a classic inline script. The
 * package's exports map hides dist/, so the file is found next to its resolvable main entry.
 */
export function loadChartJs(): Promise<string> {
  chartJsSource ??= readFile(join(dirname(require.resolve('chart.js')), 'chart.umd.js'), 'utf8').catch((error: unknown) => {
    chartJsSource = null;
    throw error;
  });
  return chartJsSource;
}

/** Exchange ids the report shows as evidence: those of findings and of failed expectations. */
export function citedExchangeIds(summary: RunSummary): Set<string> {
  const ids = new Set<string>();
  for (const finding of allFindings(summary.verdict)) for (const id of finding.evidence) ids.add(id);
  for (const scenario of summary.verdict.scenarios) {
    for (const expectation of scenario.expectations) {
      if (expectation.status === 'failed') for (const id of expectation.evidence) ids.add(id);
    }
  }
  return ids;
}

export async function renderHtmlReport(summary: RunSummary, outputs: readonly string[] = [], limits: Partial<EntryLimits> = {}): Promise<string> {
  const data = await collectRunData(summary.runFile, citedExchangeIds(summary), { ...DEFAULT_ENTRY_LIMITS, ...limits });
  return renderHtmlPage({ summary, data, chartJs: await loadChartJs(), outputs });
}

export class HtmlReporter implements Reporter {
  readonly name = 'html';

  constructor(private readonly options: HtmlReporterOptions) {}

  async onRunEnd(summary: RunSummary): Promise<void> {
    const links = (this.options.outputs ?? []).filter((name) => name !== HTML_REPORT_FILE);
    const runLink = linkName(this.options.outDir, summary.runFile);
    if (!isAbsolute(runLink) && !links.includes(runLink)) links.push(runLink);
    const html = await renderHtmlReport(summary, links, this.options.limits);
    await writeReportFile(this.options.outDir, HTML_REPORT_FILE, html);
  }
}

export function createHtmlReporter(options: HtmlReporterOptions): HtmlReporter {
  return new HtmlReporter(options);
}
