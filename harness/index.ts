/**
 * The library: `import { run, sync } from 'scim-harness'`. The CLI is built on exactly these.
 */
import { Writable } from 'node:stream';
import { BUILTIN_REPORTERS } from '../reporters/registry';
import { type Reporter } from '../reporters/reporter';
import { startBundledServer } from './cli/bundled-server';
import { resolveRunConfig, type RawSettings } from './config/load-config';
import { type RunConfig } from './config/run-config';
import { type Dialect } from './mapping/mapping-types';
import { profileIds } from './profiles/registry';
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
export { clientProfile, DEFAULT_PROFILE_ID, profileIds, registerProfile } from './profiles/registry';
export type { ClientProfile, ProfileId } from './profiles/client-profile';
export { eqFilter, patchBody, SCIM_RESPONSES } from './profiles/scim-core';
export { ENTRA_COMPLIANT_PROFILE, ENTRA_PROFILE } from './profiles/entra';
export { createTargetClient } from './target/http-target-client';
// From files whose declarations name no express type: the public types need no @types/express.
export { startScimServer } from '../examples/scim-server/start-server';
export type { RecordedRequest, RunningScimServer, StartScimServerOptions } from '../examples/scim-server/server-options';
export { type EmbeddedTarget, type StartEmbeddedTarget } from './runner/embedded-target';
export type { Finding, Severity } from './contract/finding';
export type { EntryVerdict, FindingCounts, QuarantineAssessment, ScenarioResult, UnknownBaselineEntry, Verdict, VerdictCounts } from './contract/verdict';
export type { LogEntry } from './contract/log-entry';
export type { Exchange } from './contract/exchange';
export type { Reporter, RunSummary, RunPlan } from '../reporters/reporter';

/** A stream that swallows what is written: the library prints nothing unless asked. */
const silent = (): NodeJS.WritableStream => new Writable({ write: (_chunk, _encoding, done) => done() });

/** The I/O of a library call: the process's streams when a reporter that prints was asked for, else none. */
function libraryIo(prints: boolean, reporters: readonly Reporter[] = []): SessionIo {
  return prints ? { stdout: process.stdout, stderr: process.stderr, env: process.env, reporters } : { stdout: silent(), stderr: silent(), env: process.env, reporters };
}

/** Reporters as the CLI's --reporter takes them (names or module paths), or Reporter objects. */
export type ReporterSetting = string | readonly (string | Reporter)[];

export interface RunOptions extends Omit<RawSettings, 'reporter'> {
  /** Dialects (client profile ids) to run every scenario in; default every registered profile. */
  readonly dialects?: readonly Dialect[];
  /**
   * What reports the run: `'console,json'`, `['console', 'html']`, a custom reporter's path,
   * or Reporter objects. Default none: nothing is printed and the result is returned (the run's
   * records, run.ndjson and provisioning-logs.json, are still written into `out`).
   */
  readonly reporter?: ReporterSetting;
}

/** The split of a reporter setting: names for the config, objects for the session. */
function splitReporters(setting: ReporterSetting | undefined): { names: string[]; objects: Reporter[] } {
  const items = setting === undefined ? [] : typeof setting === 'string' ? setting.split(',') : setting;
  const names = items.filter((item): item is string => typeof item === 'string').map((name) => name.trim()).filter((name) => name !== '');
  const objects = items.filter((item): item is Reporter => typeof item !== 'string');
  return { names, objects };
}

/** Console, github and custom modules write to the terminal; the built-in file reporters do not. */
function printsToTerminal(names: readonly string[]): boolean {
  return names.some((name) => {
    const builtin = BUILTIN_REPORTERS.find((reporter) => reporter.name === name.toLowerCase() || reporter.aliases.includes(name.toLowerCase()));
    return builtin === undefined || builtin.files.length === 0;
  });
}

/** The reporter names for the config and the I/O (with the Reporter objects) of a library call. */
function libraryReporters(setting: ReporterSetting | undefined, io: SessionIo | undefined): { names: string; sessionIo: SessionIo } {
  const { names, objects } = splitReporters(setting);
  const sessionIo = io ? { ...io, reporters: [...(io.reporters ?? []), ...objects] } : libraryIo(printsToTerminal(names), objects);
  return { names: names.join(','), sessionIo };
}

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
 * Runs the conformance suite and returns its result (verdict, exit code, summary with the output
 * folder and run file). Settings are the CLI's flags in camelCase (`{ target, token, scenario:
 * ['users'] }`); `dialects` defaults to every registered client profile (`profileIds()`). Nothing
 * is written to stdout or stderr unless a reporter that prints is asked for
 * (`reporter: ['console']`) or `io` is given.
 */
export async function run(settings: RunOptions = {}, io?: SessionIo): Promise<SessionResult> {
  const { dialects = profileIds(), reporter, ...flags } = settings;
  const { names, sessionIo } = libraryReporters(reporter, io);
  return runConformance(resolveRunConfig({ ...flags, reporter: names, dialect: dialects[0] }, sessionIo.env), sessionIo, { dialects });
}

/** Settings of a library `sync`: the CLI's flags in camelCase, with `reporter` as in {@link RunOptions}. */
export type SyncOptions = Omit<RunOptions, 'dialects'>;

/** Provisions a directory the way Entra would (initial cycle, then incremental cycles); quiet as `run` is. */
export async function sync(settings: SyncOptions = {}, io?: SessionIo): Promise<SessionResult> {
  const { reporter, ...flags } = settings;
  const { names, sessionIo } = libraryReporters(reporter, io);
  return runSync(resolveRunConfig({ ...flags, reporter: names }, sessionIo.env), sessionIo);
}
