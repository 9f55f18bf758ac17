/**
 * One invocation from settings to exit code: the composition root of the library (with the
 * CLI). It starts the embedded target when no --target is given, wires the engine to the
 * recorder and the reporters, cleans up what the run created, judges the run once, writes the
 * outputs, and returns the exit code decided from the Verdict.
 */
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { detectColor } from '../../reporters/format/colors';
import { createMultiplexer } from '../../reporters/multiplexer';
import { createReporters } from '../../reporters/registry';
import { type Reporter, type RunSummary } from '../../reporters/reporter';
import { describeSettings } from '../config/load-config';
import { TEST_CONNECTION_CHECK, TOKEN_LIFETIME_CHECK } from '../checks/check-catalog';
import { type Finding } from '../contract/finding';
import { type RunConfig } from '../config/run-config';
import { type JobIdentity } from '../engine/entry-builder';
import { jobIdFor, newGuid } from '../engine/ids';
import { ProvisioningJob } from '../engine/provisioning-job';
import { clientProfile } from '../profiles/registry';
import { type AlertThresholds, DEFAULT_ALERT_THRESHOLDS, evaluateAlerts, parseAlertSpec } from '../evaluate/alerts';
import { baselineExists, type KnownFailures, loadBaseline, writeBaseline } from '../evaluate/baseline';
import { type GateOptions, judgeRun, rebaselineRun } from '../evaluate/judge';
import { buildJobStatus, type SynchronizationJob } from '../engine/quarantine/job-status';
import { quarantineBeforeFirstCycle, type QuarantineState } from '../engine/quarantine/quarantine-state';
import { createQuarantinePolicy, type QuarantinePolicy } from '../engine/quarantine/quarantine-rules';
import { type RunStop, type ScenarioResult, type Verdict } from '../contract/verdict';
import { GraphLogWriter } from '../log/graph-log-writer';
import { type RunStartEvent } from '../contract/run-events';
import { RUN_FILE_NAME } from '../log/run-reader';
import { createRunSink, type RunSink } from '../log/run-sink';
import { replaceFileSync } from '../log/text-writer';
import { type Exchange } from '../contract/exchange';
import { createRecordingClient, type RecordingClient } from '../target/recording-client';
import { ProbingDiagnoser } from '../diagnose/request-diagnoser';
import { defaultInspectors } from '../diagnose/inspectors';
import { ReadBackDiagnosis } from '../diagnose/read-back/read-back-diagnosis';
import { type ScenarioDiagnosis } from '../scenario/scenario-session';
import { checkTokenLifetime, type TokenIssued } from '../target/oauth';
import { type ExchangeSender, type RecordingTargetClient } from '../contract/target-client';
import { terminalText } from '../text/terminal-text';
import { ConfigurationError } from '../errors';
import { type JobInputs } from '../scenario/scenario-session';
import { harnessVersion } from '../version';
import { cleanupCreatedObjects } from './cleanup';
import { type EmbeddedTarget, type StartEmbeddedTarget } from './embedded-target';
import { ConformanceMonitor } from './conformance-monitor';
import { attachDebugOutput } from './debug-output';
import { checkOutputFolder, stageOutputFolder, type StagedOutput } from './output-folder';
import { type PreflightFailure } from './preflight';
import { RunRecorder } from './run-recorder';
import { StallWatch } from './stall-watch';

export interface SessionIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
  /** Install SIGINT/SIGTERM handlers for the run (the CLI does; a library caller may not want them). */
  readonly handleSignals?: boolean;
  /** Reporter objects a library caller hands over, called after the reporters named in the config. */
  readonly reporters?: readonly Reporter[];
  /** Starts the embedded default target when no --target is given; the CLI and the library entry pass the bundled server. */
  readonly startEmbeddedTarget?: StartEmbeddedTarget;
}

