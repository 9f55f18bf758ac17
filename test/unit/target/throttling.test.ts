import nock from 'nock';
import { ORIGIN, useNockedClients } from './nocked-clients';
import { sleep as realSleep } from '../../../harness/target/abort';


describe('throttling (429/503 with Retry-After)', () => {
  const client = useNockedClients();
  /** A sleep that records each requested wait and resolves at once. */
  const recordingSleep = () => {
    const waits: number[] = [];
    const sleep = (ms: number) => {
      waits.push(ms);
      return Promise.resolve();
    };
    return { waits, sleep };
  };


  it('retries a 429 after Retry-After and keeps the throttled attempt as evidence', async () => {
    const scope = nock(ORIGIN)
      .get('/scim/v2/Users')
      .reply(429, { detail: 'slow down' }, { 'Retry-After': '0' })
      .get('/scim/v2/Users')
      .reply(200, { totalResults: 0 });
    const exchange = await client().send({ method: 'GET', path: '/Users' });
    expect(scope.isDone()).toBe(true);
    expect(exchange.response?.status).toBe(200);
    expect(exchange.previousAttempts).toHaveLength(1);
    expect(exchange.previousAttempts?.[0]?.response?.status).toBe(429);
    expect(exchange.previousAttempts?.[0]?.response?.body).toEqual({ detail: 'slow down' });
    expect(exchange.previousAttempts?.[0]?.id).not.toBe(exchange.id);
  });

  it('retries a 503 with Retry-After up to maxThrottleRetries, then returns the last answer', async () => {
    const scope = nock(ORIGIN).get('/scim/v2/Users').times(3).reply(503, '', { 'Retry-After': '0' });
    const exchange = await client({ maxThrottleRetries: 2 }).send({ method: 'GET', path: '/Users' });
    expect(scope.isDone()).toBe(true);
    expect(exchange.response?.status).toBe(503);
    expect(exchange.previousAttempts?.map((attempt) => attempt.response?.status)).toEqual([503, 503]);
  });

  it('does not retry at all with maxThrottleRetries 0', async () => {
    nock(ORIGIN).get('/scim/v2/Users').reply(429, '', { 'Retry-After': '0' });
    const exchange = await client({ maxThrottleRetries: 0 }).send({ method: 'GET', path: '/Users' });
    expect(exchange.response?.status).toBe(429);
    expect(exchange).not.toHaveProperty('previousAttempts');
  });

  it('does not retry a 503 without Retry-After', async () => {
    const scope = nock(ORIGIN).get('/scim/v2/Users').reply(503).get('/scim/v2/Users').reply(200, {});
    const exchange = await client().send({ method: 'GET', path: '/Users' });
    expect(exchange.response?.status).toBe(503);
    expect(scope.pendingMocks()).toHaveLength(1);
  });

  it('waits one second after a 429 without Retry-After', async () => {
    const { waits, sleep } = recordingSleep();
    nock(ORIGIN).get('/scim/v2/Users').reply(429).get('/scim/v2/Users').reply(200, {});
    const exchange = await client({ sleep }).send({ method: 'GET', path: '/Users' });
    expect(waits).toEqual([1000]);
    expect(exchange.response?.status).toBe(200);
  });

  it('caps a long Retry-After at maxRetryAfterMs', async () => {
    const { waits, sleep } = recordingSleep();
    nock(ORIGIN)
      .get('/scim/v2/Users')
      .reply(429, '', { 'Retry-After': '120' })
      .get('/scim/v2/Users')
      .reply(200, {});
    await client({ sleep, maxRetryAfterMs: 50 }).send({ method: 'GET', path: '/Users' });
    expect(waits).toEqual([50]);
  });

  it('honours an HTTP-date Retry-After against the client clock', async () => {
    const { waits, sleep } = recordingSleep();
    const now = Date.parse('2025-03-01T12:00:00Z');
    nock(ORIGIN)
      .get('/scim/v2/Users')
      .reply(503, '', { 'Retry-After': 'Sat, 01 Mar 2025 12:00:07 GMT' })
      .get('/scim/v2/Users')
      .reply(200, {});
    await client({ sleep, now: () => now }).send({ method: 'GET', path: '/Users' });
    expect(waits).toEqual([7000]);
  });

  it('a throttled request waiting out Retry-After does not hold up other requests', async () => {
    let release: () => void = () => undefined;
    let parked = false;
    const sleep = () =>
      new Promise<void>((resolve) => {
        parked = true;
        release = resolve;
      });
    nock(ORIGIN)
      .get('/scim/v2/Users/slow')
      .reply(429, '', { 'Retry-After': '30' })
      .get('/scim/v2/Users/fast')
      .reply(200, { id: 'fast' })
      .get('/scim/v2/Users/slow')
      .reply(200, { id: 'slow' });
    const c = client({ sleep });
    const order: string[] = [];
    const slow = c.send({ method: 'GET', path: '/Users/slow' }).then((x) => {
      order.push('slow');
      return x;
    });
    // Wait until the slow request is parked in its Retry-After wait.
    while (!parked) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    const fast = await c.send({ method: 'GET', path: '/Users/fast' });
    order.push('fast');
    release();
    const slowExchange = await slow;
    expect(fast.response?.body).toEqual({ id: 'fast' });
    expect(slowExchange.response?.body).toEqual({ id: 'slow' });
    expect(order).toEqual(['fast', 'slow']);
  });

  it('rejects with an AbortError when aborted during the Retry-After wait', async () => {
    nock(ORIGIN).get('/scim/v2/Users').reply(429, '', { 'Retry-After': '30' });
    const waits: number[] = [];
    const parkedSleep = (ms: number, signal?: AbortSignal) => {
      waits.push(ms);
      return realSleep(ms, signal);
    };
    const controller = new AbortController();
    const pending = client({ sleep: parkedSleep }).send({ method: 'GET', path: '/Users' }, controller.signal);
    while (waits.length === 0) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('spaces requests under ratePerSecond', async () => {
    const { waits, sleep } = recordingSleep();
    nock(ORIGIN).get('/scim/v2/Users').times(3).reply(200, {});
    const c = client({ sleep, ratePerSecond: 10 });
    await Promise.all([1, 2, 3].map(() => c.send({ method: 'GET', path: '/Users' })));
    // Three sends started in the same tick: the second waits ~100 ms, the third ~200 ms.
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThan(90);
    expect(waits[1]).toBeGreaterThan(190);
  });
});
