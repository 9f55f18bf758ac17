/**
 * Attribution of read-back symptoms (docs/diagnosis.md#read-back, #root-causes): a check flagging
 * the read-back a diagnosis explained shows the same cause, not a second one; a read-back after a
 * write that failed goes to the write's cause.
 */
import { type Exchange } from '../../../harness/contract/exchange';
import { type Finding } from '../../../harness/contract/finding';
import { type Diagnosis } from '../../../harness/contract/root-cause';
import { type ExpectationResult, type ScenarioResult } from '../../../harness/contract/verdict';
import { RootCauseCollector } from '../../../harness/evaluate/root-causes';
import { at, makeEntry } from './entry-factory';

const diagnosis: Diagnosis = {
  cause: 'read-back/capitalised-op-ignored',
  title: 'Answers success to PATCH operations written "Add", "Replace" or "Remove" but does not apply them',
  severity: 'required',
  fix: 'Compare PATCH op names case-insensitively.',
  impact: 'Memberships are lost.',
  operations: ['membership'],
  consequence: 'loses-data',
  spec: 'RFC 7644 §3.5.2',
  evidence: ['x-write-1', 'x-read-1'],
};

function finding(evidence: string[], scenarioId: string): Finding {
  return {
    check: 'lifecycle/written-is-read-back',
    severity: 'recommended',
    title: 'PATCH succeeded but a later read shows the old values',
    expected: 'the values of the successful PATCH read back',
    actual: 'members: 0',
    evidence,
    spec: 'RFC 7644 §3.5.2',
    fix: 'Apply every operation.',
    scenarioId,
    dialect: 'entra-compliant',
  };
}

function scenario(id: string, expectation: ExpectationResult): ScenarioResult {
  return { id, title: 'Members', tags: [], spec: 'RFC 7644', dialect: 'entra-compliant', status: 'failed', durationMs: 1, expectations: [expectation], findings: [] };
}

function failedRead(evidence: string[], cause?: string): ExpectationResult {
  return { title: 'The group lists its members', status: 'failed', expected: 'members m1', actual: '0 member(s)', evidence, ...(cause !== undefined ? { cause } : {}) };
}

describe('root causes of read-back symptoms', () => {
  test('a finding citing the read of an expectation a diagnosis explained is that cause: one root cause', () => {
    const collector = new RootCauseCollector();
    collector.addDiagnosis(diagnosis);
    // A later scenario run: its own write and read, none of them in the diagnosis's evidence.
    const result = collector.build({
      findings: [finding(['x-write-2', 'x-read-2'], 'groups/remove-member')],
      scenarios: [scenario('groups/remove-member', failedRead(['x-read-2', 'x-write-2'], diagnosis.cause))],
    });
    expect(result.findingCauses).toEqual([diagnosis.cause]);
    expect(result.rootCauses.map((cause) => cause.id)).toEqual([diagnosis.cause]);
    expect(result.rootCauses[0].occurrences).toMatchObject({ expectations: 1, findings: 1 });
  });

  test('without the expectation naming it, the same finding stays its own cause', () => {
    const collector = new RootCauseCollector();
    collector.addDiagnosis(diagnosis);
    const result = collector.build({
      findings: [finding(['x-write-2', 'x-read-2'], 'groups/remove-member')],
      scenarios: [scenario('groups/remove-member', failedRead(['x-read-2']))],
    });
    expect(result.findingCauses).toEqual(['check/lifecycle/written-is-read-back']);
  });

  test('a read-back citing the failing exchange of a failed write goes to the write\'s cause', () => {
    const collector = new RootCauseCollector();
    const failing: Exchange = {
      id: 'x-patch-400',
      startedAt: at(1),
      request: { method: 'PATCH', url: 'https://t/scim/Groups/g1', headers: {} },
      response: { status: 400, headers: {}, body: { detail: 'op must be lower-case', scimType: 'invalidSyntax' }, text: '', bytes: 0 },
      durationMs: 1,
    };
    const entry = makeEntry({ at: at(1), status: 'failure', action: 'update', operation: 'membership', identityType: 'Group', errorCode: 'SystemForCrossDomainIdentityManagementBadRequest' });
    collector.addEntry({ ...entry, harness: { ...entry.harness, scenarioId: 'groups/remove-member@entra', exchanges: [failing] } });
    const result = collector.build({ findings: [], scenarios: [scenario('groups/remove-member', failedRead(['x-read-9', failing.id]))] });
    expect(result.rootCauses).toHaveLength(1);
    expect(result.rootCauses[0].id).toBe('entry/membership-group/SystemForCrossDomainIdentityManagementBadRequest/400/invalidSyntax');
    expect(result.scenarios[0].expectations[0].cause).toBe(result.rootCauses[0].id);
  });
});
