/**
 * Would a production job of N objects be quarantined, given the failure rates this run
 * observed? A conformance run provisions a few hundred objects, far below the 5,000 failures
 * Entra needs before it evaluates its escrow thresholds (docs/entra-behaviour.md#quarantine-triggers), so the run's rates
 * are scaled to a customer-sized directory and put through the same state machine.
 *
 * Model [INF], stated in every explanation:
 * - the initial cycle creates N objects, plus manager and membership writes in the proportion
 *   this run made them per create (docs/entra-behaviour.md#initial-cycle: references are written after the objects);
 * - failures persist: an operation that failed fails again when its escrow is retried, so each
 *   incremental cycle re-evaluates the same counts;
 * - escrows pruned during the initial cycle (G-SSTAT) come back in cycle 1 because the objects
 *   they stood for are still not provisioned.
 */
import { ConfigurationError } from '../errors';
import { REFERENCE_OPERATIONS, type OperationCounts, type TallySnapshot } from '../log/entry-tally';
import { formatCount, formatPercent } from '../text/numbers';
import { DEFAULT_QUARANTINE_POLICY, type EscrowCounts, type QuarantinePolicy } from '../engine/quarantine/quarantine-rules';
import { HEALTHY_QUARANTINE_STATE, advanceQuarantine, evaluateEscrowThresholds, type QuarantineState } from '../engine/quarantine/quarantine-state';
import { type QuarantineProjection } from '../contract/verdict';

/** Cycles simulated after the initial one; with persistent failures the state is settled by then. */
const INCREMENTAL_CYCLES = 3;
/** Upper bound when searching for the smallest population that trips a threshold. */
const POPULATION_SEARCH_LIMIT = 100_000_000;
/** Operations that stand for no write and so carry no failure rate. */
const NON_OPERATIONS = new Set(['none']);

interface OperationRate {
  readonly operation: string;
  /** Attempts per projected object (create = 1 when creates were observed). */
  readonly perObject: number;
  readonly failureRate: number;
  readonly successRate: number;
  /** Share of this operation's failures that are reference failures. */
  readonly referenceShare: number;
}

interface ScaledCycle {
  readonly counts: EscrowCounts;
  readonly attempts: ReadonlyMap<string, { attempts: number; failures: number; referenceFailures: number }>;
}

export function projectQuarantine(
  tally: TallySnapshot,
  populationEstimate = 10000,
  policy: QuarantinePolicy = DEFAULT_QUARANTINE_POLICY,
): QuarantineProjection {
  if (!Number.isInteger(populationEstimate) || populationEstimate < 1) {
    throw new ConfigurationError(
      `population estimate must be a whole number of objects >= 1, got ${JSON.stringify(populationEstimate)} (try 10000)`,
    );
  }
  const observedFailureRateByOperation = Object.freeze(observedRates(tally.overall.byOperation));
  const rates = operationRates(tally.overall.byOperation);
  if (rates.length === 0) {
    return Object.freeze({
      populationEstimate,
      wouldQuarantine: false,
      reason: null,
      afterCycle: null,
      projectedFailures: 0,
      projectedReferenceFailures: 0,
      observedFailureRateByOperation,
      explanation: 'No provisioning operation was observed, so there is nothing to project.',
    });
  }

  const scaled = scaleInitialCycle(rates, populationEstimate);
  const outcome = simulate(scaled.counts, policy);
  const initialEvaluation = evaluateEscrowThresholds(scaled.counts, policy);
  const parts = [`At ${formatCount(populationEstimate)} objects the initial cycle would make ${describeWork(scaled)}.`];
  parts.push(initialEvaluation.explanation);
  if (outcome.afterCycle !== null && outcome.prunedInInitial) {
    parts.push(
      `Escrows pruned during the initial cycle, then quarantined after cycle ${outcome.afterCycle} (${outcome.reason}) when the same objects fail again on retry.`,
    );
  } else if (outcome.afterCycle !== null) {
    parts.push(`Quarantined after cycle ${outcome.afterCycle} (${outcome.reason}).`);
  } else {
    parts.push(`No quarantine at ${formatCount(populationEstimate)} objects.`);
    const smallest = smallestQuarantinedPopulation(rates, policy);
    if (smallest !== null) {
      parts.push(`A job of about ${formatCount(smallest)} objects or more would be quarantined at these failure rates.`);
    }
  }
  return Object.freeze({
    populationEstimate,
    wouldQuarantine: outcome.afterCycle !== null,
    reason: outcome.reason,
    afterCycle: outcome.afterCycle,
    projectedFailures: scaled.counts.failures,
    projectedReferenceFailures: scaled.counts.referenceFailures,
    observedFailureRateByOperation,
    explanation: parts.join(' '),
  });
}

function observedRates(byOperation: Readonly<Record<string, OperationCounts>>): Record<string, number> {
  const rates: Record<string, number> = {};
  for (const [operation, counts] of Object.entries(byOperation)) {
    if (NON_OPERATIONS.has(operation) || counts.attempts === 0) continue;
    rates[operation] = firstAttemptRates(counts).failureRate;
  }
  return rates;
}

/**
 * Rates from first attempts only: escrow retries repeat an object already counted, and a
 * persistent failure retried every cycle would otherwise inflate the rate.
 */
