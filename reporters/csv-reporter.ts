/**
 * The portal's CSV download (docs/entra-behaviour.md#log-exports: ProvisioningLogs, ProvisioningLogs_ProvisioningSteps
 * and ProvisioningLogs_ModifiedProperties, joined by Change ID), streamed from run.ndjson so a
 * large run never sits in memory.
 */
import { CSV_FILES, writeCsvExport } from '../harness/log/exports';
import { readEntries } from '../harness/log/run-reader';
import { type Reporter, type RunSummary } from './reporter';
import { type ReporterOptions } from './reporter-options';

export const CSV_REPORT_FILES: readonly string[] = [CSV_FILES.logs, CSV_FILES.steps, CSV_FILES.modifiedProperties];

export class CsvReporter implements Reporter {
  readonly name = 'csv';

  constructor(private readonly options: ReporterOptions) {}

  async onRunEnd(summary: RunSummary): Promise<void> {
    await writeCsvExport(readEntries(summary.runFile), this.options.outDir);
  }
}

export function createCsvReporter(options: ReporterOptions): CsvReporter {
  return new CsvReporter(options);
}
