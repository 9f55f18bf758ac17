import { completeVerdict } from '../../../harness/evaluate/build-verdict';
import { buildAnnotations, createGithubReporter, escapeData, escapeProperty, formatAnnotation } from '../../../reporters/github-reporter';
import { createReporters } from '../../../reporters/registry';
import { buildFixtureRun, DIAGNOSIS_CONFLICT, FINDING_SCIM_TYPE, INCONCLUSIVE_SCENARIO, reporterOptions, type FixtureRun } from './fixtures';

describe('workflow-command escaping', () => {
  it('escapes %, CR and LF in data, and also : and , in properties, as the Actions toolkit does', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(escapeProperty('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext%3A a%2C b');
  });

  it('neutralises control characters from the target so they cannot restyle the log', () => {
    expect(escapeData('a\u001b[31mred\u0000\u0007')).toBe('a\uFFFD[31mred\uFFFD\uFFFD');
  });

  it('cannot be made to start a second workflow command by target text', () => {
    const line = formatAnnotation({ level: 'error', title: 'x\n::warning title=forged::y', message: 'a\n::error::forged' });
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toBe('::error title=x%0A%3A%3Awarning title=forged%3A%3Ay::a%0A::error::forged');
  });
});

describe('github reporter', () => {
  const runs: FixtureRun[] = [];
  afterAll(() => runs.forEach((run) => run.remove()));

  it('writes one annotation per root cause, titled by the cause, with its fix and occurrences; failing ones as errors; the headline last', () => {
    const run = buildFixtureRun();
    runs.push(run);
    let written = '';
    createGithubReporter(reporterOptions(run.outDir, { stdout: { write: (chunk: string) => (written += chunk) } })).onRunEnd(run.summary);
    const lines = written.trimEnd().split('\n');
    const verdict = run.summary.verdict;
    const causes = verdict.rootCauses ?? [];
    expect(lines).toHaveLength((verdict.counts.rootCauses?.total ?? -1) + 1);
    expect(lines.slice(0, -1).map((line) => /^::\w+ title=([^:]*)::/.exec(line)?.[1])).toEqual(causes.map((cause) => escapeProperty(cause.title)));
    expect(lines[0]).toBe(
      `::error title=${escapeProperty(DIAGNOSIS_CONFLICT.title)}::Fix: ${DIAGNOSIS_CONFLICT.fix} [required] Seen in: 1 failed expectation, 1 finding · entra · 1 scenario: users/uniqueness.`,
    );
    // Not one per finding or failed scenario: the scim-type finding and the failed scenario are that one cause.
    expect(written).not.toContain(escapeProperty(`${FINDING_SCIM_TYPE.check}: `));
    expect(written).not.toContain('users/uniqueness [entra] failed');
    // Below --fail-on: warnings, never errors.
    expect(lines.filter((line) => line.startsWith('::warning title=Error response is not a SCIM error::'))).toHaveLength(1);
    expect(lines.filter((line) => line.startsWith('::error'))).toHaveLength(verdict.counts.rootCauses?.failing ?? -1);
    expect(lines.at(-1)).toBe(`::notice title=scim-harness::${escapeData(verdict.headline)}`);
    expect(lines.every((line) => /^::(error|warning|notice) title=[^:]*::/.test(line))).toBe(true);
  });

  it('warns once per inconclusive scenario with its reason', () => {
    const run = buildFixtureRun({ inconclusive: true });
    runs.push(run);
    const annotations = buildAnnotations(run.summary);
    expect(annotations).toContainEqual({ level: 'warning', title: `${INCONCLUSIVE_SCENARIO.id} inconclusive`, message: `${INCONCLUSIVE_SCENARIO.inconclusiveReason ?? ''} [entra]` });
  });

  it('annotates fixed and unknown baseline entries', () => {
    const run = buildFixtureRun({ passing: true });
    runs.push(run);
    const verdict = completeVerdict({ ...run.summary.verdict, fixedKnownFailures: ['users/create'], unknownKnownFailures: [{ id: 'users/craete', suggestions: ['users/create'] }] });
    const annotations = buildAnnotations({ ...run.summary, verdict });
    expect(annotations).toContainEqual({ level: 'error', title: 'Baseline entry users/create now passes', message: 'Remove users/create from the baseline file (or run with --update-baseline).' });
    expect(annotations).toContainEqual({ level: 'warning', title: 'Baseline', message: 'Baseline entry users/craete names no known scenario or check (did you mean users/create?)' });
  });

  it('is chosen by --reporter github, and the console summary is still printed', () => {
    const reporters = createReporters('github', reporterOptions('/tmp/unused'));
    expect(reporters.map((reporter) => reporter.name)).toEqual(['github', 'console']);
  });
});
