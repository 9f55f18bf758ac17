/**
 * junit.xml for CI systems: a scenario run is a <testsuite>, each expectation a <testcase> whose
 * classname is "<dialect>.<scenario id>" (so a dashboard keeps the two dialect runs of a scenario
 * apart) and whose time is the expectation's own. Findings become test cases too, each once (in
 * the first run of its scenario it was seen in, or in "conformance-checks" when no scenario owns
 * it), quarantine opens the file as a failing suite, and the counts agree with the verdict: a run
 * that passes has no <failure>, a run that fails has at least one. A failure's message starts with
 * the title of its root cause (docs/diagnosis.md#root-causes), so a CI dashboard groups the
 * failures one cause explains; a blocked or inconclusive expectation is <skipped> with its reason.
 */
import { type Finding, type Severity } from '../harness/contract/finding';
import { type RootCause } from '../harness/contract/root-cause';
import { type ExpectationResult, type ScenarioResult, type Verdict } from '../harness/contract/verdict';
import { evidenceBanner } from '../harness/log/evidence';
import { type RfcResult, type RfcVerdict } from '../harness/contract/rfc';
import { rfcScoreOf } from './format/rfc-score';
import { firstLine } from './format/first-line';
import { formatSeconds } from '../harness/text/numbers';
import { describeOccurrences, entryVerdictLine, expectationGates, failOnSeverity, failsOnInconclusive, findingDialects, findingDisposition, findingsOfScenarioRun, groupFindingsByScenario, quarantineLines } from './format/summary';
import { causesById, notJudgedNote } from './format/root-causes';
import { element, renderXmlDocument, type XmlElement } from './format/xml';
import { writeReportFile } from './output-file';
import { type Reporter, type RunSummary } from './reporter';
import { type ReporterOptions } from './reporter-options';

export const JUNIT_REPORT_FILE = 'junit.xml';
export const QUARANTINE_SUITE = 'quarantine';
export const CONFORMANCE_SUITE = 'conformance-checks';
export const BASELINE_SUITE = 'baseline';
export const RUN_SUITE = 'run';
export const ENTRIES_SUITE = 'entries';
export const EVIDENCE_SUITE = 'evidence';
/** RFC conformance suites are named "rfc <section>", one per section (docs/rfc-coverage.md). */
export const RFC_SUITE_PREFIX = 'rfc';

type CaseOutcome =
  | { readonly kind: 'passed'; readonly output?: string }
  | { readonly kind: 'failed'; readonly message: string; readonly type: string; readonly body: string }
  | { readonly kind: 'skipped'; readonly message: string }
  | { readonly kind: 'error'; readonly message: string; readonly type: string; readonly body: string };

interface TestCase {
  readonly classname: string;
  readonly name: string;
  readonly timeMs?: number;
  readonly outcome: CaseOutcome;
}

interface TestSuite {
  readonly name: string;
  readonly timeMs: number;
  readonly timestamp?: string;
  readonly properties?: Readonly<Record<string, string>>;
  readonly cases: readonly TestCase[];
}

const MESSAGE_LENGTH = 300;

function detailBody(fields: readonly (readonly [string, string | undefined])[]): string {
  return fields
    .filter((field): field is readonly [string, string] => field[1] !== undefined && field[1] !== '')
    .map(([label, value]) => `${label}: ${value}`)
    .join('\n');
}

/** "entra.users/disable": the dialect first, so dashboards that split classnames on "." group by dialect. */
export function scenarioClassname(scenario: Pick<ScenarioResult, 'id' | 'dialect'>): string {
  return `${scenario.dialect}.${scenario.id}`;
}

/** "<root cause title> — " before a failure's own words, when the verdict names its cause. */
function causePrefix(cause: RootCause | undefined): string {
  return cause ? `${firstLine(cause.title, MESSAGE_LENGTH)} — ` : '';
}

function causeFields(cause: RootCause | undefined): (readonly [string, string | undefined])[] {
  return cause ? [['Root cause', `${cause.title} (${cause.id})`], ['Root cause fix', cause.fix]] : [];
}

/** How a scenario run's expectations count for the gate, as the verdict judged them. */
interface ScenarioGate {
  readonly known: boolean;
  readonly failOn: Severity;
  /** --fail-on …,inconclusive: the scenario's first inconclusive expectation is its failure. */
  readonly inconclusiveFails: boolean;
  readonly causes: ReadonlyMap<string, RootCause>;
}

