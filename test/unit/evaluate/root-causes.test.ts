/**
 * Attribution of a run's symptoms to root causes (harness/evaluate/root-causes.ts): each rule of
 * its order, counted once, and the collector left unchanged so a run can be judged again.
 */
import { type Exchange } from '../../../harness/contract/exchange';
import { type Finding } from '../../../harness/contract/finding';
import { type LogEntry } from '../../../harness/contract/log-entry';
import { type Diagnosis } from '../../../harness/contract/root-cause';
import { type ExpectationResult, type ScenarioResult } from '../../../harness/contract/verdict';
import { RootCauseCollector } from '../../../harness/evaluate/root-causes';

function exchange(id: string, status: number, body?: unknown, extra: Partial<Exchange> = {}): Exchange {
  return {
    id,
    startedAt: '2026-01-01T00:00:00.000Z',
    request: { method: 'POST', url: 'http://t/scim/Groups', headers: {} },
    response: { status, headers: {}, body, text: '', bytes: 0 },
    durationMs: 1,
    ...extra,
  };
}

function entry(options: { scenarioId?: string; status?: 'success' | 'failure'; exchanges: Exchange[]; operation?: LogEntry['harness']['operation']; type?: string }): LogEntry {
  const failed = (options.status ?? 'failure') === 'failure';
  return {
    provisioningAction: 'create',
    provisioningStatusInfo: {
      status: options.status ?? 'failure',
      ...(failed
        ? { errorInformation: { errorCode: 'SystemForCrossDomainIdentityManagementBadRequest', reason: 'StatusCode: BadRequest', recommendedAction: 'Send what the endpoint accepts.', additionalDetails: '', errorCategory: 'NonServiceFailure' } }
        : {}),
    },
    sourceIdentity: { id: 's1', displayName: 'x', identityType: options.type ?? 'Group', details: {} },
    harness: {
      ...(options.scenarioId ? { scenarioId: options.scenarioId } : {}),
      cycleNumber: 0,
      cycleKind: 'initial',
      isReferenceFailure: false,
      operation: options.operation ?? 'create',
      exchanges: options.exchanges,
    },
  } as unknown as LogEntry;
}

function diagnosis(cause: string, evidence: string[], extra: Partial<Diagnosis> = {}): Diagnosis {
  return {
    cause,
    title: `cause ${cause}`,
    severity: 'required',
    fix: 'fix',
    impact: 'impact',
    operations: ['create'],
    consequence: 'fails',
    spec: 'RFC 7643 §3',
    evidence,
    ...extra,
  };
}

function expectation(title: string, status: ExpectationResult['status'], evidence: string[] = [], extra: Partial<ExpectationResult> = {}): ExpectationResult {
  return { title, status, expected: 'e', actual: 'a', evidence, ...extra };
}

function scenario(id: string, dialect: string, expectations: ExpectationResult[]): ScenarioResult {
  const status = expectations.some((e) => e.status === 'failed') ? 'failed' : 'passed';
  return { id, title: id, tags: [], spec: 'spec', dialect, status, durationMs: 1, expectations, findings: [] };
}

function finding(check: string, evidence: string[], extra: Partial<Finding> = {}): Finding {
  return { check, severity: 'required', title: `${check} title`, expected: 'x', actual: 'y', evidence, spec: 'RFC', fix: 'fix it', ...extra };
}

