import { generateChurn } from '../../../harness/source/churn';
import { createJobFixture, describeEntry, entriesOfCycle, generatedDirectory, startTarget } from './harness-fixture';

it('explore', async () => {
  const server = await startTarget();
  const directory = generatedDirectory(3, 200);
  const f = createJobFixture({ baseUrl: server.baseUrl, directory });
  const t0 = Date.now();
  await f.job.runCycle();
  const c0 = entriesOfCycle(f.events, 0);
  const tally = (es: typeof c0) => { const m: Record<string, number> = {}; for (const e of es) { const k = `${e.sourceIdentity.identityType}/${e.provisioningAction}/${e.harness.operation}/${e.provisioningStatusInfo.status}`; m[k] = (m[k] ?? 0) + 1; } return m; };
  console.log('cycle0', Date.now() - t0, tally(c0), directory.userCount, directory.groupCount);
  const churn = generateChurn(directory, { seed: 11, fraction: 0.1 });
  console.log(JSON.stringify(churn.counts), JSON.stringify(churn.membership));
  await f.job.runCycle();
  const c1 = entriesOfCycle(f.events, 1);
  console.log('cycle1', tally(c1));
  console.log(c1.filter(e => e.provisioningStatusInfo.status !== 'success').map(describeEntry).join('\n'));
  await f.client.close();
  await server.close();
});
