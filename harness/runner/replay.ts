/**
 * `report`: regenerates every report from a saved run.ndjson, without the target. Events are
 * fed to the same recorder and reporters as in the live run (with nothing written back); a run
 * that never reached its end (a crash, a kill) is judged again from what it recorded and
 * marked interrupted.
 */
import path from 'node:path';
import { createMultiplexer } from '../../reporters/multiplexer';
import { createReporters } from '../../reporters/registry';
import { type Reporter, type RunSummary } from '../../reporters/reporter';
import { evaluateAlerts } from '../evaluate/alerts';
import { buildVerdict, exitCodeFor } from '../evaluate/build-verdict';
import { buildJobStatus } from '../evaluate/job-status';
import { projectQuarantine } from '../evaluate/projection';
import { assessQuarantine, HEALTHY_QUARANTINE_STATE } from '../evaluate/quarantine';
import { type ScenarioResult, type Verdict } from '../evaluate/verdict';
import { ConfigurationError } from '../errors';
import { readRunRecordsVerified, resolveRunFile } from '../log/run-reader';
import { type RunEndEvent, type RunStartEvent } from '../log/run-events';
import { type RunSink } from '../log/run-sink';
import { checkOutputFolder, checkRunFolderForReports, stageOutputFolder, type StagedOutput } from './output-folder';
import { RunRecorder } from './run-recorder';
import { type SessionIo } from './run-session';

export interface ReplayOptions {
  readonly outDir: string;
  readonly reporters: string;
}

export async function replayRun(runPathOrDir: string, io: SessionIo, options: ReplayOptions): Promise<{ exitCode: number; verdict: Verdict; summary: RunSummary }> {
  const runFile = resolveRunFile(runPathOrDir);
  // Reports go back into the run's own folder (each replaced whole, run.ndjson kept), or into a
  // new folder swapped in whole: both checked, with the reporters, before anything is written.
  const outDir = path.resolve(options.outDir);
  const inRunFolder = path.resolve(path.dirname(runFile)) === outDir;
  if (inRunFolder) checkRunFolderForReports(outDir);
  else checkOutputFolder(outDir);
  const reporter = createMultiplexer(
    createReporters(options.reporters, { outDir, stdout: io.stdout, stderr: io.stderr, isTTY: false, isCI: true, color: false, env: io.env }),
    { stderr: io.stderr },
  );
  const output = inRunFolder ? undefined : stageOutputFolder(outDir, 'report');
  try {
    return await replayInto(runFile, outDir, output, reporter, io);
  } finally {
    output?.discard();
  }
}

async function replayInto(runFile: string, outDir: string, output: StagedOutput | undefined, reporter: Reporter, io: SessionIo): Promise<{ exitCode: number; verdict: Verdict; summary: RunSummary }> {
  // One read of the file replays the run and verifies its chain (a 100,000-entry run is a gigabyte).
  const { records, chain: verifiedChain } = readRunRecordsVerified(runFile);
  const nullSink: RunSink = { filePath: runFile, count: 0, discards: true, append: () => undefined, lastHash: () => verifiedChain().finalHash, close: () => undefined };
  const recorder = new RunRecorder(nullSink, reporter);
  let plan: RunStartEvent | undefined;
  let end: RunEndEvent | undefined;
  const scenarios: ScenarioResult[] = [];
  let lastActivity: string | undefined;
  for await (const { event } of records) {
    switch (event.type) {
      case 'run-start':
        plan = event;
        recorder.start(event);
        break;
      case 'entry':
        recorder.entry(event.entry);
        lastActivity = event.entry.activityDateTime;
        break;
      case 'exchange':
        recorder.exchange(event.purpose, event.exchange, event.scenarioId);
        break;
      case 'cycle-start':
        recorder.cycleStart(event);
        break;
      case 'cycle-end':
        recorder.cycleEnd(event);
        break;
      case 'finding':
        recorder.finding(event.finding);
        break;
      case 'scenario-end':
        scenarios.push(event.result);
        recorder.scenarioEnd(event.result);
        break;
      case 'notice':
        break;
      case 'run-end':
        end = event;
        break;
    }
  }
  const chain = verifiedChain();
  if (!plan) throw new ConfigurationError(`${runFile} must start with a run-start record, got none (is it a scim-harness run.ndjson?)`);
  const verdict = end?.verdict ?? rejudge(recorder, scenarios);
  const jobStatus = end?.jobStatus ?? buildJobStatus({ jobId: plan.jobId, quarantine: HEALTHY_QUARANTINE_STATE });
  const summary: RunSummary = {
    plan,
    verdict,
    jobStatus,
    status: recorder.status(verdict.quarantine.wouldQuarantine, verdict.quarantine.reason),
    stats: recorder.stats(Math.max(0, Date.parse(end?.endedAt ?? lastActivity ?? plan.startedAt) - Date.parse(plan.startedAt))),
    endedAt: end?.endedAt ?? lastActivity ?? plan.startedAt,
    outDir,
    runFile,
    finalHash: chain.finalHash,
    interrupted: !end || verdict.outcome === 'interrupted',
    alerts: (end?.alerts as RunSummary['alerts'] | undefined) ?? evaluateAlerts(recorder.tally.snapshot(), []),
  };
  output?.commit();
  if (!chain.ok) io.stderr.write(`scim-harness: ${runFile} fails its hash chain: ${chain.problems.map((p) => `line ${p.line}: ${p.message}`).join('; ')}\n`);
  await recorder.runEnd(summary);
  return { exitCode: exitCodeFor(verdict), verdict, summary };
}

/** A run without its run-end record was cut short: judge what it recorded, as interrupted. */
function rejudge(recorder: RunRecorder, scenarios: readonly ScenarioResult[]): Verdict {
  const tally = recorder.tally.snapshot();
  const projection = tally.overall.entries > 0 ? projectQuarantine(tally) : null;
  return buildVerdict({ scenarios, findings: recorder.findings, quarantine: assessQuarantine(HEALTHY_QUARANTINE_STATE, projection), interrupted: true });
}
