/**
 * Heap retained by the harness's initial cycle, for the memory-flat test: run as a child with
 * `--expose-gc`, it collects garbage before the run, at the end of the cycle (the job, its
 * anchors and the recorder still alive) and after the run, and prints the three figures as one
 * JSON line. Only the figure that grows with N says anything: a per-entry leak shows there.
 */
import { Writable } from 'node:stream';
import { resolveRunConfig } from '../harness/config/load-config';
import { ProvisioningJob } from '../harness/engine/provisioning-job';
import { runSync } from '../harness/runner/sync';

export interface HeapProbeResult {
  readonly population: number;
  /** heapUsed after gc, modules loaded, before the run. */
  readonly baselineBytes: number;
  /** heapUsed after gc at the end of the initial cycle. */
  readonly cycleEndBytes: number;
  /** heapUsed after gc once runSync returned. */
  readonly afterRunBytes: number;
  readonly exitCode: number;
}

export interface HeapProbeJob {
  readonly baseUrl: string;
  readonly population: number;
  readonly outDir: string;
  readonly concurrency: number;
}

function collectedHeap(gc: () => void): number {
  // Two passes: the first may only schedule finalisation of what the second frees.
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

export async function probeRetainedHeap(job: HeapProbeJob, gc: () => void): Promise<HeapProbeResult> {
  let cycleEndBytes: number | undefined;
  const original = ProvisioningJob.prototype.runCycle;
  ProvisioningJob.prototype.runCycle = async function measuredRunCycle(this: ProvisioningJob, ...args: Parameters<ProvisioningJob['runCycle']>) {
    const report = await original.apply(this, args);
    cycleEndBytes = collectedHeap(gc);
    return report;
  };
  try {
    const config = resolveRunConfig({ target: job.baseUrl, population: job.population, cycles: 1, reporter: 'json', out: job.outDir, concurrency: job.concurrency, keep: true }, {});
    const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
    const baselineBytes = collectedHeap(gc);
    const result = await runSync(config, { stdout: discard, stderr: process.stderr, env: {} });
    const afterRunBytes = collectedHeap(gc);
    if (cycleEndBytes === undefined) throw new Error('the harness ran no cycle: nothing was measured');
    return { population: job.population, baselineBytes, cycleEndBytes, afterRunBytes, exitCode: result.exitCode };
  } finally {
    ProvisioningJob.prototype.runCycle = original;
  }
}

/** As a child: `node --expose-gc heap-probe.js '<HeapProbeJob as JSON>'` prints a HeapProbeResult line. */
if (require.main === module || process.env.SCIM_HARNESS_HEAP_PROBE === '1') {
  const gc = (globalThis as { gc?: () => void }).gc;
  const job = JSON.parse(process.argv[process.argv.length - 1] ?? '{}') as HeapProbeJob;
  if (!gc) {
    console.error('heap-probe needs node --expose-gc');
    process.exit(2);
  }
  probeRetainedHeap(job, gc).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exit(1);
    },
  );
}
