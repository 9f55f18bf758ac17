/**
 * The registries of exchange and lifecycle checks, and the runners that keep one failing check
 * from stopping the others.
 */
import { type Exchange } from '../contract/exchange';
import {
  type CheckResult,
  contextOf,
  type ExchangeCheck,
  type ExchangeContext,
  type LifecycleCheck,
  type ObjectType,
} from './check-types';
import { INTERNAL_ERROR_CHECK, internalErrorOutcome } from './internal-error';
import { LIFECYCLE_CHECKS } from './lifecycle';
import { PROTOCOL_CHECKS } from './protocol-rules';
import { RESOURCE_ID_CHECKS } from './resource-id';
import { SCHEMA_CHECKS } from './schema-validation';

export const EXCHANGE_CHECKS: readonly ExchangeCheck[] = [...SCHEMA_CHECKS, ...PROTOCOL_CHECKS, ...RESOURCE_ID_CHECKS];

export { LIFECYCLE_CHECKS };

/** A deviation and the check that found it; `checks/internal-error` when a check threw. */
export type ExchangeCheckResult = CheckResult<ExchangeCheck>;
export type LifecycleCheckResult = CheckResult<LifecycleCheck>;

/** Every applicable check on one exchange; deviations only. Never throws. */
export function runExchangeChecks(ctx: ExchangeContext, checks: readonly ExchangeCheck[] = EXCHANGE_CHECKS): ExchangeCheckResult[] {
  const results: ExchangeCheckResult[] = [];
  for (const check of checks) {
    try {
      if (!check.appliesTo(ctx)) continue;
      const outcome = check.run(ctx);
      if (outcome) results.push({ check, outcome });
    } catch (error) {
      results.push({ check: INTERNAL_ERROR_CHECK, outcome: internalErrorOutcome(check.id, error) });
    }
  }
  return results;
}

/** Convenience: derive the context (operation, object type) and run every exchange check. */
export function checkExchange(exchange: Exchange, objectType?: ObjectType): ExchangeCheckResult[] {
  let ctx: ExchangeContext;
  try {
    ctx = contextOf(exchange, objectType);
  } catch (error) {
    return [{ check: INTERNAL_ERROR_CHECK, outcome: internalErrorOutcome('context', error) }];
  }
  return runExchangeChecks(ctx);
}

/** Every lifecycle check over one object's exchanges, in order. Never throws. */
export function runLifecycleChecks(
  history: readonly Exchange[],
  checks: readonly LifecycleCheck[] = LIFECYCLE_CHECKS,
): LifecycleCheckResult[] {
  const results: LifecycleCheckResult[] = [];
  for (const check of checks) {
    try {
      const outcome = check.run(history);
      if (outcome) results.push({ check, outcome });
    } catch (error) {
      results.push({ check: INTERNAL_ERROR_CHECK, outcome: internalErrorOutcome(check.id, error) });
    }
  }
  return results;
}
