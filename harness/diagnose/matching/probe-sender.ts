/**
 * Matching diagnosis sends several probes per investigation; each must pass the run's probe
 * budget (harness/diagnose/request-diagnoser.ts), so every send asks for a fresh probe sender and
 * the investigation stops when the budget is spent.
 */
import { type Exchange } from '../../contract/exchange';
import { type ExchangeSender, type ScimRequest } from '../../contract/target-client';
import { type InspectionContext } from '../request-diagnoser';

export class ProbeBudgetSpent extends Error {
  override readonly name = 'ProbeBudgetSpent';
}

/** A sender whose every request is one budgeted probe named `name`; undefined when the budget is spent already. */
export function budgetedSender(context: InspectionContext, name: string): ExchangeSender | undefined {
  const first = context.probe(name);
  if (!first) return undefined;
  return {
    baseUrl: first.baseUrl,
    send: (request: ScimRequest, signal?: AbortSignal): Promise<Exchange> => {
      const sender = context.probe(name);
      if (!sender) return Promise.reject(new ProbeBudgetSpent(`the run's probe budget is spent (${name})`));
      return sender.send(request, signal ?? context.signal);
    },
  };
}
