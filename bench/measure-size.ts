/**
 * One population size, measured in rounds against a fresh server each time: (a) the harness's
 * initial cycle in a fresh process, (b) the raw loop replaying the same requests in another.
 * The server is restarted before every run so each starts from the same empty state.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { type RunStats } from '../reporters/reporter';
import { type Child, forkChild } from './child';
import {
  type CpuTime,
  type HarnessJob,
  type HarnessResult,
  type RawJob,
  type RawResult,
  type ServerCommand,
  type ServerMessage,
  type ServerUsage,
  TOKEN_ENV,
} from './messages';

export interface ServerFigures {
  /** CPU the server spent while the client ran. */
  readonly cpu: CpuTime;
  readonly rssBytes: number;
  readonly users: number;
  readonly groups: number;
}

export interface SizeMeasurement {
  readonly population: number;
  readonly concurrency: number;
  readonly harness: HarnessResult;
  /** report.json's stats: requests and latency per operation. */
  readonly harnessStats: RunStats;
  /** The raw loop run right after the harness run. */
  readonly raw: RawResult;
  /** The raw loop run right before it (the previous round's), when there was one. */
  readonly rawBefore?: RawResult;
  readonly serverDuringHarness: ServerFigures;
  readonly serverDuringRaw: ServerFigures;
  readonly outDir?: string;
  /** 1-minute load average before each workload: other processes on the machine skew every figure. */
  readonly loadAverage: { readonly beforeHarness: number; readonly beforeRaw: number };
}

export interface MeasureOptions {
  readonly concurrency: number;
  readonly keepOutput: boolean;
  /** Profile the first round's harness and raw processes (V8 CPU profile or sampling heap profile) into `profileDir`. */
  readonly profile?: 'cpu' | 'heap';
  readonly profileDir: string;
  /** Folder holding the compiled server-process.js, harness-process.js and raw-process.js. */
  readonly scriptDir: string;
  readonly log: (line: string) => void;
}

interface RunningServer {
  readonly child: Child<ServerMessage>;
  readonly baseUrl: string;
  readonly before: ServerUsage;
}

async function startServer(scriptDir: string, env: NodeJS.ProcessEnv): Promise<RunningServer> {
  const child = forkChild<ServerMessage>(path.join(scriptDir, 'server-process.js'), { env });
  const { baseUrl } = await child.next('server-ready');
  const before = await usage(child);
  return { child, baseUrl, before };
}

async function usage(child: Child<ServerMessage>): Promise<ServerUsage> {
  const command: ServerCommand = { type: 'usage' };
  child.send(command);
  return child.next('server-usage');
}

async function stopServer(server: RunningServer): Promise<ServerFigures> {
  const after = await usage(server.child);
  const command: ServerCommand = { type: 'stop' };
  server.child.send(command);
  await server.child.exited();
  return {
    cpu: { userMs: after.cpu.userMs - server.before.cpu.userMs, systemMs: after.cpu.systemMs - server.before.cpu.systemMs },
    rssBytes: after.rssBytes,
    users: after.users,
    groups: after.groups,
  };
}

