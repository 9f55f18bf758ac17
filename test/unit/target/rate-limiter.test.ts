import { ConfigurationError } from '../../../harness/errors';
import { createRateLimiter } from '../../../harness/target/rate-limiter';

/** A clock the test moves by hand, and a sleep that records the wait and resolves at once. */
function fakeTime() {
  let current = 0;
  const waits: number[] = [];
  return {
    now: () => current,
    advance: (ms: number) => {
      current += ms;
    },
    waits,
    sleep: (ms: number) => {
      waits.push(ms);
      return Promise.resolve();
    },
  };
}

describe('createRateLimiter', () => {
  it('spaces concurrent callers 1/rate apart, in call order', async () => {
    const time = fakeTime();
    const limiter = createRateLimiter({ ratePerSecond: 10, now: time.now, sleep: time.sleep });
    await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire(), limiter.acquire(), limiter.acquire()]);
    expect(time.waits).toEqual([100, 200, 300, 400]);
  });

  it('lets a caller through at once when the previous slot has passed, without banking a burst', async () => {
    const time = fakeTime();
    const limiter = createRateLimiter({ ratePerSecond: 4, now: time.now, sleep: time.sleep });
    await limiter.acquire();
    time.advance(100);
    await limiter.acquire();
    expect(time.waits).toEqual([150]);
    time.advance(10_000);
    await limiter.acquire();
    await limiter.acquire();
    expect(time.waits).toEqual([150, 250]);
  });

  it('rejects with an AbortError when the signal is already aborted', async () => {
    const time = fakeTime();
    const limiter = createRateLimiter({ ratePerSecond: 1, now: time.now, sleep: time.sleep });
    const controller = new AbortController();
    controller.abort();
    await expect(limiter.acquire(controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('gives back the slot of an aborted waiter when nobody queued behind it', async () => {
    const time = fakeTime();
    const pending: Array<(error?: Error) => void> = [];
    const sleep = (ms: number, signal?: AbortSignal) => {
      time.waits.push(ms);
      return new Promise<void>((resolve, reject) => {
        signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
        pending.push(() => resolve());
      });
    };
    const limiter = createRateLimiter({ ratePerSecond: 10, now: time.now, sleep });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    const next = limiter.acquire();
    pending[1]?.();
    await next;
    expect(time.waits).toEqual([100, 100]);
  });

  it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY])('refuses a rate of %p with a message naming the fix', (rate) => {
    expect(() => createRateLimiter({ ratePerSecond: rate })).toThrow(ConfigurationError);
    expect(() => createRateLimiter({ ratePerSecond: rate })).toThrow(/positive number of requests per second.*try 25/);
  });
});
