import { type Exchange } from '../../../harness/contract/exchange';
import { type Finding } from '../../../harness/contract/finding';
import { type Diagnosis } from '../../../harness/contract/root-cause';
import { RootCauseCollector } from '../../../harness/evaluate/root-causes';

function exchange(id: string, cause?: string): Exchange {
  return {
    id,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    request: { method: 'GET', url: 'http://127.0.0.1:1/scim/v2/Users?filter=userName+eq+%22x%22', headers: {} },
    response: { status: 404, headers: {}, text: '', bytes: 0 },
    ...(cause !== undefined ? { cause } : {}),
  };
}

const DIAGNOSIS: Diagnosis = {
  cause: 'matching/filter-no-match-404',
  title: 'Answers 404 instead of an empty ListResponse when a filter matches nothing',
  severity: 'required',
  fix: 'Answer 200 with totalResults 0.',
  impact: 'Test Connection fails.',
  operations: ['create'],
  consequence: 'fails',
  spec: 'RFC 7644 §3.4.2',
  evidence: ['x-1', 'probe-1'],
};

function finding(evidence: string[]): Finding {
  return { check: 'protocol/filter-no-match-200', severity: 'required', title: 'Query answered 404', expected: '200', actual: '404', evidence, spec: 'RFC 7644 §3.4.2', fix: 'fix', scenarioId: 'users/x@entra' };
}

describe('RootCauseCollector: stand-alone exchanges that name a cause', () => {
  test('a finding citing a later Test Connection exchange named by the diagnosis joins its cause', () => {
    const collector = new RootCauseCollector();
    collector.addDiagnosis(DIAGNOSIS);
    collector.addExchange(exchange('x-1', DIAGNOSIS.cause));
    collector.addExchange(exchange('x-7', DIAGNOSIS.cause));
    const result = collector.build({ findings: [finding(['x-7'])], scenarios: [] });
    expect(result.rootCauses.map((cause) => cause.id)).toEqual(['matching/filter-no-match-404']);
    expect(result.findingCauses).toEqual(['matching/filter-no-match-404']);
    expect(result.rootCauses[0].occurrences.findings).toBe(1);
  });

  test('an exchange naming no cause changes nothing: the finding is its own cause', () => {
    const collector = new RootCauseCollector();
    collector.addExchange(exchange('x-7'));
    const result = collector.build({ findings: [finding(['x-7'])], scenarios: [] });
    expect(result.findingCauses).toEqual(['check/protocol/filter-no-match-200']);
  });
});
