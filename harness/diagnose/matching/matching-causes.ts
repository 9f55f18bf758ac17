/**
 * The causes matching diagnosis names (docs/diagnosis.md#matching, docs/diagnosis.md#causes).
 * Entra creates an object only after its match query (`GET /Users?filter=userName eq "…"`) found
 * nothing, and reads, updates and disables only the object it found or created
 * (docs/entra-behaviour.md#matching). So a 409 to its create, or a match that finds nothing or the
 * wrong object, says that the endpoint's filter does not compare what its uniqueness check (or
 * its store) does; each cause below says which difference, and the change that removes it.
 *
 * Severity: every one is `required` — Entra's create, re-enable or match fails for the object, or
 * (duplicates) its later matches fail with DuplicateTargetEntries.
 */
import { type CauseSpec } from '../cause';

export type MatchedResource = 'Users' | 'Groups';

/** The attribute Entra matches a resource on by default (docs/entra-behaviour.md#matching). */
export function matchingAttributeOf(resource: MatchedResource): 'userName' | 'displayName' {
  return resource === 'Users' ? 'userName' : 'displayName';
}

const CREATE_FAILS = 'Entra\'s create fails with SystemForCrossDomainIdentityManagementServiceIncompatibleFiltering (HTTP 409) and is retried through escrow; the object is never provisioned, and enough such failures quarantine the job.';

export const PLUS_IN_QUERY_MISREAD: CauseSpec = {
  // The id differential probing gives the same cause (a match answered 400), so both are one root cause.
  id: 'request/plus-in-query-misread',
  title: 'Reads "+" in the query string as a plus sign, not a space: Entra\'s form-encoded filters (filter=userName+eq+"…") do not match',
  severity: 'required',
  fix: 'Decode the query string as application/x-www-form-urlencoded, where "+" is a space (e.g. URLSearchParams), not with decodeURIComponent; the same filter sent with %20 already works.',
  impact: `Every match query Entra sends misses its object. ${CREATE_FAILS}`,
  consequence: 'fails',
  operations: ['create', 'match'],
  spec: 'docs/entra-behaviour.md#match-query-encoding (captured Entra queries write spaces as +); WHATWG URL, application/x-www-form-urlencoded',
};

export const FILTER_CASE_SENSITIVE: CauseSpec = {
  id: 'matching/filter-case-sensitive',
  title: 'Filters compare userName case-sensitively although it is caseExact false: Entra\'s match misses a user whose userName differs only in case',
  severity: 'required',
  fix: 'Compare userName (and group displayName) case-insensitively in filters, as RFC 7643 §4.1.1 declares and as the uniqueness check already does — e.g. index and compare lower-cased values.',
  impact: `A user whose userName in the target differs from the userPrincipalName only in case is not matched. ${CREATE_FAILS}`,
  consequence: 'fails',
  operations: ['create', 'match'],
  spec: 'RFC 7643 §4.1.1 (userName caseExact false), §2.2; RFC 7644 §3.4.2.2; docs/entra-behaviour.md#matching',
};

/** The filter on the matching attribute compares `compared` instead (e.g. the first e-mail address). */
export function filterComparesOther(resource: MatchedResource, compared: string): CauseSpec {
  const attribute = matchingAttributeOf(resource);
  return {
    id: 'matching/filter-compares-other-attribute',
    title: `A filter on ${attribute} compares another attribute (${compared}): Entra's match on ${attribute} misses objects that hold the value`,
    severity: 'required',
    fix: `Make "${attribute} eq" compare ${attribute} itself (RFC 7644 §3.4.2.2: the filter names the attribute compared), not ${compared}.`,
    impact: `Entra's match finds nothing for an existing object (or finds another one whose ${compared} holds the value). ${CREATE_FAILS}`,
    consequence: 'fails',
    operations: ['create', 'match'],
    spec: 'RFC 7644 §3.4.2.2; docs/entra-behaviour.md#matching, docs/entra-behaviour.md#filters-used',
  };
}

export const FILTER_MISSES_EXISTING: CauseSpec = {
  id: 'matching/filter-misses-existing',
  title: 'A filter on userName does not find the user that holds it: Entra\'s match misses existing users',
  severity: 'required',
  fix: 'Make GET /Users?filter=userName eq "<value>" return the user whose userName is that value (RFC 7644 §3.4.2.2); Entra matches every user this way before it creates one.',
  impact: CREATE_FAILS,
  consequence: 'fails',
  operations: ['create', 'match'],
  spec: 'RFC 7644 §3.4.2.2; docs/entra-behaviour.md#matching',
};

