/**
 * The gate's promises about its own inputs and outputs: bad input is refused with exit 2 before
 * anything is sent (and the process then exits instead of hanging on the embedded target), a
 * run never truncates or writes into an earlier one before it starts, a new run replaces an
 * earlier one whole, a folder holding someone else's files is refused, and a symbolic link is
 * never written through.
 */
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCliProcess } from '../helpers/cli-process';
import { runCli } from './support/run-cli';

/** A short run that provisions something: enough to leave an earlier run behind. */
const SMALL_RUN = ['run', '--scenario', 'users/create', '--dialect', 'entra'];
/** Under a loaded machine a child may take many seconds to start; a hang never ends. */
const EXIT_DEADLINE_MS = 60_000;

let workDir: string;

beforeAll(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'scim-harness-gate-'));
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

function fresh(name: string): string {
  return path.join(workDir, name);
}

/** Every file in a folder with its bytes, links shown as links: what "left untouched" compares. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    const stats = lstatSync(file);
    files[name] = stats.isSymbolicLink() ? `link` : stats.isDirectory() ? 'dir' : readFileSync(file, 'latin1');
  }
  return files;
}

/** The folders a run leaves beside --out (its new folder while running, the earlier one while swapping). */
function siblingsOf(out: string): string[] {
  return readdirSync(path.dirname(out)).filter((name) => name.startsWith(`${path.basename(out)}.`));
}

function runIdOf(out: string): string {
  const first = readFileSync(path.join(out, 'run.ndjson'), 'utf8').split('\n')[0];
  return (JSON.parse(first) as { event: { runId: string } }).event.runId;
}

