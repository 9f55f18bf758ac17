/**
 * The entry-level gate of `sync` and `provision`. Entra reports a job whose objects failed while
 * the job itself ran as `EntryLevelErrors` (synchronizationJob status code), not as healthy, so a
 * failed entry fails the run unless `--max-failures N|P%` tolerates it. Quarantine still comes
 * first: it is judged separately and takes precedence in the verdict.
 */
import { type MaxFailures } from '../contract/gate-options';
import { type EntryVerdict } from '../contract/verdict';
import { NO_FAILURES_ALLOWED } from '../config/max-failures';

export type { MaxFailures } from '../contract/gate-options';
export { NO_FAILURES_ALLOWED, parseMaxFailures } from '../config/max-failures';

export function describeMaxFailures(max: MaxFailures): string {
  return max.kind === 'count' ? String(max.value) : `${max.value}%`;
}

export interface EntryCounts {
  readonly entries: number;
  readonly failures: number;
  readonly byErrorCode: Readonly<Record<string, number>>;
}

/** How many failed entries are allowed out of `total`. */
function allowed(max: MaxFailures, total: number): number {
  return max.kind === 'count' ? max.value : (max.value / 100) * total;
}

export function judgeEntries(counts: EntryCounts, max: MaxFailures = NO_FAILURES_ALLOWED): EntryVerdict {
  const topErrorCodes = Object.entries(counts.byErrorCode)
    .filter(([, count]) => count > 0)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, 3)
    .map(([code, count]) => Object.freeze({ code, count }));
  return Object.freeze({
    total: counts.entries,
    failed: counts.failures,
    maxFailures: describeMaxFailures(max),
    exceeded: counts.failures > allowed(max, counts.entries),
    topErrorCodes: Object.freeze(topErrorCodes),
  });
}
