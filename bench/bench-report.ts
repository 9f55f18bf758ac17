/**
 * Turns measurements into the figures the README quotes: throughput of harness and raw loop,
 * their ratio, peak memory, wall time, Entra's documented estimate for the same population,
 * and PASS/MISS against the performance targets (reported, never asserted).
 */
import { type LatencyStats } from '../reporters/reporter';
import { type SizeMeasurement } from './measure-size';

/** docs/entra-behaviour.md#cycle-timing (D-WHEN): initial cycle minutes = 0.01 × objects at best, 0.08 × objects at worst. */
export const ENTRA_MINUTES_PER_OBJECT = { best: 0.01, worst: 0.08 } as const;

export const TARGETS = {
  /** Harness throughput as a share of the raw loop's. */
  minThroughputRatio: 0.7,
  /** Peak RSS of the harness process at N = 100,000. */
  maxPeakRssBytes: 200 * 1024 * 1024,
  /** Peak RSS at N = 100,000 may exceed the N = 10,000 figure by this share at most. */
  maxRssGrowth: 0.2,
  /** "Completes in minutes": the N = 100,000 run ends within the hour. */
  maxLargeRunMs: 60 * 60_000,
} as const;

const SMALL = 10_000;
const LARGE = 100_000;

export interface SizeResult {
  readonly population: number;
  readonly concurrency: number;
  readonly objects: {
    readonly users: number;
    readonly groups: number;
    readonly members: number;
    readonly managerLinks: number;
    /** Users + groups + group members: what Entra's estimate counts (docs/entra-behaviour.md#cycle-timing). */
    readonly entraObjects: number;
  };
  readonly requests: { readonly harness: number; readonly raw: number };
  readonly harness: {
    readonly cycleMs: number;
    readonly totalMs: number;
    readonly objectsPerSecond: number;
    readonly requestsPerSecond: number;
    readonly cpuMs: number;
    /** Client CPU per request (µs): the harness's own cost, robust to a busy machine. */
    readonly cpuMicrosPerRequest: number;
    readonly peakRssBytes: number;
    readonly cyclePeakRssBytes: number;
    readonly heapUsedAfterCycleBytes: number;
    readonly runFileBytes: number;
    readonly exitCode: number;
    readonly latencyMs: Readonly<Record<string, LatencyStats>>;
  };
  readonly raw: {
    /** Mean wall time of the raw runs on either side of the harness run (the one after, for the first round). */
    readonly wallMs: number;
    readonly objectsPerSecond: number;
    readonly requestsPerSecond: number;
    readonly cpuMs: number;
    readonly cpuMicrosPerRequest: number;
    readonly unexpectedStatuses: Readonly<Record<string, number>>;
    readonly phases: SizeMeasurement['raw']['phases'];
  };
  readonly server: { readonly cpuMsDuringHarness: number; readonly cpuMsDuringRaw: number; readonly rssBytesAfterHarness: number };
  /** Harness requests/s over raw requests/s (the same requests, so also the ratio of wall times). */
  readonly throughputRatio: number;
  readonly entraEstimateMinutes: { readonly best: number; readonly worst: number };
  /** 1-minute load average before each run: after the first run it includes the benchmark's own processes. */
  readonly loadAverage: SizeMeasurement['loadAverage'];
  readonly warnings: readonly string[];
  /** Every round measured for this size, in order; the figures above are the median round's. */
  readonly rounds: readonly RoundFigures[];
}

/** One round's headline figures. */
export interface RoundFigures {
  readonly throughputRatio: number;
  readonly harnessRequestsPerSecond: number;
  readonly rawRequestsPerSecond: number;
  readonly harnessCpuMicrosPerRequest: number;
  readonly rawCpuMicrosPerRequest: number;
  readonly peakRssBytes: number;
}

export type TargetStatus = 'PASS' | 'MISS' | 'NOT MEASURED';

export interface TargetResult {
  readonly target: string;
  readonly status: TargetStatus;
  readonly measured: string;
}

const perSecond = (count: number, ms: number): number => (ms > 0 ? (count * 1000) / ms : 0);

/**
 * Rounds of one size into one result: the round with the median ratio (the lower middle one for an
 * even count, so a tie never flatters the harness) stands for the size, every round is listed,
 * and memory is judged by the highest peak of any round.
 */
export function combineRounds(rounds: readonly SizeResult[]): SizeResult {
  if (rounds.length === 0) throw new Error('combineRounds needs at least one round');
  const byRatio = [...rounds].sort((a, b) => a.throughputRatio - b.throughputRatio);
  const median = byRatio[Math.floor((byRatio.length - 1) / 2)];
  const figures = rounds.flatMap((round) => round.rounds);
  return {
    ...median,
    rounds: figures,
    warnings: [...new Set(rounds.flatMap((round) => round.warnings))],
  };
}

