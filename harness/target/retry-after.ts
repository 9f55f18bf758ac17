/**
 * When a throttled answer (429, RFC 6585 §4; 503, RFC 9110 §15.6.4) is worth retrying and after
 * how long. Entra retries 429s (docs/entra-behaviour.md#rate-limits, `TooManyRequests`); whether it honours
 * `Retry-After` is undocumented, so honouring it is the harness's choice [INF].
 */
import { type Exchange } from '../contract/exchange';

/** 429 without Retry-After: wait one second [INF: a conservative pause, capped like any other]. */
export const DEFAULT_429_WAIT_MS = 1000;

/**
 * Parses `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Returns milliseconds
 * from `nowMs` (never negative), or undefined when the value is neither.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed) * 1000;
  }
  // Every HTTP-date form names its month (RFC 9110 §5.6.7); Date.parse alone accepts "-3".
  const date = /[A-Za-z]{3}/.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (Number.isNaN(date)) {
    return undefined;
  }
  return Math.max(0, date - nowMs);
}

/**
 * The wait before retrying `exchange`, capped at `maxWaitMs`; undefined when it is not a
 * throttled answer to retry (a 503 without a usable Retry-After is an outage, not throttling).
 */
export function throttleWaitMs(exchange: Exchange, nowMs: number, maxWaitMs: number): number | undefined {
  const response = exchange.response;
  if (!response || exchange.error) {
    return undefined;
  }
  if (response.status !== 429 && response.status !== 503) {
    return undefined;
  }
  const requested = parseRetryAfter(response.headers['retry-after'], nowMs);
  const wait = requested ?? (response.status === 429 ? DEFAULT_429_WAIT_MS : undefined);
  return wait === undefined ? undefined : Math.min(wait, maxWaitMs);
}