/** Node's own profilers, one file per process: harness-<N>.cpuprofile, raw-<N>.heapprofile … */
function profileArgs(options: MeasureOptions, name: string): string[] {
  if (options.profile === 'cpu') return ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`, `--cpu-prof-name=${name}.cpuprofile`];
  if (options.profile === 'heap') return ['--heap-prof', `--heap-prof-dir=${options.profileDir}`, `--heap-prof-name=${name}.heapprofile`];
  return [];
}

interface HarnessRun {
  readonly harness: HarnessResult;
  readonly harnessStats: RunStats;
  readonly serverDuringHarness: ServerFigures;
  readonly outDir: string;
  readonly loadAverageBefore: number;
}

interface RawRun {
  readonly raw: RawResult;
  readonly serverDuringRaw: ServerFigures;
  readonly loadAverageBefore: number;
}

/**
 * One measured process against a server started for it alone: forks `script`, sends it `job`,
 * waits for its `resultType` message and its exit, then stops the server and reads its figures.
 */
async function runAgainstFreshServer<R extends { type: string }>(
  script: string,
  execArgv: readonly string[],
  env: NodeJS.ProcessEnv,
  options: MeasureOptions,
  job: (baseUrl: string) => HarnessJob | RawJob,
  resultType: R['type'],
): Promise<{ result: R; server: ServerFigures }> {
  const server = await startServer(options.scriptDir, env);
  let result: R;
  let figures: ServerFigures;
  try {
    const child = forkChild<R>(path.join(options.scriptDir, script), { env, execArgv });
    child.send(job(server.baseUrl));
    result = (await child.next(resultType)) as R;
    await child.exited();
  } finally {
    figures = await stopServer(server);
  }
  return { result, server: figures };
}

async function runHarness(population: number, round: number, env: NodeJS.ProcessEnv, options: MeasureOptions): Promise<HarnessRun> {
  const outDir = mkdtempSync(path.join(os.tmpdir(), `scim-harness-bench-${population}-`));
  const loadAverageBefore = os.loadavg()[0];
  options.log(`N = ${population.toLocaleString('en-US')}: harness initial cycle …`);
  const { result: harness, server } = await runAgainstFreshServer<HarnessResult>(
    'harness-process.js',
    round === 1 ? profileArgs(options, `harness-${population}`) : [],
    env,
    options,
    (baseUrl) => ({ type: 'run-harness', baseUrl, population, concurrency: options.concurrency, outDir }),
    'harness-result',
  );
  const report = JSON.parse(readFileSync(harness.reportFile, 'utf8')) as { stats: RunStats };
  return { harness, harnessStats: report.stats, serverDuringHarness: server, outDir, loadAverageBefore };
}

async function runRaw(population: number, round: number, runFile: string, env: NodeJS.ProcessEnv, options: MeasureOptions): Promise<RawRun> {
  const loadAverageBefore = os.loadavg()[0];
  options.log(`N = ${population.toLocaleString('en-US')}: raw HTTP loop (fresh server) …`);
  const { result: raw, server } = await runAgainstFreshServer<RawResult>(
    'raw-process.js',
    round === 1 ? profileArgs(options, `raw-${population}`) : [],
    env,
    options,
    (baseUrl) => ({ type: 'run-raw', runFile, baseUrl, concurrency: options.concurrency }),
    'raw-result',
  );
  return { raw, serverDuringRaw: server, loadAverageBefore };
}

/**
 * `rounds` measurements of one size, run as harness, raw, harness, raw …: each harness run is
 * compared with the raw loop runs just before and after it (the first with the one after), so a
 * machine that slows down or speeds up during the benchmark moves both sides of a ratio alike.
 * The raw loop replays the requests of the harness run before it.
 */
export async function measureRounds(population: number, rounds: number, options: MeasureOptions): Promise<SizeMeasurement[]> {
  // A fresh token per size: the run exercises bearer authentication; it is never printed.
  const env = { ...process.env, [TOKEN_ENV]: randomBytes(24).toString('hex') };
  const measurements: SizeMeasurement[] = [];
  let previousRaw: RawRun | undefined;
  for (let round = 1; round <= rounds; round += 1) {
    const log = (line: string): void => options.log(rounds > 1 ? `[round ${round}/${rounds}] ${line}` : line);
    const roundOptions = { ...options, log };
    const harnessRun = await runHarness(population, round, env, roundOptions);
    try {
      const rawRun = await runRaw(population, round, harnessRun.harness.runFile, env, roundOptions);
      measurements.push({
        population,
        concurrency: options.concurrency,
        harness: harnessRun.harness,
        harnessStats: harnessRun.harnessStats,
        raw: rawRun.raw,
        ...(previousRaw ? { rawBefore: previousRaw.raw } : {}),
        serverDuringHarness: harnessRun.serverDuringHarness,
        serverDuringRaw: rawRun.serverDuringRaw,
        loadAverage: { beforeHarness: harnessRun.loadAverageBefore, beforeRaw: rawRun.loadAverageBefore },
        ...(options.keepOutput ? { outDir: harnessRun.outDir } : {}),
      });
      previousRaw = rawRun;
    } finally {
      if (!options.keepOutput) rmSync(harnessRun.outDir, { recursive: true, force: true });
    }
  }
  return measurements;
}
