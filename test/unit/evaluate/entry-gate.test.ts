import { ConfigurationError } from '../../../harness/errors';
import { buildVerdict, exitCodeFor } from '../../../harness/evaluate/build-verdict';
import { judgeEntries, parseMaxFailures } from '../../../harness/evaluate/entry-gate';
import { type QuarantineAssessment } from '../../../harness/contract/verdict';

const NO_QUARANTINE: QuarantineAssessment = { wouldQuarantine: false, reason: null, errorCode: null, details: '', fix: null, escrowsPruned: false, jobDisabled: false, projection: null };
const SYNC = { entries: 28_038, failures: 10_381, byErrorCode: { SystemForCrossDomainIdentityManagementBadRequest: 6_000, Timeout: 4_000, InternalServerError: 381, Unauthorized: 0 } };

describe('parseMaxFailures', () => {
  it('reads a count or a percentage', () => {
    expect(parseMaxFailures('25')).toEqual({ kind: 'count', value: 25 });
    expect(parseMaxFailures(0)).toEqual({ kind: 'count', value: 0 });
    expect(parseMaxFailures('2.5%')).toEqual({ kind: 'percent', value: 2.5 });
  });

  it.each(['-1', '1.5', 'ten', '101%', ''])('rejects %j naming the rule, the value and the fix', (value) => {
    expect(() => parseMaxFailures(value)).toThrow(ConfigurationError);
    expect(() => parseMaxFailures(value)).toThrow(`--max-failures must be a whole number of entries or a percentage from 0% to 100%, got "${value}"`);
  });
});

describe('the entry-level verdict', () => {
  it('fails a sync with failed entries by default, stating failed/total and the top error codes', () => {
    const verdict = buildVerdict({ scenarios: [], findings: [], quarantine: NO_QUARANTINE, interrupted: false, entries: judgeEntries(SYNC) });
    expect(verdict.outcome).toBe('failed');
    expect(exitCodeFor(verdict)).toBe(1);
    expect(verdict.headline).toBe(
      'FAILED — 10,381 of 28,038 entries failed (37.0 %; over --max-failures 0); top errors: SystemForCrossDomainIdentityManagementBadRequest 6,000, Timeout 4,000, InternalServerError 381',
    );
  });

  it('passes within --max-failures, as a count or a share of all entries', () => {
    for (const max of ['10381', '37.1%']) {
      const verdict = buildVerdict({ scenarios: [], findings: [], quarantine: NO_QUARANTINE, interrupted: false, entries: judgeEntries(SYNC, parseMaxFailures(max)) });
      expect(verdict.outcome).toBe('passed');
      expect(verdict.headline).toContain(`within --max-failures ${max}`);
    }
    expect(judgeEntries(SYNC, parseMaxFailures('37%')).exceeded).toBe(true);
  });

  it('lets quarantine take precedence over failed entries', () => {
    const quarantine = { ...NO_QUARANTINE, wouldQuarantine: true, reason: 'EncounteredEscrowProportionThreshold' as const, details: 'Too many failures.' };
    const verdict = buildVerdict({ scenarios: [], findings: [], quarantine, interrupted: false, entries: judgeEntries(SYNC) });
    expect(exitCodeFor(verdict)).toBe(3);
  });
});
