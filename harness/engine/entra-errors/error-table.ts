/**
 * Entra's provisioning-log error codes: one table (ERROR_CODE_TABLE) that maps every outcome
 * of a request to the target, and every engine decision, to the code Entra would log, with the
 * basis for the choice. Microsoft documents the codes but never a status → code table
 * (docs/entra-behaviour.md#status-to-error-code, docs/entra-behaviour.md#gaps item 3), so each row says whether it is documented, observed in real
 * Entra logs, or chosen here.
 */
import { type ErrorCategory } from '../../contract/log-entry';

export type ErrorBasis = 'documented' | 'observed' | 'chosen';

/** One row of the table; the id union (ErrorRowId) is read off the table itself. */
export interface ErrorCodeRow<Id extends string = ErrorRowId> {
  readonly id: Id;
  /** `exchange`: classifyExchange derives it from one request; `engine`: errorInfoFor, from the engine's own decision. */
  readonly decidedBy: 'exchange' | 'engine';
  readonly code: string;
  readonly trigger: string;
  readonly basis: ErrorBasis;
  /** Where the basis comes from, in the behaviour reference (docs/entra-behaviour.md). */
  readonly citation: string;
  readonly retryable: boolean;
  readonly errorCategory: ErrorCategory;
  readonly recommendedAction: string;
}

export const SCIM_SERVICE_INCOMPATIBLE = 'SystemForCrossDomainIdentityManagementServiceIncompatible';
export const SCIM_CREDENTIAL_VALIDATION_FAILURE = 'SystemForCrossDomainIdentityManagementCredentialValidationFailure';
export const SCIM_MULTIPLE_ENTRIES_IN_RESPONSE = 'SystemForCrossDomainIdentityManagementMultipleEntriesInResponse';
export const CREDENTIAL_VALIDATION_UNAVAILABLE = 'CredentialValidationUnavailable';

export const SCIM_SERVICE_INCOMPATIBLE_FILTERING = 'SystemForCrossDomainIdentityManagementServiceIncompatibleFiltering';

/**
 * What a 409 to a write means for Entra: it creates (or keeps updating) an object only after its
 * match query found nothing for it, so the endpoint's uniqueness check disagrees with its filter
 * (docs/entra-behaviour.md#status-to-error-code, docs/entra-behaviour.md#matching).
 */
export const CONFLICT_409_NOTE =
  'HTTP 409 to a write: Entra\'s match query (GET with filter on the matching attribute) did not find the object ' +
  'that the endpoint\'s uniqueness check found. The endpoint\'s filter and its uniqueness check disagree ' +
  '(RFC 7644 §3.3, §3.4.2.2; RFC 7643 §3.1).';

/** Keeps each row's id as its literal, so ErrorRowId is the table's own list. */
function errorRows<const Id extends string>(rows: readonly ErrorCodeRow<Id>[]): readonly ErrorCodeRow<Id>[] {
  return rows;
}

