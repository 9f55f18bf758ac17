/**
 * What a scenario run needs of the run it belongs to. The composition root (harness/runner)
 * owns the session and hands it in with a job factory, so scenarios drive the engine without
 * knowing how the run was put together.
 */
import { type Exchange } from '../contract/exchange';
import { type RunConfig } from '../config/run-config';
import { type DiagnosisSink } from '../diagnose/cause';
import { type InspectionContext, type Workaround } from '../diagnose/request-diagnoser';
import { type ReadBackDiagnosis } from '../diagnose/read-back/read-back-diagnosis';
import { type Dialect } from '../contract/dialect';
import { type RunStop } from '../contract/verdict';
import { type RecordingTargetClient } from '../contract/target-client';
import { type EngineEvents } from '../engine/engine-events';
import { type ProvisioningJob } from '../engine/provisioning-job';
import { type MappingSet } from '../mapping/mapping-types';
import { type SourceDirectory } from '../source/source-directory';

/** The run's recorder as scenarios use it: the engine's events (exchanges are recorded by the client). */
export type ScenarioRecorder = EngineEvents;

export interface ScenarioSession {
  readonly config: Pick<RunConfig, 'prefix' | 'seed' | 'keep' | 'concurrency'>;
  readonly client: RecordingTargetClient;
  readonly recorder: ScenarioRecorder;
  readonly io: { readonly stderr: NodeJS.WritableStream };
  readonly abort: AbortController;
  /** Requests timing out one after another: the run is stopping (`stop`) or about to. */
  readonly stallWatch: { readonly stalling: boolean; readonly stop: RunStop | undefined };
  /** Diagnosis of failures (docs/diagnosis.md); absent under --no-probe and --read-only. */
  readonly diagnosis?: ScenarioDiagnosis;
  /**
   * Names why a read-back differs from what was written (docs/diagnosis.md#read-back). Present in
   * every run: under --no-probe and --read-only it sends nothing and names only what the resource
   * read shows.
   */
  readonly readBack: ReadBackDiagnosis;
}

/** What a scenario run uses of the run's diagnosis: where causes go and which workarounds are on. */
export interface ScenarioDiagnosis {
  readonly sink: DiagnosisSink;
  /** The workarounds the client applies from now on, in the order learned (docs/diagnosis.md#probing): a scenario run names those it found or ran with. */
  workarounds(): readonly Workaround[];
  /**
   * Runs one investigation of a failed expectation under the run's probe budget and memo
   * (investigations sharing `key` run once); resolves to the cause id it named
   * (docs/diagnosis.md#matching).
   */
  investigate?(key: string, run: (context: InspectionContext) => Promise<string | undefined>): Promise<string | undefined>;
  /**
   * The cause the run's inspectors name for one of the scenario's own exchanges that a failed
   * expectation judged (e.g. a raw request's 404 on an id the target acknowledged creating,
   * docs/diagnosis.md#causes), under the same memo and budget; undefined when none applies.
   */
  explain?(exchange: Exchange): Promise<string | undefined>;
}

export interface JobInputs {
  readonly directory: SourceDirectory;
  readonly mapping: MappingSet;
  readonly dialect?: Dialect;
  readonly events?: EngineEvents;
  readonly concurrency?: number;
}

export interface ScenarioEnvironment {
  readonly session: ScenarioSession;
  readonly mapping: MappingSet;
  /** A fresh provisioning job on the session's client, identity and policy. */
  readonly newJob: (inputs: JobInputs) => ProvisioningJob;
}