/** One line on stderr, naming the rule: never a stack trace. */
function expectOneLineError(stderr: string, pattern: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^scim-harness: /);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('a configuration error found with the embedded target in play', () => {
  beforeAll(async () => {
    // The first child transpiles the sources for all of them: outside any case's deadline.
    const version = await runCliProcess(['--version'], { timeoutMs: 300_000 });
    expect(version.code).toBe(0);
  }, 320_000);

  // Each is only found after the settings resolved, where the embedded server used to be started
  // first: the message was printed and the process never exited.
  const cases: { readonly name: string; readonly args: (dir: string) => string[]; readonly message: RegExp }[] = [
    { name: 'an unknown --reporter', args: () => ['--reporter', 'jsnon'], message: /unknown reporter "jsnon"/ },
    { name: 'a --reporter path that does not exist', args: () => ['--reporter', './no-such-reporter.js'], message: /no-such-reporter\.js" was not found/ },
    { name: 'a .ts reporter that exports no reporter', args: (dir) => ['--reporter', path.join(dir, 'empty-reporter.ts')], message: /exports nothing usable/ },
    { name: '--max-response-bytes -1', args: () => ['--max-response-bytes', '-1'], message: /--max-response-bytes must be a whole number/ },
    { name: '--baseline naming a missing file', args: (dir) => ['--baseline', path.join(dir, 'missing-baseline.json')], message: /--baseline file .* cannot be read/ },
    { name: '--out naming a file', args: (dir) => ['--out', path.join(dir, 'a-file.txt')], message: /--out must be a folder, got ".*a-file\.txt", which is a file/ },
    { name: '--out under a file (not a directory)', args: (dir) => ['--out', path.join(dir, 'a-file.txt', 'reports')], message: /--out must be inside a folder, got .* is a file/ },
    // A file-system error on --out: on Linux /proc answers ENOENT to every mkdir (and Node's recursive mkdir never returns there).
    ...(process.platform === 'linux'
      ? [{ name: '--out where no folder can be created (under /proc)', args: (): string[] => ['--out', path.join('/proc', 'scim-harness-gate', 'out')], message: /--out must be a folder the harness can create, got "\/proc\/scim-harness-gate\/out"/ }]
      : []),
  ];

  for (const testCase of cases) {
    it(`${testCase.name}: exits 2 with one line, writes nothing`, async () => {
      const dir = fresh(`exit-${cases.indexOf(testCase)}`);
      mkdirSync(dir);
      writeFileSync(path.join(dir, 'a-file.txt'), 'not a folder\n');
      writeFileSync(path.join(dir, 'empty-reporter.ts'), 'export const answer: number = 42;\n');
      const args = testCase.args(dir);
      const before = snapshot(dir);
      const out = args.includes('--out') ? [] : ['--out', path.join(dir, 'out')];
      const result = await runCliProcess([...SMALL_RUN, ...out, ...args], { cwd: dir, timeoutMs: EXIT_DEADLINE_MS });
      expect(result.timedOut).toBe(false);
      expect(result.code).toBe(2);
      expectOneLineError(result.stderr, testCase.message);
      // Not even the new run's folder is created before the input is known good.
      expect(snapshot(dir)).toEqual(before);
    }, EXIT_DEADLINE_MS + 30_000);
  }
});

describe('invalid input against a target that records every request', () => {
  let server: Server;
  let baseUrl: string;
  const received: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      received.push(`${request.method ?? ''} ${request.url ?? ''}`);
      response.writeHead(404, { 'content-type': 'application/scim+json' });
      response.end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404', detail: 'nothing here' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const cases: { readonly name: string; readonly setup: (dir: string) => string[] }[] = [
    { name: '--baseline naming a missing file', setup: (dir) => ['--baseline', path.join(dir, 'missing.json'), '--out', path.join(dir, 'out')] },
    {
      name: '--baseline that is not JSON',
      setup: (dir) => {
        writeFileSync(path.join(dir, 'baseline.json'), '{"knownFailures": [');
        return ['--baseline', path.join(dir, 'baseline.json'), '--out', path.join(dir, 'out')];
      },
    },
    { name: 'an unknown --reporter', setup: (dir) => ['--reporter', 'jsnon', '--out', path.join(dir, 'out')] },
    {
      name: '--out holding someone else\'s files',
      setup: (dir) => {
        mkdirSync(path.join(dir, 'out'));
        writeFileSync(path.join(dir, 'out', 'notes.txt'), 'mine\n');
        return ['--out', path.join(dir, 'out')];
      },
    },
    {
      name: '--out that is a symbolic link to a folder',
      setup: (dir) => {
        mkdirSync(path.join(dir, 'elsewhere'));
        symlinkSync(path.join(dir, 'elsewhere'), path.join(dir, 'out'));
        return ['--out', path.join(dir, 'out')];
      },
    },
  ];

  for (const command of ['run', 'sync']) {
    for (const testCase of cases) {
      it(`${command} with ${testCase.name}: exit 2 and not one request`, async () => {
        const dir = fresh(`nothing-sent-${command}-${cases.indexOf(testCase)}`);
        mkdirSync(dir);
        const args = testCase.setup(dir);
        const before = snapshot(dir);
        received.length = 0;
        const shape = command === 'run' ? ['--scenario', 'users/create', '--dialect', 'entra'] : ['--population', '3', '--cycles', '1'];
        const result = await runCli([command, '--target', baseUrl, '--token', 't', ...shape, ...args]);
        expect(result.code).toBe(2);
        expect(received).toEqual([]);
        expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
        expect(result.stderr).toMatch(/^scim-harness: (--out|--baseline|unknown reporter)/);
        expect(snapshot(dir)).toEqual(before);
      }, 60_000);
    }
  }
});

