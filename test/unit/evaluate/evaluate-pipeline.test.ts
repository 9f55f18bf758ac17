import { buildVerdict, exitCodeFor } from '../../../harness/evaluate/build-verdict';
import { EntryTally } from '../../../harness/log/entry-tally';
import { projectQuarantine } from '../../../harness/evaluate/projection';
import { HEALTHY_QUARANTINE_STATE, advanceQuarantine } from '../../../harness/engine/quarantine/quarantine-state';
import { assessQuarantine } from '../../../harness/evaluate/quarantine-assessment';
import { at, makeEntry } from './entry-factory';

describe('entries → tally → projection → assessment → verdict', () => {
  function run(failedCreates: number) {
    const tally = new EntryTally();
    for (let i = 0; i < 100; i += 1) {
      tally.add(makeEntry({ at: at(0), operation: 'create', status: i < failedCreates ? 'failure' : 'success' }));
    }
    const snapshot = tally.snapshot();
    const state = advanceQuarantine(HEALTHY_QUARANTINE_STATE, {
      cycleNumber: 0,
      kind: 'initial',
      endedAt: at(10),
      counts: snapshot.overall.escrow,
      anySuccessfulRetry: false,
      allowDeletes: false,
    });
    const quarantine = assessQuarantine(state, projectQuarantine(snapshot, 12000), { history: [state] });
    return buildVerdict({ scenarios: [], findings: [], quarantine, interrupted: false });
  }

  it('a run failing 45 % of creates would put a 12,000-object job into quarantine: exit code 3', () => {
    const verdict = run(45);
    expect(verdict.outcome).toBe('quarantined');
    expect(verdict.headline).toBe(
      'QUARANTINE — EncounteredEscrowProportionThreshold: At production scale (12,000 objects) Entra would quarantine this job after cycle 1; the run itself stayed below the thresholds.',
    );
    expect(verdict.quarantine.fix).toContain('create 45.0 % failed');
    expect(exitCodeFor(verdict)).toBe(3);
  });

  it('a run failing 30 % of creates passes the quarantine judgement', () => {
    const verdict = run(30);
    expect(verdict.outcome).toBe('passed');
    expect(verdict.quarantine.projection?.explanation).toContain('No quarantine at 12,000 objects.');
    // The projection is shown once, by itself: the details do not repeat it.
    expect(verdict.quarantine.details).not.toContain('No quarantine at 12,000 objects.');
  });
});
