/**
 * The bundled server with no fault on, whole suite, both dialects: nothing to diagnose — no root
 * cause, no failed, blocked or inconclusive outcome — and the run passes.
 */
import { describeCauses, runWithFaults } from '../../helpers/fault-diagnosis';

describe('no fault', () => {
  it('yields zero root causes and no failed or inconclusive scenario in either dialect', async () => {
    const run = await runWithFaults('');
    expect(describeCauses(run)).toBe('(no root causes)');
    expect(run.verdict.counts.rootCauses?.total).toBe(0);
    expect(new Set(run.verdict.scenarios.map((scenario) => scenario.dialect))).toEqual(new Set(['entra', 'entra-compliant']));
    const notPassed = run.verdict.scenarios.filter((scenario) => scenario.status !== 'passed').map((scenario) => `${scenario.id}@${scenario.dialect}: ${scenario.status}`);
    expect(notPassed).toEqual([]);
    expect(run.verdict.counts.expectations.blocked).toBe(0);
    expect(run.verdict.counts.expectations.inconclusive).toBe(0);
    expect(run.verdict.findings).toEqual([]);
    expect(run.exitCode).toBe(0);
  }, 60_000);
});
