/**
 * The built-in suite against the bundled server with no fault switch: the server is correct by
 * default, so every scenario must pass in both dialects, and the run must leave nothing behind.
 */
import { loadBuiltInScenarios } from '../../../harness/scenario/load-scenarios';
import { startScimServer, type RunningScimServer } from '../../../examples/scim-server';
import { describeProblems, runSuite, type CapturedRun } from './suite-helpers';

const TOKEN = 'suite-token';

describe('the built-in suite against the bundled server', () => {
  let server: RunningScimServer;
  let run: CapturedRun;

  beforeAll(async () => {
    server = await startScimServer({ port: 0, host: '127.0.0.1', token: TOKEN, recordRequests: true });
    run = await runSuite({ target: server.baseUrl, token: TOKEN });
  }, 60_000);

  afterAll(async () => {
    await server.close();
  });

  it('runs every built-in scenario in both dialects', () => {
    const expected = loadBuiltInScenarios().flatMap((s) => (s.dialects ?? ['entra', 'entra-compliant']).map((d) => `${s.id}@${d}`)).sort();
    const ran = run.result.verdict.scenarios.map((s) => `${s.id}@${s.dialect}`).sort();
    expect(ran).toEqual(expected);
    expect(new Set(run.result.verdict.scenarios.map((s) => s.dialect))).toEqual(new Set(['entra', 'entra-compliant']));
  });

  it('passes every scenario with no failed or skipped expectation', () => {
    const scenarios = run.result.verdict.scenarios;
    const problems = describeProblems(scenarios);
    expect(problems).toBe('');
    expect(scenarios.every((s) => s.status === 'passed')).toBe(true);
    expect(scenarios.every((s) => s.expectations.length > 0)).toBe(true);
  });

  it('users/clear-attributes passes in both dialects: no Remove is sent and the target keeps the stale value (docs/entra-behaviour.md#attribute-clearing)', () => {
    const clear = run.result.verdict.scenarios.filter((s) => s.id === 'users/clear-attributes');
    expect(clear.map((s) => [s.dialect, s.status]).sort()).toEqual([
      ['entra', 'passed'],
      ['entra-compliant', 'passed'],
    ]);
    for (const scenario of clear) expect(scenario.expectations.find((e) => e.title.includes('stale values'))?.status).toBe('passed');
    // Only memberships and the manager are ever removed; a cleared attribute never is.
    const removes = server.requests
      .filter((request) => request.method === 'PATCH')
      .flatMap((request) => ((request.body as { Operations?: { op: string; path?: string }[] }).Operations ?? []).filter((o) => o.op.toLowerCase() === 'remove'))
      .filter((o) => !(o.path ?? '').startsWith('members'));
    expect(removes).toEqual([]);
  });

  it('judges the run passed with exit code 0', () => {
    const { verdict, exitCode } = run.result;
    const requiredFindings = verdict.findings.filter((f) => f.severity === 'required').map((f) => `${f.check}: ${f.title} (${f.actual})`);
    expect({ outcome: verdict.outcome, requiredFindings }).toEqual({ outcome: 'passed', requiredFindings: [] });
    expect(verdict.headline).toMatch(/^PASSED/);
    expect(verdict.quarantine.wouldQuarantine).toBe(false);
    expect(exitCode).toBe(0);
  });

  it('leaves no user and no group in the target', () => {
    const leftovers = [...server.store.listUsers().map((u) => `user ${String(u.userName)}`), ...server.store.listGroups().map((g) => `group ${String(g.displayName)}`)];
    expect(leftovers).toEqual([]);
    expect(run.stderr).not.toMatch(/cleanup could not remove/i);
  });
});
