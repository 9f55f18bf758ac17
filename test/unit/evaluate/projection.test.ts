import { EntryTally, type TallySnapshot } from '../../../harness/log/entry-tally';
import { projectQuarantine } from '../../../harness/evaluate/projection';
import { createQuarantinePolicy } from '../../../harness/engine/quarantine/quarantine-rules';
import { ConfigurationError } from '../../../harness/errors';
import { type HarnessEntryDetails } from '../../../harness/contract/log-entry';
import { at, makeEntry } from './entry-factory';

interface Batch {
  readonly operation: HarnessEntryDetails['operation'];
  readonly attempts: number;
  readonly failures: number;
  readonly reference?: boolean;
  readonly retry?: boolean;
  readonly cycleNumber?: number;
}

function tallyOf(...batches: Batch[]): TallySnapshot {
  const tally = new EntryTally();
  for (const batch of batches) {
    for (let i = 0; i < batch.attempts; i += 1) {
      const failed = i < batch.failures;
      tally.add(
        makeEntry({
          at: at(i),
          operation: batch.operation,
          action: batch.operation === 'create' ? 'create' : 'update',
          status: failed ? 'failure' : 'success',
          isReferenceFailure: failed && batch.reference === true,
          retry: batch.retry,
          cycleNumber: batch.cycleNumber ?? 0,
        }),
      );
    }
  }
  return tally.snapshot();
}

describe('projectQuarantine', () => {
  it('45 % of creates failing at 12,000 objects: pruned in the initial cycle, then quarantined after cycle 1 (proportion)', () => {
    const projection = projectQuarantine(tallyOf({ operation: 'create', attempts: 200, failures: 90 }), 12000);
    expect(projection).toMatchObject({
      populationEstimate: 12000,
      wouldQuarantine: true,
      reason: 'EncounteredEscrowProportionThreshold',
      afterCycle: 1,
      projectedFailures: 5400,
      projectedReferenceFailures: 0,
      observedFailureRateByOperation: { create: 0.45 },
    });
    expect(projection.explanation).toMatch(/escrows pruned during the initial cycle, then quarantined after cycle 1/i);
    expect(projection.explanation).toContain('12,000 create operations (45.0 % failed in this run → 5,400 failures)');
    expect(projection.explanation).toContain('5,400 of 12,000 provisioning events failed (45.0 %)');
  });

  it('30 % of creates failing at 12,000 objects: no quarantine, and says from what size it would be', () => {
    const projection = projectQuarantine(tallyOf({ operation: 'create', attempts: 100, failures: 30 }), 12000);
    expect(projection.wouldQuarantine).toBe(false);
    expect(projection.reason).toBeNull();
    expect(projection.afterCycle).toBeNull();
    expect(projection.projectedFailures).toBe(3600);
    expect(projection.explanation).toContain('No quarantine at 12,000 objects.');
    // 30 % never crosses 40 %; the base threshold (> 40,000 failures) needs 133,335 objects (40,000.5 rounds to 40,001).
    expect(projection.explanation).toContain('A job of about 133,335 objects or more would be quarantined');
  });

  it('no failures: no quarantine at any size', () => {
    const projection = projectQuarantine(tallyOf({ operation: 'create', attempts: 50, failures: 0 }), 12000);
    expect(projection.wouldQuarantine).toBe(false);
    expect(projection.projectedFailures).toBe(0);
    expect(projection.explanation).not.toContain('would be quarantined');
  });

  it('nothing observed: nothing to project', () => {
    const projection = projectQuarantine(new EntryTally().snapshot());
    expect(projection.wouldQuarantine).toBe(false);
    expect(projection.populationEstimate).toBe(10000);
    expect(projection.explanation).toBe('No provisioning operation was observed, so there is nothing to project.');
  });

  it('scales manager writes in proportion to creates and counts their failures as reference failures', () => {
    const projection = projectQuarantine(
      tallyOf({ operation: 'create', attempts: 100, failures: 0 }, { operation: 'manager', attempts: 100, failures: 100, reference: true }),
      70000,
    );
    expect(projection.projectedReferenceFailures).toBe(70000);
    expect(projection.projectedFailures).toBe(0);
    expect(projection.reason).toBe('EncounteredTotalEscrowThreshold');
    expect(projection.afterCycle).toBe(1);
  });

  it('uses the base threshold when more than 40,000 objects would fail', () => {
    const projection = projectQuarantine(tallyOf({ operation: 'create', attempts: 100, failures: 41 }), 100000);
    expect(projection.reason).toBe('EncounteredBaseEscrowThreshold');
  });

  it('reads failure rates from first attempts, not from escrow retries of the same objects', () => {
    const projection = projectQuarantine(
      tallyOf(
        { operation: 'create', attempts: 100, failures: 30 },
        { operation: 'create', attempts: 30, failures: 30, retry: true, cycleNumber: 1 },
      ),
      12000,
    );
    expect(projection.observedFailureRateByOperation.create).toBeCloseTo(0.3);
    expect(projection.wouldQuarantine).toBe(false);
  });

  it('counts a success the harness got only through a workaround as a failure, as Entra would fail its own request', () => {
    const tally = new EntryTally();
    for (let i = 0; i < 10; i += 1) {
      const entry = makeEntry({ at: at(i), operation: 'create', action: 'create', status: 'success', cycleNumber: 0 });
      // Four of ten creates went out changed by a learned workaround (docs/diagnosis.md#probing).
      const exchanges = i < 4 ? [{ id: `x-${i}`, startedAt: at(i), request: { method: 'POST' as const, url: 'http://t/Groups', headers: {} }, durationMs: 1, workaround: 'request/unknown-schema-uri-rejected' }] : [];
      tally.add({ ...entry, harness: { ...entry.harness, exchanges } });
    }
    const projection = projectQuarantine(tally.snapshot(), 12000);
    expect(projection.observedFailureRateByOperation.create).toBeCloseTo(0.4);
  });

  it('scales all observed operations when the target already held the objects (no creates)', () => {
    const projection = projectQuarantine(tallyOf({ operation: 'update', attempts: 100, failures: 50 }), 20000);
    expect(projection.projectedFailures).toBe(10000);
    expect(projection.reason).toBe('EncounteredEscrowProportionThreshold');
  });

  it('applies the given policy', () => {
    const policy = createQuarantinePolicy({ minimumFailuresToEvaluate: 100 });
    const projection = projectQuarantine(tallyOf({ operation: 'create', attempts: 100, failures: 45 }), 1000, policy);
    expect(projection.wouldQuarantine).toBe(true);
  });

  it('rejects a population that is not a positive whole number', () => {
    expect(() => projectQuarantine(new EntryTally().snapshot(), 0)).toThrow(ConfigurationError);
    expect(() => projectQuarantine(new EntryTally().snapshot(), 2.5)).toThrow('population estimate must be a whole number of objects >= 1, got 2.5');
  });
});
