/**
 * Matching diagnosis end to end (docs/diagnosis.md#matching): the whole suite, both dialects,
 * against the bundled server with one fault switch on. Each fault must come out as exactly one
 * root cause that names it, with a specific fix, and every failed expectation of every failed
 * scenario attributed to it; with no fault, nothing.
 */
import { describeCauses, runWithFaults } from '../../helpers/fault-diagnosis';

interface Expected {
  readonly fault: string;
  readonly cause: string;
  /** What the title must say: the cause, not the symptom. */
  readonly title: RegExp;
  /** What the fix must say: the change, not "read the evidence". */
  readonly fix: RegExp;
  /** A scenario run the fault must fail (so the diagnosis is exercised, not vacuous). */
  readonly fails: string;
}

const CASES: readonly Expected[] = [
  { fault: 'case-sensitive-filter', cause: 'matching/filter-case-sensitive', title: /case-sensitively/, fix: /case-insensitively/, fails: 'users/case-variant-username@entra' },
  { fault: 'filter-other-attribute', cause: 'matching/filter-compares-other-attribute', title: /compares another attribute \(emails\.value\)/, fix: /compare userName itself/, fails: 'users/match-existing@entra' },
  { fault: 'id-from-username', cause: 'matching/id-derived-from-username', title: /ids are derived from the userName/, fix: /opaque id that is never reassigned/, fails: 'users/username-reuse-after-rename@entra' },
  { fault: 'uniqueness-after-delete', cause: 'matching/uniqueness-kept-after-delete', title: /Deleted users still count for userName uniqueness/, fix: /Release a deleted resource's userName/, fails: 'users/rehire-after-delete@entra-compliant' },
  { fault: 'allow-duplicates', cause: 'matching/duplicates-accepted', title: /already taken: no uniqueness check/, fix: /409 and scimType "uniqueness"/, fails: 'groups/duplicate-create@entra' },
  { fault: 'soft-delete-404', cause: 'matching/disabled-user-hidden', title: /Treats a disabled user as deleted/, fix: /active=false readable by id and findable by filter/, fails: 'users/re-enable@entra' },
  { fault: 'filter-404', cause: 'matching/filter-no-match-404', title: /404 instead of an empty ListResponse/, fix: /totalResults":0/, fails: 'protocol/filter-missing-user@entra' },
];

describe('matching faults: one root cause each, named with its fix', () => {
  test.each(CASES.map((expected) => [expected.fault, expected] as const))('%s', async (_fault, expected) => {
    const run = await runWithFaults(expected.fault);
    const account = describeCauses(run);

    expect({ causes: run.rootCauses.map((cause) => cause.id), account }).toEqual({ causes: [expected.cause], account });
    const [cause] = run.rootCauses;
    expect(cause.severity).toBe('required');
    expect(cause.diagnosed).toBe(true);
    expect(cause.title).toMatch(expected.title);
    expect(cause.fix).toMatch(expected.fix);
    expect(cause.evidence.length).toBeGreaterThan(0);

    expect(run.failedScenarios).toContain(expected.fails);
    for (const scenario of run.verdict.scenarios.filter((result) => result.status === 'failed')) {
      for (const expectation of scenario.expectations.filter((result) => result.status === 'failed')) {
        expect({ scenario: `${scenario.id}@${scenario.dialect}`, title: expectation.title, cause: expectation.cause }).toEqual({
          scenario: `${scenario.id}@${scenario.dialect}`,
          title: expectation.title,
          cause: expected.cause,
        });
      }
    }
  });

  test('with probing off (--no-probe) nothing is cross-checked: the 409s are grouped by what Entra logs', async () => {
    const run = await runWithFaults('uniqueness-after-delete', { settings: { probe: false } });
    expect(run.rootCauses.map((cause) => [cause.id, cause.diagnosed])).toEqual([['entry/create-user/SystemForCrossDomainIdentityManagementServiceIncompatibleFiltering/409/uniqueness', false]]);
  });

  test('no fault: no root cause and no failed scenario', async () => {
    const run = await runWithFaults('');
    expect(describeCauses(run)).toBe('(no root causes)');
    expect(run.failedScenarios).toEqual([]);
    expect(run.exitCode).toBe(0);
  });
});
