/**
 * `report` judges a saved run again, with the one judge the live run used: given the live run's
 * gate options it reaches the same verdict (same counts, same exit code); given other options it
 * reaches the verdict a live run with those options reaches, not the stored one. The quarantine
 * state it reads is the one each cycle's end recorded in run.ndjson.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseFaultSwitches, startScimServer, type RunningScimServer } from '../../examples/scim-server';
import { runCliProcess, type CliProcessResult } from '../helpers/cli-process';
import { useScratchDir } from '../helpers/scratch-dir';

/** A child may take many seconds to start on a loaded machine; a run of two scenarios a minute. */
const DEADLINE_MS = 240_000;
jest.setTimeout(4 * DEADLINE_MS);

interface Verdict {
  outcome: string;
  counts: { scenarios: unknown; expectations: unknown; findings: { failing: number; known: number; belowThreshold: number } };
  knownFailures: string[];
  findings: { check: string; severity: string; scenarioId?: string }[];
  quarantine: { wouldQuarantine: boolean; reason: string | null };
}

const scratch = useScratchDir('scim-harness-rejudge');
let faulty: RunningScimServer;

beforeAll(async () => {
  // ignore-active: users/disable fails with a required finding; wrong-content-type: every response draws a recommended one.
  faulty = await startScimServer({ port: 0, host: '127.0.0.1', token: 't', faults: parseFaultSwitches('ignore-active,wrong-content-type', {}) });
});

afterAll(async () => {
  await faulty.close();
});

function cli(args: readonly string[]): Promise<CliProcessResult> {
  return runCliProcess(args, { timeoutMs: DEADLINE_MS });
}

function verdictIn(dir: string): Verdict {
  return (JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as { verdict: Verdict }).verdict;
}

/** The verdict without what differs between a run and its replay only by the clock. */
function withoutTiming(verdict: Verdict): unknown {
  return JSON.parse(JSON.stringify(verdict, (key: string, value: unknown) => (key === 'durationMs' || key === 'startedAt' ? undefined : value)));
}

/** The JUnit total of failed test cases: a reporter that reads the gate, not the verdict's outcome. */
function junitFailures(dir: string): number {
  const match = /<testsuites [^>]*failures="(\d+)"/.exec(readFileSync(path.join(dir, 'junit.xml'), 'utf8'));
  if (!match) throw new Error(`no <testsuites failures> in ${dir}/junit.xml`);
  return Number(match[1]);
}

