/**
 * A target that loses what it acknowledged, end to end (docs/diagnosis.md#causes): the whole
 * suite, both dialects, against the bundled server with `drop-writes` on (every write answered
 * with success, nothing stored). The 404s on ids the server itself returned, the duplicate
 * creates it then accepts, the DELETEs that find nothing and the listings that lack the seeds are
 * one root cause, and every failed expectation of every failed scenario is attributed to it.
 */
import { describeCauses, runWithFaults } from '../../helpers/fault-diagnosis';

const LOST = 'lost/acknowledged-resource-lost';

describe('drop-writes: one root cause, the lost resources', () => {
  test('exactly one required root cause, named with its fix, explains every failed expectation', async () => {
    const run = await runWithFaults('drop-writes');
    const account = describeCauses(run);

    expect({ causes: run.rootCauses.map((cause) => cause.id), account }).toEqual({ causes: [LOST], account });
    const [cause] = run.rootCauses;
    expect(cause.severity).toBe('required');
    expect(cause.diagnosed).toBe(true);
    expect(cause.title).toMatch(/Loses resources it acknowledged creating: an id returned by a successful create later answers 404/);
    expect(cause.fix).toMatch(/Store the resource .* before answering/);
    expect(cause.evidence.length).toBeGreaterThan(0);

    expect(run.failedScenarios).toContain('users/disable@entra');
    // A premise that failed because the object was lost is the server's fault, not an inconclusive scenario.
    expect(run.verdict.scenarios.filter((result) => result.status === 'inconclusive').map((result) => `${result.id}@${result.dialect}`)).toEqual([]);
    for (const scenario of run.verdict.scenarios.filter((result) => result.status === 'failed')) {
      for (const expectation of scenario.expectations.filter((result) => result.status === 'failed')) {
        expect({ scenario: `${scenario.id}@${scenario.dialect}`, title: expectation.title, cause: expectation.cause }).toEqual({
          scenario: `${scenario.id}@${scenario.dialect}`,
          title: expectation.title,
          cause: LOST,
        });
      }
    }
  });
});