describe('root cause attribution', () => {
  it('gives a failed expectation the cause a diagnosis named for the exchange it rests on, and blocked ones the same cause', () => {
    const collector = new RootCauseCollector();
    collector.addEntry(entry({ scenarioId: 'groups/a@entra', exchanges: [exchange('x1', 400, undefined, { cause: 'request/schema' })] }));
    collector.addDiagnosis(diagnosis('request/schema', ['x1', 'p1']));
    const result = collector.build({
      findings: [],
      scenarios: [scenario('groups/a', 'entra', [expectation('created', 'failed', ['x1']), expectation('members', 'blocked')])],
    });
    expect(result.rootCauses.map((cause) => cause.id)).toEqual(['request/schema']);
    const [cause] = result.rootCauses;
    expect(cause.diagnosed).toBe(true);
    expect(cause.occurrences).toMatchObject({ entries: 1, expectations: 1, findings: 0, count: 2, dialects: ['entra'], scenarios: ['groups/a'] });
    expect(cause.evidence.slice(0, 2)).toEqual(['x1', 'p1']);
    expect(result.scenarios[0].expectations.map((e) => e.cause)).toEqual(['request/schema', 'request/schema']);
  });

  it('folds one rejected request type across scenarios and dialects into one cause when no diagnosis named it', () => {
    const collector = new RootCauseCollector();
    const body = { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', scimType: 'invalidValue', detail: 'unknown schema' };
    collector.addEntry(entry({ scenarioId: 'groups/a@entra', exchanges: [exchange('a1', 400, body)] }));
    collector.addEntry(entry({ scenarioId: 'groups/b@entra-compliant', exchanges: [exchange('b1', 400, body)] }));
    const result = collector.build({
      findings: [],
      scenarios: [scenario('groups/a', 'entra', [expectation('created', 'failed', ['a1'])]), scenario('groups/b', 'entra-compliant', [expectation('created too', 'failed', ['b1'])])],
    });
    expect(result.rootCauses).toHaveLength(1);
    const [cause] = result.rootCauses;
    expect(cause.diagnosed).toBe(false);
    expect(cause.title).toContain('Create Group');
    expect(cause.title).toContain('HTTP 400 invalidValue');
    expect(cause.serverDetail).toBe('invalidValue: unknown schema');
    expect(cause.occurrences).toMatchObject({ expectations: 2, dialects: ['entra', 'entra-compliant'], scenarios: ['groups/a', 'groups/b'] });
  });

  it('does not count failed scenario entries no expectation failed on (scenarios provoke failures on purpose)', () => {
    const collector = new RootCauseCollector();
    collector.addEntry(entry({ scenarioId: 'users/duplicate-source@entra', exchanges: [exchange('d1', 409)] }));
    expect(collector.build({ findings: [], scenarios: [scenario('users/duplicate-source', 'entra', [expectation('fails as expected', 'passed', ['d1'])])] }).rootCauses).toEqual([]);
  });

  it('counts every failed entry of a sync, grouped by what Entra logs', () => {
    const collector = new RootCauseCollector();
    for (let index = 0; index < 3; index += 1) collector.addEntry(entry({ exchanges: [exchange(`s${index}`, 500)], type: 'User' }));
    const [cause] = collector.build({ findings: [], scenarios: [], attemptsByOperation: { create: 6 }, populationEstimate: 1000 }).rootCauses;
    expect(cause.occurrences.entries).toBe(3);
    // Half of the creates failed: half of a population of 1,000.
    expect(cause.projected).toEqual({ populationEstimate: 1000, entries: 500 });
  });

  it('gives an expectation on an exchange a check flagged the finding’s cause: one deviation, not two', () => {
    const collector = new RootCauseCollector();
    const result = collector.build({
      findings: [finding('protocol/create-status-201', ['c1', 'c2'], { scenarioId: 'users/duplicate-create' })],
      scenarios: [scenario('users/duplicate-create', 'entra', [expectation('created with 201', 'failed', ['c2'])])],
    });
    expect(result.rootCauses.map((cause) => cause.id)).toEqual(['check/protocol/create-status-201']);
    expect(result.rootCauses[0].occurrences).toMatchObject({ findings: 1, expectations: 1 });
    expect(result.findingCauses).toEqual(['check/protocol/create-status-201']);
  });

  it('attributes a finding on a diagnosed exchange to the diagnosis', () => {
    const collector = new RootCauseCollector();
    collector.addDiagnosis(diagnosis('request/ops', ['z1']));
    const result = collector.build({ findings: [finding('protocol/error-body', ['z1'])], scenarios: [] });
    expect(result.rootCauses.map((cause) => cause.id)).toEqual(['request/ops']);
  });

  it('counts an entry sent with a workaround as the cause’s, since Entra’s own request would fail', () => {
    const collector = new RootCauseCollector();
    collector.addDiagnosis(diagnosis('request/roles', ['r0']));
    collector.addEntry(entry({ status: 'success', scenarioId: 'users/create@entra', exchanges: [exchange('r1', 201, {}, { workaround: 'request/roles' })] }));
    const [cause] = collector.build({ findings: [], scenarios: [] }).rootCauses;
    expect(cause.occurrences.entries).toBe(1);
  });

  it('orders causes by severity, then by how often they occur', () => {
    const collector = new RootCauseCollector();
    const result = collector.build({
      findings: [
        finding('a/advisory', ['1'], { severity: 'advisory' }),
        finding('b/required', ['2']),
        finding('c/required', ['3'], { scenarioId: 's1' }),
        finding('c/required', ['4'], { scenarioId: 's2', actual: 'other' }),
      ],
      scenarios: [],
    });
    expect(result.rootCauses.map((cause) => cause.id)).toEqual(['check/c/required', 'check/b/required', 'check/a/advisory']);
  });

  it('judges the same collector twice to the same root causes', () => {
    const collector = new RootCauseCollector();
    collector.addDiagnosis(diagnosis('request/schema', ['x1']));
    const input = { findings: [finding('f', ['x1'])], scenarios: [scenario('s', 'entra', [expectation('e', 'failed', ['x1'])])] };
    const first = collector.build(input);
    const second = collector.build(input);
    expect(second.rootCauses).toEqual(first.rootCauses);
    expect(second.rootCauses[0].occurrences.count).toBe(2);
  });
});
