/**
 * The RFC conformance score (docs/rfc-coverage.md): the RFC suite's recorded results, counted
 * per section and judged against `--fail-on rfc:<severity>`. It reads only `rfc-result` events
 * and is never mixed with Entra readiness: no RFC result becomes a finding, a root cause or a
 * failed scenario, and the Entra verdict's counts never include one.
 */
import { type RfcCounts, type RfcResult, type RfcSectionScore, type RfcVerdict } from '../contract/rfc';
import { type Severity } from '../contract/severity';
import { pluralize } from '../text/numbers';

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { required: 3, recommended: 2, advisory: 1 };

/** Judges the RFC suite's results; `failOn` undefined: the score is shown, never a gate. */
export function judgeRfcResults(results: readonly RfcResult[], failOn: Severity | undefined): RfcVerdict {
  // A probe recorded twice (a replayed or resumed run) counts once: its last result stands.
  const byId = new Map<string, RfcResult>();
  for (const result of results) byId.set(result.id, result);
  const unique = [...byId.values()];
  const failed = unique.filter((result) => result.status === 'failed');
  const failedBySeverity: Record<Severity, number> = { required: 0, recommended: 0, advisory: 0 };
  for (const result of failed) failedBySeverity[result.severity] += 1;
  // Without an RFC gate the score is still judged, at `required`: it just does not decide the exit code.
  const threshold = failOn ?? 'required';
  const failing = failed.filter((result) => SEVERITY_RANK[result.severity] >= SEVERITY_RANK[threshold]).length;
  const counts: RfcCounts = Object.freeze({
    passed: unique.filter((result) => result.status === 'passed').length,
    failed: failed.length,
    notSupported: unique.filter((result) => result.status === 'not-supported').length,
    skipped: unique.filter((result) => result.status === 'skipped').length,
    total: unique.length,
    failedBySeverity: Object.freeze(failedBySeverity),
    failing,
  });
  const outcome = failing > 0 ? 'failed' : 'passed';
  return Object.freeze({
    outcome,
    ...(failOn !== undefined ? { failOn } : {}),
    counts,
    sections: Object.freeze(sectionScores(unique)),
    results: Object.freeze(orderResults(unique)),
    headline: describeRfc(counts, failOn),
  });
}

/** The verdict of a run that did not include the RFC suite. */
export const RFC_NOT_RUN: RfcVerdict = Object.freeze({
  outcome: 'not-run',
  counts: Object.freeze({ passed: 0, failed: 0, notSupported: 0, skipped: 0, total: 0, failedBySeverity: Object.freeze({ required: 0, recommended: 0, advisory: 0 }), failing: 0 }),
  sections: Object.freeze([]),
  results: Object.freeze([]),
  headline: 'RFC conformance: not run (--suite rfc or --suite all runs it)',
});

/** Whether the RFC score fails the run: only through `--fail-on rfc:…`. */
export function rfcGateFails(rfc: RfcVerdict | undefined): boolean {
  return rfc !== undefined && rfc.failOn !== undefined && rfc.counts.failing > 0;
}

function describeRfc(counts: RfcCounts, failOn: Severity | undefined): string {
  const parts = [`${counts.passed} passed`];
  if (counts.failed > 0) {
    const split = (['required', 'recommended', 'advisory'] as const).filter((severity) => counts.failedBySeverity[severity] > 0).map((severity) => `${counts.failedBySeverity[severity]} ${severity}`);
    parts.push(`${counts.failed} failed (${split.join(', ')})`);
  } else {
    parts.push('0 failed');
  }
  parts.push(`${counts.notSupported} not supported`);
  if (counts.skipped > 0) parts.push(`${counts.skipped} skipped`);
  const gate =
    failOn === undefined
      ? 'not a gate (--fail-on rfc:required makes it one)'
      : counts.failing > 0
        ? `${pluralize(counts.failing, 'failed probe')} at or above rfc:${failOn} ${counts.failing === 1 ? 'fails' : 'fail'} the run`
        : `gate rfc:${failOn} passes`;
  return `RFC conformance: ${parts.join(', ')} of ${pluralize(counts.total, 'probe')}; ${gate}`;
}

/** "RFC 7643 §2.1" < "RFC 7643 §7" < "RFC 7644 §3.4.2.2" < "RFC 7644 §3.12": by RFC, then numerically by section. */
export function compareSections(a: string, b: string): number {
  const key = (section: string): number[] => (section.match(/\d+/g) ?? []).map(Number);
  const left = key(a);
  const right = key(b);
  for (let i = 0; i < Math.max(left.length, right.length); i += 1) {
    const difference = (left[i] ?? -1) - (right[i] ?? -1);
    if (difference !== 0) return difference;
  }
  return a.localeCompare(b);
}

function sectionScores(results: readonly RfcResult[]): RfcSectionScore[] {
  const bySection = new Map<string, { passed: number; failed: number; notSupported: number; skipped: number; total: number }>();
  for (const result of results) {
    const score = bySection.get(result.section) ?? { passed: 0, failed: 0, notSupported: 0, skipped: 0, total: 0 };
    bySection.set(result.section, score);
    score.total += 1;
    if (result.status === 'passed') score.passed += 1;
    else if (result.status === 'failed') score.failed += 1;
    else if (result.status === 'not-supported') score.notSupported += 1;
    else score.skipped += 1;
  }
  return [...bySection.entries()].sort(([a], [b]) => compareSections(a, b)).map(([section, score]) => Object.freeze({ section, ...score }));
}

/** Failed first, most severe first; the rest in the order they ran. */
function orderResults(results: readonly RfcResult[]): RfcResult[] {
  const failed = results.filter((result) => result.status === 'failed').sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
  return [...failed, ...results.filter((result) => result.status !== 'failed')];
}
