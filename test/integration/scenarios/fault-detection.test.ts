/**
 * The suite fails where an endpoint is wrong, and only there: each fault switch of the bundled
 * server breaks one rule, and exactly the scenarios covering that rule must fail (in the
 * dialects the fault concerns), for the reason their expectations state.
 */
import { parseFaultSwitches, startScimServer } from '../../../examples/scim-server';
import { type ScenarioResult } from '../../../harness/contract/verdict';
import { runSuite } from './suite-helpers';

const BOTH = ['entra', 'entra-compliant'] as const;
const DISABLE_SCENARIOS = ['users/disable', 'users/re-enable', 'users/soft-delete-and-restore', 'users/unassign'];

interface FaultCase {
  readonly fault: string;
  /** Scenario ids that must fail; every other scenario must pass. */
  readonly failing: readonly string[];
  readonly dialects: readonly string[];
  /** The first failed expectation of the first failing scenario. */
  readonly because: RegExp;
}

const CASES: readonly FaultCase[] = [
  { fault: 'case-sensitive-filter', failing: ['users/case-insensitive-username', 'users/case-variant-username'], dialects: BOTH, because: /another case finds the user/ },
  {
    fault: 'filter-other-attribute',
    failing: ['users/case-insensitive-username', 'users/case-variant-username', 'users/create', 'users/match-existing', 'users/username-change', 'users/username-reuse-after-rename'],
    dialects: BOTH,
    because: /another case finds the user/,
  },
  { fault: 'id-from-username', failing: ['users/username-reuse-after-rename'], dialects: BOTH, because: /not refused or matched to Ada/ },
  { fault: 'uniqueness-after-delete', failing: ['users/rehire-after-delete'], dialects: BOTH, because: /re-hired user is created again/ },
  { fault: 'allow-duplicates', failing: ['groups/duplicate-create', 'users/duplicate-create'], dialects: BOTH, because: /409 uniqueness/ },
  { fault: 'ignore-active', failing: DISABLE_SCENARIOS, dialects: BOTH, because: /active false/ },
  { fault: 'soft-delete-404', failing: DISABLE_SCENARIOS, dialects: BOTH, because: /active false/ },
  // Only the default dialect sends booleans as "True"/"False" (docs/entra-behaviour.md#disable-enable, docs/entra-behaviour.md#patch-dialects);
  // probing names the refused part and the scenario leads with it (docs/diagnosis.md#probing).
  { fault: 'strict-booleans', failing: DISABLE_SCENARIOS, dialects: ['entra'], because: /The target accepts Entra's User PATCH request as Entra sends it/ },
  { fault: 'delete-200', failing: ['protocol/delete-twice'], dialects: BOTH, because: /first DELETE answers 204/ },
  { fault: 'numeric-error-status', failing: ['protocol/get-missing'], dialects: BOTH, because: /status "404"/ },
  { fault: 'ignore-excluded-members', failing: ['groups/rename'], dialects: BOTH, because: /rename is logged as an update/ },
  { fault: 'patch-no-atomic', failing: ['protocol/patch-atomicity'], dialects: BOTH, because: /first operation was not applied/ },
];

function failedRuns(scenarios: readonly ScenarioResult[]): string[] {
  return scenarios.filter((s) => s.status !== 'passed').map((s) => `${s.id}@${s.dialect}`).sort();
}

function firstFailure(scenarios: readonly ScenarioResult[]): string {
  const scenario = scenarios.find((s) => s.status === 'failed');
  return scenario?.expectations.find((e) => e.status === 'failed')?.title ?? '(none)';
}

describe('the built-in suite against a faulty bundled server', () => {
  it.each(CASES)('$fault fails exactly the scenarios covering that rule', async ({ fault, failing, dialects, because }) => {
    const server = await startScimServer({ port: 0, host: '127.0.0.1', token: 't', faults: parseFaultSwitches(fault, {}) });
    try {
      const { result } = await runSuite({ target: server.baseUrl, token: 't' });
      const expected = failing.flatMap((id) => dialects.map((d) => `${id}@${d}`)).sort();
      expect(failedRuns(result.verdict.scenarios)).toEqual(expected);
      expect(firstFailure(result.verdict.scenarios)).toMatch(because);
      expect(result.verdict.outcome).toBe('failed');
      expect(result.exitCode).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('filter-404 fails test connection and the empty filter, and the run would quarantine', async () => {
    const server = await startScimServer({ port: 0, host: '127.0.0.1', token: 't', faults: parseFaultSwitches('filter-404', {}) });
    try {
      const { result } = await runSuite({ target: server.baseUrl, token: 't', tag: ['protocol'] });
      const byId = (id: string): ScenarioResult[] => result.verdict.scenarios.filter((s) => s.id === id);
      expect(byId('protocol/test-connection')).toHaveLength(2);
      expect(byId('protocol/filter-missing-user')).toHaveLength(2);
      for (const scenario of byId('protocol/test-connection')) {
        expect(scenario.status).toBe('failed');
        expect(scenario.expectations.find((e) => e.status === 'failed')?.title).toBe('The job is not quarantined');
      }
      for (const scenario of byId('protocol/filter-missing-user')) {
        expect(scenario.status).toBe('failed');
        expect(scenario.expectations[0].actual).toContain('status 404');
      }
      expect(result.verdict.scenarios.filter((s) => s.id === 'protocol/discovery').map((s) => s.status)).toEqual(['passed', 'passed']);
      expect(result.verdict.outcome).toBe('quarantined');
      expect(result.exitCode).toBe(3);
    } finally {
      await server.close();
    }
  });
});
