/**
 * report.html: one file a vendor can hand to a customer or to Microsoft. It opens from disk with
 * no network (Chart.js and the data are inlined), leads with the verdict and the root causes,
 * and carries the evidence behind every finding. Entries beyond those the page embeds are written
 * beside it as report-data/entries-NNNN.js, which the log viewer loads when it needs them.
 */
import { readFile, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { allFindings } from './format/summary';
import { CHUNK_CALLBACK, ENTRY_CHUNK_FOLDER } from './html/page/page-data';
import { collectRunData, DEFAULT_ENTRY_LIMITS, type EntryChunkSink, type EntryLimits } from './html/report-data';
import { embedJson } from './format/html';
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

/**
 * Writes each chunk as a classic script that hands its entries to the page. A script element
 * loads from file:// where fetch() and XHR are refused, so the report still opens from disk. The
 * entries travel as one string literal given to JSON.parse: text from the target stays data (it
 * is never JavaScript source), and engines parse JSON text faster than an object literal of the
 * same size, which matters at a few megabytes per chunk.
 */
export function entryChunkWriter(outDir: string): EntryChunkSink {
  return async (chunk, entries) => {
    const name = `${ENTRY_CHUNK_FOLDER}/entries-${String(chunk).padStart(4, '0')}.js`;
    await writeReportFile(outDir, name, `${CHUNK_CALLBACK}(${chunk}, JSON.parse(${JSON.stringify(embedJson(entries))}));\n`);
    return name;
  };
}

export async function renderHtmlReport(
  summary: RunSummary,
  outputs: readonly string[] = [],
  limits: Partial<EntryLimits> = {},
  chunkSink?: EntryChunkSink,
): Promise<string> {
  const data = await collectRunData(summary.runFile, citedExchangeIds(summary), { ...DEFAULT_ENTRY_LIMITS, ...limits }, chunkSink);
  return renderHtmlPage({ summary, data, chartJs: await loadChartJs(), outputs });
}

export class HtmlReporter implements Reporter {
  readonly name = 'html';

  constructor(private readonly options: HtmlReporterOptions) {}

  async onRunEnd(summary: RunSummary): Promise<void> {
    const links = (this.options.outputs ?? []).filter((name) => name !== HTML_REPORT_FILE);
    const runLink = linkName(this.options.outDir, summary.runFile);
    if (!isAbsolute(runLink) && !links.includes(runLink)) links.push(runLink);
    // Chunks of an earlier run in the same folder would be read as this run's.
    await rm(join(this.options.outDir, ENTRY_CHUNK_FOLDER), { recursive: true, force: true });
    const html = await renderHtmlReport(summary, links, this.options.limits, entryChunkWriter(this.options.outDir));
    await writeReportFile(this.options.outDir, HTML_REPORT_FILE, html);
  }
}

export function createHtmlReporter(options: HtmlReporterOptions): HtmlReporter {
  return new HtmlReporter(options);
}