export interface Session {
  readonly config: RunConfig;
  readonly client: RecordingTargetClient;
  readonly recorder: RunRecorder;
  readonly identity: JobIdentity;
  readonly plan: RunStartEvent;
  readonly policy: QuarantinePolicy;
  readonly runFile: string;
  readonly targetUrl: string;
  /** The bundled server when it is the embedded default target. */
  readonly embedded?: EmbeddedTarget;
  readonly io: SessionIo;
  readonly abort: AbortController;
  readonly releaseSignals: () => void;
  readonly monitor: ConformanceMonitor;
  readonly alertThresholds: AlertThresholds;
  /** provisioning-logs.json, written entry by entry as the run records them. */
  readonly graphLog: GraphLogWriter;
  /** Stops the run (through `abort`) when requests time out one after another. */
  readonly stallWatch: StallWatch;
  /** The new output folder, swapped in for --out once the run's records are complete. */
  readonly output: StagedOutput;
  /** Diagnosis of failures (docs/diagnosis.md); absent under --no-probe and --read-only. */
  readonly diagnosis?: ScenarioDiagnosis;
  /** Why a scenario's read-back differs from what was written (docs/diagnosis.md#read-back). */
  readonly readBack: ReadBackDiagnosis;
  readonly baseline?: KnownFailures;
}

export interface SessionResult {
  readonly verdict: Verdict;
  readonly exitCode: number;
  readonly summary: RunSummary;
  readonly jobStatus: SynchronizationJob;
}

/**
 * Everything the user gave is checked before anything is opened or sent (the exit-2 promise:
 * "nothing was sent"): alert thresholds, the baseline, the output folder and the reporters
 * (resolved and loaded). Only then is the new output folder created, the embedded target
 * started and the client built; if any of those fails, what was opened is closed again.
 */
