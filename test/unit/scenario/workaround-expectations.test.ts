/**
 * A scenario run that needed a workaround leads with one failed expectation per cause, naming
 * the cause and citing its proof, and keeps its own expectations as judged (docs/diagnosis.md#probing).
 */
import { type Diagnosis } from '../../../harness/contract/root-cause';
import { type ScenarioResult } from '../../../harness/contract/verdict';
import { type Workaround } from '../../../harness/diagnose/request-diagnoser';
import { withWorkarounds } from '../../../harness/scenario/workaround-expectations';

const diagnosis: Diagnosis = {
  cause: 'request/unknown-schema-uri-rejected',
  title: 'Rejects the schema URI "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group" that Entra lists in every Create Group request',
  severity: 'required',
  fix: 'Ignore schema URIs you do not implement.',
  impact: 'Every group create fails.',
  operations: ['create'],
  consequence: 'fails',
  spec: 'docs/entra-behaviour.md#groups',
  evidence: ['x-1', 'x-2', 'x-3'],
  workaround: 'resources are sent without the schema URIs outside RFC 7643 in "schemas"',
};

const workaround = (scope: string, request: string): Workaround => ({ cause: diagnosis.cause, scope, request, diagnosis, applies: () => true, apply: (r) => r });

const passedRun: ScenarioResult = {
  id: 'groups/rename',
  title: 'Rename a group',
  tags: [],
  spec: 'docs/entra-behaviour.md#groups',
  dialect: 'entra',
  status: 'passed',
  durationMs: 10,
  expectations: [{ title: 'The rename is logged as an update', status: 'passed', expected: 'update', actual: 'update', evidence: ['x-9'] }],
  findings: [],
};

describe('withWorkarounds', () => {
  it('leaves a run that needed no workaround as it was', () => {
    expect(withWorkarounds(passedRun, [])).toBe(passedRun);
  });

  it('leads with one failed expectation for the cause, then the run\'s own expectations as judged', () => {
    const result = withWorkarounds(passedRun, [{ workaround: workaround('/Groups', 'Create Group request'), firstExchange: 'x-7' }]);
    expect(result.status).toBe('failed');
    expect(result.workarounds).toEqual([diagnosis.cause]);
    expect(result.expectations.slice(1)).toEqual(passedRun.expectations);
    expect(result.expectations[0]).toMatchObject({
      title: "The target accepts Entra's Create Group request as Entra sends it",
      status: 'failed',
      cause: diagnosis.cause,
      severity: 'required',
      fix: diagnosis.fix,
      spec: diagnosis.spec,
      evidence: ['x-1', 'x-2', 'x-3', 'x-7'],
    });
    expect(result.expectations[0].actual).toContain(diagnosis.title);
    expect(result.expectations[0].actual).toContain(diagnosis.workaround);
  });

  it('says one cause once, however many places its workaround changed', () => {
    const result = withWorkarounds(passedRun, [
      { workaround: workaround('/Users', 'User PATCH request'), firstExchange: 'x-7' },
      { workaround: workaround('/Groups', 'Group PATCH request'), firstExchange: 'x-8' },
    ]);
    expect(result.expectations.filter((expectation) => expectation.status === 'failed')).toHaveLength(1);
    expect(result.expectations[0].title).toBe("The target accepts Entra's User PATCH request as Entra sends it");
    expect(result.workarounds).toEqual([diagnosis.cause]);
  });
});
