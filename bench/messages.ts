/**
 * What the benchmark's processes tell each other over the fork IPC channel. Each measured
 * workload runs in a process of its own so that its peak memory is its own (a shared process
 * would add the server's in-memory store, or the other workload's heap, to the figure).
 */
import { readFileSync } from 'node:fs';

/** Bearer token the bench hands to the server and clients through the environment, never argv. */
export const TOKEN_ENV = 'SCIM_HARNESS_BENCH_TOKEN';

export interface CpuTime {
  readonly userMs: number;
  readonly systemMs: number;
}

export interface ServerReady {
  readonly type: 'server-ready';
  readonly baseUrl: string;
}

export interface ServerUsage {
  readonly type: 'server-usage';
  readonly cpu: CpuTime;
  readonly rssBytes: number;
  readonly users: number;
  readonly groups: number;
}

export type ServerMessage = ServerReady | ServerUsage;

export type ServerCommand = { readonly type: 'usage' } | { readonly type: 'stop' };

export interface HarnessJob {
  readonly type: 'run-harness';
  readonly baseUrl: string;
  readonly population: number;
  readonly concurrency: number;
  readonly outDir: string;
}

export interface MemoryFigures {
  /** Highest RSS seen by the ~50 ms sampler. */
  readonly sampledPeakRssBytes: number;
  /** Highest RSS seen while the initial cycle ran. */
  readonly cyclePeakRssBytes: number;
  /** The kernel's high-water mark of resident memory (/proc/self/status VmHWM); null off Linux. */
  readonly vmHwmBytes: number | null;
  /** RSS and heap used (garbage not yet collected included) right after the cycle, before reports are written. */
  readonly rssAfterCycleBytes: number;
  readonly heapUsedAfterCycleBytes: number;
}

export interface HarnessResult {
  readonly type: 'harness-result';
  /** runCycle of the initial cycle: planning, test connection, every pass. */
  readonly cycleMs: number;
  /** runSync end to end: directory generation, the cycle, verdict and report files. */
  readonly totalMs: number;
  readonly cycleCpu: CpuTime;
  readonly memory: MemoryFigures;
  readonly exitCode: number;
  readonly runFile: string;
  /** Size of run.ndjson: every entry with its exchanges, as the run leaves it on disk. */
  readonly runFileBytes: number;
  readonly reportFile: string;
}

export interface RawJob {
  readonly type: 'run-raw';
  /** The harness run whose requests are replayed. */
  readonly runFile: string;
  readonly baseUrl: string;
  readonly concurrency: number;
}

export interface RawResult {
  readonly type: 'raw-result';
  readonly wallMs: number;
  readonly requests: number;
  readonly units: number;
  /** Responses outside 2xx: any one makes the comparison suspect. */
  readonly unexpectedStatuses: Readonly<Record<string, number>>;
  readonly prepareMs: number;
  readonly phases: readonly { readonly name: string; readonly units: number; readonly requests: number; readonly wallMs: number }[];
  readonly cpu: CpuTime;
  readonly peakRssBytes: number | null;
  readonly counts: PlanCounts;
}

/** What the replayed initial cycle touched, counted from the harness's own requests. */
export interface PlanCounts {
  readonly users: number;
  readonly groups: number;
  /** Member values added by the membership PATCHes. */
  readonly members: number;
  readonly managerLinks: number;
  /** Request bodies whose recorded size differs from their Content-Length (redacted secrets). */
  readonly bodySizeMismatches: number;
}

export interface ChildFailure {
  readonly type: 'failure';
  readonly message: string;
}

export function cpuSince(start: NodeJS.CpuUsage): CpuTime {
  const used = process.cpuUsage(start);
  return { userMs: Math.round(used.user / 1000), systemMs: Math.round(used.system / 1000) };
}

/** Linux's VmHWM: the true peak resident set of this process, whatever the sampler missed. */
export function readVmHwmBytes(): number | null {
  try {
    const text = readFileSync('/proc/self/status', 'utf8');
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(text);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Sends over IPC and resolves once the message is handed to the channel. */
export function sendToParent(message: ServerMessage | HarnessResult | RawResult | ChildFailure): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) {
      reject(new Error('this script runs as a child of the benchmark (child_process.fork); start it with npm run bench'));
      return;
    }
    process.send(message, undefined, undefined, (error) => (error ? reject(error) : resolve()));
  });
}
