import { type RunStop } from '../../../harness/contract/verdict';
import { StallWatch } from '../../../harness/runner/stall-watch';
import { type Exchange } from '../../../harness/contract/exchange';

let next = 0;
function exchange(outcome: 'timeout' | 'answer' | 'refused'): Exchange {
  next += 1;
  return {
    id: `x${next}`,
    startedAt: new Date(0).toISOString(),
    request: { method: 'GET', url: 'http://127.0.0.1/scim/v2/Users', headers: {} },
    ...(outcome === 'answer' ? { response: { status: 500, headers: {}, text: '', bytes: 0 } } : {}),
    ...(outcome === 'timeout' ? { error: { kind: 'timeout' as const, message: 'no complete response within 300 ms' } } : {}),
    ...(outcome === 'refused' ? { error: { kind: 'connection' as const, message: 'connection refused' } } : {}),
    durationMs: 300,
  };
}

describe('StallWatch', () => {
  it('stops once, at the limit of timeouts in a row, citing them', () => {
    const stops: RunStop[] = [];
    const watch = new StallWatch(3, 300, (stop) => stops.push(stop));
    const timeouts = [exchange('timeout'), exchange('timeout'), exchange('timeout')];
    for (const x of timeouts) watch.observe(x);
    watch.observe(exchange('timeout'));
    expect(stops).toHaveLength(1);
    expect(stops[0]).toEqual({ kind: 'stalled', cause: expect.stringContaining('the target stalls: 3 requests timed out in a row at --timeout 300ms') as string, evidence: timeouts.map((x) => x.id) });
    expect(watch.stop).toBe(stops[0]);
    expect(watch.stalling).toBe(true);
  });

  it('starts counting again after any answer, even an error status', () => {
    const stops: RunStop[] = [];
    const watch = new StallWatch(3, 300, (stop) => stops.push(stop));
    for (const outcome of ['timeout', 'timeout', 'answer', 'timeout', 'timeout', 'refused', 'answer', 'timeout'] as const) watch.observe(exchange(outcome));
    expect(stops).toEqual([]);
    expect(watch.stalling).toBe(false);
  });

  it('never stops with limit 0', () => {
    const stops: RunStop[] = [];
    const watch = new StallWatch(0, 300, (stop) => stops.push(stop));
    for (let i = 0; i < 20; i += 1) watch.observe(exchange('timeout'));
    expect(stops).toEqual([]);
    expect(watch.stalling).toBe(false);
  });
});
