/**
 * A dead, stalled or id-mangling target, end to end through the command line:
 *  - a refused connection or rejected credentials is one line and an early stop (Test Connection
 *    runs before anything else), with exit 4 (unreachable) or 3 (quarantine for credentials);
 *  - a target that trickles its headers stops the run after --max-consecutive-timeouts requests
 *    timed out in a row, in bounded time, with the reports written and run.ndjson intact;
 *  - ids that are not one path segment ("..", "%2e", "a/../..", "") never send a request outside
 *    the resource's collection, and are a finding.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Verdict } from '../../harness/contract/verdict';
import { type RunRecord } from '../../harness/contract/run-events';
import { DOT_IDS, type HostileRequest, isListQuery, refusedUrl, startHostileServer } from '../helpers/hostile-server';
import { eventsOf, readRunRecords, runCli, type CliResult } from './support/run-cli';
import { useScratchDir } from '../helpers/scratch-dir';

const TEST_TIMEOUT_MS = 60_000;
/** Small, so a stalled request costs little; the stall limit, not the timeout, is what is tested. */
const REQUEST_TIMEOUT = '300ms';

/** Test Connection's query: a filter on a random GUID (docs/entra-behaviour.md#test-connection). */
function isProbe(request: HostileRequest): boolean {
  return isListQuery(request) && /\beq\s+"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"\s*$/i.test(request.query.filter ?? '');
}

const scratch = useScratchDir('scim-harness-availability');
const freshOut = scratch.fresh;

interface Outcome {
  readonly result: CliResult;
  readonly records: RunRecord[];
  readonly verdict: Verdict;
}

function outcomeOf(result: CliResult, out: string): Outcome {
  // Throws naming the line if any line does not parse or breaks the hash chain.
  const records = readRunRecords(path.join(out, 'run.ndjson'));
  const end = records.at(-1)?.event;
  if (end?.type !== 'run-end') throw new Error(`run.ndjson ends with ${end?.type ?? 'nothing'}, not run-end; stderr: ${result.stderr}`);
  expect(existsSync(path.join(out, 'report.json'))).toBe(true);
  return { result, records, verdict: end.verdict };
}

function nonEmptyLines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

