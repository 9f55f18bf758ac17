/**
 * Every report shows RFC conformance apart from Entra readiness (reporters/format/rfc-score.ts):
 * the console and summary.md a second headline and a section block, junit.xml a testsuite per
 * RFC section whose failures follow the RFC gate, report.html a section whose target text is
 * escaped; a run without the RFC suite reads as before.
 */
import { type RfcResult, type RfcVerdict } from '../../../harness/contract/rfc';
import { judgeRfcResults } from '../../../harness/evaluate/rfc-score';
import { createColors } from '../../../reporters/format/colors';
import { summaryLines } from '../../../reporters/format/summary';
import { renderRfcSection } from '../../../reporters/html/rfc-section';
import { buildJsonReport } from '../../../reporters/json-reporter';
import { renderJunitXml } from '../../../reporters/junit-reporter';
import { renderMarkdownSummary } from '../../../reporters/markdown-reporter';
import { type RunSummary } from '../../../reporters/reporter';
import { buildFixtureRun, HOSTILE_TEXT, type FixtureRun } from './fixtures';

function result(id: string, status: RfcResult['status'], section: string, actual = ''): RfcResult {
  return { id, section, title: `${id} title`, severity: 'required', keyword: 'MUST', status, expected: 'the RFC', actual, evidence: ['ex-9'], ...(status === 'failed' ? { fix: 'Do as the RFC says.' } : {}), ...(status === 'not-supported' ? { reason: 'not advertised' } : {}) };
}

const RESULTS = [
  result('rfc/filter/operator-co', 'failed', 'RFC 7644 §3.4.2.2', HOSTILE_TEXT),
  result('rfc/filter/operator-eq', 'passed', 'RFC 7644 §3.4.2.2'),
  result('rfc/bulk/operations', 'not-supported', 'RFC 7644 §3.7'),
];

let fixture: FixtureRun;
beforeAll(() => {
  fixture = buildFixtureRun({ passing: true });
});
afterAll(() => fixture.remove());

function withRfc(rfc: RfcVerdict | undefined): RunSummary {
  return { ...fixture.summary, verdict: { ...fixture.summary.verdict, ...(rfc ? { rfc } : {}) } };
}

describe('reports of a run with the RFC suite', () => {
  it('console: Entra readiness and RFC conformance headlines, then the score per section and the failed probes', () => {
    const lines = summaryLines(withRfc(judgeRfcResults(RESULTS, undefined)), createColors(false));
    expect(lines[0]).toBe('Entra readiness: PASSED — 2 scenarios, no required findings');
    expect(lines[1]).toMatch(/^RFC conformance: 1 passed, 1 failed \(1 required\), 1 not supported of 3 probes; not a gate/);
    const block = lines.slice(lines.indexOf('RFC conformance (RFC 7643/7644, 3 probes)'));
    expect(block.slice(0, 3)).toEqual(['RFC conformance (RFC 7643/7644, 3 probes)', '  RFC 7644 §3.4.2.2  1 passed · 1 failed · 0 not supported', '  RFC 7644 §3.7      0 passed · 0 failed · 1 not supported']);
    expect(block[3]).toMatch(/^ {2}✗ required rfc\/filter\/operator-co \(RFC 7644 §3\.4\.2\.2\): rfc\/filter\/operator-co title — got oops/);
    // Control characters from the target are shown, not obeyed.
    expect(block[3]).not.toContain('\u0001');
  });

  it('console and summary.md of a run without the RFC suite read as before: no second score', () => {
    const lines = summaryLines(withRfc(undefined), createColors(false));
    expect(lines[0]).toBe('PASSED — 2 scenarios, no required findings');
    expect(lines.join('\n')).not.toContain('RFC conformance');
    expect(renderMarkdownSummary(withRfc(undefined), fixture.outDir)).not.toContain('RFC conformance');
  });

  it('a run of the RFC suite alone says Entra readiness was not run', () => {
    const rfcOnly: RunSummary = { ...withRfc(judgeRfcResults(RESULTS, 'required')), verdict: { ...withRfc(judgeRfcResults(RESULTS, 'required')).verdict, scenarios: [], entries: null } };
    expect(summaryLines(rfcOnly, createColors(false))[0]).toBe('Entra readiness: not run (--suite rfc)');
  });

  it('summary.md: both headlines and a table of the failed probes with the fix, target text made inert', () => {
    const markdown = renderMarkdownSummary(withRfc(judgeRfcResults(RESULTS, 'required')), fixture.outDir);
    expect(markdown).toMatch(/^## ✅ Entra readiness: PASSED/m);
    expect(markdown).toMatch(/^## ❌ RFC conformance: 1 passed, 1 failed/m);
    expect(markdown).toContain('| **required** | `rfc/filter/operator-co` |');
    expect(markdown).toContain('Do as the RFC says.');
    expect(markdown).not.toContain('</script>');
  });

  it('junit.xml: a testsuite per RFC section; a failed probe is a <failure> only when the RFC gate fails the run', () => {
    const gated = renderJunitXml(withRfc(judgeRfcResults(RESULTS, 'required')));
    expect(gated).toMatch(/<testsuite name="rfc RFC 7644 §3\.4\.2\.2" tests="2" failures="1" errors="0" skipped="0"/);
    expect(gated).toMatch(/<testsuite name="rfc RFC 7644 §3\.7" tests="1" failures="0" errors="0" skipped="1"/);
    expect(gated).toContain('classname="rfc.filter" name="rfc/filter/operator-co: rfc/filter/operator-co title"');
    const ungated = renderJunitXml(withRfc(judgeRfcResults(RESULTS, undefined)));
    expect(ungated).toMatch(/<testsuite name="rfc RFC 7644 §3\.4\.2\.2" tests="2" failures="0"/);
    expect(ungated).toContain('failed (required; the RFC score does not gate this run)');
  });

  it('report.json: the RFC score beside, not inside, the Entra outcome', () => {
    const report = buildJsonReport(withRfc(judgeRfcResults(RESULTS, 'required')), fixture.outDir);
    expect(report.outcome).toBe('passed');
    expect(report.rfcConformance).toMatchObject({ outcome: 'failed', failOn: 'required', gateFailed: true, counts: { passed: 1, failed: 1, notSupported: 1 } });
    expect(buildJsonReport(withRfc(undefined), fixture.outDir).rfcConformance).toBeUndefined();
  });

  it('report.html: a section with the score per section and every probe, the target\'s text escaped', () => {
    const html = renderRfcSection({ rfc: judgeRfcResults(RESULTS, 'required') });
    expect(html).toContain('<section id="rfc-conformance">');
    expect(html).toContain('<tr data-rfc-probe="rfc/filter/operator-co">');
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;');
    expect(html).not.toContain('</script>');
    expect(renderRfcSection({})).toBe('');
  });
});
