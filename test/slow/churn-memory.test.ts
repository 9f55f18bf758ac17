/**
 * Churn between incremental cycles must not materialise the directory: it picks among user ids
 * and regenerates only the users it changes. Not timed: the churn of an 80,000-user generated
 * directory runs in a child whose old generation is capped at 96 MB. Holding every user at once
 * (about 3 kB each, as churn once did) needs more than 128 MB there and dies of heap exhaustion;
 * picking among ids needs under 64 MB.
 */
import path from 'node:path';
import { runNode } from '../helpers/run-node';
import { TS_REQUIRE_HOOK } from '../helpers/ts-require-hook';

const USERS = 80_000;
const OLD_SPACE_MB = 96;
const SOURCE = path.resolve(__dirname, '../../harness/source');

const SCRIPT = `${TS_REQUIRE_HOOK}
const { SourceDirectory } = require(${JSON.stringify(path.join(SOURCE, 'source-directory.ts'))});
const { generateChurn } = require(${JSON.stringify(path.join(SOURCE, 'churn.ts'))});
const directory = SourceDirectory.generated({ seed: 42, users: ${USERS}, groups: ${USERS / 20}, membersPerGroup: 10, withManagers: true });
const summary = generateChurn(directory, { seed: 42, fraction: 0.01 });
console.log(JSON.stringify(summary.counts));
`;

describe('churn of a large generated directory', () => {
  it(`churns 1 % of ${USERS.toLocaleString('en-US')} users within a ${OLD_SPACE_MB} MB old generation`, async () => {
    const { code, stdout, stderr } = await runNode([`--max-old-space-size=${OLD_SPACE_MB}`, '-e', SCRIPT]);
    expect(stderr).not.toMatch(/heap out of memory|Allocation failed/);
    expect(code).toBe(0);
    const counts = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, number>;
    // 1 % of 80,000 users, half of them updates (the documented mix): the churn really ran.
    expect(counts.updated).toBe(400);
    expect(counts.hardDeleted).toBe(40);
  }, 60_000);
});
