/**
 * The command line bounds how far V8 lets the old generation grow between full collections
 * (harness/cli/heap-growth.ts). Proved on this Node's V8 with the same workload run twice in
 * fresh processes, once bounded and once not: a fixed live set and a stream of objects that live
 * just long enough to be promoted and then die, which is what a long run does. A small new space
 * makes promotion happen within a short test.
 */
import path from 'node:path';
import { runNode } from '../helpers/run-node';
import { TS_REQUIRE_HOOK } from '../helpers/ts-require-hook';

const HEAP_GROWTH = path.resolve(__dirname, '../../harness/cli/heap-growth.ts');

const WORKLOAD = `${TS_REQUIRE_HOOK}
const v8 = require('node:v8');
if (process.argv[1] === 'bounded') require(${JSON.stringify(HEAP_GROWTH)}).boundOldGenerationGrowth();
const live = [];
for (let i = 0; i < 500000; i += 1) live.push({ i, s: 'live' + i });
const ring = new Array(20000).fill(null);
let largestOldSpace = 0;
for (let i = 0; i < 4000000; i += 1) {
  ring[i % ring.length] = { i, s: 'short' + i, a: [i, i + 1] };
  if (i % 20000 === 0) {
    const old = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'old_space').space_size;
    largestOldSpace = Math.max(largestOldSpace, old);
  }
}
process.stdout.write(JSON.stringify({ largestOldSpace, live: live.length }));
`;

async function largestOldSpace(mode: 'bounded' | 'default'): Promise<{ largestOldSpace: number; stderr: string }> {
  const { code, stdout, stderr } = await runNode(['--max-semi-space-size=1', '-e', WORKLOAD, mode]);
  if (code !== 0) throw new Error(`the ${mode} workload exited with code ${String(code)}: ${stderr}`);
  return { largestOldSpace: (JSON.parse(stdout) as { largestOldSpace: number }).largestOldSpace, stderr };
}

describe('boundOldGenerationGrowth', () => {
  it('is accepted by this Node\'s V8 (an unknown flag is reported on stderr, not thrown)', async () => {
    const bounded = await largestOldSpace('bounded');
    expect(bounded.stderr).toBe('');
  }, 30_000);

  it('keeps the old generation far smaller than V8\'s default growth when promoted objects die', async () => {
    const unbounded = await largestOldSpace('default');
    const bounded = await largestOldSpace('bounded');
    // Default growth lets the old space reach about 2.7 times the bounded figure on this workload.
    expect(bounded.largestOldSpace).toBeLessThan(unbounded.largestOldSpace * 0.6);
  }, 60_000);
});
