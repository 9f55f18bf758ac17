/**
 * A requests-per-second cap shared by every concurrent send of one client.
 *
 * Entra's gallery checklist asks the target to "support at least 25 requests per second per
 * tenant" (docs/entra-behaviour.md#rate-limits); the cap lets a run hold the harness to exactly that promise. It
 * spaces request starts 1/rate apart instead of allowing bursts, so no window of one second
 * ever sees more than the rate (plus the one request on its boundary).
 *
 * Fair: slots are handed out in call order, synchronously, so a later caller can never
 * overtake an earlier one. Waiting is a timer per caller, never a polling loop.
 */
import { type Sleep, sleep as defaultSleep, throwIfAborted } from './abort';
import { ConfigurationError } from '../errors';

export interface RateLimiter {
  /** Resolves when the caller may start its request; rejects with an AbortError on abort. */
  acquire(signal?: AbortSignal): Promise<void>;
}

export interface RateLimiterOptions {
  readonly ratePerSecond: number;
  /** Monotonic milliseconds; injectable for tests. */
  readonly now?: () => number;
  readonly sleep?: Sleep;
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { ratePerSecond } = options;
  if (typeof ratePerSecond !== 'number' || !Number.isFinite(ratePerSecond) || ratePerSecond <= 0) {
    throw new ConfigurationError(
      `the request rate must be a positive number of requests per second, got ${String(ratePerSecond)} (try 25, Entra's gallery minimum, or leave it unset for no cap)`,
    );
  }
  const intervalMs = 1000 / ratePerSecond;
  const now = options.now ?? (() => performance.now());
  const wait = options.sleep ?? defaultSleep;
  let nextSlot = Number.NEGATIVE_INFINITY;

  return {
    async acquire(signal) {
      throwIfAborted(signal);
      const current = now();
      const slot = Math.max(current, nextSlot);
      nextSlot = slot + intervalMs;
      const delayMs = slot - current;
      if (delayMs <= 0) {
        return;
      }
      try {
        await wait(delayMs, signal);
      } catch (error) {
        // Give the slot back when nobody queued behind it, so an abort does not slow the rest.
        if (nextSlot === slot + intervalMs) {
          nextSlot = slot;
        }
        throw error;
      }
    },
  };
}
