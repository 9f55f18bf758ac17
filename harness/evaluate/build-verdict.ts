/**
 * The run's verdict, decided in one place from recorded data, and the exit code it maps to
 * (DESIGN "Exit codes"; like Jest's readResultsAndExit and k6's exit codes, nothing else decides).
 */
import { type Finding, type Severity } from '../contract/finding';
import { EXIT, type ExitCode } from '../contract/exit-codes';
import { baselineItemStatus, type BaselineCatalog, type BaselineItemStatus, type KnownFailures, unknownEntry, updatedBaseline } from './baseline';
import { formatCount, formatPercent, pluralize } from '../text/numbers';
import { findingIdentity, mergeFindings } from './finding-identity';
import { RootCauseCollector, rootCauseOfStop } from './root-causes';
import { type RootCause } from '../contract/root-cause';
import {
  type EntryVerdict,
  type ExpectationResult,
  type ExpectationStatus,
  type FindingCounts,
  type QuarantineAssessment,
  type RootCauseCounts,
  type RunOutcome,
  type RunStop,
  type ScenarioResult,
  type ScenarioStatus,
  type StatusTally,
  type UnknownBaselineEntry,
  type Verdict,
  type VerdictCounts,
} from '../contract/verdict';

export { loadBaseline, type BaselineCatalog, type KnownFailures } from './baseline';

