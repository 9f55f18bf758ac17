/**
 * The harness against targets that send too much: a ListResponse of a million items (3 MB, under
 * the 4 MB response cap) and a body nested 100,000 levels deep. Every run ends in bounded time,
 * keeps the exchange in run.ndjson with an intact chain, names the cause in a finding, and exits
 * with the code the verdict decides; a run busy with a million-item page still honours Ctrl-C.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type RunRecord } from '../../harness/contract/run-events';
import { type HostileRequest, type HostileServer, isListQuery, startHostileServer } from '../helpers/hostile-server';
import { TS_REQUIRE_HOOK } from '../helpers/ts-require-hook';
import { eventsOf, readRunRecords, runCli } from './support/run-cli';

const MILLION = 1_000_000;
/** Generous for a loaded two-core machine; before the checks were linear one such page took over 11 minutes. */
const RUN_BUDGET_MS = 120_000;
/**
 * The signal takes effect — the harness says it stops taking new work — within two seconds, even
 * while a million-item page is being processed (measured on two idle cores: 0.45 s). Then the
 * request in flight finishes (one more page), cleanup runs and the reports are written: 1.2 s
 * measured on idle cores, 7–8 s on a two-core host shared with a dozen other processes, so the exit
 * has a looser budget. Before the checks were linear the signal waited for minutes.
 */
const TAKES_EFFECT_MS = 2_000;
const INTERRUPT_BUDGET_MS = 20_000;

/** Test Connection's GUID filter (docs/entra-behaviour.md#test-connection) is answered correctly, so the run reaches matching. */
function pastProbe(request: HostileRequest): boolean {
  return isListQuery(request) && !/\beq\s+"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"\s*$/i.test(request.query.filter ?? '');
}

function recordedExchanges(records: readonly RunRecord[]) {
  return [
    ...eventsOf(records, 'entry').flatMap(({ entry }) => entry.harness.exchanges),
    ...eventsOf(records, 'exchange').map(({ exchange }) => exchange),
  ];
}

let workDir: string;
let server: HostileServer | undefined;

beforeAll(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'scim-harness-bounds-'));
});