function firstAttemptRates(counts: OperationCounts): { attempts: number; failureRate: number; successRate: number } {
  const firstAttempts = counts.attempts - counts.retries;
  // A success the harness got only by changing Entra's request is a failure in production.
  const workedAround = counts.workedAround ?? 0;
  if (firstAttempts > 0) {
    return {
      attempts: firstAttempts,
      failureRate: (counts.failures - counts.retryFailures + workedAround) / firstAttempts,
      successRate: (counts.successes - counts.retrySuccesses - workedAround) / firstAttempts,
    };
  }
  return { attempts: counts.attempts, failureRate: (counts.failures + workedAround) / counts.attempts, successRate: (counts.successes - workedAround) / counts.attempts };
}

function operationRates(byOperation: Readonly<Record<string, OperationCounts>>): OperationRate[] {
  const observed = Object.entries(byOperation)
    .filter(([operation, counts]) => !NON_OPERATIONS.has(operation) && counts.attempts > 0)
    .map(([operation, counts]) => ({ operation, counts, ...firstAttemptRates(counts) }));
  const creates = observed.find((rate) => rate.operation === 'create');
  // With creates observed, the initial cycle is N creates plus the references written per create
  // (docs/entra-behaviour.md#initial-cycle); without them (a pre-populated target), every observed operation scales to N.
  const included = creates
    ? observed.filter((rate) => rate.operation === 'create' || REFERENCE_OPERATIONS.includes(rate.operation))
    : observed;
  const base = creates
    ? creates.attempts
    : included.filter((rate) => !REFERENCE_OPERATIONS.includes(rate.operation)).reduce((sum, rate) => sum + rate.attempts, 0);
  if (base === 0) return [];
  return included.map((rate) => ({
    operation: rate.operation,
    perObject: rate.attempts / base,
    failureRate: rate.failureRate,
    successRate: rate.successRate,
    referenceShare:
      rate.counts.failures > 0
        ? rate.counts.referenceFailures / rate.counts.failures
        : REFERENCE_OPERATIONS.includes(rate.operation)
          ? 1
          : 0,
  }));
}

function scaleInitialCycle(rates: readonly OperationRate[], population: number): ScaledCycle {
  let failures = 0;
  let referenceFailures = 0;
  let successes = 0;
  const attempts = new Map<string, { attempts: number; failures: number; referenceFailures: number }>();
  for (const rate of rates) {
    const planned = Math.round(population * rate.perObject);
    const failed = Math.round(planned * rate.failureRate);
    const reference = Math.round(failed * rate.referenceShare);
    failures += failed - reference;
    referenceFailures += reference;
    if (!REFERENCE_OPERATIONS.includes(rate.operation)) successes += Math.round(planned * rate.successRate);
    attempts.set(rate.operation, { attempts: planned, failures: failed, referenceFailures: reference });
  }
  return { counts: { failures, referenceFailures, successes }, attempts };
}

function describeWork(scaled: ScaledCycle): string {
  const items = [...scaled.attempts.entries()].map(([operation, counts]) => {
    const rate = counts.attempts === 0 ? 0 : counts.failures / counts.attempts;
    const kind = counts.referenceFailures > 0 ? ' reference' : '';
    return `${formatCount(counts.attempts)} ${operation} operations (${formatPercent(rate)} failed in this run → ${formatCount(
      counts.failures,
    )}${kind} failures)`;
  });
  return items.join(', ');
}

interface SimulationOutcome {
  readonly afterCycle: number | null;
  readonly reason: QuarantineProjection['reason'];
  readonly prunedInInitial: boolean;
}

/** The same end-of-cycle state machine the run uses, on a synthetic timeline. */
function simulate(counts: EscrowCounts, policy: QuarantinePolicy): SimulationOutcome {
  let state: QuarantineState = HEALTHY_QUARANTINE_STATE;
  let endedMs = Date.UTC(2000, 0, 1);
  for (let cycleNumber = 0; cycleNumber <= INCREMENTAL_CYCLES; cycleNumber += 1) {
    state = advanceQuarantine(
      state,
      {
        cycleNumber,
        kind: cycleNumber === 0 ? 'initial' : 'incremental',
        endedAt: new Date(endedMs).toISOString(),
        counts,
        anySuccessfulRetry: false,
        allowDeletes: false,
      },
      policy,
    );
    if (state.status !== 'healthy') {
      return { afterCycle: cycleNumber, reason: state.reason, prunedInInitial: state.escrowsPruned };
    }
    endedMs += policy.cycleIntervalMinutes * 60 * 1000;
  }
  return { afterCycle: null, reason: null, prunedInInitial: state.escrowsPruned };
}

/** Counts grow linearly with the population, so the first population that trips a threshold is found by bisection. */
function smallestQuarantinedPopulation(rates: readonly OperationRate[], policy: QuarantinePolicy): number | null {
  const trips = (population: number): boolean =>
    evaluateEscrowThresholds(scaleInitialCycle(rates, population).counts, policy).reason !== null;
  if (!trips(POPULATION_SEARCH_LIMIT)) return null;
  let low = 1;
  let high = POPULATION_SEARCH_LIMIT;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (trips(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}
