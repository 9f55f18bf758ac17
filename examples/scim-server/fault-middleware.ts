/**
 * The fault switches that act on whole requests, before any SCIM processing: revoked token,
 * throttling, random 500s and delays. Random choices come from seeded sequences, so the same
 * seed fails the same requests in every run.
 */
import { type RequestHandler } from 'express';
import { unauthorized } from './auth';
import { ScimError } from './errors';
import { type FaultSwitches } from './faults';
import { type RandomSource, createRandom } from './random';

export class FaultRuntime {
  private requestCount = 0;
  private readonly failDraws: RandomSource;
  private readonly createDraws: RandomSource;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly faults: FaultSwitches,
    private readonly basePath: string,
    seed: number,
  ) {
    this.failDraws = createRandom(seed);
    // A separate sequence, so turning fail-rate on does not change which creates fail.
    this.createDraws = createRandom(seed ^ 0x5bd1e995);
  }

  private isCreate(method: string, path: string): boolean {
    if (method !== 'POST' || !path.toLowerCase().startsWith(this.basePath.toLowerCase())) return false;
    return /^\/(users|groups)\/?$/i.test(path.slice(this.basePath.length));
  }

  middleware(): RequestHandler {
    return (req, _res, next) => {
      const proceed = (): void => {
        this.requestCount += 1;
        const faults = this.faults;
        if (faults.rejectToken) {
          next(unauthorized('The bearer token has been revoked', true));
          return;
        }
        if (faults.throttleEvery > 0 && this.requestCount % faults.throttleEvery === 0) {
          next(
            new ScimError(429, `Too many requests; retry after ${faults.retryAfterSeconds} seconds`, undefined, {
              'Retry-After': String(faults.retryAfterSeconds),
            }),
          );
          return;
        }
        if (faults.failRate > 0 && this.failDraws() < faults.failRate) {
          next(new ScimError(500, 'Internal server error (injected by the fail-rate fault switch)'));
          return;
        }
        if (faults.failCreatesRate > 0 && this.isCreate(req.method, req.path) && this.createDraws() < faults.failCreatesRate) {
          next(new ScimError(500, 'Internal server error while creating (injected by the fail-creates-rate fault switch)'));
          return;
        }
        next();
      };
      if (this.faults.slowMs <= 0) {
        proceed();
        return;
      }
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        proceed();
      }, this.faults.slowMs);
      this.timers.add(timer);
    };
  }

  /** Cancels delayed requests still waiting, so a closing server leaves no timers behind. */
  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
