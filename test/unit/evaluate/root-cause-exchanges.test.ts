/**
 * A stand-alone exchange that names its cause — Entra's Test Connection, inspected and worked
 * around like an entry's requests (docs/diagnosis.md#probing) — takes the findings citing it to
 * that cause instead of a cause of their own.
 */
import { type Exchange } from '../../../harness/contract/exchange';
import { type Finding } from '../../../harness/contract/finding';
import { type Diagnosis } from '../../../harness/contract/root-cause';
import { RootCauseCollector } from '../../../harness/evaluate/root-causes';

const diagnosis: Diagnosis = {
  cause: 'request/plus-in-query-misread',
  title: 'Reads "+" in the query string as a plus sign',
  severity: 'required',
  fix: 'Decode the query string as form encoding.',
  impact: 'Nothing is provisioned.',
  operations: ['create'],
  consequence: 'fails',
  spec: 'docs/entra-behaviour.md#match-query-encoding',
  evidence: ['x-1', 'x-2'],
};

/** Test Connection's /Groups query: refused and probed on its own, so the recorded diagnosis (from /Users) does not cite it. */
const groupsProbe: Exchange = {
  id: 'x-7',
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1,
  request: { method: 'GET', url: 'http://127.0.0.1:9/scim/v2/Groups?filter=displayName+eq+%22x%22', headers: {} },
  response: { status: 400, headers: {}, text: '', bytes: 0 },
  cause: diagnosis.cause,
};

const finding: Finding = {
  check: 'protocol/entra-filter-supported',
  severity: 'required',
  title: 'Query Entra uses for matching was rejected',
  expected: '200',
  actual: '400',
  evidence: ['x-7'],
  spec: 'RFC 7644 §3.4.2.2',
  fix: 'Support the filter.',
};

describe('RootCauseCollector.addExchange', () => {
  it('attributes a finding on a stand-alone exchange to the cause the exchange names', () => {
    const collector = new RootCauseCollector();
    collector.addDiagnosis(diagnosis);
    collector.addExchange(groupsProbe);
    const result = collector.build({ findings: [finding], scenarios: [] });
    expect(result.findingCauses).toEqual([diagnosis.cause]);
    expect(result.rootCauses.map((cause) => cause.id)).toEqual([diagnosis.cause]);
  });

  it('leaves the finding its own cause when the exchange was not seen', () => {
    const collector = new RootCauseCollector();
    collector.addDiagnosis(diagnosis);
    const result = collector.build({ findings: [finding], scenarios: [] });
    expect(result.findingCauses).toEqual(['check/protocol/entra-filter-supported']);
  });

  it('keeps nothing for an exchange that names no cause', () => {
    const collector = new RootCauseCollector();
    collector.addExchange({ ...groupsProbe, cause: undefined });
    expect(collector.build({ findings: [finding], scenarios: [] }).findingCauses).toEqual(['check/protocol/entra-filter-supported']);
  });
});