function expectationCase(scenario: ScenarioResult, expectation: ExpectationResult, gate: ScenarioGate, firstInconclusive: boolean): TestCase {
  const base = { classname: scenarioClassname(scenario), name: expectation.title, timeMs: expectation.durationMs };
  const seen = `expected ${firstLine(expectation.expected, MESSAGE_LENGTH)}, got ${firstLine(expectation.actual, MESSAGE_LENGTH)}`;
  switch (expectation.status) {
    case 'passed':
      return { ...base, outcome: { kind: 'passed' } };
    case 'skipped':
      return { ...base, outcome: { kind: 'skipped', message: expectation.skipReason ?? 'skipped: a prerequisite did not pass' } };
    case 'blocked':
      // Neither a failure nor a pass (docs/diagnosis.md#outcomes): the failure that blocked it is its own case.
      return { ...base, outcome: { kind: 'skipped', message: firstLine(notJudgedNote(expectation, gate.causes), MESSAGE_LENGTH) } };
    case 'inconclusive': {
      // The scenario's reason names the premise that did not hold; every expectation it left unjudged says so.
      const reason = `inconclusive: ${firstLine(scenario.inconclusiveReason ?? expectation.skipReason ?? 'the scenario could not be judged', MESSAGE_LENGTH)}`;
      if (gate.inconclusiveFails && firstInconclusive && !gate.known) {
        return { ...base, outcome: { kind: 'failed', type: 'inconclusive', message: `${reason} (--fail-on inconclusive)`, body: detailBody([['Reason', scenario.inconclusiveReason ?? expectation.skipReason], ['Spec', expectation.spec ?? scenario.spec], ['Evidence', expectation.evidence.join(', ')]]) } };
      }
      return { ...base, outcome: { kind: 'skipped', message: reason } };
    }
    case 'failed':
      break;
  }
  const cause = expectation.cause !== undefined ? gate.causes.get(expectation.cause) : undefined;
  const observed = `${causePrefix(cause)}${seen}`;
  if (gate.known) {
    return { ...base, outcome: { kind: 'skipped', message: `known failure (baseline lists ${scenario.id}): ${observed}` } };
  }
  if (!expectationGates(expectation.severity, gate.failOn)) {
    // Below --fail-on, as a finding below it: shown, never a failure of the run.
    const severity = expectation.severity ?? 'required';
    return { ...base, outcome: { kind: 'passed', output: `[${severity}, below --fail-on ${gate.failOn}] ${observed}` } };
  }
  return {
    ...base,
    outcome: {
      kind: 'failed',
      type: 'expectation',
      message: observed,
      body: detailBody([
        ...causeFields(cause),
        ['Expected', expectation.expected],
        ['Actual', expectation.actual],
        ['Spec', expectation.spec ?? scenario.spec],
        ['Fix', expectation.fix],
        ['Evidence', expectation.evidence.join(', ')],
      ]),
    },
  };
}

function findingBody(finding: Finding, cause: RootCause | undefined): string {
  return detailBody([
    ...causeFields(cause),
    ['Severity', finding.severity],
    ['Check', finding.check],
    ['Expected', finding.expected],
    ['Actual', finding.actual],
    ['Spec', finding.spec],
    ['Fix', finding.fix],
    ['Scenario', finding.scenarioId],
    ['Seen in', describeOccurrences(finding) ?? undefined],
    ['Evidence', finding.evidence.join(', ')],
  ]);
}

function findingCase(classname: string, finding: Finding, verdict: Verdict, failOn: Severity, causes: ReadonlyMap<string, RootCause>): TestCase {
  const dialects = findingDialects(finding);
  const where = dialects.length > 1 ? ` [${dialects.join(', ')}]` : '';
  const base = { classname, name: `${finding.check}: ${finding.title}${where}` };
  const cause = finding.cause !== undefined ? causes.get(finding.cause) : undefined;
  switch (findingDisposition(finding, verdict, failOn)) {
    case 'known':
      return { ...base, outcome: { kind: 'skipped', message: `known failure (baseline): ${causePrefix(cause)}${firstLine(finding.actual, MESSAGE_LENGTH)}` } };
    case 'belowThreshold':
      // Below --fail-on the finding does not fail the run; CI still shows it, as passed output.
      return { ...base, outcome: { kind: 'passed', output: `[${finding.severity}, below --fail-on ${failOn}]\n${findingBody(finding, cause)}` } };
    case 'failing':
      return {
        ...base,
        outcome: {
          kind: 'failed',
          type: finding.severity,
          message: `${causePrefix(cause)}[${finding.severity}] expected ${firstLine(finding.expected, MESSAGE_LENGTH)}, got ${firstLine(finding.actual, MESSAGE_LENGTH)} (${finding.spec})`,
          body: findingBody(finding, cause),
        },
      };
  }
}

