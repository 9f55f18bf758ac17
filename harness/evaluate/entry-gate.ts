/**
 * The entry-level gate of `sync` and `provision`. Entra reports a job whose objects failed while
 * the job itself ran as `EntryLevelErrors` (synchronizationJob status code), not as healthy, so a
 * failed entry fails the run unless `--max-failures N|P%` tolerates it. Quarantine still comes
 * first: it is judged separately and takes precedence in the verdict.
 */
import { ConfigurationError } from '../errors';
import { type EntryVerdict } from './verdict';

export type MaxFailures = { readonly kind: 'count'; readonly value: number } | { readonly kind: 'percent'; readonly value: number };

export const NO_FAILURES_ALLOWED: MaxFailures = Object.freeze({ kind: 'count', value: 0 });

/** `--max-failures 25` (entries) or `--max-failures 2.5%` (of all entries). */
export function parseMaxFailures(value: string | number): MaxFailures {
  const text = String(value).trim();
  const count = /^\d+$/.exec(text);
  if (count) return Object.freeze({ kind: 'count', value: Number(text) });
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(text);
  if (percent && Number(percent[1]) <= 100) return Object.freeze({ kind: 'percent', value: Number(percent[1]) });
  throw new ConfigurationError(
    `--max-failures must be a whole number of entries or a percentage from 0% to 100%, got "${text}" (e.g. --max-failures 10 or --max-failures 2%)`,
  );
}

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
