/**
 * Root causes as plain text, shared by every reporter so each leads with the same thing in the
 * same words (docs/diagnosis.md#root-causes): the heading with the evaluator's count, where a
 * cause was seen, what it projects to at --population-estimate, and the note a failed, blocked
 * or inconclusive scenario run carries instead of its expected/actual.
 *
 * Everything here reads the verdict; nothing is recounted (`verdict.counts.rootCauses` is the
 * headline figure, `RootCause.occurrences` the per-cause one). The pieces are unescaped text:
 * each reporter escapes them for its own medium (terminal, Markdown, HTML, XML, workflow command),
 * because titles and server details carry the target's own words.
 */
import { type Severity } from '../../harness/contract/finding';
import { type RootCause } from '../../harness/contract/root-cause';
import { type ExpectationResult, type RootCauseCounts, type ScenarioResult, type Verdict } from '../../harness/contract/verdict';
import { formatCount, pluralize } from '../../harness/text/numbers';

/** Scenarios named per root cause before "and N more": the rest are in report.json and the HTML drill-down. */
export const SCENARIO_PREVIEW = 3;

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { required: 3, recommended: 2, advisory: 1 };
const SEVERITIES: readonly Severity[] = ['required', 'recommended', 'advisory'];
const NO_CAUSES: RootCauseCounts = Object.freeze({ required: 0, recommended: 0, advisory: 0, total: 0, failing: 0 });

/** The verdict's root causes, most severe and most frequent first (the evaluator's order). */
export function rootCausesOf(verdict: Verdict): readonly RootCause[] {
  return verdict.rootCauses ?? [];
}

/** The evaluator's counts; zero for a verdict recorded before root causes existed. */
export function rootCauseCounts(verdict: Verdict): RootCauseCounts {
  return verdict.counts.rootCauses ?? NO_CAUSES;
}

/** "Root causes (3: 2 required, 1 advisory)", or "Root causes: none". */
export function rootCauseHeading(verdict: Verdict): string {
  const counts = rootCauseCounts(verdict);
  if (counts.total === 0) return 'Root causes: none';
  const split = SEVERITIES.filter((severity) => counts[severity] > 0).map((severity) => `${formatCount(counts[severity])} ${severity}`);
  return `Root causes (${formatCount(counts.total)}: ${split.join(', ')})`;
}

export function causesById(verdict: Verdict): ReadonlyMap<string, RootCause> {
  return new Map(rootCausesOf(verdict).map((cause) => [cause.id, cause]));
}

/**
 * Whether the cause fails the run. The evaluator says so on the cause; a verdict recorded
 * before it did falls back to the cause's severity against --fail-on.
 */
export function causeFailsRun(cause: RootCause, failOn: Severity): boolean {
  return cause.failing ?? SEVERITY_RANK[cause.severity] >= SEVERITY_RANK[failOn];
}

/** "a, b, c and 4 more". */
export function abbreviateList(items: readonly string[], max = SCENARIO_PREVIEW): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${formatCount(items.length - max)} more`;
}

/** "7 failed expectations, 2 findings · entra, entra-compliant · 7 scenarios: a, b, c and 4 more". */
export function describeCauseOccurrences(cause: RootCause): string {
  const { occurrences } = cause;
  const kinds = [
    occurrences.entries > 0 ? pluralize(occurrences.entries, 'failed entry', 'failed entries') : '',
    occurrences.expectations > 0 ? pluralize(occurrences.expectations, 'failed expectation') : '',
    occurrences.findings > 0 ? pluralize(occurrences.findings, 'finding') : '',
  ].filter((part) => part !== '');
  const parts = [kinds.length > 0 ? kinds.join(', ') : pluralize(occurrences.count, 'occurrence')];
  if (occurrences.dialects.length > 0) parts.push(occurrences.dialects.join(', '));
  if (occurrences.scenarios.length > 0) parts.push(`${pluralize(occurrences.scenarios.length, 'scenario')}: ${abbreviateList(occurrences.scenarios)}`);
  return parts.join(' · ');
}

/** "At 10,000 objects: about 3,500 entries would fail", or null when no projection was made. */
export function describeCauseProjection(cause: RootCause): string | null {
  const projected = cause.projected;
  if (!projected) return null;
  const what = cause.consequence === 'loses-data' ? 'would silently lose data' : 'would fail';
  return `At ${formatCount(projected.populationEstimate)} objects: about ${pluralize(projected.entries, 'entry', 'entries')} ${what}`;
}

/** The fragment of report.html that opens one root cause (`#cause=<id>`). */
export function causeLink(id: string): string {
  return `cause=${encodeURIComponent(id)}`;
}

/**
 * Per-occurrence detail is not repeated where the root causes lead: one line says where it is.
 * The numbers are the verdict's.
 */
export function occurrencePointer(verdict: Verdict, where = 'report.json and report.html'): string {
  const findings = verdict.counts.findings.total;
  const failed = verdict.counts.expectations.failed;
  const blocked = verdict.counts.expectations.blocked ?? 0;
  const parts = [pluralize(findings, 'finding'), pluralize(failed, 'failed expectation')];
  if (blocked > 0) parts.push(pluralize(blocked, 'blocked expectation'));
  return `Each occurrence (${parts.join(', ')}) is in ${where}, with its evidence.`;
}

/** The cause a failed expectation shows or a blocked one was blocked by, when the verdict names one. */
function causeOfExpectation(expectation: ExpectationResult, causes: ReadonlyMap<string, RootCause>): RootCause | undefined {
  return expectation.cause === undefined ? undefined : causes.get(expectation.cause);
}

/** "blocked by <cause title>: <reason>" — why an expectation was not judged. */
export function notJudgedNote(expectation: ExpectationResult, causes: ReadonlyMap<string, RootCause>): string {
  const cause = causeOfExpectation(expectation, causes);
  const by = cause ? ` by ${cause.title}` : '';
  // The scenario runner's reasons may already say what they are ("blocked: …").
  const reason = expectation.skipReason?.replace(new RegExp(`^${expectation.status}: `), '');
  return `${expectation.status}${by}${reason ? `: ${reason}` : ''}`;
}

/**
 * What a scenario run's line says instead of its expected/actual: the root cause of its first
 * failure, why it is inconclusive, or what blocked its expectations. Null for a plain pass.
 */
export function scenarioNote(scenario: ScenarioResult, causes: ReadonlyMap<string, RootCause>): string | null {
  if (scenario.status === 'failed') {
    const failed = scenario.expectations.find((expectation) => expectation.status === 'failed');
    const cause = failed ? causeOfExpectation(failed, causes) : undefined;
    if (cause) return `root cause: ${cause.title}`;
    return failed ? `${failed.title}: expected ${failed.expected}, got ${failed.actual}` : 'the scenario failed';
  }
  if (scenario.status === 'inconclusive') {
    const premise = scenario.expectations.find((expectation) => expectation.status === 'inconclusive');
    return `inconclusive: ${scenario.inconclusiveReason ?? premise?.skipReason ?? 'a premise of the scenario did not hold'}`;
  }
  const blocked = scenario.expectations.find((expectation) => expectation.status === 'blocked');
  if (blocked) return notJudgedNote(blocked, causes);
  if (scenario.status === 'skipped') {
    const reason = scenario.expectations.find((expectation) => expectation.skipReason !== undefined)?.skipReason;
    return reason ? `skipped: ${reason}` : null;
  }
  return null;
}
