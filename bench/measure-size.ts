/**
 * One population size, measured twice against a fresh server each time: (a) the harness's
 * initial cycle in a fresh process, (b) the raw loop replaying the same requests in another.
 * The server is restarted between them so both start from the same empty state.
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
  readonly raw: RawResult;
  readonly serverDuringHarness: ServerFigures;
  readonly serverDuringRaw: ServerFigures;
  readonly outDir?: string;
  /** 1-minute load average before each workload: other processes on the machine skew every figure. */
  readonly loadAverage: { readonly beforeHarness: number; readonly beforeRaw: number };
}

export interface MeasureOptions {
  readonly concurrency: number;
  readonly keepOutput: boolean;
  /** Profile the harness and raw processes (V8 CPU profile or sampling heap profile) into `profileDir`. */
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

export async function measureSize(population: number, options: MeasureOptions): Promise<SizeMeasurement> {
  const { scriptDir, concurrency, log } = options;
  // A fresh token per size: the run exercises bearer authentication; it is never printed.
  const env = { ...process.env, [TOKEN_ENV]: randomBytes(24).toString('hex') };
  const outDir = mkdtempSync(path.join(os.tmpdir(), `scim-harness-bench-${population}-`));
  try {
    const beforeHarness = os.loadavg()[0];
    log(`N = ${population.toLocaleString('en-US')}: harness initial cycle …`);
    const first = await startServer(scriptDir, env);
    let harness: HarnessResult;
    let serverDuringHarness: ServerFigures;
    try {
      const child = forkChild<HarnessResult>(path.join(scriptDir, 'harness-process.js'), { env, execArgv: profileArgs(options, `harness-${population}`) });
      const job: HarnessJob = { type: 'run-harness', baseUrl: first.baseUrl, population, concurrency, outDir };
      child.send(job);
      harness = await child.next('harness-result');
      await child.exited();
    } finally {
      serverDuringHarness = await stopServer(first);
    }
    const report = JSON.parse(readFileSync(harness.reportFile, 'utf8')) as { stats: RunStats };

    const beforeRaw = os.loadavg()[0];
    log(`N = ${population.toLocaleString('en-US')}: raw HTTP loop (fresh server) …`);
    const second = await startServer(scriptDir, env);
    let raw: RawResult;
    let serverDuringRaw: ServerFigures;
    try {
      const child = forkChild<RawResult>(path.join(scriptDir, 'raw-process.js'), { env, execArgv: profileArgs(options, `raw-${population}`) });
      const job: RawJob = { type: 'run-raw', runFile: harness.runFile, baseUrl: second.baseUrl, concurrency };
      child.send(job);
      raw = await child.next('raw-result');
      await child.exited();
    } finally {
      serverDuringRaw = await stopServer(second);
    }
    return {
      population,
      concurrency,
      harness,
      harnessStats: report.stats,
      raw,
      serverDuringHarness,
      serverDuringRaw,
      loadAverage: { beforeHarness, beforeRaw },
      ...(options.keepOutput ? { outDir } : {}),
    };
  } finally {
    if (!options.keepOutput) rmSync(outDir, { recursive: true, force: true });
  }
}