describe('a target that refuses the connection', () => {
  it.each([['run'], ['sync']])(
    '%s: stops after Test Connection with one line naming the refused host:port, exit 4, nothing else sent',
    async (command) => {
      const target = await refusedUrl();
      const hostPort = new URL(target).host;
      const out = freshOut(`refused-${command}`);
      const args = command === 'run' ? ['run'] : ['sync', '--population', '20', '--cycles', '2'];
      const run = outcomeOf(await runCli([...args, '--target', target, '--token', 't', '--timeout', '2s', '--reporter', 'console,json,junit', '--out', out]), out);

      expect(run.result.code).toBe(4);
      expect(run.verdict.outcome).toBe('unreachable');
      expect(run.verdict.headline).toContain(`connection refused at ${hostPort} (ECONNREFUSED)`);
      // One line on stderr, the cause; no cascade of failed scenarios, entries or findings.
      expect(nonEmptyLines(run.result.stderr)).toEqual([expect.stringContaining(`connection refused at ${hostPort}`)]);
      expect(run.result.stdout.split(`connection refused at ${hostPort}`).length - 1).toBeGreaterThanOrEqual(1);
      expect(nonEmptyLines(run.result.stdout).length).toBeLessThan(45);
      expect(eventsOf(run.records, 'entry')).toEqual([]);
      expect(run.verdict.scenarios).toEqual([]);
      expect(eventsOf(run.records, 'exchange').map((event) => event.purpose)).toEqual(['test-connection']);
      // CI sees the run as an error even though no scenario ran.
      expect(readFileSync(path.join(out, 'junit.xml'), 'utf8')).toMatch(/<error message="UNREACHABLE — connection refused at [^"]+" type="unreachable">/);
      // A refused connection is not a credentials problem, whatever Entra files it under.
      expect(`${run.result.stdout}\n${run.verdict.quarantine.details}\n${run.verdict.quarantine.fix ?? ''}`).not.toMatch(/rejected the credentials|valid token/i);
      // The saved run, re-judged without the target, exits the same way.
      const replay = await runCli(['report', out, '--reporter', 'json', '--out', freshOut(`refused-${command}-report`)]);
      expect(replay.code).toBe(4);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('a target that rejects the credentials', () => {
  it('run: stops after Test Connection with one line, quarantined for credentials, exit 3', async () => {
    const server = await startHostileServer({ pathology: 'status-401' });
    try {
      const out = freshOut('credentials');
      const run = outcomeOf(await runCli(['run', '--target', server.baseUrl, '--token', 't', '--reporter', 'json', '--out', out]), out);
      expect(run.result.code).toBe(3);
      expect(run.verdict.outcome).toBe('quarantined');
      expect(run.verdict.quarantine.errorCode).toBe('SystemForCrossDomainIdentityManagementCredentialValidationFailure');
      expect(run.verdict.headline).toContain('credentials rejected');
      expect(nonEmptyLines(run.result.stderr)).toEqual([expect.stringContaining('credentials rejected')]);
      // Test Connection's first request was refused: nothing else went out.
      expect(server.requests).toHaveLength(1);
      expect(run.verdict.scenarios).toEqual([]);
    } finally {
      await server.close();
    }
  }, TEST_TIMEOUT_MS);
});

describe('a target that trickles its headers', () => {
  it('run: stops after 3 requests timed out in a row, in bounded time, with reports and an intact run.ndjson', async () => {
    // Test Connection answers; everything after it trickles headers forever.
    const server = await startHostileServer({ pathology: 'trickle-headers', appliesTo: (request) => !isProbe(request) });
    try {
      const out = freshOut('trickle-run');
      const started = Date.now();
      const run = outcomeOf(
        await runCli(['run', '--target', server.baseUrl, '--token', 't', '--timeout', REQUEST_TIMEOUT, '--concurrency', '2', '--reporter', 'json', '--out', out]),
        out,
      );
      const elapsedMs = Date.now() - started;

      expect(run.result.code).toBe(4);
      expect(run.verdict.outcome).toBe('unreachable');
      expect(run.verdict.headline).toMatch(/^STALLED — the target stalls: 3 requests timed out in a row/);
      const trickled = server.requests.filter((request) => !isProbe(request));
      // The limit, what was in flight when it was reached (one per scenario's job), and one probe before cleanup.
      expect(trickled.length).toBeLessThanOrEqual(3 + 2 + 1);
      // Every scenario in both dialects, at 300 ms per stalled request, would take far longer than this.
      expect(elapsedMs).toBeLessThan(30_000);
      expect(nonEmptyLines(run.result.stderr).filter((line) => /the target stalls/.test(line))).toHaveLength(1);
    } finally {
      await server.close();
    }
  }, TEST_TIMEOUT_MS);

  it('sync with --max-consecutive-timeouts 0: goes on past 3 timeouts in a row', async () => {
    const server = await startHostileServer({ pathology: 'trickle-headers', appliesTo: (request) => !isProbe(request) });
    try {
      const out = freshOut('trickle-no-limit');
      const run = outcomeOf(
        await runCli(['sync', '--population', '4', '--cycles', '1', '--max-consecutive-timeouts', '0', '--target', server.baseUrl, '--token', 't', '--timeout', REQUEST_TIMEOUT, '--reporter', 'json', '--out', out]),
        out,
      );
      expect(run.verdict.outcome).not.toBe('unreachable');
      expect(run.result.code).not.toBe(4);
      const timedOut = eventsOf(run.records, 'entry').filter(({ entry }) => entry.provisioningStatusInfo.errorInformation?.errorCode === 'Timeout');
      // Four users and their group, each failing on its own timeout.
      expect(timedOut.length).toBeGreaterThan(3);
    } finally {
      await server.close();
    }
  }, TEST_TIMEOUT_MS);
});

describe('a target whose ids are not one path segment', () => {
  /** The path as the server parsed it (dot segments removed, percent-decoded) and as sent. */
  function deletes(requests: readonly HostileRequest[]): { path: string; target: string }[] {
    return requests.filter((request) => request.method === 'DELETE').map((request) => ({ path: request.path, target: request.target }));
  }

  it.each([
    ['sync', ['sync', '--population', String(DOT_IDS.length), '--cycles', '1']],
    ['run', ['run', '--scenario', 'users/create', '--scenario', 'users/hard-delete', '--scenario', 'groups/create-empty']],
  ])(
    '%s: every DELETE stays inside its collection, and the ids are a finding',
    async (_name, args) => {
      // Users get the unusable ids; groups keep good ones, so cleanup still has something to delete.
      const server = await startHostileServer({ pathology: 'dot-id', appliesTo: (request) => request.method === 'POST' && /\/Users$/.test(request.path) });
      try {
        const out = freshOut(`dot-id-${args[0]}`);
        const run = outcomeOf(await runCli([...args, '--target', server.baseUrl, '--token', 't', '--reporter', 'json', '--out', out]), out);
        const sent = deletes(server.requests);
        expect(sent.length).toBeGreaterThan(0);
        for (const request of sent) {
          expect(request.path).toMatch(/^\/scim\/v2\/(Users|Groups)\/[^/]+$/);
          expect(request.target).toMatch(/^\/scim\/v2\/(Users|Groups)\/[^/?#]+$/);
        }
        // Nothing at all is addressed by a bad id: no request names a collection member it cannot reach.
        for (const request of server.requests) expect(request.path).toMatch(/^\/scim\/v2\/(Users|Groups)(\/[^/]+)?$/);
        const findings = run.verdict.findings.filter((finding) => finding.check === 'protocol/id-path-segment');
        expect(findings.length).toBeGreaterThan(0);
        expect(findings[0].severity).toBe('required');
        // The create the target answered with a bad id fails, as Entra could not use the id.
        const failedCreates = eventsOf(run.records, 'entry').filter(
          ({ entry }) => entry.provisioningAction === 'create' && entry.sourceIdentity.identityType === 'User' && entry.provisioningStatusInfo.status === 'failure',
        );
        expect(failedCreates.length).toBeGreaterThan(0);
        expect(failedCreates[0].entry.provisioningStatusInfo.errorInformation?.errorCode).toBe('SystemForCrossDomainIdentityManagementServiceIncompatible');
        expect(run.result.code).not.toBe(0);
        expect(JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'))).toBeDefined();
      } finally {
        await server.close();
      }
    },
    TEST_TIMEOUT_MS,
  );
});