function events(dir: string): { type: string; [key: string]: unknown }[] {
  return readFileSync(path.join(dir, 'run.ndjson'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => (JSON.parse(line) as { event: { type: string } }).event);
}

describe('report --fail-on --baseline re-judges a saved run', () => {
  let baseline: string;
  let liveA: string;
  let liveResultA: CliProcessResult;
  const run = (out: string, failOn: string): Promise<CliProcessResult> =>
    cli(['run', '--target', faulty.baseUrl, '--token', 't', '--scenario', 'users/disable', '--scenario', 'users/create', '--dialect', 'entra', '--fail-on', failOn, '--baseline', baseline, '--reporter', 'json,junit', '--out', out]);

  beforeAll(async () => {
    baseline = path.join(scratch.root(), 'b.json');
    // Marks users/disable (its failed expectation and every finding in it) as known, not users/create's recommended finding.
    writeFileSync(baseline, JSON.stringify({ knownFailures: ['users/disable'] }));
    liveA = scratch.fresh('live-recommended');
    liveResultA = await run(liveA, 'recommended');
  });

  it('the live run fails on the finding the baseline does not list', () => {
    expect(liveResultA.code).toBe(1);
    const verdict = verdictIn(liveA);
    expect(verdict.outcome).toBe('failed');
    expect(verdict.knownFailures).toEqual(['users/disable']);
    expect(verdict.counts.findings.failing).toBeGreaterThan(0);
    expect(verdict.counts.findings.known).toBeGreaterThan(0);
  });

  it('with the same options, report reaches the same verdict, counts and exit code', async () => {
    const out = scratch.fresh('report-recommended');
    const report = await cli(['report', liveA, '--fail-on', 'recommended', '--baseline', baseline, '--reporter', 'json', '--out', out]);
    expect(report.code).toBe(liveResultA.code);
    expect(verdictIn(out).counts).toEqual(verdictIn(liveA).counts);
    expect(withoutTiming(verdictIn(out))).toEqual(withoutTiming(verdictIn(liveA)));
  });

  it('with other options, report reaches what a live run with them reaches, not the stored verdict', async () => {
    const liveB = scratch.fresh('live-required');
    const live = await run(liveB, 'required');
    expect(live.code).toBe(0);
    const out = scratch.fresh('report-required');
    const report = await cli(['report', liveA, '--fail-on', 'required', '--baseline', baseline, '--reporter', 'json,junit', '--out', out]);
    // The stored verdict failed; judged again with --fail-on required the recommended finding is below the gate.
    expect(verdictIn(liveA).outcome).toBe('failed');
    expect(report.code).toBe(0);
    expect(report.code).toBe(live.code);
    const rejudged = verdictIn(out);
    const other = verdictIn(liveB);
    expect(rejudged.outcome).toBe('passed');
    expect(rejudged.outcome).toBe(other.outcome);
    expect(rejudged.counts).toEqual(other.counts);
    expect(rejudged.knownFailures).toEqual(other.knownFailures);
    // Every report shows the gate it was judged with now: below --fail-on required, the recommended finding fails no test case.
    expect(junitFailures(out)).toBe(junitFailures(liveB));
    expect(junitFailures(out)).toBeLessThan(junitFailures(liveA));
  });

  it('without gate options, report judges with the options the run was judged with', async () => {
    const out = scratch.fresh('report-as-recorded');
    const report = await cli(['report', liveA, '--reporter', 'json', '--out', out]);
    expect(report.code).toBe(liveResultA.code);
    expect(withoutTiming(verdictIn(out))).toEqual(withoutTiming(verdictIn(liveA)));
  });

  it('without the baseline, the known failures fail again', async () => {
    const out = scratch.fresh('report-no-baseline');
    const empty = path.join(scratch.root(), 'empty.json');
    writeFileSync(empty, JSON.stringify({ knownFailures: [] }));
    const report = await cli(['report', liveA, '--baseline', empty, '--reporter', 'json', '--out', out]);
    expect(report.code).toBe(1);
    expect(verdictIn(out).knownFailures).toEqual([]);
    expect(verdictIn(out).counts.findings.known).toBe(0);
  });

  it.each([
    { name: 'an unknown --fail-on', args: ['--fail-on', 'sometimes'], message: /fail-on/ },
    { name: 'a bad --max-failures', args: ['--max-failures', 'lots'], message: /--max-failures must be a whole number of entries or a percentage/ },
    { name: 'a missing --baseline file', args: ['--baseline', 'no-such-baseline.json'], message: /--baseline file .*no-such-baseline\.json cannot be read/ },
  ])('refuses $name with exit 2 before anything is written', async ({ args, message }) => {
    const out = path.join(scratch.root(), `refused-${args[0].slice(2)}`);
    const report = await cli(['report', liveA, ...args, '--reporter', 'json', '--out', out]);
    expect(report.code).toBe(2);
    expect(report.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });
});

describe('the quarantine state of every cycle is in run.ndjson', () => {
  it('each cycle-end records its job, quarantine state and job status, and report judges the quarantine from them', async () => {
    // filter-404: a query that matches nothing answers 404, which quarantines the job at once (docs/entra-behaviour.md#quarantine-triggers).
    const quarantining = await startScimServer({ port: 0, host: '127.0.0.1', token: 't', faults: parseFaultSwitches('filter-404', {}) });
    try {
      const out = scratch.fresh('sync-quarantined');
      const live = await cli(['sync', '--target', quarantining.baseUrl, '--token', 't', '--population', '3', '--cycles', '2', '--reporter', 'json', '--out', out]);
      expect(live.code).toBe(3);
      const cycleEnds = events(out).filter((event) => event.type === 'cycle-end');
      expect(cycleEnds.length).toBeGreaterThan(0);
      for (const cycle of cycleEnds) {
        expect(cycle).toMatchObject({
          job: expect.any(String),
          quarantine: { status: 'quarantined', reason: 'EncounteredQuarantineException' },
          jobStatus: { code: 'Quarantine', schedule: 'Active' },
        });
      }
      expect(new Set(cycleEnds.map((cycle) => cycle.job)).size).toBe(1);
      // The run-start records the rules the state machine applied.
      expect(events(out)[0]).toMatchObject({ type: 'run-start', quarantinePolicy: { minimumFailuresToEvaluate: 5000, deletionThreshold: 500 } });

      const replayed = scratch.fresh('sync-quarantined-report');
      const report = await cli(['report', out, '--reporter', 'json', '--out', replayed]);
      expect(report.code).toBe(3);
      expect(verdictIn(replayed).quarantine).toEqual(verdictIn(out).quarantine);
    } finally {
      await quarantining.close();
    }
  });

  it('a conformance run records each scenario job\'s state in its cycle-end events', () => {
    const cycleEnds = events(path.join(scratch.root(), 'live-recommended')).filter((event) => event.type === 'cycle-end');
    expect(cycleEnds.length).toBeGreaterThan(0);
    for (const cycle of cycleEnds) {
      expect(cycle).toMatchObject({ job: expect.any(String), scenarioId: expect.stringMatching(/^users\/(create|disable)@entra$/), quarantine: { status: 'healthy' }, jobStatus: { code: 'Active' } });
    }
  });
});
