/** `scim-harness report`: every report again, from a saved run, without the target. */
import path from 'node:path';
import { type Argv } from 'yargs';
import { parseFailOn } from '../../config/fail-on';
import { loadBaseline } from '../../evaluate/baseline';
import { parseMaxFailures } from '../../evaluate/entry-gate';
import { replayRun, type ReplayGate } from '../../runner/replay';
import { EVIDENCE_OPTIONS, evidenceOptionsFrom } from '../evidence-options';
import { type CliIo } from '../main';
import { entryGateOptions, outputOptions } from '../options';

/** The gate options of `run`, `sync` and `provision`: given to `report`, the saved run is judged again with them. */
const GATE_OPTIONS = {
  'fail-on': {
    ...outputOptions['fail-on'],
    group: 'Gate:',
    describe: 'Judge the run again: lowest severity that fails it, and/or inconclusive, and rfc:<severity> for RFC conformance, e.g. recommended,inconclusive (default: as the run was judged)',
  },
  baseline: { ...outputOptions.baseline, group: 'Gate:', describe: 'Judge the run again against this known-failures file (default: the baseline the run was judged with)' },
  'max-failures': { ...entryGateOptions['max-failures'], group: 'Gate:', describe: 'Judge a sync or provision run again: failed entries tolerated, a count (10) or a share (2%) (default: as the run was judged)' },
} as const;

export function registerReport(cli: Argv, io: CliIo, setExit: (code: number) => void): void {
  cli.command(
    'report <run>',
    'Regenerate every report from a saved run (an output folder or its run.ndjson), judged again',
    (y) =>
      y
        .positional('run', { type: 'string', demandOption: true, describe: 'An output folder or its run.ndjson' })
        .option('out', { type: 'string', describe: 'Where to write the reports (default: the run\'s folder)' })
        .option('reporter', { type: 'string', default: 'console,json,junit,markdown,csv,html', describe: 'Comma list of reporters, or a path to a custom one' })
        .options(GATE_OPTIONS)
        .options(EVIDENCE_OPTIONS)
        .example('$0 report ./scim-harness-report', 'Rebuild report.html, junit.xml, summary.md … from run.ndjson')
        .example('$0 report ./scim-harness-report --fail-on recommended --baseline known-failures.json', 'Judge the saved run as a live run with these options would have been')
        .example('$0 report ./scim-harness-report --sign-key ./run-signing.key', 'Refuse a run.ndjson whose signature does not verify (exit 5)'),
    async (argv) => {
      // Every gate option is checked before the run is read or anything is written (exit 2).
      const gate = gateFrom(argv as Record<string, unknown>);
      const runArg = String(argv.run);
      const outDir = path.resolve((argv.out as string | undefined) ?? (runArg.endsWith('.ndjson') ? path.dirname(runArg) : runArg));
      const evidence = evidenceOptionsFrom(argv as Record<string, unknown>);
      const result = await replayRun(runArg, io, { outDir, reporters: String(argv.reporter), evidence, gate });
      setExit(result.exitCode);
    },
  );
}

function gateFrom(argv: Record<string, unknown>): ReplayGate {
  // Each gate --fail-on names replaces the one the run was judged with: the Entra readiness gate
  // (severity and inconclusive, together) and the RFC gate (`rfc:<severity>`) separately.
  const gates = argv['fail-on'] !== undefined ? parseFailOn('--fail-on', String(argv['fail-on'])) : {};
  const baseline = argv.baseline;
  const maxFailures = argv['max-failures'];
  return {
    ...gates,
    ...(maxFailures !== undefined ? { maxFailures: parseMaxFailures(String(maxFailures)) } : {}),
    ...(baseline !== undefined ? { baseline: loadBaseline(path.resolve(String(baseline))) } : {}),
  };
}
