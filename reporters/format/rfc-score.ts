/**
 * The RFC conformance score as every reporter shows it (docs/rfc-coverage.md): its headline,
 * counts per section and the failed probes, always apart from Entra readiness. Reporters only
 * format `Verdict.rfc`; the judge computed it.
 */
import { type RfcResult, type RfcSectionScore, type RfcVerdict } from '../../harness/contract/rfc';
import { type Verdict } from '../../harness/contract/verdict';

export const ENTRA_READINESS = 'Entra readiness';
export const RFC_CONFORMANCE = 'RFC conformance';

/** The RFC score when the run has one (`--suite rfc|all`), else undefined: reports stay as they were. */
export function rfcScoreOf(verdict: Pick<Verdict, 'rfc'>): RfcVerdict | undefined {
  return verdict.rfc !== undefined && verdict.rfc.outcome !== 'not-run' ? verdict.rfc : undefined;
}

/**
 * Whether the run ran Entra scenarios at all: a `--suite rfc` run has no Entra readiness to
 * report beyond "not run".
 */
export function entraRan(verdict: Pick<Verdict, 'scenarios' | 'entries'>): boolean {
  return verdict.scenarios.length > 0 || verdict.entries !== null;
}

/** "Entra readiness: PASSED — …" when the run has both scores; the headline alone otherwise. */
export function entraHeadline(verdict: Pick<Verdict, 'headline' | 'rfc' | 'scenarios' | 'entries'>): string {
  if (rfcScoreOf(verdict) === undefined) return verdict.headline;
  return entraRan(verdict) ? `${ENTRA_READINESS}: ${verdict.headline}` : `${ENTRA_READINESS}: not run (--suite rfc)`;
}

/** "RFC 7644 §3.4.2.2  12 passed · 1 failed · 2 not supported". */
export function sectionLine(section: RfcSectionScore): string {
  const parts = [`${section.passed} passed`, `${section.failed} failed`, `${section.notSupported} not supported`];
  if (section.skipped > 0) parts.push(`${section.skipped} skipped`);
  return parts.join(' · ');
}

/** One failed probe in one line: "required rfc/filter/operator-co (RFC 7644 §3.4.2.2): <actual>". */
export function failedProbeLine(result: RfcResult): string {
  return `${result.severity} ${result.id} (${result.section}): ${result.title} — got ${result.actual}`;
}

/** Why a probe was not judged, in one line. */
export function unjudgedProbeLine(result: RfcResult): string {
  return `${result.status} ${result.id}: ${result.reason ?? ''}`;
}

export function failedProbes(rfc: RfcVerdict): readonly RfcResult[] {
  return rfc.results.filter((result) => result.status === 'failed');
}

/** A terse account for a status line: "52 passed, 1 failed, 4 not supported". */
export function rfcCountsText(rfc: RfcVerdict): string {
  const { counts } = rfc;
  return `${counts.passed} passed, ${counts.failed} failed, ${counts.notSupported} not supported${counts.skipped > 0 ? `, ${counts.skipped} skipped` : ''}`;
}
