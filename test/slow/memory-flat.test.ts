/**
 * Memory must not grow with the population: the engine streams objects through a bounded pool
 * and writes each entry to run.ndjson as it happens, so what stays in memory at the end of an
 * initial cycle is the source directory and one anchor per object (about 2 kB per user) — never
 * the entries or their exchanges. Measured here at a small scale, not timed: the heap retained
 * (after gc) by a 3,000-user cycle may exceed the 300-user figure by at most 1.5× + 15 MB, which
 * any per-entry leak of more than ~5 kB breaks (an entry with its exchanges is larger than that).
 *
 * Each measurement runs in a fresh child process with --expose-gc (jest's own heap would drown
 * the figure), loading the TypeScript sources through typescript.transpileModule so that no
 * build is needed; the server runs in this process, so its store is not counted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type RunningScimServer, startScimServer } from '../../examples/scim-server';
import { type HeapProbeJob, type HeapProbeResult } from '../../bench/heap-probe';
import { runNode } from '../helpers/run-node';
import { TS_REQUIRE_HOOK } from '../helpers/ts-require-hook';

const SMALL = 300;
const LARGE = 3_000;
const MB = 1024 * 1024;
const PROBE = path.resolve(__dirname, '../../bench/heap-probe.ts');

const BOOTSTRAP = `${TS_REQUIRE_HOOK}require(process.argv[1]);
`;

async function runProbe(job: HeapProbeJob): Promise<HeapProbeResult> {
  const { code, stdout, stderr } = await runNode(['--expose-gc', '-e', BOOTSTRAP, PROBE, JSON.stringify(job)], { ...process.env, SCIM_HARNESS_HEAP_PROBE: '1' });
  const line = stdout.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !line.startsWith('{')) {
    throw new Error(`heap probe for N = ${job.population} exited with code ${String(code)}: ${stderr.trim() || stdout.trim()}`);
  }
  return JSON.parse(line) as HeapProbeResult;
}

describe('a cycle retains no entry or exchange: its heap grows only with the directory and its links', () => {
  let server: RunningScimServer | undefined;
  let outDir: string | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
    if (outDir) rmSync(outDir, { recursive: true, force: true });
    outDir = undefined;
  });

  /** A fresh empty server and output folder per size, so both cycles create everything. */
  async function measure(population: number): Promise<HeapProbeResult> {
    await server?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
    server = await startScimServer({ port: 0, host: '127.0.0.1' });
    outDir = mkdtempSync(path.join(os.tmpdir(), `scim-harness-memory-${population}-`));
    return runProbe({ baseUrl: server.baseUrl, population, outDir, concurrency: 8 });
  }

  it(`retains at most 1.5× + 15 MB more heap at the end of a ${LARGE.toLocaleString('en-US')}-user initial cycle than at ${SMALL}`, async () => {
    const small = await measure(SMALL);
    const large = await measure(LARGE);
    // Both cycles succeeded, so both created every object and wrote every entry.
    expect(small.exitCode).toBe(0);
    expect(large.exitCode).toBe(0);

    const smallGrowth = small.cycleEndBytes - small.baselineBytes;
    const largeGrowth = large.cycleEndBytes - large.baselineBytes;
    // Bytes retained by the cycle (job, anchors, directory, recorder alive), after gc.
    expect(largeGrowth).toBeLessThan(1.5 * Math.max(smallGrowth, 0) + 15 * MB);
    // Once the run is over nothing of it may stay: the job, directory and recorder are gone.
    expect(large.afterRunBytes - large.baselineBytes).toBeLessThan(15 * MB);
  }, 180_000);
});
