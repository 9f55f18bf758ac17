import { ConsoleReporter } from '../../../reporters/console-reporter';
import { type RunSummary } from '../../../reporters/reporter';
import { buildFixtureRun, CaptureStream, DIAGNOSIS_CONFLICT, INCONCLUSIVE_SCENARIO, reporterOptions, type FixtureRun } from './fixtures';
import { stabilize } from './stabilize';

const OUTPUTS = ['report.json', 'junit.xml', 'summary.md', 'report.html'];
// eslint-disable-next-line no-control-regex
const CURSOR_MOVES = /\u001b\[(?:\d*[GKJ]|\?25[hl]|\?7[hl]|\d*[ABCD])/;

async function play(reporter: ConsoleReporter, summary: RunSummary, run: FixtureRun): Promise<void> {
  await reporter.onRunStart(summary.plan);
  for (const entry of run.entries) await reporter.onEntry(entry, []);
  for (const scenario of summary.verdict.scenarios) await reporter.onScenarioEnd(scenario);
  await reporter.onRunEnd(summary);
}

describe('ConsoleReporter', () => {
  const runs: FixtureRun[] = [];
  const fixture = (options?: Parameters<typeof buildFixtureRun>[0]): FixtureRun => {
    const run = buildFixtureRun(options);
    runs.push(run);
    return run;
  };
  afterAll(() => runs.forEach((run) => run.remove()));

  it('prints plain lines and the closing summary when stdout is not a TTY (snapshot)', async () => {
    const run = fixture();
    const stdout = new CaptureStream(false);
    const reporter = new ConsoleReporter(reporterOptions(run.outDir, { stdout, outputs: OUTPUTS }));
    await play(reporter, run.summary, run);
    expect(stabilize(stdout.text)).toMatchSnapshot();
  });

  it('never draws the progress bar when the stream is not a TTY', async () => {
    const run = fixture();
    const stdout = new CaptureStream(false);
    const reporter = new ConsoleReporter(reporterOptions(run.outDir, { stdout, isTTY: false }));
    expect(reporter.isLive).toBe(false);
    await play(reporter, run.summary, run);
    expect(stdout.text).not.toMatch(CURSOR_MOVES);
    expect(stdout.text).not.toMatch(/[█░]/);
    expect(stdout.text).not.toMatch(/\d+ objects ·/);
    // Plain mode prints one line per failed entry and per cycle instead.
    const failureLines = stdout.text.split('\n').filter((line) => line.includes('✗') && line.includes('failed:'));
    expect(failureLines).toHaveLength(run.entries.filter((e) => e.provisioningStatusInfo.status === 'failure').length);
    // A conformance run prints one line per scenario, not the small cycles inside them.
    expect(stdout.text).not.toContain('cycle 0 (initial)');
    expect(stdout.text).toContain('[entra]');
  });

  it('prints one line per cycle in a sync run (no scenarios)', async () => {
    const run = fixture();
    const stdout = new CaptureStream(false);
    const reporter = new ConsoleReporter(reporterOptions(run.outDir, { stdout, isTTY: false }));
    const summary = { ...run.summary, plan: { ...run.summary.plan, scenarios: [] } };
    await play(reporter, summary, run);
    expect(stdout.text).toContain('cycle 0 (initial)\n');
    expect(stdout.text).toContain('cycle 1 (incremental)\n');
    expect(stdout.text).toMatch(/cycle 0 \(initial\) done: \d+ entries/);
  });

  it('prints plain lines under CI even on a TTY', async () => {
    const run = fixture();
    const stdout = new CaptureStream(true);
    const reporter = new ConsoleReporter(reporterOptions(run.outDir, { stdout, isTTY: true, isCI: true }));
    expect(reporter.isLive).toBe(false);
    await play(reporter, run.summary, run);
    expect(stdout.text).not.toMatch(CURSOR_MOVES);
    expect(stdout.text).not.toMatch(/[█░]/);
  });

  it('draws a live bar with objects, users, groups, cycle and failures on a TTY, and clears it before the summary', async () => {
    const run = fixture();
    const stdout = new CaptureStream(true, 200);
    const reporter = new ConsoleReporter(reporterOptions(run.outDir, { stdout, isTTY: true, isCI: false }));
    expect(reporter.isLive).toBe(true);
    await play(reporter, run.summary, run);
    const text = stdout.text;
    expect(text).toMatch(CURSOR_MOVES);
    // The fixture plan says 6 objects per cycle; the last cycle processed 4 users.
    expect(text).toMatch(/[█░]+ 4\/6 objects · users 4 · groups 0 · cycle 1 \(incremental\) · failures 3/);
    // No per-entry failure lines on a TTY: the bar counts them.
    expect(text).not.toMatch(/failed: EntryConflict/);
    expect(text).toContain('✓ passed users/create');
    const summaryStart = text.indexOf(run.summary.verdict.headline);
    expect(summaryStart).toBeGreaterThan(text.lastIndexOf('/6 objects'));
  });

  it('shows a quarantine risk on the bar when failures pass 40% of the entries', async () => {
    const run = fixture({ extraFailures: 20 });
    const stdout = new CaptureStream(true, 300);
    const reporter = new ConsoleReporter(reporterOptions(run.outDir, { stdout, isTTY: true }));
    await play(reporter, run.summary, run);
    expect(stdout.text).toContain('⚠ quarantine risk: failure rate over 40%');
  });

  it('opens the summary with the verdict headline, then the root causes, the status panel, quarantine, scenarios and stats', async () => {
    const run = fixture({ quarantined: true });
    const stdout = new CaptureStream(false);
    await new ConsoleReporter(reporterOptions(run.outDir, { stdout, outputs: OUTPUTS })).onRunEnd(run.summary);
    const lines = stdout.text.split('\n');
    expect(lines[1]).toBe(run.summary.verdict.headline);
    expect(lines[3]).toBe('Root causes (3: 1 required, 1 recommended, 1 advisory)');
    const order = ['Root causes', 'Current Status', 'Quarantine', 'Scenarios:', 'Stats', 'Chain hash', 'Reports written to'].map((marker) =>
      lines.findIndex((line) => line.startsWith(marker)),
    );
    expect(order.every((index) => index > 1)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(stdout.text).toContain('Entra would quarantine this job: EncounteredEscrowProportionThreshold.');
    expect(stdout.text).toContain('Fix: Return 201 for creates');
    expect(stdout.text).toContain('Projection: At 10,000 objects Entra would quarantine the job after the initial cycle');
    expect(stdout.text).toContain(`Chain hash (last line of run.ndjson): ${run.summary.finalHash}`);
    expect(stdout.text).toContain(`Reports written to ${run.outDir}: report.json, junit.xml, summary.md, report.html`);
    expect(stdout.text).toMatch(/create\s+4\s+12\s+30\s+30\s+31/);
  });

  it('gives each root cause once with where it was seen, its impact, projection, fix, the server\'s words, workaround and evidence', async () => {
    const run = fixture();
    const stdout = new CaptureStream(false);
    await new ConsoleReporter(reporterOptions(run.outDir, { stdout })).onRunEnd(run.summary);
    const text = stdout.text;
    const [first] = run.summary.verdict.rootCauses ?? [];
    const block = text.slice(text.indexOf(`1. [required] ${first.title}`), text.indexOf('  2. [recommended]'));
    expect(block.split('\n').map((line) => line.trim().replace(/\s+/g, ' '))).toEqual([
      `1. [required] ${DIAGNOSIS_CONFLICT.title}`,
      'seen in: 1 failed expectation, 1 finding · entra · 1 scenario: users/uniqueness',
      `impact: ${DIAGNOSIS_CONFLICT.impact}`,
      'projected: At 10,000 objects: about 2,500 entries would fail',
      `fix: ${DIAGNOSIS_CONFLICT.fix}`,
      // Quoted as received, the control character shown, not obeyed.
      'server said: "oops </script><script>alert(1)</script> <!-- & "quoted" \\u0001 end"',
      `workaround: ${DIAGNOSIS_CONFLICT.workaround ?? ''}`,
      'evidence: ex-2',
      '',
    ]);
    expect(text).not.toContain('\u0001');
    // Below --fail-on: shown, and said not to fail the run.
    expect(text).toContain('  3. [advisory] Error response is not a SCIM error (does not fail the run)');
    // Occurrences are not repeated: one pointer instead of the per-finding blocks.
    expect(text).toContain('Each occurrence (3 findings, 1 failed expectation, 1 blocked expectation) is in report.json and report.html, with its evidence.');
    expect(text).not.toContain('expected: status 409');
    expect(text).not.toContain('Top findings');
  });

  it('lists only the scenario runs to act on: a failure by its root cause, inconclusive and skipped runs with their reason', async () => {
    const run = fixture({ inconclusive: true });
    const stdout = new CaptureStream(false);
    await new ConsoleReporter(reporterOptions(run.outDir, { stdout })).onRunEnd(run.summary);
    const lines = stdout.text.split('\n');
    const at = lines.findIndex((line) => line.startsWith('Scenarios:'));
    expect(lines[at]).toBe('Scenarios: 1 passed, 1 failed, 1 inconclusive, 1 skipped (4 scenario runs)');
    expect(lines.slice(at + 1, at + 4).map((line) => line.trim().replace(/\s+/g, ' '))).toEqual([
      `✗ failed users/uniqueness entra root cause: ${DIAGNOSIS_CONFLICT.title}`,
      '- skipped groups/membership entra skipped: groups are not supported',
      `? inconclusive groups/external-id entra inconclusive: ${INCONCLUSIVE_SCENARIO.inconclusiveReason ?? ''}`,
    ]);
    expect(lines[at + 4]).toBe('');
  });

  it('says while the run goes why an expectation was not judged (blocked, inconclusive)', async () => {
    const run = fixture({ inconclusive: true });
    const stdout = new CaptureStream(false);
    const reporter = new ConsoleReporter(reporterOptions(run.outDir, { stdout }));
    for (const scenario of run.summary.verdict.scenarios) await reporter.onScenarioEnd(scenario);
    expect(stdout.text).toContain('    - the error body has a detail (blocked: the previous expectation failed)');
    expect(stdout.text).toContain(`    ? ${INCONCLUSIVE_SCENARIO.inconclusiveReason ?? ''}`);
    expect(stdout.text).toContain('    - the created group has the externalId Entra sent (inconclusive: premise: the server stores a client-supplied externalId)');
  });

  it('warns when TLS verification was off, at the start and in the summary', async () => {
    const run = fixture({ insecure: true });
    const stdout = new CaptureStream(false);
    await play(new ConsoleReporter(reporterOptions(run.outDir, { stdout })), run.summary, run);
    expect(stdout.text.match(/TLS certificate verification was switched off/g)).toHaveLength(2);
    const quiet = fixture();
    const out2 = new CaptureStream(false);
    await play(new ConsoleReporter(reporterOptions(quiet.outDir, { stdout: out2 })), quiet.summary, quiet);
    expect(out2.text).not.toContain('TLS certificate verification');
  });

  it('paints only when colour is on', async () => {
    const run = fixture();
    const plain = new CaptureStream(false);
    await new ConsoleReporter(reporterOptions(run.outDir, { stdout: plain, color: false })).onRunEnd(run.summary);
    expect(plain.text).not.toContain('\u001b[');
    const painted = new CaptureStream(false);
    await new ConsoleReporter(reporterOptions(run.outDir, { stdout: painted, color: true })).onRunEnd(run.summary);
    expect(painted.text).toContain('\u001b[31m');
  });
});
