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
import { type Finding } from '../checks/finding';
import { FindingAggregator } from '../checks/finding-aggregator';
import { checkExchange, runLifecycleChecks } from '../checks/run-checks';
import { type Exchange } from '../target/exchange';
import { type ExchangeContext } from './run-recorder';

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
      for (const objectId of objectIdsOf(exchange)) {
        const history = histories.get(objectId) ?? [];
        history.push(exchange);
        histories.set(objectId, history);
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
function objectIdsOf(exchange: Exchange): string[] {
  const inUrl = resourceIdInUrl(exchange);
  if (inUrl) return [inUrl];
  if (exchange.request.method === 'POST') {
    const created = idOf(responseObjectOf(exchange));
    return created ? [created] : [];
  }
  if (exchange.request.method === 'GET') return returnedResourcesOf(exchange).map((r) => idOf(r)).filter((id): id is string => Boolean(id));
  return [];
}
