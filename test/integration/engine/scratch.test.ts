import { createJobFixture, generatedDirectory, startTarget } from './harness-fixture';

it('explore engine speed', async () => {
  const server = await startTarget({ faults: { failCreatesRate: 0.45 }, recordRequests: false });
  const directory = generatedDirectory(1, 12000, 600);
  const f = createJobFixture({ baseUrl: server.baseUrl, directory, concurrency: 8 });
  let t0 = Date.now();
  await f.job.runCycle();
  console.log('cycle0', Date.now() - t0, f.events.entries.length);
  t0 = Date.now();
  await f.job.runCycle();
  console.log('cycle1', Date.now() - t0, f.events.entries.length);
  await f.client.close();
  await server.close();
}, 120000);
