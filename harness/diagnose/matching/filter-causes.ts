/**
 * From what the probes showed to the cause matching diagnosis names, shared by the inspectors of
 * Entra's traffic and the checks of a scenario's known objects (docs/diagnosis.md#matching).
 */
import { type Exchange } from '../../contract/exchange';
import { quoteServer } from '../../text/quote-server';
import { type ExchangeSender } from '../../contract/target-client';
import { type CauseSpec, diagnosisOf, type DiagnosisFacts } from '../cause';
import { type InspectionContext } from '../request-diagnoser';
import { type FilterFault } from './filter-semantics';
import {
  FILTER_CASE_SENSITIVE,
  FILTER_MISSES_EXISTING,
  FILTER_NO_MATCH_404,
  filterComparesOther,
  type MatchedResource,
  PLUS_IN_QUERY_MISREAD,
} from './matching-causes';

/** Scenario run and dialect a diagnosis was established in, when in one. */
export type RunFacts = Pick<DiagnosisFacts, 'scenarioId' | 'dialect'>;

export function causeOfFault(resource: MatchedResource, fault: FilterFault): CauseSpec {
  switch (fault.kind) {
    case 'plus-misread':
      return PLUS_IN_QUERY_MISREAD;
    case 'case-sensitive':
      return FILTER_CASE_SENSITIVE;
    case 'compares-other':
      return filterComparesOther(resource, fault.compared);
    case 'misses':
      return FILTER_MISSES_EXISTING;
  }
}

/** Records the cause with its proof (the symptom first) and returns its id. */
export function establish(context: InspectionContext, cause: CauseSpec, symptom: Exchange, evidence: readonly (string | undefined)[], facts: RunFacts = {}): string {
  const ids = [symptom.id, ...evidence].filter((id, index, all): id is string => id !== undefined && all.indexOf(id) === index);
  const serverDetail = quoteServer(symptom);
  context.record(diagnosisOf(cause, { evidence: ids, ...(serverDetail !== undefined ? { serverDetail } : {}), ...facts }));
  return cause.id;
}

/**
 * A query answered 404 (RFC 7644 §3.4.2 wants 200 with totalResults 0 when nothing matches): the
 * same collection without a filter answers a ListResponse, so the endpoint exists and the 404 is
 * how it says "no match".
 */
export async function explainNoMatch404(context: InspectionContext, sender: ExchangeSender, resource: MatchedResource, symptom: Exchange, facts: RunFacts = {}): Promise<string | undefined> {
  const unfiltered = await sender.send({ method: 'GET', path: `/${resource}`, query: { count: '1' } }, context.signal);
  const body = unfiltered.response?.body as { totalResults?: unknown } | undefined;
  if (unfiltered.response?.status !== 200 || typeof body?.totalResults !== 'number') return undefined;
  return establish(context, FILTER_NO_MATCH_404, symptom, [unfiltered.id], facts);
}
