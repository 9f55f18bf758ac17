/**
 * Runs the harness's initial cycle (the real `runSync`, one cycle, --keep so no cleanup deletes
 * are timed) in this process alone and reports its time and memory. The cycle is timed by
 * wrapping ProvisioningJob.runCycle, so directory generation and report writing are measured
 * apart from it; memory is sampled every 250 ms and checked against the kernel's VmHWM.
 */
import { statSync } from 'node:fs';
import { Writable } from 'node:stream';
import path from 'node:path';
import { boundOldGenerationGrowth } from '../harness/cli/heap-growth';
import { resolveRunConfig } from '../harness/config/load-config';
import { ProvisioningJob } from '../harness/engine/provisioning-job';
import { runSync } from '../harness/runner/sync';
import { type CpuTime, type HarnessJob, TOKEN_ENV, cpuSince, readVmHwmBytes, sendToParent } from './messages';

// Often enough to see the cycle's peak (VmHWM, read at the end, is the exact figure); each read costs the harness time too.
const SAMPLE_MS = 250;

interface CycleTiming {
  startMs: number;
  endMs: number;
  cpu: CpuTime;
  rssAfter: number;
  heapAfter: number;
}

/** Times every runCycle call of this process; the benchmark runs exactly one. */
function instrumentCycles(onStart: () => void, onEnd: (timing: CycleTiming) => void): void {
  const original = ProvisioningJob.prototype.runCycle;
  ProvisioningJob.prototype.runCycle = async function timedRunCycle(this: ProvisioningJob, ...args: Parameters<ProvisioningJob['runCycle']>) {
    const startMs = performance.now();
    const cpuStart = process.cpuUsage();
    onStart();
    const report = await original.apply(this, args);
    const memory = process.memoryUsage();
    onEnd({ startMs, endMs: performance.now(), cpu: cpuSince(cpuStart), rssAfter: memory.rss, heapAfter: memory.heapUsed });
    return report;
  };
}

async function runHarness(job: HarnessJob): Promise<void> {
  let sampledPeak = process.memoryUsage.rss();
  let cyclePeak = 0;
  let inCycle = false;
  const sampler = setInterval(() => {
    // memoryUsage.rss() reads only the RSS; memoryUsage() would walk the heap spaces every 50 ms.
    const rss = process.memoryUsage.rss();
    sampledPeak = Math.max(sampledPeak, rss);
    if (inCycle) cyclePeak = Math.max(cyclePeak, rss);
  }, SAMPLE_MS);
  sampler.unref();

  let timing: CycleTiming | undefined;
  instrumentCycles(
    () => {
      inCycle = true;
    },
    (t) => {
      inCycle = false;
      timing = t;
    },
  );
  const token = process.env[TOKEN_ENV];
  const config = resolveRunConfig(
    { target: job.baseUrl, ...(token ? { token } : {}), population: job.population, cycles: 1, reporter: 'json', out: job.outDir, concurrency: job.concurrency, keep: true },
    {},
  );
  // The console summary is not part of what is measured; it is dropped, not printed.
  const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
  const started = performance.now();
  const result = await runSync(config, { stdout: discard, stderr: process.stderr, env: {} });
  const totalMs = performance.now() - started;
  clearInterval(sampler);
  sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
  if (!timing) throw new Error('the harness ran no cycle: nothing to measure (check the target URL and token)');
  const runFile = path.join(config.outDir, 'run.ndjson');
  await sendToParent({
    type: 'harness-result',
    cycleMs: timing.endMs - timing.startMs,
    totalMs,
    cycleCpu: timing.cpu,
    memory: {
      sampledPeakRssBytes: sampledPeak,
      cyclePeakRssBytes: Math.max(cyclePeak, timing.rssAfter),
      vmHwmBytes: readVmHwmBytes(),
      rssAfterCycleBytes: timing.rssAfter,
      heapUsedAfterCycleBytes: timing.heapAfter,
    },
    exitCode: result.exitCode,
    runFile,
    runFileBytes: statSync(runFile).size,
    reportFile: path.join(config.outDir, 'report.json'),
  });
}

// Tuned as the command line tunes its own process, so what is measured is what users run.
boundOldGenerationGrowth();

process.once('message', (job: HarnessJob) => {
  runHarness(job)
    .catch((error: unknown) => sendToParent({ type: 'failure', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }))
    .finally(() => process.disconnect());
});
