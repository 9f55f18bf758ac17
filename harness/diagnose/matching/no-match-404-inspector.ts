/**
 * A query Entra sent (its Test Connection probe or a match) answered 404: RFC 7644 §3.4.2 wants
 * 200 with totalResults 0 when nothing matches, and Entra quarantines the job on a 404 to its
 * probe (docs/entra-behaviour.md#test-connection). One unfiltered query of the same collection
 * tells a "no match" 404 from a missing endpoint (docs/diagnosis.md#matching).
 */
import { type Exchange } from '../../contract/exchange';
import { type ScimRequest } from '../../contract/target-client';
import { type ExchangeInspector, type InspectionContext } from '../request-diagnoser';
import { explainNoMatch404 } from './filter-causes';
import { resourceOfPath } from './identity-memory';
import { budgetedSender } from './probe-sender';

export class NoMatch404Inspector implements ExchangeInspector {
  readonly name = 'matching-no-match-404';

  signature(request: ScimRequest, exchange: Exchange): string | undefined {
    if (request.method !== 'GET' || request.query?.filter === undefined || exchange.response?.status !== 404) return undefined;
    const target = resourceOfPath(request.path);
    return target && target.id === undefined ? target.resource : undefined;
  }

  async investigate(request: ScimRequest, exchange: Exchange, context: InspectionContext): Promise<string | undefined> {
    const target = resourceOfPath(request.path);
    const sender = budgetedSender(context, 'matching-no-match-404');
    return target && sender ? explainNoMatch404(context, sender, target.resource, exchange) : undefined;
  }
}