/** The highest harness peak RSS of any round: what the memory targets judge. */
export function highestPeakRssBytes(r: SizeResult): number {
  return Math.max(...r.rounds.map((round) => round.peakRssBytes));
}

export function summariseSize(m: SizeMeasurement): SizeResult {
  const counts = m.raw.counts;
  const objects = counts.users + counts.groups;
  const entraObjects = counts.users + counts.groups + counts.members;
  const harnessRequests = m.harnessStats.requests;
  const warnings: string[] = [];
  if (harnessRequests !== m.raw.requests) warnings.push(`the harness sent ${harnessRequests} requests, the raw loop ${m.raw.requests}: the sequences differ`);
  if (Object.keys(m.raw.unexpectedStatuses).length > 0) warnings.push(`the raw loop got non-2xx answers: ${JSON.stringify(m.raw.unexpectedStatuses)}`);
  if (counts.bodySizeMismatches > 0) warnings.push(`${counts.bodySizeMismatches} replayed bodies differ in size from what the harness sent (redacted values)`);
  if (m.harness.exitCode !== 0) warnings.push(`the harness run exited with code ${m.harness.exitCode}`);
  if (counts.users !== m.population) warnings.push(`the harness created ${counts.users} users for a population of ${m.population}`);
  const harnessRps = perSecond(harnessRequests, m.harness.cycleMs);
  // Against the raw runs on either side of the harness run: their mean wall time.
  const rawWallMs = m.rawBefore ? (m.raw.wallMs + m.rawBefore.wallMs) / 2 : m.raw.wallMs;
  const rawRps = perSecond(m.raw.requests, rawWallMs);
  const throughputRatio = rawRps > 0 ? Math.round((harnessRps / rawRps) * 1000) / 1000 : 0;
  const peakRssBytes = m.harness.memory.vmHwmBytes ?? m.harness.memory.sampledPeakRssBytes;
  const harnessCpuMs = m.harness.cycleCpu.userMs + m.harness.cycleCpu.systemMs;
  const rawCpuMs = m.raw.cpu.userMs + m.raw.cpu.systemMs;
  const harnessCpuMicrosPerRequest = Math.round((harnessCpuMs * 1000) / Math.max(1, harnessRequests));
  const rawCpuMicrosPerRequest = Math.round((rawCpuMs * 1000) / Math.max(1, m.raw.requests));
  return {
    population: m.population,
    concurrency: m.concurrency,
    objects: { users: counts.users, groups: counts.groups, members: counts.members, managerLinks: counts.managerLinks, entraObjects },
    requests: { harness: harnessRequests, raw: m.raw.requests },
    harness: {
      cycleMs: Math.round(m.harness.cycleMs),
      totalMs: Math.round(m.harness.totalMs),
      objectsPerSecond: round1(perSecond(objects, m.harness.cycleMs)),
      requestsPerSecond: round1(harnessRps),
      cpuMs: harnessCpuMs,
      cpuMicrosPerRequest: harnessCpuMicrosPerRequest,
      peakRssBytes,
      cyclePeakRssBytes: m.harness.memory.cyclePeakRssBytes,
      heapUsedAfterCycleBytes: m.harness.memory.heapUsedAfterCycleBytes,
      runFileBytes: m.harness.runFileBytes,
      exitCode: m.harness.exitCode,
      latencyMs: m.harnessStats.latencyMs,
    },
    raw: {
      wallMs: Math.round(rawWallMs),
      objectsPerSecond: round1(perSecond(objects, rawWallMs)),
      requestsPerSecond: round1(rawRps),
      cpuMs: rawCpuMs,
      cpuMicrosPerRequest: rawCpuMicrosPerRequest,
      unexpectedStatuses: m.raw.unexpectedStatuses,
      phases: m.raw.phases.map((p) => ({ ...p, wallMs: Math.round(p.wallMs) })),
    },
    server: {
      cpuMsDuringHarness: m.serverDuringHarness.cpu.userMs + m.serverDuringHarness.cpu.systemMs,
      cpuMsDuringRaw: m.serverDuringRaw.cpu.userMs + m.serverDuringRaw.cpu.systemMs,
      rssBytesAfterHarness: m.serverDuringHarness.rssBytes,
    },
    throughputRatio,
    entraEstimateMinutes: { best: round1(entraObjects * ENTRA_MINUTES_PER_OBJECT.best), worst: round1(entraObjects * ENTRA_MINUTES_PER_OBJECT.worst) },
    loadAverage: { beforeHarness: round1(m.loadAverage.beforeHarness), beforeRaw: round1(m.loadAverage.beforeRaw) },
    warnings,
    rounds: [{ throughputRatio, harnessRequestsPerSecond: round1(harnessRps), rawRequestsPerSecond: round1(rawRps), harnessCpuMicrosPerRequest, rawCpuMicrosPerRequest, peakRssBytes }],
  };
}

