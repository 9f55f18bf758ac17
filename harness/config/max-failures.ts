/** `--max-failures N|P%`: how many failed entries `sync` and `provision` tolerate. */
import { type MaxFailures } from '../contract/gate-options';
import { ConfigurationError } from '../errors';

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
