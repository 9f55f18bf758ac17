/**
 * Cancellation helpers shared by the client, the rate limiter and the OAuth token provider.
 * The only way `TargetClient.send` rejects on a healthy call is the caller aborting, and it
 * must then reject the same way wherever it was waiting (queue, throttle timer, socket).
 */
import { setTimeout as delay } from 'node:timers/promises';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The error every aborted wait or request rejects with (`name === 'AbortError'`, like fetch). */
export function createAbortError(reason?: unknown): DOMException {
  const error = new DOMException('The SCIM request was aborted by the caller', 'AbortError');
  if (reason !== undefined) {
    Object.defineProperty(error, 'cause', { value: reason, enumerable: false });
  }
  return error;
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) {
    throw createAbortError(signal.reason);
  }
}

/** A timer wait that yields the event loop (never blocks other requests) and honours `signal`. */
export const sleep: Sleep = async (ms, signal) => {
  throwIfAborted(signal);
  if (ms <= 0) {
    return;
  }
  try {
    await delay(ms, undefined, { signal });
  } catch (error) {
    if (signal?.aborted) {
      throw createAbortError(signal.reason);
    }
    throw error;
  }
};

/** Resolves or rejects with `promise`, or rejects with an AbortError as soon as `signal` aborts. */
export function raceAbort<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) {
    return promise;
  }
  throwIfAborted(signal);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(createAbortError(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
