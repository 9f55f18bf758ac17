/**
 * The HTML report's RFC conformance parts (docs/rfc-coverage.md): the score beside the Entra
 * readiness headline, and a section with counts per RFC section and every probe. Everything a
 * result quotes from the target is escaped.
 */
import { type RfcResult, type RfcVerdict } from '../../harness/contract/rfc';
import { type Verdict } from '../../harness/contract/verdict';
import { escapeHtml as h } from '../format/html';
import { formatCount } from '../../harness/text/numbers';
import { RFC_CONFORMANCE, rfcScoreOf, sectionLine } from '../format/rfc-score';

/** The line under the headline: the RFC score, or nothing when the run has none. */
export function renderRfcHeadline(verdict: Pick<Verdict, 'rfc'>): string {
  const rfc = rfcScoreOf(verdict);
  return rfc ? `<p id="rfc-headline" class="tone-${rfc.outcome === 'passed' ? 'ok' : 'bad'}"><strong>${h(rfc.headline)}</strong></p>` : '';
}

/** `<section id="rfc-conformance">`: per-section counts, then each probe (failed first). */
export function renderRfcSection(verdict: Pick<Verdict, 'rfc'>): string {
  const rfc = rfcScoreOf(verdict);
  if (!rfc) return '';
  return [
    `<section id="rfc-conformance"><h2>${h(RFC_CONFORMANCE)} (RFC 7643/7644, ${formatCount(rfc.counts.total)} probes)</h2>`,
    '<p class="note">Scored apart from Entra readiness: a probe tests one requirement the server advertises; severity follows the RFC\'s own keyword (MUST/SHALL required, SHOULD recommended, MAY advisory).</p>',
    '<table class="rfc-sections"><thead><tr><th>Section</th><th>Result</th></tr></thead><tbody>',
    ...rfc.sections.map((section) => `<tr><td>${h(section.section)}</td><td>${h(sectionLine(section))}</td></tr>`),
    '</tbody></table>',
    '<table class="rfc-probes"><thead><tr><th>Status</th><th>Severity</th><th>Probe</th><th>Requirement</th><th>Actual / reason</th><th>Fix</th></tr></thead><tbody>',
    ...rfc.results.map((result) => probeRow(rfc, result)),
    '</tbody></table></section>',
  ].join('\n');
}

function probeRow(rfc: RfcVerdict, result: RfcResult): string {
  const tone = result.status === 'passed' ? 'ok' : result.status === 'failed' ? (rfc.failOn !== undefined || result.severity === 'required' ? 'bad' : 'warn') : 'muted';
  const detail = result.status === 'passed' || result.status === 'failed' ? result.actual : (result.reason ?? '');
  return `<tr data-rfc-probe="${h(result.id)}"><td class="${tone === 'muted' ? 'muted' : `tone-${tone}`}">${h(result.status)}</td><td>${h(result.severity)} (${h(result.keyword)})</td><td><code>${h(result.id)}</code><br><span class="muted">${h(result.section)}</span></td><td>${h(result.title)}</td><td>${h(detail)}</td><td>${h(result.status === 'failed' ? (result.fix ?? '') : '')}</td></tr>`;
}
