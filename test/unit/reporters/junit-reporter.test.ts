import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createJunitReporter, JUNIT_REPORT_FILE, renderJunitXml } from '../../../reporters/junit-reporter';
import { type ScenarioResult } from '../../../harness/contract/verdict';
import { type RunSummary } from '../../../reporters/reporter';
import { buildFixtureRun, DIAGNOSIS_CONFLICT, HOSTILE_TEXT, INCONCLUSIVE_SCENARIO, reporterOptions, type FixtureOptions, type FixtureRun } from './fixtures';
import { findAll, parseXmlStrict, type XmlNode } from './xml-check';

interface Totals {
  tests: number;
  failures: number;
  skipped: number;
  errors: number;
}

function caseTotals(cases: readonly XmlNode[]): Totals {
  const has = (node: XmlNode, name: string): boolean => node.children.some((child) => child.name === name);
  return {
    tests: cases.length,
    failures: cases.filter((c) => has(c, 'failure')).length,
    skipped: cases.filter((c) => has(c, 'skipped')).length,
    errors: cases.filter((c) => has(c, 'error')).length,
  };
}

function attributeTotals(node: XmlNode): Totals {
  return {
    tests: Number(node.attributes.tests),
    failures: Number(node.attributes.failures),
    skipped: Number(node.attributes.skipped),
    errors: Number(node.attributes.errors),
  };
}

/** Parses strictly and checks that every count attribute agrees with the elements under it. */
function parseConsistent(xml: string): XmlNode {
  const root = parseXmlStrict(xml);
  expect(root.name).toBe('testsuites');
  const suites = root.children.filter((child) => child.name === 'testsuite');
  for (const suite of suites) {
    expect(attributeTotals(suite)).toEqual(caseTotals(suite.children.filter((child) => child.name === 'testcase')));
  }
  expect(attributeTotals(root)).toEqual(caseTotals(findAll(root, 'testcase')));
  return root;
}

