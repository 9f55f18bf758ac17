/**
 * `scim-harness logs`: the provisioning logs blade, in a terminal. Lists a saved run's entries with
 * the portal's filters, shows one entry's four tabs, summarises like the Log Analytics queries
 * admins write, exports in the portal's download formats, and verifies the tamper-evident chain.
 */
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { type Argv } from 'yargs';
import { ConfigurationError } from '../../errors';
import { writeAadNdjson, writeCsvExport, writeGraphJson } from '../../log/exports';
import { DEFAULT_LOG_COLUMNS, EXTRA_LOG_COLUMNS, formatEntryDetail, formatLogTable, summarizeEntryStream, type LogColumn } from '../../log/log-views';
import { type LogFilter, parseTimeBound } from '../../log/query';
import { verifyRunEvidence } from '../../log/evidence';
import { readEntries, resolveRunFile } from '../../log/run-reader';
import { EVIDENCE_OPTIONS, evidenceOptionsFrom, formatEvidence } from '../evidence-options';
import { type LogEntry, type ProvisioningAction } from '../../contract/log-entry';
import { terminalText } from '../../text/terminal-text';
import { pluralize } from '../../text/numbers';
import { type CliIo } from '../main';

const FORMATS = ['table', 'json', 'csv', 'aad'] as const;
const STATUSES = ['success', 'failure', 'skipped', 'warning'] as const;
const ACTIONS = ['create', 'update', 'delete', 'disable', 'stagedDelete', 'other'] as const satisfies readonly ProvisioningAction[];

/**
 * The portal shows "Success" and "StagedDelete" where Graph stores "success" and "stagedDelete":
 * either spelling (any case, repeated or comma-separated) becomes the stored one, so yargs'
 * choices check can refuse a misspelling with the valid list instead of it silently matching nothing.
 */
function canonicalChoices(allowed: readonly string[]): (values: readonly string[]) => string[] {
  return (values) =>
    values
      .flatMap((value) => String(value).split(','))
      .map((value) => value.trim())
      .filter((value) => value !== '')
      .map((value) => allowed.find((choice) => choice.toLowerCase() === value.toLowerCase()) ?? value);
}

export function registerLogs(cli: Argv, io: CliIo, setExit: (code: number) => void): void {
  cli.command(
    'logs <run>',
    'List, filter, show, summarise, export and verify the provisioning logs of a saved run',
    (y) =>
      y
        .positional('run', { type: 'string', demandOption: true, describe: 'An output folder or its run.ndjson' })
        .options({
          since: { type: 'string', group: 'Filters:', describe: 'From: ISO date/time, or 24h, 7d, 30d back from now' },
          until: { type: 'string', group: 'Filters:', describe: 'Until: ISO date/time, or 24h, 7d, 30d back from now' },
          status: { type: 'string', array: true, group: 'Filters:', choices: STATUSES, coerce: canonicalChoices(STATUSES), describe: 'Any case; repeat or comma-separate for several' },
          action: { type: 'string', array: true, group: 'Filters:', choices: ACTIONS, coerce: canonicalChoices(ACTIONS), describe: 'Any case; repeat or comma-separate for several' },
          identity: { type: 'string', group: 'Filters:', describe: 'Display name, source id or target id (substring)' },
          'job-id': { type: 'string', group: 'Filters:' },
          'cycle-id': { type: 'string', group: 'Filters:' },
          'change-id': { type: 'string', group: 'Filters:' },
          'source-id': { type: 'string', group: 'Filters:' },
          'target-id': { type: 'string', group: 'Filters:' },
          'source-system': { type: 'string', group: 'Filters:' },
          'target-system': { type: 'string', group: 'Filters:' },
          application: { type: 'string', group: 'Filters:', describe: 'Service principal name or id (substring)' },
          columns: { type: 'string', describe: `Extra columns, comma list: ${EXTRA_LOG_COLUMNS.join(', ')}` },
          format: { type: 'string', choices: FORMATS, default: 'table', describe: 'table, json (Graph), csv (portal download: 3 files), aad (AADProvisioningLogs NDJSON)' },
          output: { type: 'string', describe: 'File (json, aad) or folder (csv) to write; default: stdout, or ./provisioning-logs-csv for csv' },
          show: { type: 'string', describe: 'Show one entry (by change id) with the portal\'s four tabs' },
          summary: { type: 'boolean', describe: 'Errors by code, actions per day, failures per hour (and --identity\'s operations)' },
          verify: { type: 'boolean', describe: 'Check run.ndjson: hash chain, end record, head against the run\'s reports (or --expect-head), signature' },
          ...EVIDENCE_OPTIONS,
        })
        .example('$0 logs ./scim-harness-report --status failure', 'Failed entries of the last run')
        .example('$0 logs ./scim-harness-report --show 1f0c…', 'One entry in full')
        .example('$0 logs ./scim-harness-report --format csv --output ./csv', 'The portal\'s three CSV files')
        .example('$0 logs ./scim-harness-report --verify --expect-head 3f9a…', 'Verify the evidence against the chain hash the run printed'),
    async (argv) => {
      refuseIgnoredCombinations(argv as Record<string, unknown>);
      const runFile = resolveRunFile(String(argv.run));
      const evidenceOptions = evidenceOptionsFrom(argv as Record<string, unknown>);
      if (argv.verify) {
        const result = await verifyRunEvidence(runFile, evidenceOptions);
        // Problems quote what was found in the file, which came from the target.
        io.stdout.write(`${terminalText(formatEvidence(result))}\n`);
        // Intact AND anchored: a file that is only consistent with itself may have been re-chained.
        setExit(result.state === 'verified' ? 0 : 1);
        return;
      }
      if (Object.values(evidenceOptions).some((value) => value !== undefined)) {
        throw new ConfigurationError('--expect-head, --expect-lines and --sign-key check the evidence: use them with --verify (e.g. scim-harness logs ./scim-harness-report --verify --expect-head <hash>)');
      }
      const filter = filterFrom(argv as Record<string, unknown>);
      const entries = (): AsyncGenerator<LogEntry> => readEntries(runFile, filter);
      if (argv.show) {
        for await (const entry of readEntries(runFile, { changeId: String(argv.show) })) {
          io.stdout.write(`${formatEntryDetail(entry)}\n`);
          setExit(0);
          return;
        }
        throw new ConfigurationError(`--show must name the change id of an entry in ${runFile}, got "${String(argv.show)}" (list them with: scim-harness logs ${String(argv.run)} --columns "Change ID")`);
      }
      if (argv.summary) {
        const summary = await summarizeEntryStream(entries(), { identity: argv.identity as string | undefined, width: io.stdout.columns });
        io.stdout.write(`${summary.text}\n`);
        setExit(0);
        return;
      }
      switch (argv.format) {
        case 'json':
          await writeTo(io, argv.output as string | undefined, (file) => writeGraphJson(entries(), file));
          break;
        case 'aad':
          await writeTo(io, argv.output as string | undefined, (file) => writeAadNdjson(entries(), file));
          break;
        case 'csv': {
          const dir = path.resolve((argv.output as string | undefined) ?? 'provisioning-logs-csv');
          mkdirSync(dir, { recursive: true });
          const files = await writeCsvExport(entries(), dir);
          io.stdout.write(`${files.join('\n')}\n`);
          break;
        }
        default: {
          const collected: LogEntry[] = [];
          for await (const entry of entries()) collected.push(entry);
          io.stdout.write(`${formatLogTable(collected, { columns: columnsFrom(argv.columns as string | undefined), width: io.stdout.columns })}\n`);
          io.stdout.write(`${pluralize(collected.length, 'entry', 'entries')}\n`);
        }
      }
      setExit(0);
    },
  );
}

