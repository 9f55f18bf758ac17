/**
 * Fault switches of the RFC conformance suite (docs/rfc-coverage.md): each makes the server
 * break one requirement of RFC 7643/7644 that Entra's own traffic never touches, so the suite's
 * tests can watch exactly the probe(s) for it fail. Listed with the other switches
 * (faults.ts, FAULT_SWITCHES) and set the same way (`SCIM_SERVER_FAULTS`, options).
 */
import { type FaultSwitchInfo } from './faults';
import { type CompareOperator } from './filter-parser';

export interface RfcFaultSwitches {
  readonly filterEqAsSw: boolean;
  readonly filterSwAsCo: boolean;
  readonly filterAndAsOr: boolean;
  readonly filterOrAsAnd: boolean;
  readonly filterNotIgnored: boolean;
  readonly filterNeAsEq: boolean;
  readonly filterCoAsSw: boolean;
  readonly filterEwAsSw: boolean;
  readonly filterPrAlways: boolean;
  readonly filterGtAsGe: boolean;
  readonly filterGeAsGt: boolean;
  readonly filterLtAsLe: boolean;
  readonly filterLeAsLt: boolean;
  readonly filterIgnoreParentheses: boolean;
  readonly filterCaseSensitiveNames: boolean;
  readonly filterValuePathAcrossValues: boolean;
  readonly filterRejectsUrnNames: boolean;
  readonly invalidFilter500: boolean;
  readonly filterOrdersBooleans: boolean;
  readonly incompleteServiceProviderConfig: boolean;
  readonly resourceTypeUnlistedExtension: boolean;
  readonly invalidSchemaCharacteristics: boolean;
  readonly undeclaredAttribute: boolean;
  readonly schemaMisstatesType: boolean;
  readonly discoveryFilterIgnored: boolean;
  readonly uniquenessCaseSensitive: boolean;
  readonly clientIdsHonoured: boolean;
  readonly echoClientMeta: boolean;
  readonly reuseDeletedIds: boolean;
  readonly tombstoneExternalIds: boolean;
  readonly userNameOptional: boolean;
  readonly putCreates: boolean;
  readonly putAppendsMultiValued: boolean;
  readonly deletedStillListed: boolean;
  readonly patchReadOnlyIgnored: boolean;
  readonly immutableNotEnforced: boolean;
  readonly returnPassword: boolean;
  readonly patchRemoveIgnored: boolean;
  readonly patchUnknownOpIgnored: boolean;
  readonly patchSchemasOptional: boolean;
  readonly patchBadPath500: boolean;
  readonly patchRemoveNoPathIgnored: boolean;
  readonly patchValuePathReplacesAll: boolean;
  readonly groupFilteredRemoveIgnored: boolean;
  readonly primaryNotMoved: boolean;
  readonly invalidBooleansReadAsFalse: boolean;
  readonly ignoreAttributesParam: boolean;
  readonly ignoreExcludedAttributes: boolean;
  readonly countZeroIgnored: boolean;
  readonly countOffByOne: boolean;
  readonly startIndexBelowOneRejected: boolean;
  readonly sortOrderIgnored: boolean;
  readonly searchIgnoresFilter: boolean;
  readonly noEtagHeader: boolean;
  readonly ifNoneMatchIgnored: boolean;
  readonly ifMatchIgnored: boolean;
  readonly advertiseBulk: boolean;
  readonly me404: boolean;
  readonly noWwwAuthenticate: boolean;
  readonly invalidToken403: boolean;
  readonly malformedJson500: boolean;
  readonly unknownEndpoint200: boolean;
  readonly methodNotAllowed404: boolean;
  readonly inventedScimType: boolean;
  readonly rejectApplicationJson: boolean;
}

type RfcFlag = keyof RfcFaultSwitches;

function flag(name: string, key: RfcFlag, effect: string, breaks: string): FaultSwitchInfo {
  return { name, env: 'SCIM_SERVER_FAULTS', kind: 'flag', key, effect, breaks };
}

const F = 'RFC 7644 §3.4.2.2';