export interface BuildVerdictInput {
  readonly scenarios: readonly ScenarioResult[];
  /** Every finding of the run; findings held only inside a scenario result are added. */
  readonly findings: readonly Finding[];
  readonly quarantine: QuarantineAssessment;
  readonly interrupted: boolean;
  /** The run stopped early because the target could not be reached, stalled, or refused the credentials. */
  readonly stop?: RunStop;
  /** Lowest severity that fails the run; default 'required'. */
  readonly failOn?: Severity;
  readonly baseline?: KnownFailures;
  /** Every scenario and check id there is, so baseline entries that did not run or name nothing are told apart. */
  readonly catalog?: BaselineCatalog;
  /** Whether any traffic was checked (a check can only be fixed by a run that exercised it); default: a scenario ran. */
  readonly checksRan?: boolean;
  /** `sync` and `provision`: their entries, judged against --max-failures. */
  readonly entries?: EntryVerdict;
  /** `--fail-on …,inconclusive`: an inconclusive scenario fails the run. */
  readonly failOnInconclusive?: boolean;
  /** The run's diagnoses and failed entries (harness/evaluate/root-causes.ts); none: root causes from findings and expectations only. */
  readonly causes?: RootCauseCollector;
  /** Entries per harness operation and the production size, for each root cause's projection. */
  readonly attemptsByOperation?: Readonly<Record<string, number>>;
  readonly populationEstimate?: number;
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { required: 3, recommended: 2, advisory: 1 };
const SEVERITIES: readonly Severity[] = ['required', 'recommended', 'advisory'];
const ITEM_SEPARATOR = '::';

/** A failed scenario counts for the gate through a failed expectation at or above it; one that names none (a result without expectations) counts as required. */
function failsGateAt(scenario: ScenarioResult, failOn: Severity): boolean {
  const failed = scenario.expectations.filter((expectation) => expectation.status === 'failed');
  return failed.length === 0 || failed.some((expectation) => gatesAt(expectation, failOn));
}

/** A failed expectation at or above the gate's severity (absent severity: required). */
function gatesAt(expectation: ExpectationResult, failOn: Severity): boolean {
  return expectation.status === 'failed' && SEVERITY_RANK[expectation.severity ?? 'required'] >= SEVERITY_RANK[failOn];
}

/** What the verdict and `--update-baseline` both judge: the merged findings, those at or above the gate, failed scenarios and each baseline entry's status. */
function judgeRun(input: BuildVerdictInput) {
  const failOn = input.failOn ?? 'required';
  const findings = mergeFindings(input.findings, input.scenarios);
  const gating = findings.filter((finding) => SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[failOn]);
  // A scenario fails the gate through an expectation at or above --fail-on: a failed expectation
  // below it (e.g. an advisory filter Entra never sends) is shown, as a finding below it is.
  const failedScenarios = input.scenarios.filter((scenario) => scenario.status === 'failed' && failsGateAt(scenario, failOn));
  const baseline = input.baseline?.knownFailures ?? [];
  const statuses = judgeBaseline(baseline, {
    scenarios: input.scenarios,
    failedScenarios,
    gating,
    checksRan: input.checksRan ?? input.scenarios.some((scenario) => scenario.status !== 'skipped'),
    catalog: input.catalog,
  });
  return { failOn, findings, gating, failedScenarios, baseline, statuses };
}

export function buildVerdict(input: BuildVerdictInput): Verdict {
  const judged = judgeRun(input);
  const { failOn, gating, failedScenarios, baseline, statuses } = judged;
  const attributed = (input.causes ?? new RootCauseCollector()).build({
    findings: judged.findings,
    scenarios: input.scenarios,
    attemptsByOperation: input.attemptsByOperation,
    populationEstimate: input.populationEstimate,
  });
  const findings = judged.findings.map((finding, index) => (finding.cause === attributed.findingCauses[index] ? finding : Object.freeze({ ...finding, cause: attributed.findingCauses[index] })));
  const scenarios = attributed.scenarios;

  const isKnownScenario = (id: string): boolean => baseline.includes(id);
  const isKnownFinding = (finding: Finding): boolean =>
    baseline.includes(finding.check) ||
    (finding.scenarioId !== undefined &&
      (baseline.includes(finding.scenarioId) || baseline.includes(`${finding.scenarioId}${ITEM_SEPARATOR}${finding.check}`)));

  const newScenarioFailures = failedScenarios.filter((scenario) => !isKnownScenario(scenario.id));
  const newFindings = gating.filter((finding) => !isKnownFinding(finding));
  const inconclusive = input.failOnInconclusive === true ? scenarios.filter((scenario) => scenario.status === 'inconclusive' && !isKnownScenario(scenario.id)) : [];
  const knownFailures = baseline.filter((item) => statuses.get(item) === 'failing');
  const fixedKnownFailures = baseline.filter((item) => statuses.get(item) === 'fixed');
  const notRunKnownFailures = baseline.filter((item) => statuses.get(item) === 'notRun');
  const unknownKnownFailures = baseline.filter((item) => statuses.get(item) === 'unknown').map((item) => unknownEntry(item, input.catalog));
  const entries = input.entries ?? null;

  let outcome: RunOutcome;
  const stop = input.stop;
  if (input.interrupted) outcome = 'interrupted';
  // A dead or stalled target says nothing about conformance: that is the verdict, whatever else was seen.
  else if (stop !== undefined && stop.kind !== 'credentials') outcome = 'unreachable';
  else if (input.quarantine.wouldQuarantine) outcome = 'quarantined';
  else if (newScenarioFailures.length > 0 || newFindings.length > 0 || inconclusive.length > 0 || fixedKnownFailures.length > 0 || entries?.exceeded === true) outcome = 'failed';
  else outcome = 'passed';

  const failingCauses = new Set<string>();
  const newFindingIds = new Set(newFindings.map(findingIdentity));
  findings.forEach((finding) => {
    if (finding.cause !== undefined && newFindingIds.has(findingIdentity(finding))) failingCauses.add(finding.cause);
  });
  const newFailureRuns = new Set(newScenarioFailures.map((scenario) => `${scenario.id}@${scenario.dialect}`));
  for (const scenario of scenarios) {
    if (!newFailureRuns.has(`${scenario.id}@${scenario.dialect}`)) continue;
    for (const expectation of scenario.expectations) if (gatesAt(expectation, failOn) && expectation.cause !== undefined) failingCauses.add(expectation.cause);
  }
  if (entries?.exceeded === true) for (const cause of attributed.rootCauses) if (cause.occurrences.entries > 0) failingCauses.add(cause.id);
  // A run stopped by the target (rejected credentials, a dead or stalled endpoint) has that as its
  // one cause: nothing after it was sent, so nothing else is attributed.
  const stopCause = stop !== undefined ? rootCauseOfStop(stop) : undefined;
  if (stopCause) failingCauses.add(stopCause.id);
  const rootCauses = Object.freeze(
    [...(stopCause ? [stopCause] : []), ...attributed.rootCauses].map((cause) => Object.freeze({ ...cause, failing: failingCauses.has(cause.id) })),
  );

  const headline = describeHeadline({
    outcome,
    failOn,
    rootCauses,
    failingCauses,
    inconclusive,
    scenarios,
    quarantine: input.quarantine,
    newScenarioFailures,
    newFindings,
    knownFailures,
    fixedKnownFailures,
    entries,
    stop,
  });
  const counts: VerdictCounts = {
    scenarios: tally(scenarios.map((scenario) => scenario.status)),
    expectations: tally(scenarios.flatMap((scenario) => scenario.expectations.map((expectation) => expectation.status))),
    findings: countFindings(findings, failOn, isKnownFinding),
    rootCauses: countRootCauses(rootCauses, failingCauses),
  };
  return Object.freeze({
    outcome,
    scenarios,
    findings: Object.freeze(findings),
    rootCauses,
    quarantine: input.quarantine,
    knownFailures: Object.freeze(knownFailures),
    fixedKnownFailures: Object.freeze(fixedKnownFailures),
    notRunKnownFailures: Object.freeze(notRunKnownFailures),
    unknownKnownFailures: Object.freeze(unknownKnownFailures),
    counts: Object.freeze(counts),
    entries,
    headline,
    ...(stop !== undefined ? { stop } : {}),
  });
}

/**
 * The baseline `--update-baseline` writes for this run (see `updatedBaseline`): judged on the
 * same merged findings and gate as the verdict.
 */
export function rebaseline(input: BuildVerdictInput): { readonly knownFailures: string[]; readonly added: string[]; readonly removed: string[] } {
  const { gating, failedScenarios, baseline, statuses } = judgeRun(input);
  return updatedBaseline(baseline, statuses, { failedScenarios, gating });
}

/** Each baseline entry's status, judged once. */
export function judgeBaseline(baseline: readonly string[], facts: Parameters<typeof baselineItemStatus>[1]): Map<string, BaselineItemStatus> {
  return new Map(baseline.map((item) => [item, baselineItemStatus(item, facts)]));
}

function tally(statuses: readonly (ScenarioStatus | ExpectationStatus)[]): StatusTally {
  const count = (status: ScenarioStatus | ExpectationStatus): number => statuses.filter((s) => s === status).length;
  return Object.freeze({
    passed: count('passed'),
    failed: count('failed'),
    skipped: count('skipped'),
    inconclusive: count('inconclusive'),
    blocked: count('blocked'),
    total: statuses.length,
  });
}

function countRootCauses(rootCauses: readonly RootCause[], failing: ReadonlySet<string>): RootCauseCounts {
  const counts = { required: 0, recommended: 0, advisory: 0, total: rootCauses.length, failing: 0 };
  for (const cause of rootCauses) {
    counts[cause.severity] += 1;
    if (failing.has(cause.id)) counts.failing += 1;
  }
  return Object.freeze(counts);
}

function countFindings(findings: readonly Finding[], failOn: Severity, isKnown: (finding: Finding) => boolean): FindingCounts {
  const counts = { required: 0, recommended: 0, advisory: 0, total: findings.length, failing: 0, known: 0, belowThreshold: 0 };
  for (const finding of findings) {
    counts[finding.severity] += 1;
    if (SEVERITY_RANK[finding.severity] < SEVERITY_RANK[failOn]) counts.belowThreshold += 1;
    else if (isKnown(finding)) counts.known += 1;
    else counts.failing += 1;
  }
  return Object.freeze(counts);
}

/**
 * A verdict recorded before every field existed (an older run.ndjson), completed so reporters
 * read one shape: findings folded once and counted, baseline lists present.
 */
export type RecordedVerdict = Pick<Verdict, 'outcome' | 'scenarios' | 'findings' | 'quarantine' | 'headline'> & Partial<Verdict>;

export function completeVerdict(partial: RecordedVerdict, failOn: Severity = 'required'): Verdict {
  if (partial.counts !== undefined) return partial as Verdict;
  const findings = mergeFindings(partial.findings, partial.scenarios);
  const known = partial.knownFailures ?? [];
  const isKnown = (finding: Finding): boolean =>
    known.includes(finding.check) ||
    (finding.scenarioId !== undefined && (known.includes(finding.scenarioId) || known.includes(`${finding.scenarioId}${ITEM_SEPARATOR}${finding.check}`)));
  return Object.freeze({
    ...partial,
    findings: Object.freeze(findings),
    knownFailures: known,
    fixedKnownFailures: partial.fixedKnownFailures ?? [],
    notRunKnownFailures: partial.notRunKnownFailures ?? [],
    unknownKnownFailures: partial.unknownKnownFailures ?? ([] as UnknownBaselineEntry[]),
    entries: partial.entries ?? null,
    counts: Object.freeze({
      scenarios: tally(partial.scenarios.map((scenario) => scenario.status)),
      expectations: tally(partial.scenarios.flatMap((scenario) => scenario.expectations.map((expectation) => expectation.status))),
      findings: countFindings(findings, failOn, isKnown),
    }),
  });
}

/**
 * DESIGN exit codes: 0 passed, 1 failed, 3 quarantine, 4 target unreachable or stalled, 130
 * interrupted (2 is usage, raised before any verdict; 5 is `report`'s evidence refusal).
 */
export function exitCodeFor(verdict: Pick<Verdict, 'outcome'>): ExitCode {
  return EXIT[verdict.outcome];
}

interface HeadlineFacts {
  readonly outcome: RunOutcome;
  readonly failOn: Severity;
  readonly rootCauses: readonly RootCause[];
  /** Root causes with a symptom that fails the gate. */
  readonly failingCauses: ReadonlySet<string>;
  readonly inconclusive: readonly ScenarioResult[];
  readonly scenarios: readonly ScenarioResult[];
  readonly quarantine: QuarantineAssessment;
  readonly newScenarioFailures: readonly ScenarioResult[];
  readonly newFindings: readonly Finding[];
  readonly knownFailures: readonly string[];
  readonly fixedKnownFailures: readonly string[];
  readonly entries: EntryVerdict | null;
  readonly stop: RunStop | undefined;
}

function describeHeadline(facts: HeadlineFacts): string {
  const known = facts.knownFailures.length > 0 ? ` (${pluralize(facts.knownFailures.length, 'known failure')} in the baseline)` : '';
  switch (facts.outcome) {
    case 'interrupted': {
      const finished = facts.scenarios.filter((scenario) => scenario.status !== 'skipped').length;
      return `INTERRUPTED — stopped after ${pluralize(finished, 'scenario')}; results so far: ${describeFailures(facts) || 'no failures'}`;
    }
    case 'unreachable': {
      const stop = facts.stop;
      if (stop?.kind === 'stalled') return `STALLED — ${stop.cause}; the run stopped`;
      return `UNREACHABLE — ${stop?.cause ?? 'the target could not be reached'}; nothing else was sent`;
    }
    case 'quarantined': {
      if (facts.stop?.kind === 'credentials') {
        const code = facts.quarantine.errorCode ? ` (${facts.quarantine.errorCode})` : '';
        return `QUARANTINE — ${facts.quarantine.reason ?? 'Unknown'}${code}: ${facts.stop.cause}; nothing else was sent`;
      }
      const details = firstSentence(facts.quarantine.details);
      return `QUARANTINE — ${facts.quarantine.reason ?? 'Unknown'}: ${details}`;
    }
    case 'failed': {
      const parts = [facts.entries?.exceeded ? describeEntries(facts.entries) : '', describeFailures(facts)].filter((part) => part !== '');
      if (facts.fixedKnownFailures.length > 0) {
        parts.push(
          `${pluralize(facts.fixedKnownFailures.length, 'baseline entry', 'baseline entries')} now ${
            facts.fixedKnownFailures.length === 1 ? 'passes' : 'pass'
          } (${facts.fixedKnownFailures.join(', ')}): remove ${facts.fixedKnownFailures.length === 1 ? 'it' : 'them'} from the baseline`,
        );
      }
      return `FAILED — ${parts.join('; ')}${known}`;
    }
    case 'passed': {
      const gate = SEVERITIES.filter((severity) => SEVERITY_RANK[severity] >= SEVERITY_RANK[facts.failOn]).join(' or ');
      const subject = facts.entries ? describeEntries(facts.entries) : pluralize(facts.scenarios.length, 'scenario');
      return `PASSED — ${subject}, no ${gate} findings${known}`;
    }
  }
}

/**
 * "10,381 of 28,038 entries failed (37.0 %; --max-failures 0); top errors: A 6,000, B 4,381"
 * or "28,038 entries, none failed".
 */
function describeEntries(entries: EntryVerdict): string {
  if (entries.failed === 0) return `${pluralize(entries.total, 'entry', 'entries')}, none failed`;
  const share = entries.total > 0 ? formatPercent(entries.failed / entries.total) : formatPercent(0);
  const within = entries.exceeded ? `over --max-failures ${entries.maxFailures}` : `within --max-failures ${entries.maxFailures}`;
  const top = entries.topErrorCodes.map(({ code, count }) => `${code} ${formatCount(count)}`).join(', ');
  return `${formatCount(entries.failed)} of ${pluralize(entries.total, 'entry', 'entries')} failed (${share}; ${within})${top ? `; top errors: ${top}` : ''}`;
}

/**
 * "2 root causes (1 required, 1 recommended), first: <title>; 3 failed scenarios, 2 findings":
 * the causes are the headline figure, the occurrences follow.
 */
function describeFailures(facts: HeadlineFacts): string {
  const parts: string[] = [];
  let lead = '';
  const failing = facts.rootCauses.filter((cause) => facts.failingCauses.has(cause.id));
  if (failing.length > 0) {
    const bySeverity = SEVERITIES.map((severity) => ({ severity, count: failing.filter((cause) => cause.severity === severity).length })).filter(({ count }) => count > 0);
    const split = bySeverity.length > 1 ? ` (${bySeverity.map(({ severity, count }) => `${count} ${severity}`).join(', ')})` : ` (${bySeverity[0].severity})`;
    const first = failing[0].title;
    lead = `${pluralize(failing.length, 'root cause')}${split}: ${first.length > 120 ? `${first.slice(0, 119)}…` : first}${failing.length > 1 ? ' …' : ''}`;
  }
  if (facts.inconclusive.length > 0) parts.push(`${pluralize(facts.inconclusive.length, 'inconclusive scenario')} (--fail-on inconclusive)`);
  if (facts.newScenarioFailures.length > 0) parts.push(pluralize(facts.newScenarioFailures.length, 'failed scenario'));
  if (facts.newFindings.length > 0) {
    const bySeverity = SEVERITIES.map((severity) => ({
      severity,
      count: facts.newFindings.filter((finding) => finding.severity === severity).length,
    })).filter(({ count }) => count > 0);
    const counted = bySeverity.map(({ severity, count }) => `${count} ${severity}`);
    const joined = counted.length > 1 ? `${counted.slice(0, -1).join(', ')} and ${counted[counted.length - 1]}` : counted[0];
    const noun = facts.newFindings.length === 1 ? 'finding' : 'findings';
    const scenarioIds = new Set(facts.newFindings.map((finding) => finding.scenarioId).filter((id) => id !== undefined));
    const where = scenarioIds.size > 0 ? ` in ${pluralize(scenarioIds.size, 'scenario')}` : '';
    parts.push(`${joined} ${noun}${where}`);
  }
  const occurrences = parts.join(', ');
  return lead === '' ? occurrences : occurrences === '' ? lead : `${lead}; ${occurrences}`;
}

function firstSentence(text: string): string {
  const match = /^(.+?[.!?])(\s|$)/.exec(text.trim());
  return match ? match[1] : text.trim();
}
