/**
 * RFC 7644 protocol rules judged on one exchange: status codes, headers, error bodies, query
 * responses, projections. What Entra treats as success comes from docs/entra-behaviour.md#success-statuses. One module
 * per kind of exchange under ./protocol/; this is the list, in the order the checks run.
 */
import { type ExchangeCheck } from './check-types';
import { CREATE_CHECKS } from './protocol/create';
import { DISCOVERY_METHOD_CHECKS } from './protocol/discovery-methods';
import { PROJECTION_CHECKS } from './protocol/projections';
import { QUERY_CHECKS } from './protocol/queries';
import { RESPONSE_CHECKS } from './protocol/responses';
import { SINGLE_RESOURCE_CHECKS } from './protocol/single-resource';
import { UPDATE_DELETE_CHECKS } from './protocol/update-delete';

export const PROTOCOL_CHECKS: readonly ExchangeCheck[] = [
  ...RESPONSE_CHECKS,
  ...CREATE_CHECKS,
  ...SINGLE_RESOURCE_CHECKS,
  ...UPDATE_DELETE_CHECKS,
  ...QUERY_CHECKS,
  ...PROJECTION_CHECKS,
  ...DISCOVERY_METHOD_CHECKS,
];

export { sortHonouredBy } from './protocol/sort-order';