export function evaluateTargets(results: readonly SizeResult[]): TargetResult[] {
  const out: TargetResult[] = [];
  for (const r of results) {
    out.push({
      target: `N = ${count(r.population)}: harness throughput >= ${pct(TARGETS.minThroughputRatio)} of raw`,
      status: r.throughputRatio >= TARGETS.minThroughputRatio ? 'PASS' : 'MISS',
      measured: `${pct(r.throughputRatio)} (${count(r.harness.requestsPerSecond)} vs ${count(r.raw.requestsPerSecond)} req/s)${r.rounds.length > 1 ? `, median of ${r.rounds.length} rounds: ${ratioSpread(r)}` : ''}`,
    });
  }
  const small = results.find((r) => r.population === SMALL);
  const large = results.find((r) => r.population === LARGE);
  const notMeasured = (target: string, missing: string): TargetResult => ({ target, status: 'NOT MEASURED', measured: `N = ${missing} not in --sizes` });
  const rssTarget = `N = 100,000: harness peak RSS < ${mb(TARGETS.maxPeakRssBytes)}`;
  out.push(
    large
      ? { target: rssTarget, status: highestPeakRssBytes(large) < TARGETS.maxPeakRssBytes ? 'PASS' : 'MISS', measured: `${mb(highestPeakRssBytes(large))}${highestOf(large)}` }
      : notMeasured(rssTarget, '100,000'),
  );
  const flatTarget = `peak RSS at N = 100,000 within ${pct(TARGETS.maxRssGrowth)} of N = 10,000`;
  if (small && large) {
    const growth = highestPeakRssBytes(large) / highestPeakRssBytes(small) - 1;
    out.push({
      target: flatTarget,
      status: growth <= TARGETS.maxRssGrowth ? 'PASS' : 'MISS',
      measured: `${mb(highestPeakRssBytes(small))} → ${mb(highestPeakRssBytes(large))} (${growth >= 0 ? '+' : ''}${pct(growth)})${highestOf(large)}`,
    });
  } else {
    out.push(notMeasured(flatTarget, small ? '100,000' : '10,000'));
  }
  const timeTarget = 'N = 100,000 completes in minutes (end to end < 60 min)';
  out.push(
    large
      ? { target: timeTarget, status: large.harness.totalMs < TARGETS.maxLargeRunMs ? 'PASS' : 'MISS', measured: `${duration(large.harness.totalMs)} end to end (cycle ${duration(large.harness.cycleMs)})` }
      : notMeasured(timeTarget, '100,000'),
  );
  return out;
}

// ---- formatting ----

/** "68.1 %, 71.0 %, 73.2 %": every round's ratio, in the order measured. */
function ratioSpread(r: SizeResult): string {
  return r.rounds.map((round) => pct(round.throughputRatio)).join(', ');
}