export async function openSession(
  config: RunConfig,
  io: SessionIo,
  command: string,
  scenarios: readonly { id: string; title: string }[] = [],
  /** Every scenario id of the suites the run loaded, selected or not (a baseline may name them). */
  suiteScenarioIds?: readonly string[],
): Promise<Session> {
  // The dialect (from a flag, the environment or a config file) names a registered client profile.
  clientProfile(config.dialect);
  const alertThresholds = config.alerts ? parseAlertSpec(config.alerts) : DEFAULT_ALERT_THRESHOLDS;
  // --update-baseline may create the file; otherwise a missing baseline is an input error, found now.
  const baseline = config.baselineFile && !(config.updateBaseline && !baselineExists(config.baselineFile)) ? loadBaseline(config.baselineFile) : undefined;
  checkOutputFolder(config.outDir);
  // Reporters write into --out, where the new run is swapped in before they write.
  const reporter: Reporter = createMultiplexer(
    (await createReporters(config.reporters, {
      outDir: config.outDir,
      stdout: io.stdout,
      stderr: io.stderr,
      isTTY: Boolean(io.stdout.isTTY),
      isCI: Boolean(io.env.CI),
      // NO_COLOR, then FORCE_COLOR, then the terminal (reporters/format/colors.ts).
      color: detectColor(Boolean(io.stdout.isTTY), io.env),
      env: io.env,
    })).concat(io.reporters ?? []),
    { stderr: io.stderr },
  );
  const output = stageOutputFolder(config.outDir, command);
  let embedded: EmbeddedTarget | undefined;
  let client: RecordingClient | undefined;
  let sink: RunSink | undefined;
  try {
    let auth = config.target.auth;
    let targetUrl = config.target.url;
    if (!targetUrl) {
      // The embedded default target: the bundled server on a free loopback port, with a fresh token.
      const token = auth.kind === 'bearer' ? auth.token : randomBytes(24).toString('hex');
      if (!io.startEmbeddedTarget) {
        throw new ConfigurationError('no --target was given and no embedded target is available here: give --target <url> (e.g. --target https://example.com/scim/v2)');
      }
      embedded = await io.startEmbeddedTarget({ token });
      auth = { kind: 'bearer', token };
      targetUrl = embedded.baseUrl;
    }
    // A run starts its own chain in its own new folder: an earlier run is never extended.
    sink = createRunSink(path.join(output.workDir, RUN_FILE_NAME));
    const recorder = new RunRecorder(sink, reporter);
    // Every exchange the client performs is recorded by the client itself, into the recorder.
    client = createRecordingClient(
      {
        baseUrl: targetUrl,
        auth,
        headers: config.target.headers,
        timeoutMs: config.target.timeoutMs,
        maxResponseBytes: config.target.maxResponseBytes,
        ca: config.target.ca,
        insecure: config.target.insecure,
        ratePerSecond: config.target.ratePerSecond,
        onTokenIssued: tokenLifetimeWatcher(recorder),
      },
      { observer: recorder, onRecordingError: recordingErrorReporter(io) },
    );
    // Variants are writes: never under --read-only; --no-probe sends only what the client profile sends.
    const probing = config.probe && !config.readOnly;
    const reader = client;
    // Read-back variants are probes too: they share the diagnoser's budget; its inspector marks
    // later writes of a shape a read-back explained (docs/diagnosis.md#read-back).
    const readBack = new ReadBackDiagnosis({
      sink: recorder,
      ...(probing
        ? { senders: (scenarioId?: string) => ({ read: reader.forPurpose('diagnosis-read', scenarioId), probe: (name: string): ExchangeSender | undefined => diagnoser?.probe(name) }) }
        : {}),
    });
    const diagnoser: ProbingDiagnoser | undefined = probing
      ? new ProbingDiagnoser({ client, sink: recorder, inspectors: [...defaultInspectors({ prefix: config.prefix }), readBack.inspector] })
      : undefined;
    client.useDiagnoser(diagnoser);
    const tenantId = config.tenantId ?? newGuid();
    const identity: JobIdentity = {
      jobId: jobIdFor(tenantId),
      tenantId,
      servicePrincipalId: newGuid(),
      applicationId: newGuid(),
      applicationName: config.applicationName,
    };
    // The rules are plain data, recorded with the run: the judge reads them back, live or in `report`.
    const policy = createQuarantinePolicy({ deletionThreshold: config.deletionThreshold });
    const plan: RunStartEvent = {
      type: 'run-start',
      runId: newGuid(),
      startedAt: new Date().toISOString(),
      harnessVersion: harnessVersion(),
      command,
      targetUrl,
      dialect: config.dialect,
      jobId: identity.jobId,
      tenantId,
      servicePrincipalId: identity.servicePrincipalId,
      applicationName: identity.applicationName,
      settings: describeSettings(config),
      scenarios,
      insecure: config.target.insecure,
      quarantinePolicy: policy,
      ...(suiteScenarioIds ? { suiteScenarioIds } : {}),
      // Which scores the run has: `report` judges the RFC one only when the suite ran.
      ...(command === 'run' ? { suites: config.suites } : {}),
    };
    if (config.debug) attachDebugOutput(recorder, io.stderr);
    const monitor = new ConformanceMonitor();
    recorder.onExchange((exchange, context) => monitor.observe(exchange, context));
    const graphLog = new GraphLogWriter(path.join(output.workDir, 'provisioning-logs.json'));
    recorder.onEntry((entry, graphSummaryJson) => graphLog.add(entry, graphSummaryJson));
    recorder.start(plan);
    if (config.target.insecure) recorder.notice('warning', 'TLS certificate verification is off (--insecure): this run proves nothing about the endpoint\'s certificate.');
    const abort = new AbortController();
    const runFile = path.join(config.outDir, RUN_FILE_NAME);
    // A stall stops the run the way an interrupt does: no new work, requests in flight finish within --timeout.
    const stallWatch = new StallWatch(config.target.maxConsecutiveTimeouts, config.target.timeoutMs, (stop) => {
      recorder.notice('error', `${stop.cause}: no new requests are sent; requests in flight finish, then cleanup (if the target answers) and reports run.`);
      io.stderr.write(`scim-harness: ${stop.cause} — stopping the run\n`);
      abort.abort();
    });
    recorder.onExchange((exchange) => stallWatch.observe(exchange));
    return {
      config,
      client,
      recorder,
      identity,
      plan,
      policy,
      runFile,
      targetUrl,
      embedded,
      io,
      abort,
      monitor,
      alertThresholds,
      graphLog,
      stallWatch,
      output,
      baseline,
      ...(diagnoser
        ? {
            diagnosis: {
              sink: recorder,
              workarounds: () => diagnoser.known,
              investigate: (key: string, run: Parameters<typeof diagnoser.investigate>[1]) => diagnoser.investigate(key, run, abort.signal),
              explain: (exchange: Exchange) => diagnoser.explain(exchange, abort.signal),
            },
          }
        : {}),
      readBack,
      releaseSignals: io.handleSignals ? handleSignals(abort, recorder, io, output) : () => undefined,
    };
  } catch (error) {
    sink?.close();
    await client?.close();
    await embedded?.close();
    output.discard();
    throw error;
  }
}

