/**
 * `report`: regenerates every report from a saved run.ndjson, without the target. Events are
 * fed to the same recorder and reporters as in the live run (with nothing written back), and the
 * run is judged again by the same judge, with the gate options it was judged with unless
 * --fail-on, --max-failures or --baseline say otherwise; a run that never reached its end (a
 * crash, a kill) is judged as interrupted.
 */
import path from 'node:path';
import { createMultiplexer } from '../../reporters/multiplexer';
import { createReporters } from '../../reporters/registry';
import { type Reporter, type RunSummary } from '../../reporters/reporter';
import { EXIT } from '../contract/exit-codes';
import { evaluateAlerts } from '../evaluate/alerts';
import { type KnownFailures } from '../evaluate/baseline';
import { type Severity } from '../contract/finding';
import { type MaxFailures } from '../evaluate/entry-gate';
import { type GateOptions, judgeRun, recordedGateOptions } from '../evaluate/judge';
import { buildJobStatus } from '../engine/quarantine/job-status';
import { type Verdict } from '../contract/verdict';
import { ConfigurationError } from '../errors';
import { anchorsFromOptions, evidenceRefused, type EvidenceOptions, judgeEvidence, readRecordedAnchors, watchedHeads } from '../log/evidence';
import { readRunRecordsVerified, resolveRunFile } from '../log/run-reader';
import { type RunEndEvent, type RunStartEvent } from '../contract/run-events';
import { type RunSink } from '../log/run-sink';
import { terminalText } from '../text/terminal-text';
import { checkOutputFolder, checkRunFolderForReports, stageOutputFolder, type StagedOutput } from './output-folder';
import { RunRecorder } from './run-recorder';
import { builtInScenarioIds, type SessionIo } from './run-session';

export interface ReplayOptions {
  readonly outDir: string;
  readonly reporters: string;
  /** --expect-head, --expect-lines, --sign-key: checked besides the head the run's own reports recorded. */
  readonly evidence?: EvidenceOptions;
  /** --fail-on, --max-failures, --baseline: each replaces what the run was judged with. */
  readonly gate?: ReplayGate;
}

export interface ReplayGate {
  readonly failOn?: Severity;
  /** Given with `failOn` (both are --fail-on's Entra readiness gate): whether inconclusive scenarios fail the run. */
  readonly failOnInconclusive?: boolean;
  /** `--fail-on rfc:<severity>`: judge the RFC conformance score as a gate too. */
  readonly rfcFailOn?: Severity;
  readonly maxFailures?: MaxFailures;
  readonly baseline?: KnownFailures;
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
    return await replayInto({ runFile, outDir, output, reporter, io, anchors, recorded, evidenceOptions: options.evidence, gate: options.gate ?? {} });
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
  readonly gate: ReplayGate;
}

async function replayInto(target: ReplayTarget): Promise<{ exitCode: number; verdict: Verdict; summary: RunSummary }> {
  const { runFile, outDir, output, reporter, io, anchors, recorded } = target;
  // One read of the file replays the run and verifies its chain (a 100,000-entry run is a gigabyte).
  const { records, chain: verifiedChain, sightings } = readRunRecordsVerified(runFile, { watchHeads: watchedHeads(anchors) });
  const nullSink: RunSink = { filePath: runFile, count: 0, discards: true, append: () => undefined, lastHash: () => verifiedChain().finalHash, close: () => undefined };
  const recorder = new RunRecorder(nullSink, reporter);
  let plan: RunStartEvent | undefined;
  let end: RunEndEvent | undefined;
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
      case 'diagnosis':
        recorder.diagnosis(event.diagnosis);
        break;
      case 'scenario-end':
        recorder.scenarioEnd(event.result);
        break;
      case 'rfc-result':
        recorder.rfcResult(event.result);
        break;
      case 'run-stop':
        recorder.runStop(event);
        break;
      case 'notice':
        break;
      case 'run-end':
        end = event;
        recorder.facts.add(event);
        break;
    }
  }
  const chain = verifiedChain();
  const evidence = judgeEvidence(chain, sightings(), anchors, { signKey: target.evidenceOptions?.signKey, notes: recorded.notes });
  if (!plan) throw new ConfigurationError(`${runFile} must start with a run-start record, got none (is it a scim-harness run.ndjson?)`);
  // A run without its run-end record was cut short (a crash, a kill): judged as interrupted.
  if (!end && !recorder.facts.stops.some((stop) => stop.kind === 'interrupted')) {
    recorder.facts.add({ type: 'run-stop', kind: 'interrupted', cause: 'the run ended without its run-end record', evidence: [] });
  }
  // Each gate option given replaces the one the run was judged with.
  const recordedGate = recordedGateOptions(plan, end);
  const baseline = target.gate.baseline ?? recordedGate.baseline;
  // --fail-on is one option: given, it replaces both the severity and whether inconclusive fails.
  const failOnGiven = target.gate.failOn !== undefined || target.gate.failOnInconclusive !== undefined;
  const failOnInconclusive = failOnGiven ? target.gate.failOnInconclusive === true : recordedGate.failOnInconclusive === true;
  const gate: GateOptions = {
    failOn: target.gate.failOn ?? recordedGate.failOn,
    ...(failOnInconclusive ? { failOnInconclusive: true } : {}),
    maxFailures: target.gate.maxFailures ?? recordedGate.maxFailures,
    ...(baseline ? { baseline } : {}),
    ...((target.gate.rfcFailOn ?? recordedGate.rfcFailOn) !== undefined ? { rfcFailOn: target.gate.rfcFailOn ?? recordedGate.rfcFailOn } : {}),
  };
  const judgement = judgeRun(recorder.facts, gate.baseline ? { ...gate, suites: await builtInScenarioIds() } : gate);
  const verdict = judgement.verdict;
  const jobStatus = end?.jobStatus ?? buildJobStatus({ jobId: plan.jobId, quarantine: judgement.quarantineState });
  const summary: RunSummary = {
    // Reporters read the gate's severity from the settings: they show the one the run was judged with now.
    plan:
      gate.failOn === plan.settings?.failOn && (gate.failOnInconclusive === true) === (plan.settings?.failOnInconclusive === true)
        ? plan
        : { ...plan, settings: { ...plan.settings, failOn: gate.failOn, failOnInconclusive: gate.failOnInconclusive === true } },
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
    alerts: (end?.alerts as RunSummary['alerts'] | undefined) ?? evaluateAlerts(recorder.tally.snapshot(), judgement.quarantineHistory),
  };
  output?.commit();
  const refused = evidenceRefused(evidence);
  if (refused) io.stderr.write(`scim-harness: ${terminalText(`${runFile} does not verify (${evidence.state}): ${evidence.headline}`, { layout: 'line' })}\n`);
  await recorder.runEnd(summary);
  // Results regenerated from evidence that does not verify never pass, whatever they say.
  return { exitCode: refused ? EXIT.evidence : judgement.exitCode, verdict, summary };
}
