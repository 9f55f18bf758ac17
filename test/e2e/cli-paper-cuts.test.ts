/**
 * What a new user meets first on the command line: pipes that close early, colour switches,
 * TypeScript files of their own, errors as one sentence, config files found and read the way
 * people expect, and values or combinations that would otherwise be silently ignored. Pipes and
 * TypeScript loading run the built launcher as a child process, as a shell would; the rest runs
 * in-process through run-cli.ts.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { startScimServer } from '../../examples/scim-server';
import { runCli } from './support/run-cli';
import { useScratchDir } from '../helpers/scratch-dir';

const ROOT = path.resolve(__dirname, '..', '..');
const BUILT_MAIN = path.join(ROOT, 'dist', 'harness', 'cli', 'main.js');
// A stack frame as V8 prints it: what a user must never see unless they ask for it.
const STACK_FRAME = /\n\s+at /;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[\d+m/;

const scratch = useScratchDir('scim-harness-paper-cuts');
const freshDir = scratch.fresh;

function write(file: string, text: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

interface ChildResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Newest source file under the folders the build compiles. */
function newestSourceMtime(): number {
  const files = fg.sync(['harness/**/*.{ts,json}', 'examples/**/*.ts', 'reporters/**/*.ts', 'bin/*.js'], { cwd: ROOT, absolute: true, ignore: ['**/*.d.ts'] });
  return Math.max(0, ...files.map((file) => statSync(file).mtimeMs));
}

function ensureBuilt(): void {
  if (existsSync(BUILT_MAIN) && statSync(BUILT_MAIN).mtimeMs >= newestSourceMtime()) return;
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
  } catch (error) {
    // Type errors elsewhere still emit JavaScript; only a missing entry point stops the test.
    if (!existsSync(BUILT_MAIN)) throw error;
  }
}

/**
 * `scim-harness <args>` as a shell runs it. With `closeStdoutAfterFirstChunk` the reader goes
 * away after the first chunk, as `| head -1` does: every later write of the child meets EPIPE.
 */
