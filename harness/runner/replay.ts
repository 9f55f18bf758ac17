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
import { buildVerdict, completeVerdict, exitCodeFor } from '../evaluate/build-verdict';
import { buildJobStatus } from '../evaluate/job-status';
import { projectQuarantine } from '../evaluate/projection';
import { assessQuarantine, HEALTHY_QUARANTINE_STATE } from '../evaluate/quarantine';
import { type ScenarioResult, type Verdict } from '../contract/verdict';
import { ConfigurationError } from '../errors';
import { EXIT } from '../contract/exit-codes';
import { anchorsFromOptions, evidenceRefused, type EvidenceOptions, judgeEvidence, readRecordedAnchors, watchedHeads } from '../log/evidence';
import { readRunRecordsVerified, resolveRunFile } from '../log/run-reader';
import { type RunEndEvent, type RunStartEvent } from '../contract/run-events';
import { type RunSink } from '../log/run-sink';
import { terminalText } from '../text/terminal-text';
import { checkOutputFolder, checkRunFolderForReports, stageOutputFolder, type StagedOutput } from './output-folder';
import { RunRecorder } from './run-recorder';
import { type SessionIo } from './run-session';

export interface ReplayOptions {
  readonly outDir: string;
  readonly reporters: string;
  /** --expect-head, --expect-lines, --sign-key: checked besides the head the run's own reports recorded. */
  readonly evidence?: EvidenceOptions;
}

export async function replayRun(runPathOrDir: string, io: SessionIo, options: ReplayOptions): Promise<{ exitCode: number; verdict: Verdict; summary: RunSummary }> {
  const runFile = resolveRunFile(runPathOrDir);
  // Read before any reporter writes: regenerated reports beside run.ndjson replace the recorded ones.
  const recorded = readRecordedAnchors(runFile);
  const anchors = [...anchorsFromOptions(options.evidence ?? {}), ...recorded.anchors];
  // Reports go back into the run's own folder (each replaced whole, run.ndjson kept), or into a
  // new folder swapped in whole: both checked, with the reporters, before anything is written.
  const outDir = path.resolve(options.outDir);
  const inRunFolder = path.resolve(path.dirname(runFile)) === outDir;
  if (inRunFolder) checkRunFolderForReports(outDir);
  else checkOutputFolder(outDir);
  const reporter = createMultiplexer(
    await createReporters(options.reporters, { outDir, stdout: io.stdout, stderr: io.stderr, isTTY: false, isCI: true, color: false, env: io.env }),
    { stderr: io.stderr },
  );
  const output = inRunFolder ? undefined : stageOutputFolder(outDir, 'report');
  try {
    return await replayInto({ runFile, outDir, output, reporter, io, anchors, recorded, evidenceOptions: options.evidence });
  } finally {
    output?.discard();
  }
}

interface ReplayTarget {
  readonly runFile: string;
  readonly outDir: string;
  readonly output: StagedOutput | undefined;
  readonly reporter: Reporter;
  readonly io: SessionIo;
  readonly anchors: ReturnType<typeof anchorsFromOptions>;
  readonly recorded: ReturnType<typeof readRecordedAnchors>;
  readonly evidenceOptions: EvidenceOptions | undefined;
}

async function replayInto(target: ReplayTarget): Promise<{ exitCode: number; verdict: Verdict; summary: RunSummary }> {
  const { runFile, outDir, output, reporter, io, anchors, recorded } = target;
  // One read of the file replays the run and verifies its chain (a 100,000-entry run is a gigabyte).
  const { records, chain: verifiedChain, sightings } = readRunRecordsVerified(runFile, { watchHeads: watchedHeads(anchors) });
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
  const evidence = judgeEvidence(chain, sightings(), anchors, { signKey: target.evidenceOptions?.signKey, notes: recorded.notes });
  if (!plan) throw new ConfigurationError(`${runFile} must start with a run-start record, got none (is it a scim-harness run.ndjson?)`);
  // A verdict recorded by an older version lacks the evaluator's counts: they are completed here, once.
  const verdict = end ? completeVerdict(end.verdict, recordedFailOn(plan)) : rejudge(recorder, scenarios);
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
    chainLines: chain.lines,
    seal: end?.seal,
    evidence,
    interrupted: !end || verdict.outcome === 'interrupted',
    alerts: (end?.alerts as RunSummary['alerts'] | undefined) ?? evaluateAlerts(recorder.tally.snapshot(), []),
  };
  output?.commit();
  const refused = evidenceRefused(evidence);
  if (refused) io.stderr.write(`scim-harness: ${terminalText(`${runFile} does not verify (${evidence.state}): ${evidence.headline}`, { layout: 'line' })}\n`);
  await recorder.runEnd(summary);
  // Results regenerated from evidence that does not verify never pass, whatever they say.
  return { exitCode: refused ? EXIT.evidence : exitCodeFor(verdict), verdict, summary };
}

/** A run without its run-end record was cut short: judge what it recorded, as interrupted. */
function rejudge(recorder: RunRecorder, scenarios: readonly ScenarioResult[]): Verdict {
  const tally = recorder.tally.snapshot();
  const projection = tally.overall.entries > 0 ? projectQuarantine(tally) : null;
  return buildVerdict({ scenarios, findings: recorder.findings, quarantine: assessQuarantine(HEALTHY_QUARANTINE_STATE, projection), interrupted: true });
}

function recordedFailOn(plan: RunStartEvent): 'required' | 'recommended' | 'advisory' {
  const value = plan.settings?.failOn;
  return value === 'recommended' || value === 'advisory' ? value : 'required';
}
