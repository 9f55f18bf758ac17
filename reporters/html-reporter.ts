/**
 * report.html: one file a vendor can hand to a customer or to Microsoft. It opens from disk with
 * no network (Chart.js and the data are inlined), leads with the verdict and the root causes,
 * and carries the evidence behind every root cause and finding. Entries beyond those the page embeds are written
 * beside it as report-data/entries-NNNN.js, which the log viewer loads when it needs them.
 */
import { readFile, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { allFindings } from './format/summary';
import { CHUNK_CALLBACK, ENTRY_CHUNK_FOLDER } from './html/page/page-data';
import { collectRunData, DEFAULT_ENTRY_LIMITS, type EmbeddedEntry, type EntryChunkSink, type EntryLimits } from './html/report-data';
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

/** Exchange ids the report shows as evidence: those of root causes, findings and failed expectations. */
export function citedExchangeIds(summary: RunSummary): Set<string> {
  const ids = new Set<string>();
  for (const cause of summary.verdict.rootCauses ?? []) for (const id of cause.evidence) ids.add(id);
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
 * entries travel as string literals given to JSON.parse: text from the target stays data (it is
 * never JavaScript source), and engines parse JSON text faster than an object literal of the
 * same size, which matters at a few megabytes per chunk.
 */
export function entryChunkWriter(outDir: string): EntryChunkSink {
  return async (chunk, entries) => {
    const name = `${ENTRY_CHUNK_FOLDER}/entries-${String(chunk).padStart(4, '0')}.js`;
    const { shared, rest } = factorShared(entries);
    const literal = (value: unknown): string => `JSON.parse(${JSON.stringify(embedJson(value))})`;
    await writeReportFile(outDir, name, `${CHUNK_CALLBACK}(${chunk}, ${literal(rest)}, ${literal(shared)});\n`);
    return name;
  };
}

/**
 * Top-level fields every entry of a chunk has with the same value (tenant, job, application,
 * systems, initiator), written once per chunk instead of once per entry; the page puts them back.
 */
export function factorShared(entries: readonly EmbeddedEntry[]): { shared: Record<string, unknown>; rest: Record<string, unknown>[] } {
  const first = entries[0] as unknown as Record<string, unknown> | undefined;
  const shared: Record<string, unknown> = {};
  if (first && entries.length > 1) {
    for (const [key, value] of Object.entries(first)) {
      if (key === 'id' || key === 'harness') continue;
      const text = JSON.stringify(value);
      if (entries.every((entry) => JSON.stringify((entry as unknown as Record<string, unknown>)[key]) === text)) shared[key] = value;
    }
  }
  const keys = Object.keys(shared);
  const rest = entries.map((entry) => {
    const copy: Record<string, unknown> = { ...entry };
    for (const key of keys) delete copy[key];
    return copy;
  });
  return { shared, rest };
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
