/**
 * Using scim-harness from code: run the suite against the bundled server and read the Verdict.
 *   npx tsc -p tsconfig.build.json && node dist/examples/library-usage.js
 */
import { run } from '../harness';

async function main(): Promise<void> {
  const result = await run({ scenario: ['users/create', 'users/disable'], reporter: ['json'], out: './scim-harness-report' });
  console.log(result.verdict.headline);
  for (const scenario of result.verdict.scenarios) console.log(`${scenario.status.padEnd(7)} ${scenario.id} (${scenario.dialect})`);
  process.exitCode = result.exitCode;
}

void main();
