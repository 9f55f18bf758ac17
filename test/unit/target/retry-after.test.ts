import { type Exchange } from '../../../harness/contract/exchange';
import { parseRetryAfter, throttleWaitMs } from '../../../harness/target/retry-after';

const NOW = Date.parse('2025-01-01T00:00:00Z');

function answer(status: number, headers: Record<string, string> = {}): Exchange {
  return {
    id: 'x-test',
    startedAt: new Date(NOW).toISOString(),
    request: { method: 'GET', url: 'http://t.test/Users', headers: {} },
    response: { status, headers, text: '', bytes: 0 },
    durationMs: 1,
  };
}

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('0', NOW)).toBe(0);
    expect(parseRetryAfter(' 7 ', NOW)).toBe(7000);
  });

  it('reads an HTTP-date relative to now, never negative', () => {
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:05 GMT', NOW)).toBe(5000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:59:00 GMT', NOW)).toBe(0);
  });

  it('returns undefined for absent or unusable values', () => {
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter('-3', NOW)).toBeUndefined();
  });
});

describe('throttleWaitMs', () => {
  it('retries 429 and 503 after their Retry-After, capped', () => {
    expect(throttleWaitMs(answer(429, { 'retry-after': '2' }), NOW, 60_000)).toBe(2000);
    expect(throttleWaitMs(answer(503, { 'retry-after': '120' }), NOW, 5000)).toBe(5000);
  });

  it('waits one second after a 429 without Retry-After, but does not retry such a 503', () => {
    expect(throttleWaitMs(answer(429), NOW, 60_000)).toBe(1000);
    expect(throttleWaitMs(answer(429), NOW, 10)).toBe(10);
    expect(throttleWaitMs(answer(503), NOW, 60_000)).toBeUndefined();
  });

  it('does not retry other statuses or failed exchanges', () => {
    expect(throttleWaitMs(answer(500, { 'retry-after': '1' }), NOW, 60_000)).toBeUndefined();
    const failed: Exchange = { ...answer(429, { 'retry-after': '1' }), error: { kind: 'timeout', message: 'stalled' } };
    expect(throttleWaitMs(failed, NOW, 60_000)).toBeUndefined();
  });
});