function scenarioCases(scenario: ScenarioResult, findings: readonly Finding[], verdict: Verdict, failOn: Severity, inconclusiveFails: boolean, causes: ReadonlyMap<string, RootCause>): TestCase[] {
  const known = verdict.knownFailures.includes(scenario.id);
  const gate: ScenarioGate = { known, failOn, inconclusiveFails, causes };
  const firstInconclusive = scenario.expectations.find((expectation) => expectation.status === 'inconclusive');
  const cases = scenario.expectations.map((expectation) => expectationCase(scenario, expectation, gate, expectation === firstInconclusive));
  cases.push(...findings.map((finding) => findingCase(scenarioClassname(scenario), finding, verdict, failOn, causes)));
  if (cases.length > 0) return cases;
  // A scenario with nothing to list still shows its own status.
  const base = { classname: scenarioClassname(scenario), name: scenario.title, timeMs: scenario.durationMs };
  if (scenario.status === 'skipped') return [{ ...base, outcome: { kind: 'skipped', message: 'scenario skipped' } }];
  if (scenario.status === 'failed' && !known) {
    return [{ ...base, outcome: { kind: 'failed', type: 'scenario', message: 'scenario failed', body: `Spec: ${scenario.spec}` } }];
  }
  if (scenario.status === 'failed') return [{ ...base, outcome: { kind: 'skipped', message: 'known failure (baseline)' } }];
  if (scenario.status === 'inconclusive') {
    const reason = `inconclusive: ${firstLine(scenario.inconclusiveReason ?? 'the scenario could not be judged', MESSAGE_LENGTH)}`;
    return [{ ...base, outcome: inconclusiveFails && !known ? { kind: 'failed', type: 'inconclusive', message: `${reason} (--fail-on inconclusive)`, body: `Spec: ${scenario.spec}` } : { kind: 'skipped', message: reason } }];
  }
  return [{ ...base, timeMs: scenario.durationMs, outcome: { kind: 'passed' } }];
}

