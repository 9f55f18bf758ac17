/** `scim-harness report`: every report again, from a saved run, without the target. */
import path from 'node:path';
import { type Argv } from 'yargs';
import { replayRun } from '../../runner/replay';
import { EVIDENCE_OPTIONS, evidenceOptionsFrom } from '../evidence-options';
import { type CliIo } from '../main';

export function registerReport(cli: Argv, io: CliIo, setExit: (code: number) => void): void {
  cli.command(
    'report <run>',
    'Regenerate every report from a saved run (an output folder or its run.ndjson)',
    (y) =>
      y
        .positional('run', { type: 'string', demandOption: true, describe: 'An output folder or its run.ndjson' })
        .option('out', { type: 'string', describe: 'Where to write the reports (default: the run\'s folder)' })
        .option('reporter', { type: 'string', default: 'console,json,junit,markdown,csv,html', describe: 'Comma list of reporters, or a path to a custom one' })
        .options(EVIDENCE_OPTIONS)
        .example('$0 report ./scim-harness-report', 'Rebuild report.html, junit.xml, summary.md … from run.ndjson')
        .example('$0 report ./scim-harness-report --sign-key ./run-signing.key', 'Refuse a run.ndjson whose signature does not verify (exit 5)'),
    async (argv) => {
      const runArg = String(argv.run);
      const outDir = path.resolve((argv.out as string | undefined) ?? (runArg.endsWith('.ndjson') ? path.dirname(runArg) : runArg));
      const evidence = evidenceOptionsFrom(argv as Record<string, unknown>);
      const result = await replayRun(runArg, io, { outDir, reporters: String(argv.reporter), evidence });
      setExit(result.exitCode);
    },
  );
}
