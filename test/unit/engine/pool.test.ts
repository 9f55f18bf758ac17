/** Bounded concurrency over a lazy sequence: the engine's way of streaming a large population. */
import { forEachConcurrently } from '../../../harness/engine/pool';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('forEachConcurrently', () => {
  it('processes every item with at most `concurrency` in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachConcurrently([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await tick();
      seen.push(item);
      inFlight -= 1;
    });
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(peak).toBe(3);
  });

  it('pulls items from a generator only when a worker is free', async () => {
    let pulled = 0;
    function* items(): Generator<number> {
      for (let i = 0; i < 10; i += 1) {
        pulled += 1;
        yield i;
      }
    }
    let maxAhead = 0;
    let done = 0;
    await forEachConcurrently(items(), 2, async () => {
      maxAhead = Math.max(maxAhead, pulled - done);
      await tick();
      done += 1;
    });
    expect(done).toBe(10);
    expect(maxAhead).toBeLessThanOrEqual(2);
  });

  it('accepts async iterables', async () => {
    async function* items(): AsyncGenerator<string> {
      yield 'a';
      yield 'b';
    }
    const seen: string[] = [];
    await forEachConcurrently(items(), 4, async (item) => {
      seen.push(item);
    });
    expect(seen.sort()).toEqual(['a', 'b']);
  });

  it('takes no new item once told to stop, and finishes the ones started', async () => {
    let stop = false;
    const finished: number[] = [];
    await forEachConcurrently(
      [1, 2, 3, 4, 5, 6],
      2,
      async (item) => {
        if (item === 2) stop = true;
        await tick();
        finished.push(item);
      },
      () => stop,
    );
    expect(finished.sort()).toEqual([1, 2]);
  });

  it('rethrows the first failure and stops taking items', async () => {
    const started: number[] = [];
    await expect(
      forEachConcurrently([1, 2, 3, 4, 5], 1, async (item) => {
        started.push(item);
        if (item === 2) throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(started).toEqual([1, 2]);
  });

  it('treats a concurrency below 1 as 1', async () => {
    const seen: number[] = [];
    await forEachConcurrently([1, 2], 0, async (item) => {
      seen.push(item);
    });
    expect(seen).toEqual([1, 2]);
  });
});