export function buildJunitSuites(summary: RunSummary): TestSuite[] {
  const { verdict } = summary;
  const failOn = failOnSeverity(summary.plan);
  const causes = causesById(verdict);
  const inconclusiveFails = failsOnInconclusive(summary.plan);
  const suites: TestSuite[] = [];
  // First of all: results regenerated from a log that does not verify are not evidence.
  const banner = evidenceBanner(summary.evidence);
  if (banner && summary.evidence) {
    suites.push({
      name: EVIDENCE_SUITE,
      timeMs: 0,
      cases: [
        {
          classname: EVIDENCE_SUITE,
          name: 'run.ndjson verifies: hash chain intact, end recorded, head anchored',
          outcome: { kind: 'failed', type: `evidence-${summary.evidence.state}`, message: firstLine(banner, MESSAGE_LENGTH * 2), body: [banner, ...summary.evidence.details].join('\n') },
        },
      ],
    });
  }
  const quarantine = verdict.quarantine;
  if (quarantine.wouldQuarantine) {
    const reason = quarantine.reason ?? 'Unknown';
    suites.push({
      name: QUARANTINE_SUITE,
      timeMs: 0,
      cases: [
        {
          classname: QUARANTINE_SUITE,
          name: 'Entra would not quarantine the provisioning job',
          outcome: {
            kind: 'failed',
            type: reason,
            message: `Entra would quarantine the job: ${reason}${quarantine.fix ? `. Fix: ${firstLine(quarantine.fix, MESSAGE_LENGTH)}` : ''}`,
            body: quarantineLines(quarantine).join('\n'),
          },
        },
      ],
    });
  }
  if (summary.interrupted) {
    suites.push({
      name: RUN_SUITE,
      timeMs: summary.stats.wallTimeMs,
      cases: [
        {
          classname: RUN_SUITE,
          name: 'the run completed',
          outcome: { kind: 'error', type: 'interrupted', message: 'The run was interrupted before every scenario ran', body: verdict.headline },
        },
      ],
    });
  }
  if (verdict.entries) {
    const entries = verdict.entries;
    const line = entryVerdictLine(verdict) ?? '';
    suites.push({
      name: ENTRIES_SUITE,
      timeMs: summary.stats.wallTimeMs,
      cases: [
        {
          classname: ENTRIES_SUITE,
          name: `failed entries within --max-failures ${entries.maxFailures}`,
          timeMs: summary.stats.wallTimeMs,
          outcome: entries.exceeded
            ? { kind: 'failed', type: 'EntryLevelErrors', message: line, body: line }
            : { kind: 'passed', ...(entries.failed > 0 ? { output: line } : {}) },
        },
      ],
    });
  }
  if (verdict.outcome === 'unreachable') {
    // A dead or stalled target ran few or no scenarios: CI must still see the run as an error.
    suites.push({
      name: RUN_SUITE,
      timeMs: summary.stats.wallTimeMs,
      cases: [
        {
          classname: RUN_SUITE,
          name: 'the target answered',
          outcome: { kind: 'error', type: verdict.stop?.kind ?? 'unreachable', message: firstLine(verdict.headline, MESSAGE_LENGTH), body: verdict.headline },
        },
      ],
    });
  }
  const grouped = groupFindingsByScenario(verdict);
  // Each finding is listed once: in the first run of its scenario whose dialect it was seen in.
  const placed = new Set<Finding>();
  for (const scenario of verdict.scenarios) {
    const own = findingsOfScenarioRun(grouped, scenario).filter((finding) => !placed.has(finding));
    for (const finding of own) placed.add(finding);
    suites.push({
      // Every scenario runs once per dialect: the suite name tells the two runs apart.
      name: `${scenario.id} [${scenario.dialect}]`,
      timeMs: scenario.durationMs,
      ...(scenario.startedAt ? { timestamp: scenario.startedAt } : {}),
      properties: { title: scenario.title, spec: scenario.spec, tags: scenario.tags.join(','), dialect: scenario.dialect, status: scenario.status },
      cases: scenarioCases(scenario, own, verdict, failOn, inconclusiveFails, causes),
    });
  }
  // A finding of a scenario run none of whose dialects it names still appears once.
  const stray = [...grouped.byScenario.values()].flat().filter((finding) => !placed.has(finding));
  const unassigned = [...stray, ...grouped.unassigned];
  if (unassigned.length > 0) {
    suites.push({
      name: CONFORMANCE_SUITE,
      timeMs: 0,
      cases: unassigned.map((finding) => findingCase(CONFORMANCE_SUITE, finding, verdict, failOn, causes)),
    });
  }
  const rfc = rfcScoreOf(verdict);
  if (rfc) suites.push(...rfcSuites(rfc));
  if (verdict.fixedKnownFailures.length > 0) {
    suites.push({
      name: BASELINE_SUITE,
      timeMs: 0,
      cases: verdict.fixedKnownFailures.map((item) => ({
        classname: BASELINE_SUITE,
        name: `baseline entry ${item} is still needed`,
        outcome: {
          kind: 'failed',
          type: 'baseline',
          message: `the baseline lists ${item}, but it no longer fails: remove it from the baseline file`,
          body: `Baseline entries must shrink as failures are fixed, so a fixed entry fails the run until it is removed.`,
        },
      })),
    });
  }
  return suites;
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { required: 3, recommended: 2, advisory: 1 };

/**
 * One suite per RFC section, a case per probe (classname "rfc.<family>"). A failed probe is a
 * <failure> only when it fails the run (`--fail-on rfc:…`), as a finding below --fail-on is not:
 * a run that passes has no <failure>.
 */
function rfcSuites(rfc: RfcVerdict): TestSuite[] {
  const sections = new Map<string, RfcResult[]>();
  for (const result of rfc.results) sections.set(result.section, [...(sections.get(result.section) ?? []), result]);
  return rfc.sections.map((section) => ({
    name: `${RFC_SUITE_PREFIX} ${section.section}`,
    timeMs: (sections.get(section.section) ?? []).reduce((sum, result) => sum + (result.durationMs ?? 0), 0),
    properties: { score: 'RFC conformance', section: section.section },
    cases: (sections.get(section.section) ?? []).map(rfcCase(rfc)),
  }));
}

function rfcCase(rfc: RfcVerdict): (result: RfcResult) => TestCase {
  return (result) => {
    const classname = `rfc.${result.id.split('/')[1] ?? 'probe'}`;
    const name = `${result.id}: ${result.title}`;
    const base = { classname, name, ...(result.durationMs !== undefined ? { timeMs: result.durationMs } : {}) };
    const body = detailBody([
      ['Requirement', `${result.section} (${result.keyword})`],
      ['Expected', result.expected],
      ['Actual', result.actual],
      ['Fix', result.fix],
      ['Evidence', result.evidence.join(', ')],
    ]);
    switch (result.status) {
      case 'passed':
        return { ...base, outcome: { kind: 'passed' } };
      case 'not-supported':
      case 'skipped':
        return { ...base, outcome: { kind: 'skipped', message: `${result.status}: ${result.reason ?? ''}` } };
      case 'failed': {
        const gating = rfc.failOn !== undefined && SEVERITY_RANK[result.severity] >= SEVERITY_RANK[rfc.failOn];
        if (!gating) {
          const why = rfc.failOn !== undefined ? `below --fail-on rfc:${rfc.failOn}` : 'the RFC score does not gate this run';
          return { ...base, outcome: { kind: 'passed', output: `failed (${result.severity}; ${why})\n${body}` } };
        }
        return { ...base, outcome: { kind: 'failed', type: `rfc-${result.severity}`, message: firstLine(`${result.severity}: ${result.actual}`, MESSAGE_LENGTH), body } };
      }
    }
  };
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function countCases(cases: readonly TestCase[]): Counts {
  const counts: Counts = { tests: cases.length, failures: 0, errors: 0, skipped: 0 };
  for (const testCase of cases) {
    if (testCase.outcome.kind === 'failed') counts.failures += 1;
    else if (testCase.outcome.kind === 'error') counts.errors += 1;
    else if (testCase.outcome.kind === 'skipped') counts.skipped += 1;
  }
  return counts;
}

function caseElement(testCase: TestCase): XmlElement {
  const attributes = { classname: testCase.classname, name: testCase.name, time: formatSeconds(testCase.timeMs ?? 0) };
  const outcome = testCase.outcome;
  switch (outcome.kind) {
    case 'passed':
      return element('testcase', attributes, outcome.output ? [element('system-out', {}, [outcome.output])] : []);
    case 'skipped':
      return element('testcase', attributes, [element('skipped', { message: outcome.message })]);
    case 'failed':
      return element('testcase', attributes, [element('failure', { message: outcome.message, type: outcome.type }, [outcome.body])]);
    case 'error':
      return element('testcase', attributes, [element('error', { message: outcome.message, type: outcome.type }, [outcome.body])]);
  }
}

export function renderJunitXml(summary: RunSummary): string {
  const suites = buildJunitSuites(summary);
  const total: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const suiteElements = suites.map((suite) => {
    const counts = countCases(suite.cases);
    total.tests += counts.tests;
    total.failures += counts.failures;
    total.errors += counts.errors;
    total.skipped += counts.skipped;
    const properties = suite.properties
      ? [element('properties', {}, Object.entries(suite.properties).map(([name, value]) => element('property', { name, value })))]
      : [];
    return element(
      'testsuite',
      {
        name: suite.name,
        tests: counts.tests,
        failures: counts.failures,
        errors: counts.errors,
        skipped: counts.skipped,
        time: formatSeconds(suite.timeMs),
        ...(suite.timestamp ? { timestamp: suite.timestamp } : {}),
      },
      [...properties, ...suite.cases.map(caseElement)],
    );
  });
  return renderXmlDocument(
    element(
      'testsuites',
      {
        name: 'scim-harness',
        tests: total.tests,
        failures: total.failures,
        errors: total.errors,
        skipped: total.skipped,
        time: formatSeconds(summary.stats.wallTimeMs),
        timestamp: summary.plan.startedAt,
      },
      suiteElements,
    ),
  );
}

export class JunitReporter implements Reporter {
  readonly name = 'junit';

  constructor(private readonly options: ReporterOptions) {}

  async onRunEnd(summary: RunSummary): Promise<void> {
    await writeReportFile(this.options.outDir, JUNIT_REPORT_FILE, renderJunitXml(summary));
  }
}

export function createJunitReporter(options: ReporterOptions): JunitReporter {
  return new JunitReporter(options);
}