export const FILTER_STALE_AFTER_UPDATE: CauseSpec = {
  id: 'matching/filter-stale-after-update',
  title: 'Filters answer from an index not updated on rename: a renamed object is still found under its old name',
  severity: 'required',
  fix: 'Update the userName (and displayName) index in the same transaction as the PATCH or PUT that changes the value, removing the old entry.',
  impact: 'Entra\'s match for a new object that takes a renamed object\'s old name finds the renamed one: Entra updates the wrong object, or the create that follows fails with 409.',
  consequence: 'fails',
  operations: ['create', 'match', 'update'],
  spec: 'RFC 7644 §3.4.2.2, §3.5.2; docs/entra-behaviour.md#matching',
};

export const UNIQUENESS_KEPT_AFTER_DELETE: CauseSpec = {
  id: 'matching/uniqueness-kept-after-delete',
  title: 'Deleted users still count for userName uniqueness: creating a user again after a hard delete is refused with 409',
  severity: 'required',
  fix: 'Release a deleted resource\'s userName (and other unique values) when it is deleted; if you keep tombstones, leave them out of the uniqueness check as you leave them out of filters (RFC 7644 §3.6).',
  impact: `A user hard-deleted in Entra and created again (a re-hire, a restored account) cannot be provisioned. ${CREATE_FAILS}`,
  consequence: 'fails',
  operations: ['create'],
  spec: 'RFC 7644 §3.6 (a deleted resource is gone); docs/entra-behaviour.md#hard-delete',
};

export const ID_DERIVED_FROM_USERNAME: CauseSpec = {
  id: 'matching/id-derived-from-username',
  title: 'User ids are derived from the userName the user was created with: a new user taking a renamed or deleted user\'s userName collides with, or reuses, its id',
  severity: 'required',
  fix: 'Give every resource an opaque id that is never reassigned (e.g. a random UUID) and keep userName an ordinary, changeable attribute (RFC 7643 §3.1).',
  impact: 'After a rename, Entra\'s create for a new user with the old userName fails with 409 (SystemForCrossDomainIdentityManagementServiceIncompatibleFiltering); after a delete, the new user gets the deleted user\'s id.',
  consequence: 'fails',
  operations: ['create'],
  spec: 'RFC 7643 §3.1 (id unique, stable, non-reassignable); docs/entra-behaviour.md#matching',
};

export const ID_REASSIGNED: CauseSpec = {
  id: 'matching/id-reassigned',
  title: 'Reassigns the id of a deleted resource to a new one',
  severity: 'required',
  fix: 'Never reuse an id: give every new resource a fresh opaque id (e.g. a random UUID), even when its values equal a deleted one\'s (RFC 7643 §3.1).',
  impact: 'A client that still holds the deleted object\'s id (Entra\'s cached anchor, an audit trail) now addresses another object.',
  consequence: 'loses-data',
  operations: ['create'],
  spec: 'RFC 7643 §3.1 (id non-reassignable)',
};

export const DUPLICATES_ACCEPTED: CauseSpec = {
  id: 'matching/duplicates-accepted',
  title: 'Accepts a second user or group whose userName or displayName is already taken: no uniqueness check',
  severity: 'required',
  fix: 'Refuse a create or update that would duplicate userName (users) or displayName (groups), compared case-insensitively, with 409 and scimType "uniqueness" (RFC 7644 §3.3, §3.12).',
  impact: 'Entra\'s match later finds several objects for one source object and fails it with DuplicateTargetEntries; nothing stops two objects from holding one identity.',
  consequence: 'fails',
  operations: ['match'],
  spec: 'RFC 7643 §4.1.1 (userName uniqueness "server"); RFC 7644 §3.3, §3.12; docs/entra-behaviour.md#matching',
};

export const DISABLED_USER_HIDDEN: CauseSpec = {
  id: 'matching/disabled-user-hidden',
  title: 'Treats a disabled user as deleted: once active is false, GET by id answers 404 and filters no longer find it',
  severity: 'required',
  fix: 'Keep a user with active=false readable by id and findable by filter, with "active": false; only DELETE removes a user.',
  impact: 'Entra reads a disabled user by its cached id before it re-enables or updates it: the 404 fails the entry with InvalidAnchor, so a disabled user can never be re-enabled or changed.',
  consequence: 'fails',
  operations: ['update', 'enable'],
  spec: 'docs/entra-behaviour.md#get-user, docs/entra-behaviour.md#disable-enable; RFC 7644 §3.6 (only DELETE removes)',
};

export const FILTER_NO_MATCH_404: CauseSpec = {
  id: 'matching/filter-no-match-404',
  title: 'Answers 404 instead of an empty ListResponse when a filter matches nothing',
  severity: 'required',
  fix: 'Answer a query whose filter matches nothing with 200 and {"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"Resources":[]} (RFC 7644 §3.4.2).',
  impact: 'Entra\'s Test Connection (a filter on a random GUID) fails, so no cycle runs and the job is quarantined; every match for a new object fails as well.',
  consequence: 'fails',
  operations: ['create', 'match'],
  spec: 'RFC 7644 §3.4.2 (no match is 200 with totalResults 0); docs/entra-behaviour.md#test-connection',
};
