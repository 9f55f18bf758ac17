import { ConfigurationError } from '../../../harness/errors';
import { DEFAULT_QUARANTINE_POLICY, createQuarantinePolicy } from '../../../harness/engine/quarantine/quarantine-rules';

describe('DEFAULT_QUARANTINE_POLICY', () => {
  it('holds the documented numbers (docs/entra-behaviour.md#quarantine-triggers, docs/entra-behaviour.md#while-quarantined, docs/entra-behaviour.md#accidental-deletions, docs/entra-behaviour.md#cycle-timing)', () => {
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
