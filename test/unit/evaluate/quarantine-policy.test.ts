import { ConfigurationError } from '../../../harness/errors';
import {
  DEFAULT_QUARANTINE_POLICY,
  createQuarantinePolicy,
  describePolicy,
} from '../../../harness/engine/quarantine/quarantine-rules';

describe('DEFAULT_QUARANTINE_POLICY', () => {
  it('holds the documented numbers (reference §5.1, §5.3, §5.7, §6.3)', () => {
    expect(DEFAULT_QUARANTINE_POLICY).toEqual({
      minimumFailuresToEvaluate: 5000,
      proportionThreshold: 0.4,
      baseEscrowThreshold: 40000,
      totalEscrowThreshold: 60000,
      deletionThreshold: 500,
      quarantineDisableAfterDays: 28,
      cycleIntervalMinutes: 40,
      quarantinedCycleIntervalHours: 24,
    });
    expect(Object.isFrozen(DEFAULT_QUARANTINE_POLICY)).toBe(true);
  });
});

describe('describePolicy', () => {
  it('echoes every rule with its number and the reason it leads to', () => {
    const text = describePolicy(DEFAULT_QUARANTINE_POLICY);
    expect(text).toContain('evaluated from 5,000 failures');
    expect(text).toContain('EncounteredEscrowProportionThreshold: nonReferenceFailures / (nonReferenceFailures + successes) > 40.0 %');
    expect(text).toContain('EncounteredBaseEscrowThreshold: nonReferenceFailures > 40,000');
    expect(text).toContain('EncounteredTotalEscrowThreshold: nonReferenceFailures + referenceFailures >= 60,000');
    expect(text).toContain('TooManyDeletes: disables + deletes planned in one cycle > 500');
    expect(text).toContain('disabled after 28 days');
  });

  it('reflects overridden settings', () => {
    const text = describePolicy(createQuarantinePolicy({ deletionThreshold: 3, proportionThreshold: 0.25 }));
    expect(text).toContain('planned in one cycle > 3 ');
    expect(text).toContain('> 25.0 %');
  });
});

describe('createQuarantinePolicy', () => {
  it('overlays settings on the defaults', () => {
    const policy = createQuarantinePolicy({ baseEscrowThreshold: 100 });
    expect(policy.baseEscrowThreshold).toBe(100);
    expect(policy.totalEscrowThreshold).toBe(60000);
  });

  it.each([
    [{ proportionThreshold: 40 }, /proportionThreshold must be a fraction between 0 and 1, got 40 \(40 % is 0.4\)/],
    [{ deletionThreshold: -1 }, /deletionThreshold must be a whole number >= 0, got -1 \(default 500\)/],
    [{ cycleIntervalMinutes: 0 }, /cycleIntervalMinutes must be a whole number >= 1, got 0/],
    [{ nonsense: 1 } as unknown as Record<string, number>, /no setting "nonsense" \(valid settings: minimumFailuresToEvaluate/],
  ])('rejects %p with a message naming the rule and the value', (overrides, message) => {
    expect(() => createQuarantinePolicy(overrides)).toThrow(ConfigurationError);
    expect(() => createQuarantinePolicy(overrides)).toThrow(message);
  });
});