describe('an earlier run in --out', () => {
  it('survives a typo: run.ndjson and the reports stay as they were, and `logs` still reads them', async () => {
    const out = fresh('typo');
    const first = await runCli([...SMALL_RUN, '--reporter', 'json,markdown', '--out', out]);
    expect(first.code).toBe(0);
    const before = snapshot(out);
    expect(before['run.ndjson'].length).toBeGreaterThan(0);

    const typo = await runCli([...SMALL_RUN, '--reporter', 'jsnon', '--out', out]);
    expect(typo.code).toBe(2);
    expect(snapshot(out)).toEqual(before);
    expect(siblingsOf(out)).toEqual([]);

    const logs = await runCli(['logs', out, '--format', 'json']);
    expect(logs.code).toBe(0);
    expect((JSON.parse(logs.stdout) as { value: unknown[] }).value.length).toBeGreaterThan(0);
  }, 120_000);

  it('is replaced whole by the next run: no stale report, a new run.ndjson, nothing left beside it', async () => {
    const out = fresh('replace');
    expect((await runCli([...SMALL_RUN, '--reporter', 'json,markdown', '--out', out])).code).toBe(0);
    const firstRun = runIdOf(out);
    expect(existsSync(path.join(out, 'summary.md'))).toBe(true);

    const second = await runCli([...SMALL_RUN, '--reporter', 'json', '--out', out]);
    expect(second.code).toBe(0);
    expect(runIdOf(out)).not.toBe(firstRun);
    // The first run's summary.md belongs to a run that is no longer there.
    expect(existsSync(path.join(out, 'summary.md'))).toBe(false);
    expect(readdirSync(out).sort()).toEqual(['.scim-harness-output.json', 'job-status.json', 'provisioning-logs.json', 'report.json', 'run.ndjson']);
    expect(siblingsOf(out)).toEqual([]);
  }, 120_000);

  it('is recognised by its run.ndjson when it has no marker file (a run written by an earlier version)', async () => {
    const out = fresh('legacy');
    expect((await runCli([...SMALL_RUN, '--reporter', 'json', '--out', out])).code).toBe(0);
    rmSync(path.join(out, '.scim-harness-output.json'));
    const firstRun = runIdOf(out);
    expect((await runCli([...SMALL_RUN, '--reporter', 'json', '--out', out])).code).toBe(0);
    expect(runIdOf(out)).not.toBe(firstRun);
  }, 120_000);
});

describe('symbolic links planted in the output folder', () => {
  it('a run never writes through them: the link is replaced, its target is untouched', async () => {
    const out = fresh('planted-run');
    expect((await runCli([...SMALL_RUN, '--reporter', 'json,markdown', '--out', out])).code).toBe(0);
    const victim = fresh('planted-run-victim.txt');
    writeFileSync(victim, 'precious\n');
    rmSync(path.join(out, 'summary.md'));
    symlinkSync(victim, path.join(out, 'summary.md'));

    expect((await runCli([...SMALL_RUN, '--reporter', 'json,markdown', '--out', out])).code).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(lstatSync(path.join(out, 'summary.md')).isFile()).toBe(true);
    expect(readFileSync(path.join(out, 'summary.md'), 'utf8')).toMatch(/PASSED/);
  }, 120_000);

  it('`report` regenerates into the run\'s folder: run.ndjson kept, reports replaced, links never followed', async () => {
    const out = fresh('planted-report');
    expect((await runCli([...SMALL_RUN, '--reporter', 'json,markdown', '--out', out])).code).toBe(0);
    const runLog = readFileSync(path.join(out, 'run.ndjson'));
    const victim = fresh('planted-report-victim.txt');
    writeFileSync(victim, 'precious\n');
    for (const name of ['summary.md', 'report.json']) {
      rmSync(path.join(out, name));
      symlinkSync(victim, path.join(out, name));
    }

    const report = await runCli(['report', out, '--reporter', 'json,markdown']);
    expect(report.code).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(readFileSync(path.join(out, 'run.ndjson'))).toEqual(runLog);
    for (const name of ['summary.md', 'report.json']) expect(lstatSync(path.join(out, name)).isFile()).toBe(true);
    expect(readdirSync(out).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  }, 120_000);

  it('`report --out` refuses a folder that holds someone else\'s files', async () => {
    const out = fresh('report-source');
    expect((await runCli([...SMALL_RUN, '--reporter', 'json', '--out', out])).code).toBe(0);
    const foreign = fresh('report-foreign');
    mkdirSync(foreign);
    writeFileSync(path.join(foreign, 'thesis.tex'), '\\documentclass{article}\n');
    const result = await runCli(['report', out, '--out', foreign, '--reporter', 'json']);
    expect(result.code).toBe(2);
    expectOneLineError(result.stderr, /--out must be empty, new, or the folder of an earlier scim-harness run.*report-foreign.*thesis\.tex/);
    expect(readdirSync(foreign)).toEqual(['thesis.tex']);
  }, 120_000);
});
