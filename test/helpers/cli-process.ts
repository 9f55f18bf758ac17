/**
 * The real command line in a child process, from the sources (no build), with a deadline: for
 * tests about how the process ends — that it exits at all, with which code, and what it printed.
 * Each .ts file is transpiled once into a cache shared by every child of the test run, so only
 * the first child pays for TypeScript.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TS_REQUIRE_HOOK } from './ts-require-hook';

const ROOT = path.resolve(__dirname, '../..');
const CACHE = path.join(tmpdir(), 'scim-harness-test-transpiled');

const BOOTSTRAP = `${TS_REQUIRE_HOOK}
const cli = require(require('node:path').join(process.env.SCIMH_TEST_ROOT, 'harness', 'cli', 'main.ts'));
process.argv.splice(1, 1);
// As bin/scim-harness.js does: the exit code is set, never forced, so an open handle keeps the process alive.
cli.main(process.argv.slice(1)).then(
  (code) => { process.exitCode = code; },
  (error) => { process.stderr.write('scim-harness: unexpected error: ' + (error && error.stack ? error.stack : String(error)) + '\\n'); process.exitCode = 1; },
);
`;

export interface CliProcessResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** True when the deadline passed and the process was killed. */
  readonly timedOut: boolean;
  readonly elapsedMs: number;
}

export interface CliProcessOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
}

/** Runs `scim-harness <args>` in a child process; kills it (SIGKILL) once `timeoutMs` has passed. */
export function runCliProcess(args: readonly string[], options: CliProcessOptions): Promise<CliProcessResult> {
  mkdirSync(CACHE, { recursive: true });
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', BOOTSTRAP, 'scim-harness', ...args], {
      cwd: options.cwd ?? ROOT,
      env: { PATH: process.env.PATH, ...options.env, SCIMH_TEST_ROOT: ROOT, SCIMH_TEST_CACHE: CACHE },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut, elapsedMs: Date.now() - started });
    });
  });
}
