/**
 * `run`: the conformance suite. Every selected scenario runs in every selected dialect, each on
 * its own source directory and provisioning job, against one target; checks watch all traffic;
 * the verdict is computed once at the end.
 */
import { type RunConfig } from '../config/run-config';
import { type ProvisioningJob } from '../engine/provisioning-job';
import { type ScenarioResult } from '../contract/verdict';
import { defaultMappingSet } from '../mapping/default-mapping';
import { loadMappingFile } from '../mapping/load-mapping';
import { type Dialect } from '../mapping/mapping-types';
import { clientProfile } from '../profiles/registry';
import { loadBuiltInScenarios, selectScenarios } from '../scenario/load-scenarios';
import { runScenario } from '../scenario/run-scenario';
import { type Scenario } from '../scenario/scenario-types';
import { runRfcSuite } from '../rfc/rfc-suite';
import { preflight } from './preflight';
import { closeSession, newProvisioningJob, openSession, releaseSession, type SessionIo, type SessionResult } from './run-session';

export interface ConformanceOptions {
  readonly dialects: readonly Dialect[];
}

/** The scenarios a run will execute, resolved and validated before anything is sent. */
export function planScenarios(config: RunConfig): Scenario[] {
  const selected = selectScenarios({ scenarios: config.scenarios, tags: config.tags });
  return config.readOnly ? selected.filter((s) => s.mutates === false) : selected;
}

export async function runConformance(config: RunConfig, io: SessionIo, options: ConformanceOptions): Promise<SessionResult> {
  // Every dialect asked for names a registered client profile, checked before anything is opened or sent.
  for (const dialect of options.dialects) clientProfile(dialect);
  const mapping = config.mappingFile ? loadMappingFile(config.mappingFile) : defaultMappingSet();
  // `--suite rfc` runs no scenario: Entra readiness is then not run, and says so.
  const planned = config.suites.includes('entra') ? planScenarios(config) : [];
  // A mapping with group provisioning off is an endpoint without /Groups: scenarios that need
  // groups are left out rather than failed (Entra then probes and provisions users only).
  const scenarios = mapping.groups.enabled ? planned : planned.filter((scenario) => !scenario.groups);
  const leftOut = planned.length - scenarios.length;
  const runs = scenarios.flatMap((scenario) => options.dialects.filter((d) => !scenario.dialects || scenario.dialects.includes(d)).map((dialect) => ({ scenario, dialect })));
  // A baseline may name any scenario, selected or not: those not selected are "not run", not fixed.
  const suiteScenarioIds = [...new Set([...loadBuiltInScenarios().map((scenario) => scenario.id), ...planned.map((scenario) => scenario.id)])];
  const session = await openSession(
    config,
    io,
    'run',
    runs.map(({ scenario, dialect }) => ({ id: `${scenario.id}@${dialect}`, title: scenario.title })),
    suiteScenarioIds,
  );
  const results: ScenarioResult[] = [];
  const judgedJobs: ProvisioningJob[] = [];
  try {
    if (leftOut > 0) session.recorder.notice('info', `${leftOut} scenario(s) that need group provisioning were left out: the mapping turns groups off.`);
    const failure = await preflight(session, mapping);
    if (failure) return await closeSession(session, { jobs: [], scenarios: [], preflight: failure });
    for (const { scenario, dialect } of runs) {
      if (session.abort.signal.aborted) break;
      const { result: bare, job } = await runScenario(scenario, dialect, { session, mapping, newJob: (inputs) => newProvisioningJob(session, inputs) });
      // Findings name the scenario as verdicts and baselines do (its id) and carry their dialect:
      // the evaluator folds the same cause seen in both dialects into one finding.
      const findings = session.monitor.takeScenarioFindings(`${scenario.id}@${dialect}`).map((finding) => ({ ...finding, scenarioId: scenario.id, dialect }));
      for (const finding of findings) session.recorder.finding(finding);
      const result = { ...bare, findings };
      results.push(result);
      session.recorder.scenarioEnd(result);
      // A scenario that provokes quarantine on purpose says so; its job is not the endpoint's verdict.
      if (!scenario.steps.some((step) => 'expectJob' in step && step.expectJob.quarantined === true)) judgedJobs.push(job);
    }
    // The second score (docs/rfc-coverage.md): its results are recorded as they come, judged apart.
    if (config.suites.includes('rfc') && !session.abort.signal.aborted) {
      await runRfcSuite({
        client: session.client,
        prefix: config.prefix,
        readOnly: config.readOnly,
        keep: config.keep,
        sendsCredentials: config.target.auth.kind !== 'none',
        signal: session.abort.signal,
        record: (result) => session.recorder.rfcResult(result),
      });
    }
  } catch (error) {
    // Whatever stopped the run, what it opened is closed and what it recorded is kept.
    await releaseSession(session);
    throw error;
  }
  return closeSession(session, { jobs: judgedJobs, scenarios: results, interrupted: session.abort.signal.aborted });
}