/**
 * A cycle whose start-of-cycle Test Connection failed provisioned nothing (docs/entra-behaviour.md#test-connection: the
 * probe runs "at the start of any activity"): without a quarantine trigger that would otherwise
 * leave no trace in the verdict.
 */
function abortedCycleFindings(jobs: readonly ProvisioningJob[]): Finding[] {
  return jobs.flatMap((job) => {
    const aborted = job.reports.filter((report) => report.aborted);
    if (aborted.length === 0) return [];
    const first = aborted[0].probe;
    return [
      {
        check: TEST_CONNECTION_CHECK.id,
        severity: TEST_CONNECTION_CHECK.severity,
        title: 'Test Connection failed at the start of a cycle: nothing was provisioned',
        expected: 'HTTP 200 with an empty ListResponse for a filter on a random GUID (docs/entra-behaviour.md#test-connection, RFC 7644 §3.4.2)',
        actual: `${aborted.length} of ${job.reports.length} cycle(s) aborted: ${first.message ?? first.failure?.errorCode ?? 'the probe failed'}`,
        evidence: aborted.flatMap((report) => report.probe.exchanges.map((exchange) => exchange.id)),
        spec: 'Entra: Test Connection (docs/entra-behaviour.md#test-connection); RFC 7644 §3.4.2',
        fix: first.failure?.recommendedAction ?? 'Answer a filter for a user that does not exist with HTTP 200 and an empty ListResponse.',
      },
    ];
  });
}

/**
 * After a stall, cleanup is attempted only if the target answers again: one list request
 * (bounded by --timeout) decides, so a dead target costs one more timeout, not one per object.
 */
async function targetAnswers(session: Session, stop: RunStop | undefined): Promise<boolean> {
  if (stop?.kind !== 'stalled') return true;
  const probe = await session.client.forPurpose('cleanup').send({ method: 'GET', path: '/Users', query: { count: '1' } });
  if (probe.response !== undefined) return true;
  const message = `Cleanup skipped: the target still does not answer (${probe.error?.message ?? 'no response'}); objects the run created may remain (their ids are in run.ndjson).`;
  session.recorder.notice('warning', message);
  session.io.stderr.write(`scim-harness: ${message}\n`);
  return false;
}

function createdAny(job: ProvisioningJob): boolean {
  for (const _created of job.anchors.createdObjects()) return true;
  return false;
}

/** Test Connection failed before the job started with a cause Entra quarantines for at once (docs/entra-behaviour.md#quarantine-triggers). */
function preflightQuarantine(preflight: PreflightFailure | undefined, policy: QuarantinePolicy): QuarantineState | undefined {
  return preflight?.trigger ? quarantineBeforeFirstCycle(preflight.trigger, new Date().toISOString(), policy) : undefined;
}

/**
 * Entra gallery apps must use OAuth client credentials with a token lifetime of 60–360 minutes:
 * every token request is recorded (by the client), and a lifetime outside that range is a finding, once.
 */
function tokenLifetimeWatcher(recorder: RunRecorder): (issued: TokenIssued) => void {
  let reported = false;
  return (issued) => {
    const problem = checkTokenLifetime(issued.expiresInSeconds);
    if (!problem || reported) return;
    reported = true;
    recorder.finding({ check: TOKEN_LIFETIME_CHECK.id, severity: TOKEN_LIFETIME_CHECK.severity, evidence: [issued.exchange.id], ...problem });
  };
}

/**
 * A record that cannot be written (the observer threw) does not fail the request that was
 * already answered: the caller still learns what it changed in the target, so cleanup can undo
 * it. The failure is said on stderr, once per exchange.
 */
function recordingErrorReporter(io: SessionIo): (error: unknown, exchange: Exchange) => void {
  return (error, exchange) => {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`scim-harness: exchange ${exchange.id} could not be recorded: ${terminalText(message, { layout: 'line' })}\n`);
  };
}

/**
 * First SIGINT/SIGTERM: stop taking new work; requests in flight finish within --timeout, what
 * the run created is cleaned up (unless --keep), reports are written marked interrupted, exit
 * 130. A second signal swaps the partial run in and exits at once: run.ndjson holds whole lines
 * only and its pending batch is written on exit (through its open descriptor, wherever the
 * folder now is), so it stays intact.
 */
