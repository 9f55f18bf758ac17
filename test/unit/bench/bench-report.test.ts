import { parseBenchArgs, BenchUsageError, DEFAULT_ROUNDS } from '../../../bench/bench-args';
import { type SizeResult, combineRounds, evaluateTargets, highestPeakRssBytes, summariseSize } from '../../../bench/bench-report';
import { type SizeMeasurement } from '../../../bench/measure-size';
import { type RawResult } from '../../../bench/messages';

const MB = 1024 * 1024;

/** A one-round result with the figures the combination and the targets read. */
function round(population: number, throughputRatio: number, peakRssMb: number, warnings: string[] = []): SizeResult {
  const peakRssBytes = peakRssMb * MB;
  return {
    population,
    concurrency: 8,
    objects: { users: population, groups: population / 20, members: population / 2, managerLinks: population / 2, entraObjects: population * 1.55 },
    requests: { harness: 1000, raw: 1000 },
    harness: {
      cycleMs: 1000 / throughputRatio,
      totalMs: 1000 / throughputRatio,
      objectsPerSecond: 1,
      requestsPerSecond: 1000 * throughputRatio,
      cpuMs: 1,
      cpuMicrosPerRequest: 300,
      peakRssBytes,
      cyclePeakRssBytes: peakRssBytes,
      heapUsedAfterCycleBytes: 1,
      runFileBytes: 1,
      exitCode: 0,
      latencyMs: {},
    },
    raw: { wallMs: 1000, objectsPerSecond: 1, requestsPerSecond: 1000, cpuMs: 1, cpuMicrosPerRequest: 130, unexpectedStatuses: {}, phases: [] },
    server: { cpuMsDuringHarness: 1, cpuMsDuringRaw: 1, rssBytesAfterHarness: 1 },
    throughputRatio,
    entraEstimateMinutes: { best: 1, worst: 8 },
    loadAverage: { beforeHarness: 0, beforeRaw: 0 },
    warnings,
    rounds: [{ throughputRatio, harnessRequestsPerSecond: 1000 * throughputRatio, rawRequestsPerSecond: 1000, harnessCpuMicrosPerRequest: 300, rawCpuMicrosPerRequest: 130, peakRssBytes }],
  };
}

describe('combineRounds', () => {
  it('reports the round with the median ratio, and lists every round in the order measured', () => {
    const combined = combineRounds([round(10_000, 0.74, 120), round(10_000, 0.66, 118), round(10_000, 0.71, 121)]);
    expect(combined.throughputRatio).toBe(0.71);
    expect(combined.harness.peakRssBytes).toBe(121 * MB);
    expect(combined.rounds.map((r) => r.throughputRatio)).toEqual([0.74, 0.66, 0.71]);
  });

  it('takes the lower middle round for an even count, so a tie never flatters the harness', () => {
    expect(combineRounds([round(10_000, 0.8, 1), round(10_000, 0.6, 1), round(10_000, 0.7, 1), round(10_000, 0.9, 1)]).throughputRatio).toBe(0.7);
  });

  it('judges memory by the highest peak of any round, not the median round\'s', () => {
    const combined = combineRounds([round(100_000, 0.7, 130), round(100_000, 0.72, 190), round(100_000, 0.75, 128)]);
    expect(highestPeakRssBytes(combined)).toBe(190 * MB);
    const targets = evaluateTargets([combineRounds([round(10_000, 0.7, 120)]), combined]);
    const flat = targets.find((t) => t.target.startsWith('peak RSS at N = 100,000 within'));
    // 190 MB is 58 % above 120 MB, although the median round (130 MB) would be within 20 %.
    expect(flat?.status).toBe('MISS');
    expect(flat?.measured).toContain('190 MB');
  });

  it('keeps each warning once', () => {
    const combined = combineRounds([round(10_000, 0.7, 1, ['busy']), round(10_000, 0.7, 1, ['busy', 'exit 1'])]);
    expect(combined.warnings).toEqual(['busy', 'exit 1']);
  });
});

describe('parseBenchArgs --rounds', () => {
  it('defaults to three rounds and accepts another count', () => {
    expect(DEFAULT_ROUNDS).toBe(3);
    expect(parseBenchArgs([]).rounds).toBe(DEFAULT_ROUNDS);
    expect(parseBenchArgs(['--rounds', '5']).rounds).toBe(5);
    expect(parseBenchArgs(['--rounds=1']).rounds).toBe(1);
  });

  it.each(['0', '2.5', 'x', '26'])('refuses --rounds %s, naming the rule and an example', (value) => {
    expect(() => parseBenchArgs(['--rounds', value])).toThrow(BenchUsageError);
    expect(() => parseBenchArgs(['--rounds', value])).toThrow(`--rounds must be a whole number from 1 to 25, got "${value}"`);
  });
});

describe('summariseSize', () => {
  function raw(wallMs: number): RawResult {
    return {
      type: 'raw-result',
      wallMs,
      requests: 3000,
      units: 1000,
      unexpectedStatuses: {},
      prepareMs: 1,
      phases: [],
      cpu: { userMs: 300, systemMs: 100 },
      peakRssBytes: 1,
      counts: { users: 1000, groups: 50, members: 500, managerLinks: 700, bodySizeMismatches: 0 },
    };
  }

  function measurement(rawAfter: RawResult, rawBefore?: RawResult): SizeMeasurement {
    return {
      population: 1000,
      concurrency: 8,
      harness: {
        type: 'harness-result',
        cycleMs: 2000,
        totalMs: 2100,
        cycleCpu: { userMs: 900, systemMs: 100 },
        memory: { sampledPeakRssBytes: 100 * MB, cyclePeakRssBytes: 100 * MB, vmHwmBytes: 101 * MB, rssAfterCycleBytes: 1, heapUsedAfterCycleBytes: 1 },
        exitCode: 0,
        runFile: 'run.ndjson',
        runFileBytes: 1,
        reportFile: 'report.json',
      },
      harnessStats: { requests: 3000, latencyMs: {} } as unknown as SizeMeasurement['harnessStats'],
      raw: rawAfter,
      ...(rawBefore ? { rawBefore } : {}),
      serverDuringHarness: { cpu: { userMs: 1, systemMs: 1 }, rssBytes: 1, users: 1000, groups: 50 },
      serverDuringRaw: { cpu: { userMs: 1, systemMs: 1 }, rssBytes: 1, users: 1000, groups: 50 },
      loadAverage: { beforeHarness: 0, beforeRaw: 0 },
    };
  }

  it('sets the harness run against the mean wall time of the raw runs on either side of it', () => {
    // Raw runs of 1.2 s and 1.6 s around a 2 s harness run: 1.4 s on average, so 70 %.
    const result = summariseSize(measurement(raw(1600), raw(1200)));
    expect(result.raw.wallMs).toBe(1400);
    expect(result.throughputRatio).toBe(0.7);
  });

  it('uses the raw run after the harness run alone when there was none before it', () => {
    const result = summariseSize(measurement(raw(1600)));
    expect(result.raw.wallMs).toBe(1600);
    expect(result.throughputRatio).toBe(0.8);
    expect(result.rounds).toEqual([expect.objectContaining({ throughputRatio: 0.8, peakRssBytes: 101 * MB })]);
  });
});
