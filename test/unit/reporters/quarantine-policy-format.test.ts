import { DEFAULT_QUARANTINE_POLICY, createQuarantinePolicy } from '../../../harness/engine/quarantine/quarantine-rules';
import { describePolicy } from '../../../reporters/format/quarantine-policy';

describe('describePolicy', () => {
  it('echoes every rule with its number and the reason it leads to', () => {
    const text = describePolicy(DEFAULT_QUARANTINE_POLICY);
    expect(text).toContain('evaluated from 5,000 failures');
    expect(text).toContain('EncounteredEscrowProportionThreshold: nonReferenceFailures / (nonReferenceFailures + successes) > 40.0 %');
    expect(text).toContain('EncounteredBaseEscrowThreshold: nonReferenceFailures > 40,000');
    expect(text).toContain('EncounteredTotalEscrowThreshold: nonReferenceFailures + referenceFailures >= 60,000');
    expect(text).toContain('TooManyDeletes: disables + deletes planned in one cycle > 500');
    expect(text).toContain('disabled after 28 days');
    expect(text).toContain('cycles every 40 minutes; while quarantined, 2 h, 6 h, 12 h, then every 24 hours');
  });

  it('reflects overridden settings', () => {
    const text = describePolicy(createQuarantinePolicy({ deletionThreshold: 3, proportionThreshold: 0.25 }));
    expect(text).toContain('planned in one cycle > 3 ');
    expect(text).toContain('> 25.0 %');
  });
});