function handleSignals(abort: AbortController, recorder: RunRecorder, io: SessionIo, output: StagedOutput): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    if (abort.signal.aborted) {
      // The partial run takes the earlier one's place, so `logs` and `report` find it at --out.
      const where = commitQuietly(output, io) ? output.finalDir : output.workDir;
      io.stderr.write(`scim-harness: ${signal} again — exiting now; ${path.join(where, RUN_FILE_NAME)} is intact up to this moment\n`);
      process.exit(130);
    }
    abort.abort();
    recorder.notice('warning', `Interrupted by ${signal}: no new work is started; requests in flight finish, then cleanup and reports run.`);
    io.stderr.write(`scim-harness: ${signal} — finishing requests in flight, cleaning up and writing reports (press Ctrl+C again to exit at once)\n`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

/** A provisioning job wired to this session: its client, identity, recorder, policy and interrupt. */
export function newProvisioningJob(
  session: Session,
  inputs: JobInputs,
): ProvisioningJob {
  return new ProvisioningJob({
    client: session.client,
    directory: inputs.directory,
    mapping: inputs.mapping,
    profile: clientProfile(inputs.dialect ?? session.config.dialect),
    identity: session.identity,
    events: inputs.events ?? session.recorder,
    concurrency: inputs.concurrency ?? session.config.concurrency,
    allowDeletes: session.config.allowDeletes,
    policy: session.policy,
    signal: session.abort.signal,
  });
}

/**
 * The baseline the verdict is judged against. With --update-baseline the file is first rewritten
 * to the run's current failures (created when missing), what changed is printed, and the new
 * list is the one judged, so the gate passes for the failures it now lists.
 */
function judgeWithBaseline(session: Session, gate: GateOptions): KnownFailures | undefined {
  const { baselineFile, updateBaseline } = session.config;
  if (!baselineFile) return undefined;
  if (!updateBaseline) return session.baseline;
  const current = session.baseline;
  const creating = current === undefined;
  const next = rebaselineRun(session.recorder.facts, { ...gate, baseline: current });
  writeBaseline(baselineFile, next.knownFailures);
  const list = (items: readonly string[]): string => (items.length > 0 ? ` (${items.join(', ')})` : '');
  const message = `${creating ? 'created' : 'updated'} baseline ${baselineFile}: ${next.added.length} added${list(next.added)}, ${next.removed.length} removed as fixed${list(next.removed)}; ${next.knownFailures.length} listed`;
  session.recorder.notice('info', message);
  session.io.stderr.write(`scim-harness: ${message}\n`);
  return { knownFailures: next.knownFailures };
}

/** Built-in scenario ids, loaded only when a baseline needs them (sync and provision run no scenarios). */
export async function builtInScenarioIds(): Promise<string[]> {
  const { loadBuiltInScenarios } = await import('../scenario/load-scenarios');
  return loadBuiltInScenarios().map((scenario) => scenario.id);
}

/**
 * Cleans up, judges, writes the outputs and closes everything. The verdict is computed here
 * once; reporters only show it; the exit code comes from it.
 */
export async function closeSession(
  session: Session,
  input: {
    jobs: readonly ProvisioningJob[];
    scenarios?: readonly ScenarioResult[];
    interrupted?: boolean;
    preflight?: PreflightFailure;
  },
): Promise<SessionResult> {
  const { config, recorder } = session;
  // A stall aborts the run through the same signal as an interrupt; it is the cause, not the user.
  const stop = input.preflight?.stop ?? session.stallWatch.stop;
  const interrupted = (input.interrupted ?? false) && stop === undefined;
  try {
    // Why the run stopped early is a fact of the run: recorded, so `report` judges it as the run did.
    const atPreflight = preflightQuarantine(input.preflight, session.policy);
    if (stop !== undefined) recorder.runStop({ type: 'run-stop', ...stop, ...(atPreflight ? { quarantine: atPreflight } : {}) });
    else if (interrupted) recorder.runStop({ type: 'run-stop', kind: 'interrupted', cause: 'interrupted by SIGINT or SIGTERM', evidence: [] });
    if (!config.keep && !config.readOnly && input.jobs.some(createdAny) && (await targetAnswers(session, stop))) {
      for (const job of input.jobs) await cleanupCreatedObjects(session, job);
    }
    for (const finding of session.monitor.takeRunFindings()) recorder.finding(finding);
    for (const finding of abortedCycleFindings(input.jobs)) recorder.finding(finding);
    const gate: GateOptions = {
      failOn: config.failOn,
      ...(config.failOnInconclusive ? { failOnInconclusive: true } : {}),
      ...(config.rfcFailOn !== undefined ? { rfcFailOn: config.rfcFailOn } : {}),
      maxFailures: config.maxFailures,
      ...(config.baselineFile ? { suites: await builtInScenarioIds() } : {}),
    };
    // The one judge, on what the run recorded: `report` calls it the same way on the saved run.
    const judgement = judgeRun(recorder.facts, { ...gate, baseline: judgeWithBaseline(session, gate) });
    const { verdict, quarantineState, quarantineHistory: history } = judgement;
    const quarantine = verdict.quarantine;
    const tally = recorder.tally.snapshot();
    // The job that says most about the endpoint: a quarantined one if any, else the first.
    const primary = input.jobs.find((job) => job.quarantine.status !== 'healthy') ?? input.jobs[0];
    const last = primary?.reports.at(-1);
    const jobStatus = buildJobStatus({
      jobId: session.identity.jobId,
      quarantine: quarantineState,
      policy: session.policy,
      lastExecution: last
        ? {
            activityIdentifier: last.cycleId,
            timeBegan: last.startedAt,
            timeEnded: last.endedAt,
            countExported: last.counters.exported,
            countExports: last.counters.exports,
            countImported: last.counters.usersProcessed + last.counters.groupsProcessed,
            countEscrowed: primary?.escrows.size ?? 0,
            failures: last.counters.failures + last.counters.referenceFailures,
          }
        : null,
      synchronizedUsers: tally.overall.usersProcessed,
      synchronizedGroups: tally.overall.groupsProcessed,
    });
    const alerts = evaluateAlerts(tally, history, session.alertThresholds);
    const ended = recorder.end({ type: 'run-end', endedAt: new Date().toISOString(), verdict, jobStatus, alerts, gate: judgement.gate }, config.signKey);
    session.graphLog.close();
    replaceFileSync(path.join(session.output.workDir, 'job-status.json'), `${JSON.stringify(jobStatus, null, 2)}\n`);
    // The run's records are complete: the new run replaces the earlier one whole, then the reports are written into it.
    session.output.commit();
    const summary: RunSummary = {
      plan: session.plan,
      verdict,
      jobStatus,
      status: recorder.status(quarantine.wouldQuarantine, quarantine.reason),
      stats: recorder.stats(),
      endedAt: new Date().toISOString(),
      outDir: config.outDir,
      runFile: session.runFile,
      finalHash: recorder.finalHash(),
      chainLines: recorder.chainLines(),
      seal: ended.seal,
      interrupted: verdict.outcome === 'interrupted',
      alerts,
    };
    await recorder.runEnd(summary);
    return { verdict, exitCode: judgement.exitCode, summary, jobStatus };
  } finally {
    await releaseSession(session);
  }
}

/** Sessions already released: an error path and closeSession's own `finally` may both ask. */
const releasedSessions = new WeakSet<Session>();

/**
 * Closes everything the session opened — signal handlers, the unfinished Graph export, the run
 * log, sockets and agents, the embedded target — and puts the run in place at --out if it is
 * not yet: a run that sent requests keeps its record, whatever stopped it. Once per session.
 */
export async function releaseSession(session: Session): Promise<void> {
  if (releasedSessions.has(session)) return;
  releasedSessions.add(session);
  session.releaseSignals();
  session.graphLog.abort();
  session.recorder.close();
  try {
    await session.client.close();
  } finally {
    await session.embedded?.close();
    commitQuietly(session.output, session.io);
  }
}

/** Swaps the run in; a failure is one line on stderr naming where the run is, never a second error. */
function commitQuietly(output: StagedOutput, io: SessionIo): boolean {
  if (output.committed) return true;
  try {
    output.commit();
    return true;
  } catch (error) {
    io.stderr.write(`scim-harness: the run could not be moved to ${output.finalDir} (${(error as NodeJS.ErrnoException).code ?? String(error)}); it is in ${output.workDir}\n`);
    return false;
  }
}