function highestOf(r: SizeResult): string {
  return r.rounds.length > 1 ? `, the highest of ${r.rounds.length} rounds` : '';
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function pct(share: number): string {
  return `${Math.round(share * 1000) / 10} %`;
}

export function mb(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

export function duration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

function minutes(value: number): string {
  return value >= 120 ? `${count(value)} min (${(value / 60).toFixed(1)} h)` : `${count(value)} min`;
}

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
}

export function formatSize(r: SizeResult): string {
  const lines: string[] = [];
  lines.push(
    `N = ${count(r.population)} users — ${count(r.objects.groups)} groups, ${count(r.objects.members)} memberships, ${count(r.objects.managerLinks)} manager links; ${count(r.objects.entraObjects)} objects as Entra counts them; concurrency ${r.concurrency}`,
  );
  const widths = [26, 16, 16];
  lines.push(row(['', 'harness', 'raw HTTP'], widths));
  lines.push(row(['requests', count(r.requests.harness), count(r.requests.raw)], widths));
  lines.push(row(['wall time (initial cycle)', duration(r.harness.cycleMs), duration(r.raw.wallMs)], widths));
  lines.push(row(['objects/s (users+groups)', count(r.harness.objectsPerSecond), count(r.raw.objectsPerSecond)], widths));
  lines.push(row(['requests/s', count(r.harness.requestsPerSecond), count(r.raw.requestsPerSecond)], widths));
  lines.push(row(['client CPU', duration(r.harness.cpuMs), duration(r.raw.cpuMs)], widths));
  lines.push(row(['client CPU per request', `${count(r.harness.cpuMicrosPerRequest)} µs`, `${count(r.raw.cpuMicrosPerRequest)} µs`], widths));
  lines.push(row(['server CPU', duration(r.server.cpuMsDuringHarness), duration(r.server.cpuMsDuringRaw)], widths));
  lines.push(`  ratio harness/raw: ${pct(r.throughputRatio)}${r.rounds.length > 1 ? ` (median round of ${r.rounds.length}: ${ratioSpread(r)})` : ''}`);
  if (r.rounds.length > 1) {
    lines.push(`  rounds: ${r.rounds.map((round) => `${count(round.harnessRequestsPerSecond)} vs ${count(round.rawRequestsPerSecond)} req/s, ${count(round.harnessCpuMicrosPerRequest)} vs ${count(round.rawCpuMicrosPerRequest)} µs CPU/request, ${mb(round.peakRssBytes)}`).join('; ')}`);
  }
  lines.push(`  harness peak RSS: ${mb(r.harness.peakRssBytes)} (during the cycle ${mb(r.harness.cyclePeakRssBytes)}; heap used at cycle end ${mb(r.harness.heapUsedAfterCycleBytes)}, garbage included)`);
  lines.push(`  harness run.ndjson: ${mb(r.harness.runFileBytes)} (${count(r.harness.runFileBytes / Math.max(1, r.objects.users + r.objects.groups))} bytes per user or group)`);
  lines.push(`  harness end to end (generate, cycle, reports): ${duration(r.harness.totalMs)}`);
  lines.push(`  Entra's estimate for ${count(r.objects.entraObjects)} objects (docs/entra-behaviour.md#cycle-timing): ${minutes(r.entraEstimateMinutes.best)} at best, ${minutes(r.entraEstimateMinutes.worst)} at worst`);
  lines.push('  harness latency (ms):');
  const lw = [12, 8, 6, 6, 6, 6];
  lines.push(`    ${row(['operation', 'count', 'p50', 'p95', 'p99', 'max'], lw)}`);
  for (const [operation, s] of Object.entries(r.harness.latencyMs)) {
    lines.push(`    ${row([operation, count(s.count), String(s.p50), String(s.p95), String(s.p99), String(s.max)], lw)}`);
  }
  lines.push(`  raw loop phases: ${r.raw.phases.map((p) => `${p.name} ${count(p.requests)} req in ${duration(p.wallMs)}`).join('; ')}`);
  for (const warning of r.warnings) lines.push(`  WARNING: ${warning}`);
  return lines.join('\n');
}

export function formatTargets(targets: readonly TargetResult[]): string {
  return ['Targets (reported, not asserted):', ...targets.map((t) => `  ${t.status.padEnd(12)} ${t.target} — ${t.measured}`)].join('\n');
}

export function formatMarkdown(results: readonly SizeResult[], machine: string): string {
  const lines = [
    `Initial cycle against the bundled server in its own process (${machine}; concurrency ${results[0]?.concurrency ?? ''}; ${results[0]?.rounds.length ?? 1} round(s) per size, the median round shown, the ratio of every round in brackets, peak RSS the highest of any round):`,
    '',
    '| Users | Objects (Entra count) | Requests | Harness cycle | Harness objects/s | Harness req/s | Raw req/s | Harness / raw | Harness peak RSS | Entra estimate (initial cycle) |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of results) {
    lines.push(
      `| ${count(r.population)} | ${count(r.objects.entraObjects)} | ${count(r.requests.harness)} | ${duration(r.harness.cycleMs)} | ${count(r.harness.objectsPerSecond)} | ${count(r.harness.requestsPerSecond)} | ${count(r.raw.requestsPerSecond)} | ${pct(r.throughputRatio)}${r.rounds.length > 1 ? ` (${ratioSpread(r)})` : ''} | ${mb(highestPeakRssBytes(r))} | ${minutes(r.entraEstimateMinutes.best)} – ${minutes(r.entraEstimateMinutes.worst)} |`,
    );
  }
  lines.push('', 'Harness latency per operation (ms, p50 / p95 / p99):', '', '| Users | ' + latencyOperations(results).join(' | ') + ' |', '|---:|' + latencyOperations(results).map(() => '---:').join('|') + '|');
  for (const r of results) {
    const cells = latencyOperations(results).map((op) => {
      const s = r.harness.latencyMs[op];
      return s ? `${s.p50} / ${s.p95} / ${s.p99}` : '–';
    });
    lines.push(`| ${count(r.population)} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function latencyOperations(results: readonly SizeResult[]): string[] {
  return [...new Set(results.flatMap((r) => Object.keys(r.harness.latencyMs)))];
}
