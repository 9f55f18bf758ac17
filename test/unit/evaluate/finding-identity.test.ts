import { type Finding } from '../../../harness/contract/finding';
import { buildVerdict } from '../../../harness/evaluate/build-verdict';
import { mergeFindings } from '../../../harness/evaluate/finding-identity';
import { type QuarantineAssessment, type ScenarioResult } from '../../../harness/contract/verdict';

const NO_QUARANTINE: QuarantineAssessment = { wouldQuarantine: false, reason: null, errorCode: null, details: '', fix: null, escrowsPruned: false, jobDisabled: false, projection: null };

function seen(dialect: string, count: number, evidence: string[], actual = 'Content-Type: application/json'): Finding {
  return {
    check: 'protocol/content-type',
    severity: 'recommended',
    title: count > 1 ? `Response is not served as application/scim+json (seen ${count} times)` : 'Response is not served as application/scim+json',
    expected: 'Content-Type: application/scim+json',
    actual,
    evidence,
    spec: 'RFC 7644 §3.1, §8.1',
    fix: 'Send application/scim+json.',
    scenarioId: 'users/create',
    dialect,
    ...(count > 1 ? { count } : {}),
  };
}

function run(dialect: string, findings: Finding[]): ScenarioResult {
  return { id: 'users/create', title: 'create', tags: [], spec: 'RFC 7644 §3.3', dialect, status: 'passed', durationMs: 5, expectations: [], findings };
}

describe('mergeFindings', () => {
  it('makes the same check failing for the same reason in both dialects one finding, with an occurrence per dialect', () => {
    const entra = seen('entra', 6, ['e1', 'e2']);
    const compliant = seen('entra-compliant', 8, ['c1']);
    // As a run records them: in the run's list and inside each scenario result.
    const merged = mergeFindings([entra, compliant], [run('entra', [entra]), run('entra-compliant', [compliant])]);
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({
      title: 'Response is not served as application/scim+json (seen 14 times)',
      count: 14,
      evidence: ['e1', 'e2', 'c1'],
      occurrences: [
        { dialect: 'entra', count: 6, evidence: ['e1', 'e2'] },
        { dialect: 'entra-compliant', count: 8, evidence: ['c1'] },
      ],
    });
    expect(merged[0].dialect).toBeUndefined();
  });

  it('keeps a different reason in the other dialect a separate finding', () => {
    const merged = mergeFindings([seen('entra', 1, ['e1']), seen('entra-compliant', 1, ['c1'], 'Content-Type: text/plain')], []);
    expect(merged.map((finding) => [finding.actual, finding.dialect])).toEqual([
      ['Content-Type: application/json', 'entra'],
      ['Content-Type: text/plain', 'entra-compliant'],
    ]);
  });

  it('counts a finding recorded without its dialect and held by its scenario once', () => {
    const { dialect: _dialect, ...bare } = seen('entra', 1, ['e1']);
    expect(mergeFindings([bare], [run('entra', [bare])])).toHaveLength(1);
  });
});

describe('buildVerdict counts', () => {
  it('counts each finding once, by severity and by what it does to the gate', () => {
    const entra = seen('entra', 2, ['e1']);
    const compliant = seen('entra-compliant', 2, ['c1']);
    const required: Finding = { ...seen('entra', 1, ['e3']), check: 'lifecycle/disabled-is-still-returned', severity: 'required', title: 'Disabled user is not returned' };
    const verdict = buildVerdict({
      scenarios: [run('entra', [entra, required]), run('entra-compliant', [compliant])],
      findings: [entra, compliant, required],
      quarantine: NO_QUARANTINE,
      interrupted: false,
    });
    expect(verdict.findings).toHaveLength(2);
    expect(verdict.counts.findings).toEqual({ required: 1, recommended: 1, advisory: 0, total: 2, failing: 1, known: 0, belowThreshold: 1 });
    expect(verdict.counts.scenarios).toEqual({ passed: 2, failed: 0, skipped: 0, inconclusive: 0, blocked: 0, total: 2 });
    // Two findings of two checks: two root causes, one of them failing the gate.
    expect(verdict.counts.rootCauses).toEqual({ required: 1, recommended: 1, advisory: 0, total: 2, failing: 1 });
  });
});
