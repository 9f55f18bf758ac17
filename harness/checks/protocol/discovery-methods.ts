/** Protocol rule for the discovery endpoints: read-only, so anything but GET is refused (RFC 7644 §4). */
import { type ExchangeCheck } from '../check-types';
import { isSuccess } from '../exchange-facts';

const discoveryGetOnly: ExchangeCheck = {
  id: 'protocol/discovery-get-only',
  severity: 'advisory',
  severityReason: 'RFC allows: RFC 7644 §4 describes GET and sets no MUST against other methods; Entra never writes there',
  spec: 'RFC 7644 §4',
  title: 'Discovery endpoint accepted a method other than GET',
  fix: 'Answer POST/PUT/PATCH/DELETE on /ServiceProviderConfig, /ResourceTypes and /Schemas with 405.',
  appliesTo: (ctx) => ctx.operation === 'discovery' && ctx.exchange.request.method !== 'GET' && isSuccess(ctx.exchange),
  run: (ctx) => ({ expected: '405 Method Not Allowed', actual: `${ctx.exchange.response?.status}` }),
};

export const DISCOVERY_METHOD_CHECKS: readonly ExchangeCheck[] = [discoveryGetOnly];
