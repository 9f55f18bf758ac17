/**
 * The HTML report's per-scenario job table reads each scenario job's quarantine from the state its
 * cycle-end records: a quarantined job shows its Graph reason, a healthy one shows none.
 */
import { join } from 'node:path';
import { HEALTHY_QUARANTINE_STATE, type QuarantineState } from '../../../harness/engine/quarantine/quarantine-state';
import { type ScenarioResult } from '../../../harness/contract/verdict';
import { createRunSink } from '../../../harness/log/run-sink';
import { collectRunData } from '../../../reporters/html/report-data';
import { useScratchDir } from '../../helpers/scratch-dir';

const scratch = useScratchDir('scim-harness-html-jobs');

function scenarioResult(id: string): ScenarioResult {
  return { id, title: id, tags: [], spec: 'RFC 7644 §3.3', dialect: 'entra', status: 'passed', durationMs: 1, expectations: [], findings: [] };
}

async function jobsOf(states: readonly (readonly [string, QuarantineState])[]): Promise<{ scenarioId: string; quarantine: string | null; status: string }[]> {
  const runFile = join(scratch.fresh('run'), 'run.ndjson');
  const sink = createRunSink(runFile);
  states.forEach(([scenarioId, quarantine], cycleNumber) => {
    sink.append({ type: 'cycle-start', cycleId: `c${cycleNumber}`, cycleNumber, kind: 'initial', startedAt: '2026-03-24T10:00:00.000Z', usersInScope: 1, groupsInScope: 0 });
    sink.append({ type: 'cycle-end', cycleId: `c${cycleNumber}`, cycleNumber, kind: 'initial', endedAt: '2026-03-24T10:05:00.000Z', counts: {}, scenarioId, quarantine });
    sink.append({ type: 'scenario-end', result: scenarioResult(scenarioId) });
  });
  sink.close();
  const data = await collectRunData(runFile, new Set());
  return data.scenarioJobs.map(({ scenarioId, quarantine, status }) => ({ scenarioId, quarantine, status }));
}

describe('the HTML report per-scenario job status', () => {
  it('shows the recorded quarantine reason for a quarantined job and none for a healthy one', async () => {
    const quarantined: QuarantineState = { ...HEALTHY_QUARANTINE_STATE, status: 'quarantined', reason: 'EncounteredQuarantineException', errorCode: 'SystemForCrossDomainIdentityManagementCredentialValidationUnavailable' };
    const jobs = await jobsOf([
      ['users/create@entra', HEALTHY_QUARANTINE_STATE],
      ['quarantine/bad-token@entra', quarantined],
    ]);
    expect(jobs).toEqual([
      { scenarioId: 'users/create@entra', quarantine: null, status: 'Active' },
      { scenarioId: 'quarantine/bad-token@entra', quarantine: 'EncounteredQuarantineException', status: 'Quarantine' },
    ]);
  });
});