export const ERROR_CODE_TABLE = errorRows([
  {
    id: 'http-400',
    decidedBy: 'exchange',
    code: SCIM_SERVICE_INCOMPATIBLE,
    trigger: 'HTTP 400 Bad Request not covered by a more specific 400 row',
    basis: 'observed',
    citation: 'docs/entra-behaviour.md#status-to-error-code: 400 logged as ServiceIncompatible with reason "StatusCode: BadRequest" (O-QA2, O-SO)',
    retryable: false,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Accept the request exactly as Entra sends it (see the recorded request); reject only bodies that break RFC 7643/7644, with a SCIM error whose detail names the attribute at fault.',
  },
  {
    id: 'http-400-invalid-path',
    decidedBy: 'exchange',
    code: 'SchemaAttributeNotFound',
    trigger: 'HTTP 400 with scimType invalidPath or noTarget',
    basis: 'chosen',
    citation: 'docs/entra-behaviour.md#error-codes SchemaAttributeNotFound ("attribute ... doesn\'t exist in target"); mapping from scimType [INF]',
    retryable: false,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Support every attribute path in the attribute mappings (RFC 7643 §4, RFC 7644 §3.5.2), or remove the attribute from the mappings so Entra stops sending it.',
  },
  {
    id: 'http-400-required',
    decidedBy: 'exchange',
    code: 'MandatoryFieldsMissing',
    trigger: 'HTTP 400 whose detail says a value is required or missing',
    basis: 'chosen',
    citation: 'docs/entra-behaviour.md#error-codes MandatoryFieldsMissing/MissingValues ("required values are missing"); mapping from the error detail [INF]',
    retryable: false,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Map a source attribute to every attribute the endpoint requires, or accept objects without it: Entra skips attributes whose source value is null (docs/entra-behaviour.md#null-values).',
  },
  {
    id: 'http-400-domain',
    decidedBy: 'exchange',
    code: 'InvalidDomain',
    trigger: 'HTTP 400 whose detail mentions a domain',
    basis: 'chosen',
    citation: 'docs/entra-behaviour.md#error-codes InvalidDomain ("attribute value has an invalid domain name"); mapping from the error detail [INF]',
    retryable: false,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Check that the domain in the value (userName, emails) is one the application accepts, or rewrite it with an expression in the attribute mapping.',
  },
  {
    id: 'http-401',
    decidedBy: 'exchange',
    code: 'Unauthorized',
    trigger: 'HTTP 401 Unauthorized: the credentials were rejected',
    basis: 'chosen',
    citation:
      'docs/entra-behaviour.md#status-to-error-code: job quarantined with SystemForCrossDomainIdentityManagementCredentialValidationFailure (observed, O-QA3); per-entry Unauthorized [INF]',
    retryable: false,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Check the Secret Token (or OAuth settings): the endpoint rejected the bearer token. Update the credentials, run Test Connection and restart provisioning.',
  },
  {
    id: 'http-license',
    decidedBy: 'exchange',
    code: 'LicenseLimitExceeded',
    trigger: 'HTTP 402 Payment Required, or HTTP 403 whose detail mentions a licence',
    basis: 'chosen',
    citation: 'docs/entra-behaviour.md#error-codes LicenseLimitExceeded ("no licenses available in target"); mapping [INF]',
    retryable: false,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Add or free up licences in the application, or narrow the provisioning scope to the users who should hold one.',
  },
  {
    id: 'http-403',
    decidedBy: 'exchange',
    code: 'InsufficientRights',
    trigger: 'HTTP 403 Forbidden',
    basis: 'chosen',
    citation: 'docs/entra-behaviour.md#error-codes InsufficientRights/NotPermitted ("authenticated ... but wasn\'t authorized"); mapping [INF]',
    retryable: false,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Give the account behind the token permission to create, update, deactivate and delete users and groups in the application.',
  },
  {
    id: 'http-404-filter',
    decidedBy: 'exchange',
    code: SCIM_SERVICE_INCOMPATIBLE,
    trigger: 'HTTP 404 on a filter query (Test Connection probe or matching)',
    basis: 'documented',
    citation: 'docs/entra-behaviour.md#status-to-error-code, docs/entra-behaviour.md#quarantine-triggers: "SCIM compliance issue" (404 instead of 200) quarantines the job at once (D-QUAR)',
    retryable: false,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Answer a filter that matches nothing with HTTP 200 and an empty ListResponse (totalResults 0, Resources []), never 404 (RFC 7644 §3.4.2).',
  },
  {
    id: 'http-404-anchor',
    decidedBy: 'exchange',
    code: 'InvalidAnchor',
    trigger: 'HTTP 404 for a cached target id (read, update, disable, enable, delete, membership, manager)',
    basis: 'chosen',
    citation: 'docs/entra-behaviour.md#error-codes InvalidAnchor description (documented, D-LOGS-ERR), docs/entra-behaviour.md#matching cached ids; mapping from 404 [INF]',
    retryable: false,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Keep every object the endpoint created or matched addressable by its id (do not delete or re-key it behind Entra\'s back); then restart provisioning so Entra matches all objects again.',
  },
  {
    id: 'http-405',
    decidedBy: 'exchange',
    code: 'MethodNotAllowed',
    trigger: 'HTTP 405 Method Not Allowed',
    basis: 'chosen',
    citation: 'docs/entra-behaviour.md#error-codes MethodNotAllowed (name); mapping [INF]',
    retryable: false,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Support the methods Entra uses: POST on /Users and /Groups; GET, PATCH and DELETE on /Users/{id} and /Groups/{id} (RFC 7644 §3).',
  },
  // Captured provisioning logs show ServiceIncompatibleFiltering for a 409, on a create and on a
  // disable PATCH in two independent tenants; none shows the documented Conflict/EntryConflict, so
  // the captures win (docs/entra-behaviour.md#status-to-error-code). The documentation gives
  // EntryConflict no HTTP status and the behaviour reference no case that logs it
  // (docs/entra-behaviour.md#error-codes), so no row of this table uses it.
  {
    id: 'http-409',
    decidedBy: 'exchange',
    code: SCIM_SERVICE_INCOMPATIBLE_FILTERING,
    trigger: 'HTTP 409 Conflict to a write (create POST; update, disable, enable, membership or manager PATCH)',
    basis: 'observed',
    citation:
      'docs/entra-behaviour.md#status-to-error-code: 409 logged as ServiceIncompatibleFiltering with reason "StatusCode: Conflict" (C-QA1185756 on a disable, C-QA5828857, O-SUMO on a create); the documented Conflict/EntryConflict is not what captures show',
    retryable: false,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'A 409 tells Entra that its match query (e.g. userName eq "...") did not find what the endpoint\'s uniqueness check found. Make the filter on the matching attribute find every object the uniqueness check counts: the same attribute, the same case rules (RFC 7643 §2.2 caseExact, RFC 7644 §3.4.2.2), and deleted resources either no longer counted for uniqueness or found by the filter (RFC 7644 §3.3, RFC 7643 §3.1). Answer 409 only for a uniqueness conflict (RFC 7644 §3.12), never to an update or disable that changes no unique value.',
  },
  {
    id: 'http-412',
    decidedBy: 'exchange',
    code: SCIM_SERVICE_INCOMPATIBLE,
    trigger: 'HTTP 412 Precondition Failed',
    basis: 'chosen',
    citation: 'docs/entra-behaviour.md#status-to-error-code gap: no evidence; Entra sends no If-Match, so the precondition cannot be its own [INF]',
    retryable: false,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Do not require If-Match or ETags: Entra never sends them, and versioning is optional in SCIM (RFC 7644 §3.14).',
  },
  {
    id: 'http-422',
    decidedBy: 'exchange',
    code: 'UnprocessableEntity',
    trigger: 'HTTP 422 Unprocessable Entity',
    basis: 'chosen',
    citation: 'docs/entra-behaviour.md#error-codes UnprocessableEntity (name, "unexpected response"); mapping [INF]',
    retryable: false,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Accept the values Entra sends, or reject them with HTTP 400 and a SCIM error (RFC 7644 §3.12) whose scimType and detail say which value is wrong.',
  },
  {
    id: 'http-429',
    decidedBy: 'exchange',
    code: 'TooManyRequests',
    trigger: 'HTTP 429 Too Many Requests',
    basis: 'documented',
    citation: 'docs/entra-behaviour.md#error-codes TooManyRequests ("automatically retried"), docs/entra-behaviour.md#rate-limits',
    retryable: true,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Allow at least 25 requests per second per tenant (gallery requirement, docs/entra-behaviour.md#rate-limits) and send Retry-After with every 429.',
  },
  {
    id: 'http-500',
    decidedBy: 'exchange',
    code: 'InternalServerError',
    trigger: 'HTTP 500 Internal Server Error',
    basis: 'documented',
    citation: 'docs/entra-behaviour.md#error-codes InternalServerError ("automatically retried in 40 minutes"), docs/entra-behaviour.md#escrow-retries',
    retryable: true,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Fix the server error behind this request (see the endpoint\'s own logs for this request); Entra retries it in 40 minutes.',
  },
  {
    id: 'http-501',
    decidedBy: 'exchange',
    code: 'NotImplemented',
    trigger: 'HTTP 501 Not Implemented',
    basis: 'chosen',
    citation: 'docs/entra-behaviour.md#error-codes NotImplemented (name); mapping [INF]',
    retryable: false,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Implement the operation Entra uses (PATCH with Add/Replace/Remove, filters with eq), or remove the attribute or object type from the mappings.',
  },
  {
    id: 'http-gateway',
    decidedBy: 'exchange',
    code: 'WebExceptionProtocolError',
    trigger: 'HTTP 502 Bad Gateway, 503 Service Unavailable or 504 Gateway Timeout',
    basis: 'chosen',
    citation: 'docs/entra-behaviour.md#status-to-error-code gap: no evidence for 502/503/504; WebExceptionProtocolError ("retried in 40 minutes") [INF]',
    retryable: true,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Check the gateway or load balancer in front of the endpoint: it answered 502, 503 or 504 instead of the application (send Retry-After with 503).',
  },
  {
    id: 'http-other',
    decidedBy: 'exchange',
    code: SCIM_SERVICE_INCOMPATIBLE,
    trigger: 'any other status that is neither 2xx nor 5xx (other 4xx, unexpected 1xx/3xx)',
    basis: 'chosen',
    citation: 'docs/entra-behaviour.md#status-to-error-code: status names are .NET HttpStatusCode names; no per-status evidence [INF]',
    retryable: false,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Return 2xx when the request succeeded, or the status RFC 7644 §3.12 defines for the error, with a SCIM error body.',
  },
  {
    id: 'http-other-5xx',
    decidedBy: 'exchange',
    code: 'InternalServerError',
    trigger: 'any other 5xx status',
    basis: 'chosen',
    citation: 'docs/entra-behaviour.md#error-codes InternalServerError ("target app returned an unexpected error"), applied to every other 5xx [INF]',
    retryable: true,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Fix the server-side failure behind this 5xx response; for a transient fault answer 503 with Retry-After instead.',
  },
  {
    id: 'transport-timeout',
    decidedBy: 'exchange',
    code: 'Timeout',
    trigger: 'no complete response within the request timeout',
    basis: 'documented',
    citation: 'docs/entra-behaviour.md#error-codes Timeout ("took too long to respond", "retried in 40 minutes"), docs/entra-behaviour.md#rate-limits',
    retryable: true,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Answer within the timeout (Entra documents none): serve filter queries from an index, page large results and avoid long synchronous work in the request.',
  },
  {
    id: 'transport-connection',
    decidedBy: 'exchange',
    code: 'WebExceptionProtocolError',
    trigger: 'connection refused or reset, DNS failure, TLS failure, malformed HTTP, or a redirect that is not followed',
    basis: 'chosen',
    citation: 'docs/entra-behaviour.md#error-codes WebExceptionProtocolError ("HTTP protocol error while connecting", retried in 40 minutes); docs/entra-behaviour.md#status-to-error-code [INF]',
    retryable: true,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Serve the endpoint at the configured URL over HTTPS with a valid certificate (TLS 1.2), complete HTTP responses and no redirects (docs/entra-behaviour.md#transport).',
  },
  {
    id: 'transport-connection-probe',
    decidedBy: 'exchange',
    code: 'WebExceptionProtocolError',
    trigger: 'Test Connection probe could not connect (connection, TLS, protocol or redirect failure)',
    basis: 'observed',
    citation: 'docs/entra-behaviour.md#test-connection: Test Connection labels an unreachable endpoint CredentialValidationUnavailable (O-TESTCONN)',
    retryable: true,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Check the Tenant URL: Test Connection could not reach it. It must resolve publicly and accept connections from Entra\'s AzureActiveDirectory service tag.',
  },
  {
    id: 'transport-too-large',
    decidedBy: 'exchange',
    code: SCIM_SERVICE_INCOMPATIBLE,
    trigger: 'response body larger than the size cap',
    basis: 'chosen',
    citation: 'docs/entra-behaviour.md#status-to-error-code ServiceIncompatible ("unable to parse the response"); the size cap is the harness\'s own [INF]',
    retryable: false,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Keep responses small: page filter results (RFC 7644 §3.4.2.4) and honour excludedAttributes=members on group reads (RFC 7644 §3.9).',
  },
  {
    id: 'response-unparseable',
    decidedBy: 'exchange',
    code: SCIM_SERVICE_INCOMPATIBLE,
    trigger: '2xx whose body is not valid JSON, or not the JSON object the request expects',
    basis: 'observed',
    citation: 'docs/entra-behaviour.md#status-to-error-code: "We are not able to deserialize the resource received from your SCIM endpoint ..." (O-AUTH0)',
    retryable: false,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Return the resource as one JSON object with Content-Type application/scim+json (RFC 7644 §3.1, §8.1); no HTML, plain text or arrays.',
  },
  {
    id: 'response-wrong-shape',
    decidedBy: 'exchange',
    code: SCIM_SERVICE_INCOMPATIBLE,
    trigger: 'a created, read or matched resource with an attribute Entra reads in the wrong JSON type (manager not a complex object, emails/phoneNumbers/addresses/members not an array, active not a boolean, id/userName/displayName not a string)',
    basis: 'observed',
    citation: 'docs/entra-behaviour.md#status-to-error-code: "not able to deserialize the resource received from your SCIM endpoint" for manager returned as a string (C-BUDI15369)',
    retryable: false,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Return every attribute in its RFC 7643 type: manager as a complex object {"value": id} (§4.3), multi-valued attributes as arrays of objects (§2.4), active as a JSON boolean, id, userName and displayName as strings (§3.1, §4.1, §4.2).',
  },
  {
    id: 'create-missing-id',
    decidedBy: 'exchange',
    code: SCIM_SERVICE_INCOMPATIBLE,
    trigger: 'create answered 2xx without the new resource\'s id',
    basis: 'chosen',
    citation: 'docs/entra-behaviour.md#success-statuses: POST returns 201 with a body holding id; ServiceIncompatible per docs/entra-behaviour.md#status-to-error-code [INF]',
    retryable: false,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Return the created resource, including its server-assigned id, in the body of the 201 response (RFC 7644 §3.3, RFC 7643 §3.1).',
  },
  {
    id: 'filter-not-list-response',
    decidedBy: 'exchange',
    code: SCIM_SERVICE_INCOMPATIBLE,
    trigger: 'filter query answered 2xx with something other than a ListResponse (no totalResults, or hits without a Resources array)',
    basis: 'chosen',
    citation: 'docs/entra-behaviour.md#success-statuses: GET filter returns a ListResponse; ServiceIncompatible per docs/entra-behaviour.md#status-to-error-code [INF]',
    retryable: false,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Answer filter queries with a ListResponse: schemas [urn:ietf:params:scim:api:messages:2.0:ListResponse], totalResults, and Resources holding the hits (RFC 7644 §3.4.2).',
  },
  {
    id: 'duplicate-target-entries',
    decidedBy: 'engine',
    code: 'DuplicateTargetEntries',
    trigger: 'matching query returned more than one object',
    basis: 'documented',
    citation: 'docs/entra-behaviour.md#error-codes DuplicateTargetEntries, docs/entra-behaviour.md#matching matching (D-LOGS-ERR, D-HOW)',
    retryable: false,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Leave one object per matching value in the application (remove or merge the duplicates), and make the eq filter exact and case-consistent (RFC 7644 §3.4.2.2).',
  },
  {
    id: 'multiple-entries-in-response',
    decidedBy: 'engine',
    code: SCIM_MULTIPLE_ENTRIES_IN_RESPONSE,
    trigger: 'a retrieve that must return one object returned several (e.g. a group read that ignored excludedAttributes=members)',
    basis: 'documented',
    citation: 'docs/entra-behaviour.md#error-codes SystemForCrossDomainIdentityManagementMultipleEntriesInResponse (D-LOGS-ERR)',
    retryable: false,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Return exactly the one resource asked for, and honour excludedAttributes=members on GET /Groups (RFC 7644 §3.4.2.5, §3.9).',
  },
  {
    id: 'duplicate-source-entries',
    decidedBy: 'engine',
    code: 'DuplicateSourceEntries',
    trigger: 'several source objects share the matching value',
    basis: 'documented',
    citation: 'docs/entra-behaviour.md#error-codes DuplicateSourceEntries, docs/entra-behaviour.md#matching (D-LOGS-ERR)',
    retryable: false,
    errorCategory: 'failure',
    recommendedAction:
      'Give each source object a unique value for the matching attribute, or choose a matching attribute that is unique.',
  },
  {
    id: 'import-skipped',
    decidedBy: 'engine',
    code: 'ImportSkipped',
    trigger: 'the source object has no value for the matching attribute',
    basis: 'documented',
    citation: 'docs/entra-behaviour.md#error-codes ImportSkipped, docs/entra-behaviour.md#matching (D-ATTR, D-LOGS-ERR)',
    retryable: false,
    errorCategory: 'failure',
    recommendedAction:
      'Give the source object a value for the matching attribute, or add a second matching attribute with a lower precedence.',
  },
  {
    id: 'matching-value-unsupported-characters',
    decidedBy: 'engine',
    code: SCIM_SERVICE_INCOMPATIBLE_FILTERING,
    trigger: 'the matching value contains a character Entra cannot put into a filter (double quote, backslash, control character); no query is sent',
    basis: 'chosen',
    citation:
      'docs/entra-behaviour.md#filter-value-characters: filter queries on values with special characters are not supported and the object fails (D-KNOWN); which characters, and the filtering code, are [INF]',
    retryable: false,
    errorCategory: 'failure',
    recommendedAction:
      'Remove the double quote, backslash or control character from the matching value in the source, or match on another attribute whose values have none.',
  },
  {
    id: 'entry-synchronization-skipped',
    decidedBy: 'engine',
    code: 'EntrySynchronizationSkipped',
    trigger: 'object out of scope, or already in sync (nothing to export)',
    basis: 'documented',
    citation: 'docs/entra-behaviour.md#error-codes EntrySynchronizationSkipped; skip reasons RedundantExport, NotEffectivelyEntitled (G-POD)',
    retryable: false,
    errorCategory: 'failure',
    recommendedAction:
      'Nothing to do if the object should not change; otherwise assign it to the application or adjust the scoping filters.',
  },
  {
    id: 'too-many-deletes',
    decidedBy: 'engine',
    code: 'TooManyDeletes',
    trigger: 'deletion held back by the accidental-deletion threshold (stagedDelete entries)',
    basis: 'documented',
    citation: 'docs/entra-behaviour.md#accidental-deletions accidental deletions prevention (D-ACC, G-QUAR)',
    retryable: false,
    errorCategory: 'failure',
    recommendedAction:
      'Review the held deletions: if intended, allow them (restart with resetScope ForceDeletes); otherwise fix the source or scoping change that caused them.',
  },
  {
    id: 'internal-error',
    decidedBy: 'engine',
    code: 'InternalError',
    trigger: 'a failure inside the provisioning service itself, not caused by the target',
    basis: 'documented',
    citation: 'docs/entra-behaviour.md#error-codes InternalError ("retried in 40 minutes"); errorCategory failure docs/entra-behaviour.md#status-to-error-code [INF]',
    retryable: true,
    errorCategory: 'failure',
    recommendedAction:
      'No change is needed on the endpoint; the operation is retried in 40 minutes. Report it if it persists.',
  },
]);

/** Every row id of ERROR_CODE_TABLE. */
export type ErrorRowId = (typeof ERROR_CODE_TABLE)[number]['id'];

const ROWS_BY_ID: ReadonlyMap<ErrorRowId, ErrorCodeRow> = new Map(ERROR_CODE_TABLE.map((row) => [row.id, row]));

export function rowFor(id: ErrorRowId): ErrorCodeRow {
  const row = ROWS_BY_ID.get(id);
  if (!row) throw new Error(`error-code table has no row "${id}"`);
  return row;
}
