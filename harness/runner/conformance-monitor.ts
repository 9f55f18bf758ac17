/**
 * Checks every exchange of a run as it is recorded, and turns deviations into findings: the
 * per-exchange protocol and schema checks always; lifecycle checks (what was written is read
 * back, disabled is still returned, deleted is gone) over each object's exchanges within a
 * scenario; discovery honesty once at the end. Findings are aggregated per check and scenario so
 * a 100,000-request run reports a deviation once, with a count and a few exchanges as evidence.
 */
import { type ObjectType } from '../checks/check-types';
import { checkDiscovery, DiscoveryObserver } from '../checks/discovery';
import { ExchangeFacts, idOf, resourceIdInUrl, responseObjectOf } from '../checks/exchange-facts';
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
const UNCHECKED_PURPOSES = new Set(['cleanup', 'diagnosis-read']);

/**
 * Probes are the harness's own questions, not Entra traffic: a diagnosis probe's variant
 * (`probe:<name>`, docs/diagnosis.md#probing) and the RFC suite's requests (`rfc-probe:<id>`), which
 * its own probes judge into its own score (docs/rfc-coverage.md).
 */
const PROBE_PURPOSE_PREFIXES: readonly string[] = ['probe:', 'rfc-probe:'];

function isUnchecked(purpose: string): boolean {
  return UNCHECKED_PURPOSES.has(purpose) || PROBE_PURPOSE_PREFIXES.some((prefix) => purpose.startsWith(prefix));
}

export class ConformanceMonitor {
  private readonly byScenario = new Map<string, FindingAggregator>();
  private readonly histories = new Map<string, Map<string, ExchangeFacts[]>>();
  private readonly discovery = new DiscoveryObserver();

  observe(exchange: Exchange, context: ExchangeContext): void {
    if (isUnchecked(context.purpose)) return;
    // What the checks read from the exchange is derived here, once, and handed to all of them.
    const facts = new ExchangeFacts(exchange);
    this.discovery.observe(facts);
    const key = context.scenarioId ?? '';
    const aggregator = this.aggregatorFor(key);
    // Throttled attempts the client retried are evidence too (a 429 before the final answer).
    for (const attempt of exchange.previousAttempts ?? []) this.checkAttempt(new ExchangeFacts(attempt), context, aggregator);
    this.checkAttempt(facts, context, aggregator);
    // Lifecycle histories are kept per scenario only: a scenario touches a handful of objects,
    // whereas a sync run's 100,000 histories would make memory grow with the run.
    if (context.scenarioId) {
      const histories = this.histories.get(key) ?? new Map<string, ExchangeFacts[]>();
      this.histories.set(key, histories);
      let opened = 0;
      for (const objectId of objectIdsOf(facts)) {
        const history = histories.get(objectId);
        if (history) history.push(facts);
        else if (opened < MAX_HISTORIES_OPENED_PER_EXCHANGE) {
          // A query may return any number of resources: it extends every history it touches but
          // opens only a few new ones, or a page of a million would mean a million histories.
          opened += 1;
          histories.set(objectId, [facts]);
        }
      }
    }
  }

  private checkAttempt(attempt: ExchangeFacts, context: ExchangeContext, aggregator: FindingAggregator): void {
    for (const { check, outcome } of checkExchange(attempt, context.objectType as ObjectType | undefined)) {
      aggregator.add(check, outcome, outcome.evidence ?? attempt.exchange.id, context.scenarioId);
    }
  }

  /** The scenario's findings, lifecycle checks included; called once, when the scenario ends. */
  takeScenarioFindings(scenarioId: string): Finding[] {
    const aggregator = this.aggregatorFor(scenarioId);
    for (const history of this.histories.get(scenarioId)?.values() ?? []) {
      for (const { check, outcome } of runLifecycleChecks(history)) {
        aggregator.add(check, outcome, outcome.evidence ?? history.map((facts) => facts.exchange.id), scenarioId);
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
function objectIdsOf(facts: ExchangeFacts): Iterable<string> {
  const inUrl = resourceIdInUrl(facts);
  if (inUrl) return [inUrl];
  const { method } = facts.exchange.request;
  if (method === 'POST') {
    const created = idOf(responseObjectOf(facts.exchange));
    return created ? [created] : [];
  }
  if (method === 'GET') return returnedIds(facts);
  return [];
}

function* returnedIds(facts: ExchangeFacts): Generator<string> {
  for (const resource of facts.returnedResources) {
    const id = idOf(resource);
    if (id) yield id;
  }
}
