/**
 * Read-back diagnosis end to end (docs/diagnosis.md#read-back): the whole suite, both dialects,
 * against the bundled server with one read-back fault on. Each fault is exactly one root cause,
 * established by the harness (not grouped by symptom), titled by the cause, with its own fix, and
 * every failed expectation of every failed scenario is attributed to it. With no fault: none.
 */
import { describeCauses, runWithFaults } from '../../helpers/fault-diagnosis';

interface ReadBackCase {
  readonly fault: string;
  readonly cause: string;
  readonly title: RegExp;
  readonly fix: RegExp;
}

const CASES: readonly ReadBackCase[] = [
  { fault: 'literal-dotted-keys', cause: 'read-back/literal-path-keys', title: /"name\.givenName" as a literal top-level key/, fix: /"name\.givenName" sets givenName inside name/ },
  { fault: 'split-extension-urn', cause: 'read-back/extension-urn-split-at-dot', title: /Splits URN-qualified PATCH paths at the dot in "2\.0"/, fix: /the "\." of "2\.0" belongs to the URN/ },
  { fault: 'store-string-booleans', cause: 'read-back/string-booleans-stored', title: /Stores the "True"\/"False" strings .* as strings/, fix: /Convert "True"\/"False" .* to JSON true\/false/ },
  { fault: 'ignore-capitalised-group-ops', cause: 'read-back/capitalised-op-ignored', title: /PATCH operations written "Add", "Replace" or "Remove" but does not apply them/, fix: /Compare PATCH op names case-insensitively/ },
  { fault: 'members-never-returned', cause: 'read-back/members-not-returned', title: /Stores group members but does not return them/, fix: /Return members in group representations/ },
  { fault: 'manager-as-string', cause: 'read-back/manager-as-string', title: /Returns the enterprise manager as a bare id string/, fix: /Return manager as an object/ },
  { fault: 'ignore-active', cause: 'read-back/write-dropped/active', title: /^Accepts a PATCH of active but does not store it$/, fix: /active included, or reject the operation with 400/ },
];

const GENERIC_FIX = /^(Apply every operation of a successful PATCH|Return Users with id, userName|Keep users with active=false|See the evidence)/;

describe('read-back faults: one root cause each, named by the harness', () => {
  test.each(CASES)('$fault → $cause', async ({ fault, cause, title, fix }) => {
    const run = await runWithFaults(fault);
    expect({ causes: run.rootCauses.map((found) => found.id), described: describeCauses(run) }).toEqual({ causes: [cause], described: expect.any(String) });
    const [found] = run.rootCauses;
    expect(found.severity).toBe('required');
    expect(found.diagnosed).toBe(true);
    expect(found.title).toMatch(title);
    expect(found.fix).toMatch(fix);
    expect(found.fix).not.toMatch(GENERIC_FIX);
    expect(found.evidence.length).toBeGreaterThan(0);
    expect(found.occurrences.count).toBeGreaterThan(0);
    expect(run.exitCode).not.toBe(0);
    for (const scenario of run.verdict.scenarios.filter((result) => result.status === 'failed')) {
      for (const expectation of scenario.expectations.filter((result) => result.status === 'failed')) {
        expect({ run: `${scenario.id}@${scenario.dialect}`, title: expectation.title, cause: expectation.cause }).toEqual({ run: `${scenario.id}@${scenario.dialect}`, title: expectation.title, cause });
      }
    }
  }, 120_000);

  test('with no fault on, the suite has no root cause and no failed scenario', async () => {
    const run = await runWithFaults('');
    expect(describeCauses(run)).toBe('(no root causes)');
    expect(run.failedScenarios).toEqual([]);
    expect(run.exitCode).toBe(0);
  }, 120_000);
});