/** --verify, --show and --summary each answer their own question; --output belongs to the file formats. */
function refuseIgnoredCombinations(argv: Record<string, unknown>): void {
  const modes = (['verify', 'show', 'summary'] as const).filter((mode) => argv[mode] !== undefined && argv[mode] !== false);
  if (modes.length > 1) {
    throw new ConfigurationError(`logs takes one of --verify, --show and --summary at a time, got ${modes.map((mode) => `--${mode}`).join(' and ')} (run them one after the other)`);
  }
  if (modes.length === 1 && argv.format !== 'table') {
    throw new ConfigurationError(`--format applies to the list of entries, not to --${modes[0]}, got --format ${String(argv.format)} with --${modes[0]} (drop one of them)`);
  }
  if (argv.output !== undefined && (argv.format === 'table' || modes.length > 0)) {
    throw new ConfigurationError(`--output writes --format json, csv or aad, got --output "${String(argv.output)}" with ${modes.length > 0 ? `--${modes[0]}` : 'the table'} (add --format json, or redirect: > file.txt)`);
  }
}

function filterFrom(argv: Record<string, unknown>): LogFilter {
  const now = new Date();
  const text = (key: string): string | undefined => (typeof argv[key] === 'string' ? (argv[key] as string) : undefined);
  return {
    since: text('since') ? parseTimeBound(text('since') as string, now, '--since') : undefined,
    until: text('until') ? parseTimeBound(text('until') as string, now, '--until') : undefined,
    status: argv.status as string[] | undefined,
    action: argv.action as string[] | undefined,
    identity: text('identity'),
    jobId: text('jobId'),
    cycleId: text('cycleId'),
    changeId: text('changeId'),
    sourceId: text('sourceId'),
    targetId: text('targetId'),
    sourceSystem: text('sourceSystem'),
    targetSystem: text('targetSystem'),
    application: text('application'),
  };
}

function columnsFrom(spec: string | undefined): LogColumn[] {
  if (!spec) return [...DEFAULT_LOG_COLUMNS];
  const extra = spec.split(',').map((c) => c.trim()).filter(Boolean);
  for (const column of extra) {
    if (!(EXTRA_LOG_COLUMNS as readonly string[]).includes(column)) {
      throw new ConfigurationError(`--columns takes ${EXTRA_LOG_COLUMNS.join(', ')}, got "${column}" (e.g. --columns "Change ID,Error Code")`);
    }
  }
  return [...DEFAULT_LOG_COLUMNS, ...(extra as LogColumn[])];
}

async function writeTo(io: CliIo, output: string | undefined, write: (file: string) => Promise<void>): Promise<void> {
  if (output) {
    await write(path.resolve(output));
    io.stdout.write(`${path.resolve(output)}\n`);
    return;
  }
  // No file named: write to a temporary file and stream it out, so stdout gets exactly the document.
  const { mkdtempSync, createReadStream, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(path.join(tmpdir(), 'scim-harness-logs-'));
  const file = path.join(dir, 'out');
  try {
    await write(file);
    await new Promise<void>((resolve, reject) => {
      const stream = createReadStream(file);
      stream.on('error', reject);
      stream.on('end', resolve);
      stream.pipe(io.stdout, { end: false });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
