/**
 * Checks stay linear in what a target sends. Before, a page's schema violations were concatenated
 * resource by resource (5,000 items 1.9 s, 10,000 items 11.7 s).
 *
 * Timed by ratio, not by absolute speed: each size is warmed up and measured best-of-several, and
 * ten times the items may cost at most 25 times the time (linear work costs ten, quadratic work a
 * hundred).
 */
import { checkExchange } from '../../../harness/checks/run-checks';
import { type Exchange } from '../../../harness/contract/exchange';
import { filterPath, listResponse, makeExchange } from './exchange-factory';

/** Linear work costs about ten times as much, quadratic work a hundred; the margin absorbs garbage collection on a loaded host. */
const RATIO_LIMIT = 25;

/** Milliseconds per run: the best of several batches of `repeat` runs, after a warm-up batch. */
function costPerRun(repeat: number, run: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 6; round += 1) {
    const started = performance.now();
    for (let i = 0; i < repeat; i += 1) run();
    if (round > 0) best = Math.min(best, (performance.now() - started) / repeat);
  }
  return best;
}

function emptyItemsPage(items: number): Exchange {
  return makeExchange({ path: filterPath('Users', 'userName eq "a@contoso.test"'), body: listResponse(Array.from({ length: items }, () => ({}))) });
}

describe('exchange checks over a page of n and 10·n resources', () => {
  it('cost at most 25 times as much for 10 times the resources', () => {
    const small = emptyItemsPage(2_000);
    const large = emptyItemsPage(20_000);
    // The small page is run ten times per batch, so both batches do the same work when linear.
    const ratio = costPerRun(1, () => checkExchange(large, 'User')) / costPerRun(10, () => checkExchange(small, 'User'));
    expect(ratio).toBeLessThan(RATIO_LIMIT);
  });

  it('show eight violations and count the rest: "… and 14,992 more" for 5,000 empty resources', () => {
    const schema = checkExchange(emptyItemsPage(5_000), 'User').find((result) => result.check.id === 'schema/user-resource');
    // Three required attributes missing per resource: 15,000 violations, 8 shown.
    expect(schema?.outcome.actual.split('; /Resources').length).toBe(8);
    expect(schema?.outcome.actual).toMatch(/; … and 14,992 more$/);
  });
});