describe('JUnit reporter', () => {
  const runs: FixtureRun[] = [];
  const summaryOf = (options?: FixtureOptions): RunSummary => {
    const run = buildFixtureRun(options);
    runs.push(run);
    return run.summary;
  };
  afterAll(() => runs.forEach((run) => run.remove()));

  it('writes junit.xml whose counts match the verdict', async () => {
    const run = buildFixtureRun();
    runs.push(run);
    await createJunitReporter(reporterOptions(run.outDir)).onRunEnd(run.summary);
    const root = parseConsistent(readFileSync(join(run.outDir, JUNIT_REPORT_FILE), 'utf8'));
    // 1 failed expectation + 1 required finding fail; 1 skipped and 1 blocked expectation are
    // skipped; advisory and recommended findings are below --fail-on required and pass.
    expect(attributeTotals(root)).toEqual({ tests: 8, failures: 2, skipped: 2, errors: 0 });
    expect(root.children.map((suite) => suite.attributes.name)).toEqual(['users/create [entra]', 'users/uniqueness [entra]', 'groups/membership [entra]', 'conformance-checks']);
  });

  it('makes each expectation a testcase of its scenario, the failure message led by its root cause, with expected, actual, spec and fix', () => {
    const root = parseConsistent(renderJunitXml(summaryOf()));
    const suite = root.children.find((child) => child.attributes.name === 'users/uniqueness [entra]');
    expect(suite?.attributes.time).toBe('2.100');
    const failed = suite?.children.find((child) => child.attributes.name === 'the second create returns 409 with scimType uniqueness');
    const failure = failed?.children.find((child) => child.name === 'failure');
    expect(failure?.attributes.message).toBe(`${DIAGNOSIS_CONFLICT.title} — expected 409 with scimType "uniqueness", got 409 without scimType`);
    expect(failure?.text).toContain(`Root cause: ${DIAGNOSIS_CONFLICT.title} (${DIAGNOSIS_CONFLICT.cause})`);
    expect(failure?.text).toContain(`Root cause fix: ${DIAGNOSIS_CONFLICT.fix}`);
    expect(failure?.text).toContain('Expected: 409 with scimType "uniqueness"');
    expect(failure?.text).toContain('Actual: 409 without scimType');
    expect(failure?.text).toContain('Spec: RFC 7644 §3.12');
    expect(failure?.text).toContain('Fix: Add "scimType": "uniqueness" to 409 error responses.');
    // The scenario's own finding on the same response names the same cause.
    const finding = suite?.children.find((child) => child.attributes.name === 'protocol/error-scim-type: 409 Conflict without scimType "uniqueness"');
    expect(finding?.children.find((child) => child.name === 'failure')?.attributes.message?.startsWith(`${DIAGNOSIS_CONFLICT.title} — [required] expected`)).toBe(true);
    const blocked = suite?.children.find((child) => child.attributes.name === 'the error body has a detail');
    expect(blocked?.children[0]).toMatchObject({ name: 'skipped', attributes: { message: `blocked by ${DIAGNOSIS_CONFLICT.title}: the previous expectation failed` } });
    const properties = findAll(suite as XmlNode, 'property').map((p) => [p.attributes.name, p.attributes.value]);
    expect(properties).toContainEqual(['spec', 'RFC 7644 §3.3']);
  });

  it('keeps findings without a scenario in conformance-checks, and hostile text well-formed', () => {
    const root = parseConsistent(renderJunitXml(summaryOf()));
    const checks = root.children.find((child) => child.attributes.name === 'conformance-checks') as XmlNode;
    expect(checks.children.filter((c) => c.name === 'testcase').map((c) => c.attributes.name)).toEqual([
      'schema/service-provider-config-etag: ServiceProviderConfig does not describe etag support',
      'protocol/error-body-json: Error response is not a SCIM error',
    ]);
    const output = findAll(checks, 'system-out').map((node) => node.text).join('\n');
    // The control character cannot be carried by XML 1.0: it is shown as \u0001; the rest is intact.
    expect(output).toContain(HOSTILE_TEXT.replace('\u0001', '\\u0001'));
  });

  it('opens with a failing "quarantine" testsuite stating the reason and fix when Entra would quarantine', () => {
    const root = parseConsistent(renderJunitXml(summaryOf({ quarantined: true })));
    const first = root.children[0];
    expect(first.attributes.name).toBe('quarantine');
    const failure = findAll(first, 'failure')[0];
    expect(failure.attributes.message).toBe(
      'Entra would quarantine the job: EncounteredEscrowProportionThreshold. Fix: Return 201 for creates and 409 with scimType "uniqueness" for duplicates.',
    );
    expect(failure.text).toContain('Why: More than 40% of provisioning operations failed.');
    expect(attributeTotals(root).failures).toBe(3);
  });

  it('skips an inconclusive scenario\'s expectations with the reason, never failing them', () => {
    const root = parseConsistent(renderJunitXml(summaryOf({ inconclusive: true })));
    const suite = root.children.find((child) => child.attributes.name === `${INCONCLUSIVE_SCENARIO.id} [entra]`) as XmlNode;
    expect(attributeTotals(suite)).toEqual({ tests: 1, failures: 0, skipped: 1, errors: 0 });
    expect(findAll(suite, 'skipped')[0].attributes.message).toBe(`inconclusive: ${INCONCLUSIVE_SCENARIO.inconclusiveReason ?? ''}`);
  });

  it('has no failure at all when the verdict passed', () => {
    const root = parseConsistent(renderJunitXml(summaryOf({ passing: true })));
    expect(attributeTotals(root).failures).toBe(0);
    expect(findAll(root, 'failure')).toHaveLength(0);
  });

  it('fails findings down to the run\'s --fail-on severity', () => {
    const base = summaryOf();
    const summary = { ...base, plan: { ...base.plan, settings: { ...base.plan.settings, failOn: 'recommended' } } };
    expect(attributeTotals(parseConsistent(renderJunitXml(summary))).failures).toBe(3);
  });

  it('skips baselined failures and fails baseline entries that no longer fail', () => {
    const base = summaryOf();
    const known = { ...base, verdict: { ...base.verdict, knownFailures: ['users/uniqueness'], fixedKnownFailures: ['old/check'] } };
    const root = parseConsistent(renderJunitXml(known));
    const uniqueness = root.children.find((child) => child.attributes.name === 'users/uniqueness [entra]') as XmlNode;
    expect(findAll(uniqueness, 'failure')).toHaveLength(0);
    expect(attributeTotals(uniqueness).skipped).toBe(3);
    const baseline = root.children[root.children.length - 1];
    expect(baseline.attributes.name).toBe('baseline');
    expect(findAll(baseline, 'failure')[0].attributes.message).toBe('the baseline lists old/check, but it no longer fails: remove it from the baseline file');
    expect(attributeTotals(root).failures).toBe(1);
  });

  describe('blocked, inconclusive and weighed expectations (docs/diagnosis.md#outcomes)', () => {
    const OUTCOMES: ScenarioResult = {
      id: 'users/outcomes',
      title: 'Outcomes',
      tags: ['users'],
      spec: 'RFC 7644 §3.5.2',
      dialect: 'entra',
      status: 'failed',
      durationMs: 10,
      expectations: [
        { title: 'a filter Entra never sends', status: 'failed', severity: 'advisory', expected: 'totalResults 1', actual: 'totalResults 0', evidence: ['ex-9'] },
        { title: 'the next raw request', status: 'blocked', expected: '', actual: '', skipReason: 'blocked: "a filter Entra never sends" failed before it', blockedBy: 'a filter Entra never sends', evidence: [] },
      ],
      findings: [],
    };
    const INCONCLUSIVE: ScenarioResult = {
      id: 'protocol/premise',
      title: 'Premise',
      tags: ['protocol'],
      spec: 'RFC 7644 §3.5.2',
      dialect: 'entra',
      status: 'inconclusive',
      inconclusiveReason: 'its premise did not hold: The PATCH is rejected with 400 (expected status 400, got status 200)',
      durationMs: 10,
      expectations: [
        { title: 'The PATCH is rejected with 400', status: 'inconclusive', expected: 'status 400', actual: 'status 200', skipReason: "the scenario's premise did not hold", evidence: ['ex-10'] },
        { title: 'The first operation was not applied either', status: 'inconclusive', expected: '', actual: '', skipReason: "not judged: the scenario's premise did not hold", evidence: [] },
      ],
      findings: [],
    };
    const withScenarios = (settings: Record<string, unknown>): RunSummary => {
      const base = summaryOf({ passing: true });
      return { ...base, plan: { ...base.plan, settings: { ...base.plan.settings, ...settings } }, verdict: { ...base.verdict, scenarios: [...base.verdict.scenarios, OUTCOMES, INCONCLUSIVE] } };
    };
    const suiteOf = (root: XmlNode, name: string): XmlNode => root.children.find((child) => child.attributes.name === name) as XmlNode;
    const caseOf = (suite: XmlNode, name: string): XmlNode => suite.children.find((child) => child.attributes.name === name) as XmlNode;

    it('skips blocked and inconclusive expectations with their reason, and passes a failure below --fail-on with its weight as output', () => {
      const root = parseConsistent(renderJunitXml(withScenarios({ failOn: 'required' })));
      const outcomes = suiteOf(root, 'users/outcomes [entra]');
      expect(findAll(outcomes, 'failure')).toHaveLength(0);
      expect(findAll(caseOf(outcomes, 'a filter Entra never sends'), 'system-out')[0].text).toBe('[advisory, below --fail-on required] expected totalResults 1, got totalResults 0');
      expect(findAll(caseOf(outcomes, 'the next raw request'), 'skipped')[0].attributes.message).toBe('blocked: "a filter Entra never sends" failed before it');
      const premise = suiteOf(root, 'protocol/premise [entra]');
      expect(findAll(premise, 'skipped').map((skipped) => skipped.attributes.message)).toEqual([
        'inconclusive: its premise did not hold: The PATCH is rejected with 400 (expected status 400, got status 200)',
        'inconclusive: its premise did not hold: The PATCH is rejected with 400 (expected status 400, got status 200)',
      ]);
      expect(attributeTotals(root).failures).toBe(0);
    });

    it('fails the advisory expectation under --fail-on advisory, and the first inconclusive one under --fail-on …,inconclusive', () => {
      const advisory = parseConsistent(renderJunitXml(withScenarios({ failOn: 'advisory' })));
      expect(findAll(suiteOf(advisory, 'users/outcomes [entra]'), 'failure')).toHaveLength(1);
      const inconclusive = parseConsistent(renderJunitXml(withScenarios({ failOn: 'required', failOnInconclusive: true })));
      const premise = suiteOf(inconclusive, 'protocol/premise [entra]');
      const failures = findAll(premise, 'failure');
      expect(failures).toHaveLength(1);
      expect(failures[0].attributes.type).toBe('inconclusive');
      expect(failures[0].attributes.message).toContain('(--fail-on inconclusive)');
      expect(findAll(premise, 'skipped')).toHaveLength(1);
    });
  });

  it('records an interrupted run as an error', () => {
    const base = summaryOf();
    const root = parseConsistent(renderJunitXml({ ...base, interrupted: true }));
    expect(attributeTotals(root).errors).toBe(1);
    expect(findAll(root, 'error')[0].attributes.type).toBe('interrupted');
  });
});

describe('the strict XML checker', () => {
  it.each([
    ['an unescaped ampersand', '<a>x & y</a>'],
    ['a raw control character', '<a>\u0001</a>'],
    ['a mismatched closing tag', '<a><b></a></b>'],
    ['a duplicate attribute', '<a x="1" x="2"/>'],
    ['a reference to a forbidden character', '<a>&#1;</a>'],
    ['text after the root', '<a/>trailing'],
    ['"<" in an attribute', '<a x="<"/>'],
  ])('rejects %s', (_name, xml) => {
    expect(() => parseXmlStrict(xml)).toThrow();
  });
});
