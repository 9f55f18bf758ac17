import { createMultiplexer } from '../../../reporters/multiplexer';
import { type Reporter } from '../../../reporters/reporter';
import { buildFixtureRun, CaptureStream, ENTRIES, SCENARIOS, type FixtureRun } from './fixtures';

describe('createMultiplexer', () => {
  let run: FixtureRun;
  beforeAll(() => {
    run = buildFixtureRun();
  });
  afterAll(() => run.remove());

  function recorder(name: string, calls: string[]): Reporter {
    return {
      name,
      onRunStart: () => void calls.push(`${name}:start`),
      onEntry: (entry) => void calls.push(`${name}:entry:${entry.id}`),
      onScenarioEnd: (result) => void calls.push(`${name}:scenario:${result.id}`),
      onRunEnd: async () => {
        await new Promise((resolve) => setImmediate(resolve));
        calls.push(`${name}:end`);
      },
    };
  }

  it('takes entries only when some reporter does, so a run of summary-only reporters queues no call per entry', () => {
    const summaryOnly: Reporter = { name: 'summary', onRunEnd: () => undefined };
    expect(createMultiplexer([summaryOnly], { stderr: new CaptureStream() }).onEntry).toBeUndefined();
    expect(createMultiplexer([summaryOnly, recorder('a', [])], { stderr: new CaptureStream() }).onEntry).toBeInstanceOf(Function);
  });

  it('calls every hook of every reporter in order, awaiting async hooks', async () => {
    const calls: string[] = [];
    const mux = createMultiplexer([recorder('a', calls), recorder('b', calls)], { stderr: new CaptureStream() });
    await mux.onRunStart?.(run.summary.plan);
    await mux.onEntry?.(ENTRIES[0], []);
    await mux.onScenarioEnd?.(SCENARIOS[0]);
    await mux.onRunEnd?.(run.summary);
    expect(calls).toEqual([
      'a:start',
      'b:start',
      `a:entry:${ENTRIES[0].id}`,
      `b:entry:${ENTRIES[0].id}`,
      `a:scenario:${SCENARIOS[0].id}`,
      `b:scenario:${SCENARIOS[0].id}`,
      'a:end',
      'b:end',
    ]);
  });

  it('isolates a reporter that throws or rejects: the others still run and the error is reported once', async () => {
    const calls: string[] = [];
    const stderr = new CaptureStream();
    const broken: Reporter = {
      name: 'broken',
      onEntry: () => {
        throw new Error('cannot render entry');
      },
      onRunEnd: () => Promise.reject(new Error('disk full')),
    };
    const mux = createMultiplexer([broken, recorder('ok', calls)], { stderr });
    for (const entry of ENTRIES) await mux.onEntry?.(entry, []);
    await mux.onRunEnd?.(run.summary);

    expect(calls).toEqual([...ENTRIES.map((entry) => `ok:entry:${entry.id}`), 'ok:end']);
    expect(stderr.text).toBe('Error in reporter broken: cannot render entry\nError in reporter broken: disk full\n');
    const failures = mux.failures();
    expect(failures.map((f) => [f.reporter, f.hook, f.message, f.occurrences])).toEqual([
      ['broken', 'onEntry', 'cannot render entry', ENTRIES.length],
      ['broken', 'onRunEnd', 'disk full', 1],
    ]);
    expect(failures[0].error).toBeInstanceOf(Error);
  });

  it('reports non-Error throws by their string form', async () => {
    const stderr = new CaptureStream();
    const mux = createMultiplexer([{ name: 'odd', onRunStart: () => Promise.reject('plain string') }], { stderr });
    await mux.onRunStart?.(run.summary.plan);
    expect(stderr.text).toBe('Error in reporter odd: plain string\n');
  });

  it('prints to stdio when any reporter does', () => {
    const quiet: Reporter = { name: 'quiet', onRunEnd: () => undefined };
    const loud: Reporter = { name: 'loud', printsToStdio: () => true };
    expect(createMultiplexer([quiet], { stderr: new CaptureStream() }).printsToStdio?.()).toBe(false);
    expect(createMultiplexer([quiet, loud], { stderr: new CaptureStream() }).printsToStdio?.()).toBe(true);
  });
});
