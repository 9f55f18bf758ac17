/**
 * `sync`: provision a directory the way Entra would — the initial cycle, then incremental cycles
 * over generated churn — with no conformance scenarios. Inputs are loaded and validated before
 * the first request is sent.
 */
import { type RunConfig } from '../config/run-config';
import { applyRestart } from '../engine/quarantine/job-status';
import { HEALTHY_QUARANTINE_STATE } from '../engine/quarantine/quarantine-state';
import { defaultMappingSet } from '../mapping/default-mapping';
import { loadMappingFile } from '../mapping/load-mapping';
import { type MappingSet } from '../mapping/mapping-types';
import { generateChurn } from '../source/churn';
import { loadDirectoryFile } from '../source/load-directory';
import { SourceDirectory } from '../source/source-directory';
import { preflight } from './preflight';
import { closeSession, newProvisioningJob, openSession, releaseSession, type SessionIo, type SessionResult } from './run-session';

export interface SyncInputs {
  readonly directory: SourceDirectory;
  readonly mapping: MappingSet;
}

/** The source directory and mappings a run works on: from files, or generated from the seed. */
export function loadSyncInputs(config: RunConfig): SyncInputs {
  const mapping = config.mappingFile ? loadMappingFile(config.mappingFile) : defaultMappingSet();
  // The seed and prefix also govern objects added later (churn's new hires).
  const options = { seed: config.seed, prefix: config.prefix };
  // A generated directory is generated on demand, never held: memory stays flat at any --population.
  const directory = config.sourceFile
    ? SourceDirectory.fromData(loadDirectoryFile(config.sourceFile), options)
    : SourceDirectory.generated({
        seed: config.seed,
        users: config.population,
        groups: Math.max(1, Math.ceil(config.population / 20)),
        membersPerGroup: 10,
        withManagers: true,
        prefix: config.prefix,
      });
  return { directory, mapping };
}

export async function runSync(config: RunConfig, io: SessionIo): Promise<SessionResult> {
  const { directory, mapping } = loadSyncInputs(config);
  // A bad --reset-scope must stop the run before the first request, not at the restart.
  if (config.restartAt !== undefined) applyRestart(HEALTHY_QUARANTINE_STATE, config.resetScope);
  const session = await openSession(config, io, 'sync');
  const failure = await preflight(session, mapping);
  if (failure) return closeSession(session, { jobs: [], preflight: failure });
  const job = newProvisioningJob(session, { directory, mapping });
  let interrupted = false;
  try {
    for (let cycle = 0; cycle < config.cycles; cycle += 1) {
      if (cycle > 0 && config.churn > 0 && !config.sourceFile) {
        const churn = generateChurn(directory, { seed: config.seed + cycle, fraction: config.churn });
        session.recorder.notice('info', `Source changes before cycle ${cycle}: ${JSON.stringify(churn.counts)}`);
      }
      if (cycle === config.restartAt) {
        job.restart(config.resetScope);
        session.recorder.notice('info', `Restarted the job before cycle ${cycle} with resetScope "${config.resetScope || 'QuarantineState, Watermark, Escrows'}"`);
      }
      await job.runCycle();
      if (session.abort.signal.aborted) {
        interrupted = true;
        break;
      }
      if (job.isDisabled) {
        session.recorder.notice('warning', 'The job has been quarantined for four weeks of virtual time: Entra disables it, so no further cycles run.');
        break;
      }
    }
  } catch (error) {
    // Whatever stopped the run, what it opened is closed and what it recorded is kept.
    await releaseSession(session);
    throw error;
  }
  return closeSession(session, { jobs: [job], interrupted });
}