afterEach(async () => {
  await server?.close();
  server = undefined;
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

describe('a ListResponse of a million items', () => {
  it('is checked in seconds: the run ends, records the page and reports its size and violations with counts', async () => {
    server = await startHostileServer({ pathology: 'huge-list', hugeListItems: MILLION, appliesTo: pastProbe });
    const out = path.join(workDir, 'huge-list');
    const started = performance.now();
    const result = await runCli(['sync', '--population', '1', '--cycles', '1', '--concurrency', '1', '--target', server.baseUrl, '--token', 't', '--timeout', '30s', '--reporter', 'json', '--out', out]);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(RUN_BUDGET_MS);

    const records = readRunRecords(path.join(out, 'run.ndjson'));
    const huge = recordedExchanges(records).filter((exchange) => (exchange.response?.bytes ?? 0) > 3 * MILLION);
    expect(huge.length).toBeGreaterThan(0);
    const findings = eventsOf(records, 'finding').map(({ finding }) => finding);
    const pageSize = findings.find((finding) => finding.check === 'protocol/list-page-size');
    expect(pageSize?.actual).toBe('1,000,000 resources in one page; their schema was checked for the first 10,000 only');
    // Three violations per empty resource, eight shown: the rest counted, not listed.
    const schema = findings.find((finding) => finding.check === 'schema/user-resource');
    expect(schema?.actual).toMatch(/; … and 29,992 more$/);
    // A million matches for one userName: Entra's DuplicateTargetEntries, and the job's verdict.
    const codes = eventsOf(records, 'entry').map(({ entry }) => entry.provisioningStatusInfo.errorInformation?.errorCode);
    expect(codes).toContain('DuplicateTargetEntries');
    expect([1, 3]).toContain(result.code);
    expect(records.at(-1)?.event.type).toBe('run-end');
  }, RUN_BUDGET_MS + 30_000);
});

describe('a body nested 100,000 levels deep', () => {
  it.each([['array' as const], ['object' as const]])(
    '%s: recorded as truncated text with a finding naming the depth; every report is written',
    async (shape) => {
      server = await startHostileServer({ pathology: 'deep-json', deepJsonLevels: 100_000, deepJsonShape: shape });
      const out = path.join(workDir, `deep-${shape}`);
      const result = await runCli(['run', '--scenario', 'users/create', '--dialect', 'entra', '--target', server.baseUrl, '--token', 't', '--reporter', 'console,json,junit,markdown,csv,html', '--out', out]);
      expect(result.stderr).not.toMatch(/Maximum call stack|^\s+at .+:\d+:\d+\)?$/m);
      expect(result.code).toBe(1);

      const records = readRunRecords(path.join(out, 'run.ndjson'));
      const deep = recordedExchanges(records).filter((exchange) => exchange.response?.nesting !== undefined);
      expect(deep.length).toBeGreaterThan(0);
      for (const exchange of deep) {
        expect(exchange.response?.nesting).toEqual({ depth: 100_000, limit: 64 });
        expect(exchange.response?.body).toBeUndefined();
        expect(exchange.response?.text).toMatch(/\n\[truncated: \d+ characters in total\]$/);
      }
      const finding = eventsOf(records, 'finding').find(({ finding }) => finding.check === 'protocol/response-nesting-depth')?.finding;
      expect(finding?.severity).toBe('required');
      expect(finding?.actual).toBe('response nests 100,000 levels, more than the limit of 64; recorded as text, not parsed');
      // Test Connection runs before the scenario too: the finding cites one of the deep exchanges.
      expect(finding?.evidence.some((id) => deep.some((exchange) => exchange.id === id))).toBe(true);
      const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as { outcome: string };
      expect(report.outcome).toBe('failed');
      expect(readFileSync(path.join(out, 'report.html'), 'utf8')).toContain('protocol/response-nesting-depth');
    },
    RUN_BUDGET_MS,
  );
});

/** The CLI in a child process from the TypeScript sources, as bin/scim-harness.js runs the build. */
const CLI_CHILD = `${TS_REQUIRE_HOOK}
const cli = require(process.argv[1]);
cli.main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (error) => { process.stderr.write(String(error && error.stack)); process.exitCode = 99; });
`;

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('Ctrl-C while a million-item page is being checked', () => {
  it.each([['SIGINT' as const], ['SIGTERM' as const]])('%s takes effect within two seconds, exits 130 and leaves run.ndjson intact', async (signal) => {
    server = await startHostileServer({ pathology: 'huge-list', hugeListItems: MILLION, appliesTo: pastProbe });
    const hostile = server;
    const out = path.join(workDir, 'interrupted');
    const main = path.resolve(__dirname, '../../harness/cli/main.ts');
    const child = spawn(
      process.execPath,
      ['-e', CLI_CHILD, main, 'sync', '--population', '50', '--cycles', '1', '--concurrency', '1', '--target', hostile.baseUrl, '--token', 't', '--timeout', '60s', '--reporter', 'json', '--out', out],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    // Read, so a full pipe never blocks the child.
    child.stdout?.resume();
    try {
      // The second million-item page is on its way: the child is checking the first, or this one.
      await waitFor(() => hostile.requests.filter(pastProbe).length >= 2 || child.exitCode !== null, 120_000);
      expect(child.exitCode).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const signalled = performance.now();
      // The harness's one line on stderr says it has stopped taking new work.
      let tookEffect: number | undefined;
      child.stderr?.on('data', (chunk: Buffer) => {
        if (tookEffect === undefined && chunk.toString('utf8').includes(`${signal} —`)) tookEffect = performance.now() - signalled;
      });
      child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const code = await Promise.race([exited(child), new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), INTERRUPT_BUDGET_MS)))]);
      clearTimeout(timer);
      const latency = performance.now() - signalled;
      if (code === 'late') throw new Error(`no exit within ${INTERRUPT_BUDGET_MS} ms of ${signal}; stderr: ${stderr.slice(-500)}`);
      expect({ code, stderr: stderr.includes(signal) }).toEqual({ code: 130, stderr: true });
      expect(tookEffect).toBeLessThan(TAKES_EFFECT_MS);
      expect(latency).toBeLessThan(INTERRUPT_BUDGET_MS);

      const records = readRunRecords(path.join(out, 'run.ndjson'));
      const end = records.at(-1)?.event;
      expect(end?.type === 'run-end' && end.verdict.outcome).toBe('interrupted');
      expect(eventsOf(records, 'notice').some(({ message }) => message.startsWith(`Interrupted by ${signal}`))).toBe(true);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 180_000);
});
