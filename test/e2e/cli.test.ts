/**
 * The command line end to end: `main(argv, io)` in-process with captured streams for every
 * command and usage error, and the built launcher as a child process for a real run and for an
 * interrupt (exit 130, run.ndjson intact, reports marked interrupted, the target cleaned up).
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import fg from 'fast-glob';
import { startScimServer, type RunningScimServer } from '../../examples/scim-server';
import { main } from '../../harness/cli/main';
import { type LogEntry } from '../../harness/contract/log-entry';
import { useScratchDir } from '../helpers/scratch-dir';

const ROOT = path.resolve(__dirname, '..', '..');
const BUILT_MAIN = path.join(ROOT, 'dist', 'harness', 'cli', 'main.js');
const TOKEN = 'cli-test-token';

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function capture(): { stream: Writable & { isTTY?: boolean; columns?: number }; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  }) as Writable & { isTTY?: boolean; columns?: number };
  stream.isTTY = false;
  stream.columns = 160;
  return { stream, text: () => text };
}

/** Runs the CLI in-process; the environment is empty so nothing leaks in from the shell. */
async function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const stdout = capture();
  const stderr = capture();
  const code = await main(args, { stdout: stdout.stream, stderr: stderr.stream, env });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

function readNdjson(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function entriesOf(runFile: string): LogEntry[] {
  return readNdjson(runFile)
    .filter((record) => (record.event as { type?: string } | undefined)?.type === 'entry' || record.type === 'entry')
    .map((record) => ((record.event as { entry?: LogEntry } | undefined)?.entry ?? record.entry) as LogEntry);
}

const SOURCE = {
  users: [
    { objectId: '7f4bc1a3-0c1e-4f6a-9d2b-1a2b3c4d5e01', userPrincipalName: 'scimh-ada.lovelace@example.com', displayName: 'Ada Lovelace', givenName: 'Ada', surname: 'Lovelace', jobTitle: 'Analyst' },
    { objectId: '7f4bc1a3-0c1e-4f6a-9d2b-1a2b3c4d5e02', userPrincipalName: 'scimh-charles.babbage@example.com', displayName: 'Charles Babbage', givenName: 'Charles', surname: 'Babbage' },
  ],
  groups: [],
};

const scratch = useScratchDir('scim-harness-cli');
const freshDir = scratch.fresh;

/** The run log a run into `out` is writing: in its new folder beside `out` until the run is swapped in. */
function liveRunFile(out: string): string | undefined {
  const partial = readdirSync(path.dirname(out)).find((name) => name.startsWith(`${path.basename(out)}.partial-`));
  return partial ? path.join(path.dirname(out), partial, 'run.ndjson') : undefined;
}

/** Waits (at most 20 s) until the run into `out` has logged its first create. */
async function untilFirstCreate(out: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  const created = (): boolean => {
    const runFile = liveRunFile(out);
    return runFile !== undefined && existsSync(runFile) && readFileSync(runFile, 'utf8').includes('"provisioningAction":"create"');
  };
  while (Date.now() < deadline && !created()) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('scim-harness in-process', () => {
  it('--help lists every command on stdout and exits 0', async () => {
    const result = await cli(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['run', 'sync', 'provision', 'logs', 'report', 'example-server']) {
      expect(result.stdout).toMatch(new RegExp(`scim-harness ${command}\\b`));
    }
  });

  describe('usage errors exit 2 before any request, naming the rule', () => {
    it('rejects a source file that breaks the directory schema with one line naming the file, the path and the rule', async () => {
      const file = path.join(freshDir('bad-source'), 'directory.json');
      writeFileSync(file, JSON.stringify({ users: [SOURCE.users[0], { ...SOURCE.users[1], objectId: 'not-a-guid' }], groups: [] }));
      const result = await cli(['sync', '--source', file, '--reporter', 'json', '--out', freshDir('bad-source-out')]);
      expect(result.code).toBe(2);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(file);
      expect(lines[0]).toContain('users[1].objectId');
      expect(lines[0]).toMatch(/uuid|GUID/i);
    });

    it('rejects a source file whose manager names nobody', async () => {
      const file = path.join(freshDir('bad-manager'), 'directory.json');
      writeFileSync(file, JSON.stringify({ users: [{ ...SOURCE.users[0], managerId: '7f4bc1a3-0c1e-4f6a-9d2b-1a2b3c4d5e99' }], groups: [] }));
      const result = await cli(['sync', '--source', file, '--reporter', 'json', '--out', freshDir('bad-manager-out')]);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining(`${file}: users[0].managerId`)]);
      expect(result.stderr).toContain('names no user in the file');
    });

    it('rejects a target that is not an absolute URL', async () => {
      const result = await cli(['sync', '--target', 'localhost:8080', '--reporter', 'json', '--out', freshDir('bad-target')]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('must be an absolute http(s) URL');
      expect(result.stderr).toContain('"localhost:8080"');
    });

    it('rejects bearer authentication without a token', async () => {
      const result = await cli(['sync', '--target', 'http://127.0.0.1:9/scim', '--auth', 'bearer', '--reporter', 'json', '--out', freshDir('no-token')]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/needs a token/);
      expect(result.stderr).toContain('--token');
    });

    it('rejects an unknown flag, naming it', async () => {
      const result = await cli(['sync', '--bogus-flag', '1', '--out', freshDir('unknown-flag')]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--bogus-flag');
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    });
  });

  describe('sync, logs and report on one saved run', () => {
    let out: string;
    let syncResult: CliResult;

    beforeAll(async () => {
      out = freshDir('sync');
      syncResult = await cli(['sync', '--population', '20', '--reporter', 'json', '--out', out]);
    });

    it('exits 0 and writes run.ndjson, provisioning-logs.json and job-status.json', () => {
      expect(syncResult.stderr).toBe('');
      expect(syncResult.code).toBe(0);
      const records = readNdjson(path.join(out, 'run.ndjson'));
      expect(records.length).toBeGreaterThan(20);
      const graph = JSON.parse(readFileSync(path.join(out, 'provisioning-logs.json'), 'utf8')) as { value: Record<string, unknown>[] };
      expect(Object.keys(graph)).toEqual(['value']);
      expect(graph.value.length).toBe(entriesOf(path.join(out, 'run.ndjson')).length);
      expect(graph.value.filter((entry) => entry.provisioningAction === 'create').length).toBeGreaterThanOrEqual(20);
      expect(graph.value.filter((entry) => 'harness' in entry)).toEqual([]);
      const jobStatus = JSON.parse(readFileSync(path.join(out, 'job-status.json'), 'utf8')) as { id?: string; status?: { code?: string } };
      expect(jobStatus.id).toMatch(/^scim\./);
      expect(jobStatus.status?.code).toBeDefined();
      expect(existsSync(path.join(out, 'report.json'))).toBe(true);
    });

    it('logs --verify accepts the chain, and rejects it after one line is edited', async () => {
      const intact = await cli(['logs', out, '--verify']);
      expect(intact.code).toBe(0);
      expect(intact.stdout).toContain('Chain intact');
      const copy = freshDir('tampered');
      copyFileSync(path.join(out, 'run.ndjson'), path.join(copy, 'run.ndjson'));
      const lines = readFileSync(path.join(copy, 'run.ndjson'), 'utf8').split('\n');
      const target = lines.findIndex((line) => line.includes('"provisioningAction":"create"'));
      expect(target).toBeGreaterThan(0);
      lines[target] = lines[target].replace('"provisioningAction":"create"', '"provisioningAction":"delete"');
      writeFileSync(path.join(copy, 'run.ndjson'), lines.join('\n'));
      const broken = await cli(['logs', copy, '--verify']);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toContain('Chain BROKEN');
      expect(broken.stdout).toContain(`line ${target + 1}`);
    });

    it('report regenerates report.json from the saved run', async () => {
      const original = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as { outcome: string; log: { finalHash: string }; counts: { entries: number } };
      rmSync(path.join(out, 'report.json'));
      const result = await cli(['report', out, '--reporter', 'json']);
      expect(result.code).toBe(0);
      const regenerated = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as typeof original;
      expect(regenerated.outcome).toBe(original.outcome);
      expect(regenerated.log.finalHash).toBe(original.log.finalHash);
      expect(regenerated.counts.entries).toBe(original.counts.entries);
    });
  });

  describe('logs filters', () => {
    let server: RunningScimServer;
    let out: string;

    beforeAll(async () => {
      // A target that fails some creates, so the run holds successes and failures.
      server = await startScimServer({ token: TOKEN, faults: { failCreatesRate: 0.4 }, seed: 3 });
      out = freshDir('failing-sync');
      const result = await cli(['sync', '--target', server.baseUrl, '--token', TOKEN, '--population', '20', '--cycles', '1', '--reporter', 'json', '--out', out]);
      expect([0, 1, 3]).toContain(result.code);
    });

    afterAll(async () => {
      await server.close();
    });

    it('--status failure lists exactly the failed entries', async () => {
      const all = entriesOf(path.join(out, 'run.ndjson'));
      const failed = all.filter((entry) => entry.provisioningStatusInfo.status === 'failure');
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.length).toBeLessThan(all.length);
      const json = await cli(['logs', out, '--status', 'failure', '--format', 'json']);
      expect(json.code).toBe(0);
      const listed = (JSON.parse(json.stdout) as { value: LogEntry[] }).value;
      expect(listed.map((entry) => entry.changeId).sort()).toEqual(failed.map((entry) => entry.changeId).sort());
      const table = await cli(['logs', out, '--status', 'failure']);
      expect(table.code).toBe(0);
      expect(table.stdout.trim().split('\n').at(-1)).toBe(`${failed.length} ${failed.length === 1 ? 'entry' : 'entries'}`);
    });
  });

  it('provision --user prints the steps and the POST request and response', async () => {
    const dir = freshDir('provision');
    const file = path.join(dir, 'directory.json');
    writeFileSync(file, JSON.stringify(SOURCE));
    const result = await cli(['provision', '--user', SOURCE.users[0].userPrincipalName, '--source', file, '--reporter', 'json', '--out', path.join(dir, 'out')]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const step of ['EntryImport', 'EntrySynchronizationScoping', 'EntryExportAdd']) expect(result.stdout).toContain(step);
    expect(result.stdout).toMatch(/> POST http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/Users/);
    expect(result.stdout).toContain(`"userName": "${SOURCE.users[0].userPrincipalName}"`);
    expect(result.stdout).toMatch(/< HTTP 201/);
    // Only the named user is provisioned.
    expect(result.stdout).not.toContain(SOURCE.users[1].userPrincipalName);
  });

  it('provision --dialect entra-compliant sends the default dialect and says the flag does not apply on demand', async () => {
    const dir = freshDir('provision-compliant');
    const file = path.join(dir, 'directory.json');
    const group = { objectId: '7f4bc1a3-0c1e-4f6a-9d2b-1a2b3c4d5f02', displayName: 'scimh-Compliant', memberIds: [SOURCE.users[0].objectId] };
    writeFileSync(file, JSON.stringify({ ...SOURCE, groups: [group] }));
    const out = path.join(dir, 'out');
    const result = await cli(['provision', '--group', 'scimh-Compliant', '--dialect', 'entra-compliant', '--source', file, '--reporter', 'json', '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('aadOptscim062020 flag does not apply to provisioning on demand');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    // The run is recorded as the default dialect, and the member add is its capitalised shape.
    const start = JSON.parse(readFileSync(path.join(out, 'run.ndjson'), 'utf8').split('\n')[0]) as { event: { type: string; dialect: string } };
    expect(start.event).toMatchObject({ type: 'run-start', dialect: 'entra' });
    expect(result.stdout).toContain('(dialect entra)');
    expect(result.stdout).toContain('"op": "Add"');
    expect(result.stdout).toContain('"$ref": null');
    expect(result.stdout).not.toContain('"op": "add"');
  });

  it('provision finds a user by objectId or by userPrincipalName in any case, and a group by displayName in any case', async () => {
    const dir = freshDir('provision-lookup');
    const file = path.join(dir, 'directory.json');
    const group = { objectId: '7f4bc1a3-0c1e-4f6a-9d2b-1a2b3c4d5f01', displayName: 'scimh-Analysts', memberIds: [SOURCE.users[1].objectId] };
    writeFileSync(file, JSON.stringify({ ...SOURCE, groups: [group] }));
    const byId = await cli(['provision', '--user', SOURCE.users[1].objectId, '--source', file, '--reporter', 'json', '--out', path.join(dir, 'by-id')]);
    expect(byId.code).toBe(0);
    expect(byId.stdout).toContain(`"userName": "${SOURCE.users[1].userPrincipalName}"`);
    const byUpn = await cli(['provision', '--user', SOURCE.users[1].userPrincipalName.toUpperCase(), '--source', file, '--reporter', 'json', '--out', path.join(dir, 'by-upn')]);
    expect(byUpn.code).toBe(0);
    expect(byUpn.stdout).toContain(`"userName": "${SOURCE.users[1].userPrincipalName}"`);
    expect(byUpn.stdout).not.toContain(SOURCE.users[0].userPrincipalName);
    const byGroup = await cli(['provision', '--group', 'SCIMH-ANALYSTS', '--source', file, '--reporter', 'json', '--out', path.join(dir, 'by-group')]);
    expect(byGroup.code).toBe(0);
    expect(byGroup.stdout).toContain('"displayName": "scimh-Analysts"');
    expect(byGroup.stdout).toContain(`"userName": "${SOURCE.users[1].userPrincipalName}"`);
  });

  it('provision names an existing user as the example when --user matches nobody', async () => {
    const dir = freshDir('provision-unknown');
    const file = path.join(dir, 'directory.json');
    writeFileSync(file, JSON.stringify(SOURCE));
    const result = await cli(['provision', '--user', 'nobody@example.com', '--source', file, '--reporter', 'json', '--out', path.join(dir, 'out')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--user must name a user of the source directory, got "nobody@example.com" (e.g. --user ${SOURCE.users[0].userPrincipalName})`);
  });
});

/** Newest source file under the folders the build compiles. */
function newestSourceMtime(): number {
  const files = fg.sync(['harness/**/*.{ts,json}', 'examples/**/*.ts', 'reporters/**/*.ts', 'scenarios/**/*.ts'], { cwd: ROOT, absolute: true, ignore: ['**/*.d.ts'] });
  return Math.max(0, ...files.map((file) => statSync(file).mtimeMs));
}

describe('the built launcher as a child process', () => {
  beforeAll(() => {
    // Build when dist is missing or older than the sources, so the child runs today's code.
    if (!existsSync(BUILT_MAIN) || statSync(BUILT_MAIN).mtimeMs < newestSourceMtime()) {
      try {
        execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
      } catch (error) {
        // Type errors elsewhere still emit JavaScript; only a missing entry point stops the test.
        if (!existsSync(BUILT_MAIN)) throw error;
      }
    }
  }, 120_000);

  function spawnCli(args: readonly string[]): { child: ReturnType<typeof spawn>; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> } {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'scim-harness.js'), ...args], { cwd: scratch.root(), env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
    );
    return { child, done };
  }

  it('runs a sync and exits 0', async () => {
    const out = freshDir('child-sync');
    const { done } = spawnCli(['sync', '--population', '5', '--reporter', 'json', '--out', out]);
    const result = await done;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readNdjson(path.join(out, 'run.ndjson')).length).toBeGreaterThan(5);
  }, 30_000);

  it('on SIGINT finishes requests in flight, cleans up, writes reports marked interrupted and exits 130', async () => {
    const server = await startScimServer({ token: TOKEN, faults: { slowMs: 40 } });
    const out = freshDir('child-interrupt');
    try {
      const { child, done } = spawnCli(['sync', '--target', server.baseUrl, '--token', TOKEN, '--population', '5000', '--reporter', 'json', '--out', out]);
      // Interrupt once the run has provisioned something.
      const runFile = path.join(out, 'run.ndjson');
      await untilFirstCreate(out);
      expect(server.store.userCount).toBeGreaterThan(0);
      child.kill('SIGINT');
      const result = await done;
      expect(result.code).toBe(130);
      expect(result.stderr).toContain('SIGINT');
      const records = readNdjson(runFile);
      const last = records.at(-1) as { event?: { type?: string; verdict?: { outcome?: string } }; type?: string; verdict?: { outcome?: string } };
      expect(last.event?.type ?? last.type).toBe('run-end');
      expect((last.event?.verdict ?? last.verdict)?.outcome).toBe('interrupted');
      const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as { interrupted: boolean; outcome: string };
      expect(report).toMatchObject({ interrupted: true, outcome: 'interrupted' });
      expect(existsSync(path.join(out, 'provisioning-logs.json'))).toBe(true);
      expect(existsSync(path.join(out, 'job-status.json'))).toBe(true);
      // Far fewer than 5,000 users were reached, and none of them is left behind.
      expect(entriesOf(runFile).filter((entry) => entry.provisioningAction === 'create').length).toBeLessThan(5000);
      expect(server.store.userCount).toBe(0);
      expect(server.store.groupCount).toBe(0);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('on a second SIGINT exits 130 at once, with every line of run.ndjson intact', async () => {
    const server = await startScimServer({ token: TOKEN, faults: { slowMs: 300 } });
    const out = freshDir('child-interrupt-twice');
    try {
      const { child, done } = spawnCli(['sync', '--target', server.baseUrl, '--token', TOKEN, '--population', '5000', '--reporter', 'json', '--out', out]);
      const runFile = path.join(out, 'run.ndjson');
      await untilFirstCreate(out);
      child.kill('SIGINT');
      await new Promise((resolve) => setTimeout(resolve, 100));
      child.kill('SIGINT');
      const result = await done;
      expect(result.code).toBe(130);
      expect(result.stderr).toContain('again');
      const lines = readFileSync(runFile, 'utf8').split('\n').filter(Boolean);
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
      expect(lines.length).toBeGreaterThan(1);
    } finally {
      await server.close();
    }
  }, 60_000);
});
