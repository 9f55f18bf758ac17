/**
 * The library: `import { run, sync } from 'scim-harness'`. The CLI is built on exactly these.
 */
import { startBundledServer } from './cli/bundled-server';
import { resolveRunConfig, type RawSettings } from './config/load-config';
import { type RunConfig } from './config/run-config';
import { type Dialect } from './mapping/mapping-types';
import { type ConformanceOptions, runConformance as runConformanceOn } from './runner/conformance';
import { type SessionIo, type SessionResult } from './runner/run-session';
import { runSync as runSyncOn } from './runner/sync';

export { resolveRunConfig, type RawSettings } from './config/load-config';
export { type RunConfig } from './config/run-config';
export { ConfigurationError, ScenarioError } from './errors';
export { type SessionIo, type SessionResult } from './runner/run-session';
export { defineScenario } from './scenario/define-scenario';
export { loadBuiltInScenarios, selectScenarios } from './scenario/load-scenarios';
export type { Scenario, Step } from './scenario/scenario-types';
export { ProvisioningJob } from './engine/provisioning-job';
export { SourceDirectory } from './source/source-directory';
export { generateDirectory } from './source/generate-directory';
export { defaultMappingSet } from './mapping/default-mapping';
export { createTargetClient } from './target/http-target-client';
export { startScimServer } from '../examples/scim-server';
export { type EmbeddedTarget, type StartEmbeddedTarget } from './runner/embedded-target';
export type { Finding, Severity } from './contract/finding';
export type { EntryVerdict, FindingCounts, QuarantineAssessment, ScenarioResult, UnknownBaselineEntry, Verdict, VerdictCounts } from './contract/verdict';
export type { LogEntry } from './contract/log-entry';
export type { Exchange } from './contract/exchange';
export type { Reporter, RunSummary, RunPlan } from '../reporters/reporter';

const quietIo = (): SessionIo => ({ stdout: process.stdout, stderr: process.stderr, env: process.env });

/** The library entry provides the embedded default target: the bundled server, unless `io` names another. */
const withBundledServer = (io: SessionIo): SessionIo => ({ startEmbeddedTarget: startBundledServer, ...io });

/** The conformance suite on resolved settings (see `run`). */
export async function runConformance(config: RunConfig, io: SessionIo, options: ConformanceOptions): Promise<SessionResult> {
  return runConformanceOn(config, withBundledServer(io), options);
}

/** Provisioning on resolved settings (see `sync`). */
export async function runSync(config: RunConfig, io: SessionIo): Promise<SessionResult> {
  return runSyncOn(config, withBundledServer(io));
}

/**
 * Runs the conformance suite. Settings are the CLI's flags in camelCase (`{ target, token,
 * scenario: ['users'], reporter: 'json' }`); `dialects` defaults to both.
 */
export async function run(settings: RawSettings & { dialects?: readonly Dialect[] } = {}, io: SessionIo = quietIo()): Promise<SessionResult> {
  const { dialects = ['entra', 'entra-compliant'], ...flags } = settings;
  return runConformance(resolveRunConfig({ ...flags, dialect: dialects[0] }, io.env), io, { dialects });
}

/** Provisions a directory the way Entra would (initial cycle, then incremental cycles). */
export async function sync(settings: RawSettings = {}, io: SessionIo = quietIo()): Promise<SessionResult> {
  return runSync(resolveRunConfig(settings, io.env), io);
}
