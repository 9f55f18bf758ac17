/**
 * Reading what the target answered, tolerantly: the classification of a bad shape is the log
 * module's job; here we only pull out what is needed once an exchange counts as success. The
 * engine's pipelines read through their profile's `responses`; these are the same readers over
 * a whole exchange, for callers that hold no profile (scenario read-backs).
 */
import { type ScimResource } from '../profiles/client-profile';
import { SCIM_RESPONSES } from '../profiles/scim-core';
import { type Exchange } from '../contract/exchange';

export { type ScimResource } from '../profiles/client-profile';
export { eqFilter } from '../profiles/scim-core';

/** RFC 7644 §3.4.2: a ListResponse carries totalResults and, when there are hits, Resources. */
export function listResources(exchange: Exchange): readonly ScimResource[] {
  return SCIM_RESPONSES.listResources(exchange.response?.body);
}

export function listTotal(exchange: Exchange): number {
  return SCIM_RESPONSES.listTotal(exchange.response?.body);
}

export function resourceBody(exchange: Exchange): ScimResource | undefined {
  return SCIM_RESPONSES.resource(exchange.response?.body);
}

export function resourceId(resource: ScimResource | undefined): string | undefined {
  return SCIM_RESPONSES.resourceId(resource);
}