function spawnLauncher(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; closeStdoutAfterFirstChunk?: boolean } = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'scim-harness.js'), ...args], {
      cwd: options.cwd ?? scratch.root(),
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (options.closeStdoutAfterFirstChunk) child.stdout.destroy();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function failedEntryCount(outDir: string): number {
  const logs = JSON.parse(readFileSync(path.join(outDir, 'provisioning-logs.json'), 'utf8')) as { value: { provisioningStatusInfo: { status: string } }[] };
  return logs.value.filter((entry) => entry.provisioningStatusInfo.status === 'failure').length;
}

describe('output into a pipe that closes early', () => {
  let savedRun: string;

  beforeAll(async () => {
    ensureBuilt();
    savedRun = freshDir('saved-run');
    const result = await runCli(['sync', '--population', '300', '--cycles', '1', '--reporter', 'json', '--out', savedRun]);
    expect(result.code).toBe(0);
  }, 240_000);

  it('logs ends quietly with exit 0 when its reader stops after the first chunk (logs … | head)', async () => {
    const result = await spawnLauncher(['logs', savedRun, '--format', 'json'], { closeStdoutAfterFirstChunk: true });
    expect(result.stdout.startsWith('{"value":[')).toBe(true);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  }, 60_000);

  it('run goes on when its reader stops after the first line (run | head -1): same exit code, every report written, no stack', async () => {
    const out = freshDir('run-into-closed-pipe');
    const result = await spawnLauncher(['run', '--scenario', 'users', '--reporter', 'console,json,junit', '--out', out], { closeStdoutAfterFirstChunk: true });
    expect(result.stdout).toContain('scim-harness');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as { outcome: string };
    expect(report.outcome).toBe('passed');
    expect(existsSync(path.join(out, 'junit.xml'))).toBe(true);
  }, 180_000);
});

describe('console output of a run with many failures', () => {
  it('prints the first ten failed entries and a count of the rest that points at the logs', async () => {
    const server = await startScimServer({ token: 'paper-cuts', faults: { failCreatesRate: 1 } });
    const out = freshDir('many-failures');
    try {
      const result = await runCli(['sync', '--target', server.baseUrl, '--token', 'paper-cuts', '--population', '40', '--cycles', '1', '--reporter', 'console,json', '--out', out]);
      const failures = failedEntryCount(out);
      expect(failures).toBeGreaterThan(20);
      const failureLines = result.stdout.split('\n').filter((line) => line.includes('✗') && line.includes(' failed: '));
      expect(failureLines).toHaveLength(10);
      expect(result.stdout).toContain(`… and ${(failures - 10).toLocaleString('en-US')} more failed entries: see provisioning-logs.json, or scim-harness logs ${out} --status failure`);
    } finally {
      await server.close();
    }
  }, 120_000);
});

describe('colour', () => {
  async function header(env: NodeJS.ProcessEnv): Promise<string> {
    const result = await runCli(['sync', '--population', '2', '--cycles', '1', '--reporter', 'console', '--out', freshDir(`colour-${Object.keys(env).join('-') || 'none'}`)], env);
    expect(result.code).toBe(0);
    return result.stdout;
  }

  it('follows FORCE_COLOR when stdout is not a terminal, and NO_COLOR wins over it', async () => {
    expect(await header({})).not.toMatch(ANSI);
    expect(await header({ FORCE_COLOR: '1' })).toMatch(ANSI);
    expect(await header({ FORCE_COLOR: 'true' })).toMatch(ANSI);
    expect(await header({ FORCE_COLOR: '0' })).not.toMatch(ANSI);
    expect(await header({ FORCE_COLOR: '1', NO_COLOR: '1' })).not.toMatch(ANSI);
  }, 120_000);
});

describe('TypeScript and JavaScript files of the user', () => {
  beforeAll(ensureBuilt, 240_000);

  it('runs the shipped TypeScript example scenario from a checkout as the README shows', async () => {
    const out = freshDir('example-scenario');
    const result = await spawnLauncher(['run', '--scenario', './examples/custom-scenario/job-title-cleared.ts', '--reporter', 'json', '--out', out], { cwd: ROOT });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as { verdict: { scenarios: { id: string; status: string }[] } };
    expect(report.verdict.scenarios.map((s) => `${s.id} ${s.status}`)).toContain('vendor/job-title-cleared passed');
  }, 120_000);

  it('loads a TypeScript scenario that imports another TypeScript file, and a TypeScript reporter that does too', async () => {
    const dir = freshDir('ts-imports');
    write(path.join(dir, 'steps.ts'), `export const title: string = 'Marie';\nexport const steps = [{ addUser: { ref: 'marie', jobTitle: title } }, { cycle: 'initial' }, { expectEntry: { ref: 'marie', action: 'create', status: 'success' } }];\n`);
    write(path.join(dir, 'imported.ts'), `import { steps } from './steps';\nexport default { id: 'vendor/imported', title: 'Imported steps', tags: ['vendor'], covers: 'RFC 7644 §3.3', steps };\n`);
    write(path.join(dir, 'label.ts'), `export const label = (n: number): string => \`typed reporter saw \${n} entries\`;\n`);
    write(path.join(dir, 'reporter.ts'), `import { label } from './label';\nexport default (options: { stdout: { write(t: string): unknown } }) => { let n = 0; return { name: 'typed', onEntry() { n += 1; }, onRunEnd() { options.stdout.write(label(n) + '\\n'); } }; };\n`);
    const out = freshDir('ts-imports-out');
    const result = await spawnLauncher(['run', '--scenario', path.join(dir, 'imported.ts'), '--dialect', 'entra', '--reporter', `console,json,${path.join(dir, 'reporter.ts')}`, '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/typed reporter saw \d+ entries/);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as { verdict: { scenarios: { id: string; status: string }[] } };
    expect(report.verdict.scenarios.map((s) => `${s.id} ${s.status}`)).toEqual(['vendor/imported passed']);
  }, 120_000);

  it('reports a syntax error in a TypeScript scenario as file:line and the message, exit 2, no stack', async () => {
    const file = write(path.join(freshDir('ts-syntax'), 'broken.ts'), `export default {\n  id: 'vendor/broken',\n  steps: [ { cycle: 'initial' } ,, }\n};\n`);
    const result = await spawnLauncher(['run', '--scenario', file, '--reporter', 'json', '--out', freshDir('ts-syntax-out')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^scim-harness: Unable to load scenario '${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}': syntax error at ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:\\d+: .+\\n$`));
    expect(result.stderr).not.toMatch(STACK_FRAME);
  }, 60_000);

  it('names the missing module and where it was imported from, exit 2, no stack', async () => {
    const file = write(path.join(freshDir('ts-missing'), 'needs-helper.ts'), `import { steps } from './helper-that-is-not-there';\nexport default { id: 'vendor/x', title: 'x', tags: [], covers: 'x', steps };\n`);
    const result = await spawnLauncher(['run', '--scenario', file, '--reporter', 'json', '--out', freshDir('ts-missing-out')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cannot find module './helper-that-is-not-there' imported from ${file} (check the path: it is resolved from ${path.dirname(file)})`);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);

  it('turns an unexpected error into one line with a pointer to the stack, and prints the stack when SCIM_HARNESS_DEBUG=1', async () => {
    const file = write(path.join(freshDir('unexpected'), 'getter.js'), `module.exports = { get default() { throw new Error('kaboom from a getter'); } };\n`);
    const args = ['run', '--scenario', file, '--reporter', 'json', '--out', freshDir('unexpected-out')];
    const quiet = await runCli(args);
    expect(quiet.code).toBe(1);
    expect(quiet.stderr).toBe('scim-harness: unexpected error: kaboom from a getter (set SCIM_HARNESS_DEBUG=1 for the stack)\n');
    const debug = await runCli(args, { SCIM_HARNESS_DEBUG: '1' });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(STACK_FRAME);
  });
});

describe('configuration as people expect it', () => {
  it('lets SCIM_TOKEN beat a tokenFile named in the config file (each credential is one unit per layer)', async () => {
    const server = await startScimServer({ token: 'from-the-environment' });
    const dir = freshDir('env-beats-file');
    write(path.join(dir, 'file-token.txt'), 'from-the-file\n');
    const config = write(path.join(dir, 'scim-harness.config.json'), JSON.stringify({ target: server.baseUrl, tokenFile: path.join(dir, 'file-token.txt') }));
    try {
      const result = await runCli(['sync', '--config', config, '--population', '2', '--cycles', '1', '--reporter', 'json', '--out', path.join(dir, 'out')], { SCIM_TOKEN: 'from-the-environment' });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('resolves the paths a config file names against the file, not the working folder', async () => {
    const server = await startScimServer({ token: 'relative-token' });
    const dir = freshDir('relative-paths/team');
    write(path.join(dir, 'secrets', 'token.txt'), 'relative-token\n');
    const config = write(path.join(dir, 'harness.yaml'), `target: ${server.baseUrl}\ntokenFile: secrets/token.txt\nout: ./reports\nreporter: json\n`);
    try {
      const result = await runCli(['sync', '--config', config, '--population', '2', '--cycles', '1']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(existsSync(path.join(dir, 'reports', 'report.json'))).toBe(true);
    } finally {
      await server.close();
    }
  }, 60_000);

  describe('in a working folder holding a config file', () => {
    const cwd = process.cwd();
    afterEach(() => process.chdir(cwd));

    it('finds scim-harness.config.ts without --config and says so in the run header', async () => {
      const dir = freshDir('discovered');
      const config = write(path.join(dir, 'scim-harness.config.ts'), `const settings: { out: string; reporter: string; population: number; cycles: number } = { out: 'from-discovered-config', reporter: 'console,json', population: 2, cycles: 1 };\nexport default settings;\n`);
      process.chdir(dir);
      const result = await runCli(['sync']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`config: ${config}\n`);
      expect(existsSync(path.join(dir, 'from-discovered-config', 'report.json'))).toBe(true);
    }, 60_000);

    it('refuses two config files, naming both', async () => {
      const dir = freshDir('two-configs');
      const json = write(path.join(dir, 'scim-harness.config.json'), '{}');
      const yaml = write(path.join(dir, 'scim-harness.config.yaml'), 'population: 2\n');
      process.chdir(dir);
      const result = await runCli(['sync', '--reporter', 'json']);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`scim-harness: only one config file may sit in the working folder, got "${json}" and "${yaml}" (remove all but one, or choose with --config <file>)\n`);
      expect(existsSync(path.join(dir, 'scim-harness-report'))).toBe(false);
    });
  });

  it('uses SCIM_HARNESS_DIALECT for run instead of both dialects', async () => {
    const out = freshDir('dialect-from-env');
    const result = await runCli(['run', '--scenario', 'users/disable', '--reporter', 'json', '--out', out], { SCIM_HARNESS_DIALECT: 'entra-compliant' });
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as { verdict: { scenarios: { id: string; dialect: string }[] } };
    expect(report.verdict.scenarios.map((s) => s.dialect)).toEqual(['entra-compliant']);
  }, 60_000);
});

describe('values and combinations that would be ignored', () => {
  let savedRun: string;

  beforeAll(async () => {
    savedRun = freshDir('filters-run');
    const result = await runCli(['sync', '--population', '5', '--cycles', '1', '--reporter', 'json', '--out', savedRun]);
    expect(result.code).toBe(0);
  }, 60_000);

  it('logs --status and --action refuse an unknown value with the valid ones, and accept any case', async () => {
    const bogus = await runCli(['logs', savedRun, '--status', 'failed']);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toBe('scim-harness: --status must be one of "success", "failure", "skipped", "warning", got "failed" (e.g. --status "success")\n');
    const action = await runCli(['logs', savedRun, '--action', 'provision']);
    expect(action.code).toBe(2);
    expect(action.stderr).toContain('--action must be one of "create", "update", "delete", "disable", "stagedDelete", "other", got "provision"');
    const lower = await runCli(['logs', savedRun, '--status', 'success', '--action', 'create']);
    const portal = await runCli(['logs', savedRun, '--status', 'Success', '--action', 'Create']);
    expect(portal.code).toBe(0);
    expect(portal.stdout).toBe(lower.stdout);
    expect(lower.stdout).not.toContain('\n0 entries');
  });

  it('logs refuses --output with the table and two modes at once', async () => {
    const output = await runCli(['logs', savedRun, '--output', path.join(savedRun, 'x.txt')]);
    expect(output.code).toBe(2);
    expect(output.stderr).toContain('--output writes --format json, csv or aad');
    const modes = await runCli(['logs', savedRun, '--verify', '--summary']);
    expect(modes.code).toBe(2);
    expect(modes.stderr).toContain('logs takes one of --verify, --show and --summary at a time, got --verify and --summary');
  });

  it('run --source is refused with a pointer to sync --source', async () => {
    const result = await runCli(['run', '--source', './directory.json', '--list-scenarios']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'scim-harness: --source does not apply to run, got --source "./directory.json" (every scenario builds its own directory; to provision your directory file use: scim-harness sync --source <file>)\n',
    );
  });

  it('run and provision refuse --restart-at, which only sync has cycles for', async () => {
    const run = await runCli(['run', '--restart-at', '2', '--list-scenarios']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--restart-at does not apply to run');
    const provision = await runCli(['provision', '--restart-at', '2', '--user', 'x@example.com']);
    expect(provision.code).toBe(2);
    expect(provision.stderr).toContain('--restart-at does not apply to provision');
  });

  it('sync refuses --churn with --source, whose directory churn never changes', async () => {
    const result = await runCli(['sync', '--source', path.join(ROOT, 'examples', 'source', 'directory.json'), '--churn', '0.2', '--reporter', 'json', '--out', freshDir('churn-source')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--churn only changes a generated directory');
  });
});