/** Every RFC switch, in the order the documentation lists them; `breaks` names the probe(s) that fail. */
export const RFC_FAULT_SWITCHES: readonly FaultSwitchInfo[] = [
  flag('filter-eq-as-sw', 'filterEqAsSw', 'A filter\'s eq matches any value that starts with the operand.', `${F} (eq is equality); fails rfc/filter/operator-eq.`),
  flag('filter-sw-as-co', 'filterSwAsCo', 'A filter\'s sw matches the operand anywhere in the value.', `${F} (sw is "starts with"); fails rfc/filter/operator-sw.`),
  flag('filter-and-as-or', 'filterAndAsOr', 'A filter\'s and is evaluated as or.', `${F} (logical and); fails rfc/filter/logical-and.`),
  flag('filter-or-as-and', 'filterOrAsAnd', 'A filter\'s or is evaluated as and.', `${F} (logical or); fails rfc/filter/logical-or.`),
  flag('filter-not-ignored', 'filterNotIgnored', 'A filter\'s not ( … ) is evaluated as the expression itself.', `${F} (logical not); fails rfc/filter/logical-not.`),
  flag('filter-ne-as-eq', 'filterNeAsEq', 'A filter\'s ne is evaluated as eq.', `${F} (ne); fails rfc/filter/operator-ne.`),
  flag('filter-co-as-sw', 'filterCoAsSw', 'A filter\'s co matches only at the start of the value.', `${F} (co is "contains"); fails rfc/filter/operator-co.`),
  flag('filter-ew-as-sw', 'filterEwAsSw', 'A filter\'s ew matches at the start of the value instead of the end.', `${F} (ew is "ends with"); fails rfc/filter/operator-ew.`),
  flag('filter-pr-always', 'filterPrAlways', 'A filter\'s pr matches whether or not the attribute has a value.', `${F} (pr needs a non-empty value); fails rfc/filter/operator-pr.`),
  flag('filter-gt-as-ge', 'filterGtAsGe', 'A filter\'s gt also matches an equal value.', `${F} (gt is strict); fails rfc/filter/operator-gt.`),
  flag('filter-ge-as-gt', 'filterGeAsGt', 'A filter\'s ge leaves out an equal value.', `${F} (ge includes equality); fails rfc/filter/operator-ge.`),
  flag('filter-lt-as-le', 'filterLtAsLe', 'A filter\'s lt also matches an equal value.', `${F} (lt is strict); fails rfc/filter/operator-lt.`),
  flag('filter-le-as-lt', 'filterLeAsLt', 'A filter\'s le leaves out an equal value.', `${F} (le includes equality); fails rfc/filter/operator-le.`),
  flag('filter-ignore-parentheses', 'filterIgnoreParentheses', 'Grouping parentheses in a filter are dropped (not ( … ) is kept).', `${F} (grouping and precedence); fails rfc/filter/grouping.`),
  flag('filter-case-sensitive-names', 'filterCaseSensitiveNames', 'Attribute names in a filter must be spelled in the schema\'s case; USERNAME is 400 invalidFilter.', `${F} and RFC 7643 §2.1 (names are case-insensitive); fails rfc/filter/case-insensitive-names.`),
  flag('filter-value-path-across-values', 'filterValuePathAcrossValues', 'The parts of a value filter (emails[type eq "work" and value co "x"]) may be met by different values.', `${F} (a value filter selects values); fails rfc/filter/value-path.`),
  flag('filter-rejects-urn-names', 'filterRejectsUrnNames', 'URN-qualified attribute names in a filter are 400 invalidFilter.', 'RFC 7644 §3.10 (fully qualified names); fails rfc/filter/urn-names.'),
  flag('invalid-filter-500', 'invalidFilter500', 'A filter that does not parse is answered 500.', `${F} (400 invalidFilter); fails rfc/filter/invalid-filter.`),
  flag('filter-orders-booleans', 'filterOrdersBooleans', 'gt, ge, lt and le on a boolean attribute are evaluated instead of refused.', `${F}, Table 3 (400 invalidFilter); fails rfc/filter/ordering-on-boolean.`),
  flag('incomplete-service-provider-config', 'incompleteServiceProviderConfig', '/ServiceProviderConfig leaves out "etag".', 'RFC 7643 §5 (etag is REQUIRED); fails rfc/discovery/service-provider-config.'),
  flag('resource-type-unlisted-extension', 'resourceTypeUnlistedExtension', 'The User resource type names an extension schema /Schemas does not publish.', 'RFC 7643 §6; fails rfc/discovery/resource-types.'),
  flag('invalid-schema-characteristics', 'invalidSchemaCharacteristics', '/Schemas says nickName is returned "sometimes".', 'RFC 7643 §7 (returned is always, never, default or request); fails rfc/discovery/schemas.'),
  flag('undeclared-attribute', 'undeclaredAttribute', 'Users are returned with an "internalScore" attribute no schema declares.', 'RFC 7643 §3 (schemas define the attributes present); fails rfc/discovery/schema-honesty.'),
  flag('schema-misstates-type', 'schemaMisstatesType', '/Schemas says active is a string; the server returns a boolean.', 'RFC 7643 §2.3, §7 (discovery matches behaviour); fails rfc/discovery/schema-honesty.'),
  flag('discovery-filter-ignored', 'discoveryFilterIgnored', 'A filter on /Schemas or /ResourceTypes is ignored (200 with everything).', 'RFC 7644 §4 (SHOULD answer 403); fails rfc/discovery/filter-refused.'),
  flag('uniqueness-case-sensitive', 'uniquenessCaseSensitive', 'userName uniqueness is checked case-sensitively: "Ada" and "ADA" may both exist.', 'RFC 7643 §4.1.1, RFC 7644 §3.3 (409 uniqueness); fails rfc/identity/username-uniqueness.'),
  flag('client-ids-honoured', 'clientIdsHonoured', 'A create that carries "id" keeps the client\'s id.', 'RFC 7643 §3.1 (id is issued by the service provider); fails rfc/identity/client-id-ignored.'),
  flag('echo-client-meta', 'echoClientMeta', 'A create echoes the client\'s "meta" in its answer.', 'RFC 7644 §3.3 (readOnly input is ignored); fails rfc/identity/client-meta-ignored.'),
  flag('reuse-deleted-ids', 'reuseDeletedIds', 'The next user created gets the id of the user deleted last.', 'RFC 7643 §3.1 (ids are non-reassignable); fails rfc/identity/id-stable.'),
  flag('tombstone-external-ids', 'tombstoneExternalIds', 'A deleted user\'s externalId still counts: creating a user with it is 409.', 'RFC 7644 §3.6 (deleted resources are not considered for conflicts); fails rfc/identity/recreate-after-delete.'),
  flag('username-optional', 'userNameOptional', 'A user without userName is created with a made-up one.', 'RFC 7643 §4.1.1 (userName is required); fails rfc/identity/required-attributes.'),
  flag('put-creates', 'putCreates', 'PUT to an id that does not exist creates the user.', 'RFC 7644 §3.5.1 (PUT never creates); fails rfc/resource/unknown-id.'),
  flag('put-appends-multivalued', 'putAppendsMultiValued', 'PUT adds the multi-valued values it is given to the old ones.', 'RFC 7644 §3.5.1 (values given replace); fails rfc/resource/put-replace.'),
  flag('deleted-still-listed', 'deletedStillListed', 'A deleted user is 404 by id but still returned by queries and counted for uniqueness.', 'RFC 7644 §3.6 (omitted from queries, not in conflicts); fails rfc/resource/delete and rfc/identity/recreate-after-delete.'),
  flag('patch-read-only-ignored', 'patchReadOnlyIgnored', 'PATCH operations on readOnly attributes (id, meta, groups) are skipped and the PATCH answered 200.', 'RFC 7644 §3.5.2 (400 mutability); fails rfc/resource/mutability-read-only.'),
  flag('immutable-not-enforced', 'immutableNotEnforced', '/Schemas says nickName is immutable; the server lets PUT change it.', 'RFC 7644 §3.5.1 (immutable values must match, 400 mutability); fails rfc/resource/mutability-immutable.'),
  flag('return-password', 'returnPassword', 'Users are returned with their stored password digest.', 'RFC 7643 §4.1.1, §7 (returned never); fails rfc/resource/password-never-returned.'),
  flag('patch-remove-ignored', 'patchRemoveIgnored', 'PATCH remove operations of a whole attribute (a path without a value filter) are skipped.', 'RFC 7644 §3.5.2.2; fails rfc/patch/operations.'),
  flag('patch-unknown-op-ignored', 'patchUnknownOpIgnored', 'PATCH operations whose op is not add, remove or replace are skipped.', 'RFC 7644 §3.5.2 (op must be one of the three); fails rfc/patch/unknown-op.'),
  flag('patch-schemas-optional', 'patchSchemasOptional', 'A PATCH body without "schemas" is accepted.', 'RFC 7644 §3.5.2 (schemas MUST name PatchOp); fails rfc/patch/missing-schemas.'),
  flag('patch-bad-path-500', 'patchBadPath500', 'A malformed PATCH path is answered 500.', 'RFC 7644 §3.12 (400 invalidPath); fails rfc/patch/invalid-path.'),
  flag('patch-remove-no-path-ignored', 'patchRemoveNoPathIgnored', 'A PATCH remove without a path is skipped instead of refused.', 'RFC 7644 §3.5.2.2 (400 noTarget); fails rfc/patch/remove-without-path.'),
  flag('patch-value-path-replaces-all', 'patchValuePathReplacesAll', 'A PATCH replace with a value filter changes every value, not the matching ones.', 'RFC 7644 §3.5.2.3; fails rfc/patch/value-path.'),
  flag('group-filtered-remove-ignored', 'groupFilteredRemoveIgnored', 'A PATCH remove whose path selects members with a value filter (members[value eq "…"]) is skipped.', 'RFC 7644 §3.5.2.2 (matching values are removed); fails rfc/group/membership-patch.'),
  flag('primary-not-moved', 'primaryNotMoved', 'A PATCH making a value primary while another is primary is refused with 400 instead of moving the flag.', 'RFC 7644 §3.5.2 (the other values lose primary); fails rfc/patch/primary.'),
  flag('invalid-booleans-read-as-false', 'invalidBooleansReadAsFalse', 'A PATCH giving a boolean attribute a string that is not true or false stores false.', 'RFC 7644 §3.5.2, Table 9 (400 invalidValue); fails rfc/patch/invalid-value.'),
  flag('ignore-attributes-param', 'ignoreAttributesParam', 'The "attributes" query parameter is ignored.', 'RFC 7644 §3.9; fails rfc/query/attributes.'),
  flag('ignore-excluded-attributes', 'ignoreExcludedAttributes', 'The "excludedAttributes" query parameter is ignored.', 'RFC 7644 §3.9; fails rfc/query/excluded-attributes.'),
  flag('count-zero-ignored', 'countZeroIgnored', 'count=0 is read as "no count": a full page comes back.', 'RFC 7644 §3.4.2.4; fails rfc/query/count-zero.'),
  flag('count-off-by-one', 'countOffByOne', 'A page holds one resource more than count.', 'RFC 7644 §3.4.2.4 (never more than count); fails rfc/query/count-bound.'),
  flag('start-index-below-one-400', 'startIndexBelowOneRejected', 'startIndex below 1 is answered 400 invalidValue instead of being read as 1.', 'RFC 7644 §3.4.2.4 (a value below 1 SHALL be read as 1); fails rfc/query/start-index.'),
  flag('sort-order-ignored', 'sortOrderIgnored', 'sortOrder is ignored: results are always ascending.', 'RFC 7644 §3.4.2.3; fails rfc/query/sort.'),
  flag('search-ignores-filter', 'searchIgnoresFilter', 'POST …/.search ignores the SearchRequest\'s filter.', 'RFC 7644 §3.4.3; fails rfc/query/post-search and rfc/query/root-search.'),
  flag('no-etag-header', 'noEtagHeader', 'Single-resource answers carry no ETag header (meta.version stays).', 'RFC 7644 §3.14; fails rfc/etag/header.'),
  flag('if-none-match-ignored', 'ifNoneMatchIgnored', 'If-None-Match is ignored: a GET is always 200.', 'RFC 7644 §3.14, RFC 7232 §3.2 (304); fails rfc/etag/if-none-match.'),
  flag('if-match-ignored', 'ifMatchIgnored', 'If-Match is ignored: a stale version is applied anyway.', 'RFC 7644 §3.14, RFC 7232 §3.1 (412); fails rfc/etag/if-match.'),
  flag('advertise-bulk', 'advertiseBulk', '/ServiceProviderConfig says bulk is supported; /Bulk still answers 501.', 'RFC 7644 §3.7, RFC 7643 §5 (discovery matches behaviour); fails rfc/bulk/operations.'),
  flag('me-404', 'me404', '/Me answers 404 instead of 501.', 'RFC 7644 §3.11 (SHOULD answer 501); fails rfc/me/endpoint.'),
  flag('no-www-authenticate', 'noWwwAuthenticate', '401 answers carry no WWW-Authenticate challenge.', 'RFC 7644 §2, RFC 7235 §3.1; fails rfc/auth/unauthorized.'),
  flag('invalid-token-403', 'invalidToken403', 'A bearer token the server does not know is answered 403 instead of 401.', 'RFC 7644 §2, RFC 6750 §3.1 (invalid_token is 401); fails rfc/auth/unauthorized.'),
  flag('malformed-json-500', 'malformedJson500', 'A request body that is not JSON is answered 500.', 'RFC 7644 §3.12 (400 invalidSyntax); fails rfc/errors/malformed-json.'),
  flag('unknown-endpoint-200', 'unknownEndpoint200', 'Paths the server does not serve are answered 200 with an empty object.', 'RFC 7644 §3.12 (404); fails rfc/errors/unknown-endpoint.'),
  flag('method-not-allowed-404', 'methodNotAllowed404', 'Methods an endpoint does not have are answered 404 instead of 405.', 'RFC 9110 §15.5.6, RFC 7644 §4; fails rfc/errors/method-not-allowed.'),
  flag('invented-scim-type', 'inventedScimType', '404 errors carry scimType "notFound", which RFC 7644 does not define.', 'RFC 7644 §3.12, Table 9; fails rfc/errors/error-body.'),
  flag('reject-application-json', 'rejectApplicationJson', 'Request bodies sent as application/json are answered 415.', 'RFC 7644 §3.8 (SHOULD accept application/json); fails rfc/media/accepts-application-json.'),
];

export const NO_RFC_FAULTS: RfcFaultSwitches = Object.freeze(Object.fromEntries(RFC_FAULT_SWITCHES.map((info) => [info.key, false])) as unknown as RfcFaultSwitches);

/** The operator each operator switch substitutes (filter-faults.ts applies them to the parsed filter). */
export const FILTER_OPERATOR_SWAPS: ReadonlyArray<{ readonly key: RfcFlag; readonly from: CompareOperator; readonly to: CompareOperator }> = [
  { key: 'filterEqAsSw', from: 'eq', to: 'sw' },
  { key: 'filterSwAsCo', from: 'sw', to: 'co' },
  { key: 'filterNeAsEq', from: 'ne', to: 'eq' },
  { key: 'filterCoAsSw', from: 'co', to: 'sw' },
  { key: 'filterEwAsSw', from: 'ew', to: 'sw' },
  { key: 'filterGtAsGe', from: 'gt', to: 'ge' },
  { key: 'filterGeAsGt', from: 'ge', to: 'gt' },
  { key: 'filterLtAsLe', from: 'lt', to: 'le' },
  { key: 'filterLeAsLt', from: 'le', to: 'lt' },
];
