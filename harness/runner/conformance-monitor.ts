/**
 * Checks every exchange of a run as it is recorded, and turns deviations into findings: the
 * per-exchange protocol and schema checks always; lifecycle checks (what was written is read
 * back, disabled is still returned, deleted is gone) over each object's exchanges within a
 * scenario; discovery honesty once at the end. Findings are aggregated per check and scenario so
 * a 100,000-request run reports a deviation once, with a count and a few exchanges as evidence.
 */
import { type ObjectType } from '../checks/check-types';
import { checkDiscovery, DiscoveryObserver } from '../checks/discovery';
import { idOf, resourceIdInUrl, responseObjectOf, returnedResourcesOf } from '../checks/exchange-facts';
import { type Finding } from '../contract/finding';
import { FindingAggregator } from '../checks/finding-aggregator';
import { checkExchange, runLifecycleChecks } from '../checks/run-checks';
import { type Exchange } from '../contract/exchange';
import { type ExchangeContext } from './run-recorder';

/**
 * New object histories one exchange may open: a scenario follows a handful of objects, and the
 * objects it writes open theirs from the create or the URL of the write.
 */
const MAX_HISTORIES_OPENED_PER_EXCHANGE = 20;

/** Stand-alone exchanges that are the harness's own housekeeping, not behaviour Entra would see. */
const UNCHECKED_PURPOSES = new Set(['cleanup']);

export class ConformanceMonitor {
  private readonly byScenario = new Map<string, FindingAggregator>();
  private readonly histories = new Map<string, Map<string, Exchange[]>>();
  private readonly discovery = new DiscoveryObserver();

  observe(exchange: Exchange, context: ExchangeContext): void {
    if (UNCHECKED_PURPOSES.has(context.purpose)) return;
    this.discovery.observe(exchange);
    const key = context.scenarioId ?? '';
    const aggregator = this.aggregatorFor(key);
    // Throttled attempts the client retried are evidence too (a 429 before the final answer).
    for (const attempt of exchange.previousAttempts ?? []) this.checkAttempt(attempt, context, aggregator);
    this.checkAttempt(exchange, context, aggregator);
    // Lifecycle histories are kept per scenario only: a scenario touches a handful of objects,
    // whereas a sync run's 100,000 histories would make memory grow with the run.
    if (context.scenarioId) {
      const histories = this.histories.get(key) ?? new Map<string, Exchange[]>();
      this.histories.set(key, histories);
      let opened = 0;
      for (const objectId of objectIdsOf(exchange)) {
        const history = histories.get(objectId);
        if (history) history.push(exchange);
        else if (opened < MAX_HISTORIES_OPENED_PER_EXCHANGE) {
          // A query may return any number of resources: it extends every history it touches but
          // opens only a few new ones, or a page of a million would mean a million histories.
          opened += 1;
          histories.set(objectId, [exchange]);
        }
      }
    }
  }

  private checkAttempt(attempt: Exchange, context: ExchangeContext, aggregator: FindingAggregator): void {
    for (const { check, outcome } of checkExchange(attempt, context.objectType as ObjectType | undefined)) {
      aggregator.add(check, outcome, outcome.evidence ?? attempt.id, context.scenarioId);
    }
  }

  /** The scenario's findings, lifecycle checks included; called once, when the scenario ends. */
  takeScenarioFindings(scenarioId: string): Finding[] {
    const aggregator = this.aggregatorFor(scenarioId);
    for (const history of this.histories.get(scenarioId)?.values() ?? []) {
      for (const { check, outcome } of runLifecycleChecks(history)) {
        aggregator.add(check, outcome, outcome.evidence ?? history.map((x) => x.id), scenarioId);
      }
    }
    this.histories.delete(scenarioId);
    this.byScenario.delete(scenarioId);
    return aggregator.findings();
  }

  /** Findings not tied to a scenario, and discovery honesty over everything observed. */
  takeRunFindings(): Finding[] {
    const rest = [...this.byScenario.values()].flatMap((aggregator) => aggregator.findings());
    this.byScenario.clear();
    return [...rest, ...checkDiscovery(this.discovery.observations())];
  }

  private aggregatorFor(key: string): FindingAggregator {
    let aggregator = this.byScenario.get(key);
    if (!aggregator) {
      aggregator = new FindingAggregator();
      this.byScenario.set(key, aggregator);
    }
    return aggregator;
  }
}

/** The target objects an exchange is about: the id in its URL, the created id, or the ids a query returned. */
function objectIdsOf(exchange: Exchange): Iterable<string> {
  const inUrl = resourceIdInUrl(exchange);
  if (inUrl) return [inUrl];
  if (exchange.request.method === 'POST') {
    const created = idOf(responseObjectOf(exchange));
    return created ? [created] : [];
  }
  if (exchange.request.method === 'GET') return returnedIds(exchange);
  return [];
}

function* returnedIds(exchange: Exchange): Generator<string> {
  for (const resource of returnedResourcesOf(exchange)) {
    const id = idOf(resource);
    if (id) yield id;
  }
}
