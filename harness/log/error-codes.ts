/**
 * Entra's provisioning-log error codes: one table (ERROR_CODE_TABLE) that maps every outcome
 * of a request to the target, and every engine decision, to the code Entra would log, with the
 * basis for the choice. Microsoft documents the codes but never a status → code table
 * (reference §3.2, §9 item 3), so each row says whether it is documented, observed in real
 * Entra logs, or chosen here.
 */
import { type Exchange, type ExchangeResponse, type TransportError, type TransportErrorKind } from '../contract/exchange';
import { responseText } from '../text/response-text';
import { type ErrorCategory, type IdentityType, type ProvisioningErrorInfo } from '../contract/log-entry';

export type ErrorBasis = 'documented' | 'observed' | 'chosen';

export type ClassifyPurpose =
  | 'probe'
  | 'match'
  | 'read'
  | 'create'
  | 'update'
  | 'disable'
  | 'enable'
  | 'delete'
  | 'membership'
  | 'manager';

/** When the failure is being logged again by an escrow retry (reference §3.3, §5.4). */
export interface RetryInfo {
  readonly retriedTimes: number;
  readonly nextAttempt: Date;
}

export interface ClassifyContext {
  readonly purpose: ClassifyPurpose;
  readonly objectType: IdentityType;
  /** Adds Entra's ". This operation was retried N times. …" suffix to the reason. */
  readonly retry?: RetryInfo;
}

export interface QuarantineTrigger {
  readonly kind: 'credentials' | 'compliance';
  /** Graph synchronizationError.code for the job's quarantine. */
  readonly jobErrorCode: string;
  readonly message: string;
}

export interface Classification extends ProvisioningErrorInfo {
  readonly retryable: boolean;
  readonly isReferenceFailure: boolean;
  readonly quarantineTrigger?: QuarantineTrigger;
}

export type ErrorRowId =
  | 'http-400'
  | 'http-400-invalid-path'
  | 'http-400-required'
  | 'http-400-domain'
  | 'http-401'
  | 'http-license'
  | 'http-403'
  | 'http-404-filter'
  | 'http-404-anchor'
  | 'http-405'
  | 'http-409'
  | 'http-412'
  | 'http-422'
  | 'http-429'
  | 'http-500'
  | 'http-501'
  | 'http-gateway'
  | 'http-other'
  | 'http-other-5xx'
  | 'transport-timeout'
  | 'transport-connection'
  | 'transport-connection-probe'
  | 'transport-too-large'
  | 'response-unparseable'
  | 'create-missing-id'
  | 'filter-not-list-response'
  | 'duplicate-target-entries'
  | 'multiple-entries-in-response'
  | 'duplicate-source-entries'
  | 'import-skipped'
  | 'entry-synchronization-skipped'
  | 'too-many-deletes'
  | 'internal-error';

export interface ErrorCodeRow {
  readonly id: ErrorRowId;
  /** `exchange`: classifyExchange derives it from one request; `engine`: errorInfoFor, from the engine's own decision. */
  readonly decidedBy: 'exchange' | 'engine';
  readonly code: string;
  readonly trigger: string;
  readonly basis: ErrorBasis;
  /** Where the basis comes from, in the behaviour reference (entra-provisioning.md). */
  readonly citation: string;
  readonly retryable: boolean;
  readonly errorCategory: ErrorCategory;
  readonly recommendedAction: string;
}

export const SCIM_SERVICE_INCOMPATIBLE = 'SystemForCrossDomainIdentityManagementServiceIncompatible';
export const SCIM_CREDENTIAL_VALIDATION_FAILURE = 'SystemForCrossDomainIdentityManagementCredentialValidationFailure';
export const SCIM_MULTIPLE_ENTRIES_IN_RESPONSE = 'SystemForCrossDomainIdentityManagementMultipleEntriesInResponse';
export const CREDENTIAL_VALIDATION_UNAVAILABLE = 'CredentialValidationUnavailable';

/** Quoted from Entra's quarantine reason for a filter answered with 404 (reference §3.2, §5.1). */
export const SCIM_COMPLIANCE_404_MESSAGE =
  'SCIM Compliance issue: An HTTP/404 Not Found response was returned rather than the expected HTTP/200 OK response. ' +
  'To address this issue, ensure your SCIM endpoint returns HTTP/200 OK with an empty ListResponse for a filter query ' +
  'that matches nothing (RFC 7644 §3.4.2)';

/** Entra's deserialisation failure text, observed in matching steps (reference §3.2, O-AUTH0). */
export const DESERIALIZE_MESSAGE_PREFIX =
  'We are not able to deserialize the resource received from your SCIM endpoint because your SCIM endpoint is not ' +
  'fully compatible with the Azure Active Directory SCIM client. Here is the resource we received from your SCIM endpoint: ';

export const ENTRY_CONFLICT_OBSERVED_NOTE =
  'Entra has also been observed logging SystemForCrossDomainIdentityManagementServiceIncompatibleFiltering for ' +
  'HTTP 409 responses (reference §3.1); the documented EntryConflict is logged here.';

export const ERROR_CODE_TABLE: readonly ErrorCodeRow[] = [
  {
    id: 'http-400',
    decidedBy: 'exchange',
    code: SCIM_SERVICE_INCOMPATIBLE,
    trigger: 'HTTP 400 Bad Request not covered by a more specific 400 row',
    basis: 'observed',
    citation: '§3.2: 400 logged as ServiceIncompatible with reason "StatusCode: BadRequest" (O-QA2, O-SO)',
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
    citation: '§3.1 SchemaAttributeNotFound ("attribute ... doesn\'t exist in target"); mapping from scimType [INF]',
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
    citation: '§3.1 MandatoryFieldsMissing/MissingValues ("required values are missing"); mapping from the error detail [INF]',
    retryable: false,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Map a source attribute to every attribute the endpoint requires, or accept objects without it: Entra skips attributes whose source value is null (reference §1.1).',
  },
  {
    id: 'http-400-domain',
    decidedBy: 'exchange',
    code: 'InvalidDomain',
    trigger: 'HTTP 400 whose detail mentions a domain',
    basis: 'chosen',
    citation: '§3.1 InvalidDomain ("attribute value has an invalid domain name"); mapping from the error detail [INF]',
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
      '§3.2: job quarantined with SystemForCrossDomainIdentityManagementCredentialValidationFailure (observed, O-QA3); per-entry Unauthorized [INF]',
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
    citation: '§3.1 LicenseLimitExceeded ("no licenses available in target"); mapping [INF]',
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
    citation: '§3.1 InsufficientRights/NotPermitted ("authenticated ... but wasn\'t authorized"); mapping [INF]',
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
    citation: '§3.2, §5.1: "SCIM compliance issue" (404 instead of 200) quarantines the job at once (D-QUAR)',
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
    citation: '§3.1 InvalidAnchor description (documented, D-LOGS-ERR), §8 cached ids; mapping from 404 [INF]',
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
    citation: '§3.1 MethodNotAllowed (name); mapping [INF]',
    retryable: false,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Support the methods Entra uses: POST on /Users and /Groups; GET, PATCH and DELETE on /Users/{id} and /Groups/{id} (RFC 7644 §3).',
  },
  {
    id: 'http-409',
    decidedBy: 'exchange',
    code: 'EntryConflict',
    trigger: 'HTTP 409 Conflict',
    basis: 'documented',
    citation: '§3.1 Conflict/EntryConflict (D-LOGS-ERR); ServiceIncompatibleFiltering also observed for 409 (O-SUMO, O-QA1)',
    retryable: false,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Make the filter on the matching attribute find the existing object (e.g. userName eq "...") so Entra matches it instead of creating it, or resolve the conflicting value in one of the systems.',
  },
  {
    id: 'http-412',
    decidedBy: 'exchange',
    code: SCIM_SERVICE_INCOMPATIBLE,
    trigger: 'HTTP 412 Precondition Failed',
    basis: 'chosen',
    citation: '§3.2 gap: no evidence; Entra sends no If-Match, so the precondition cannot be its own [INF]',
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
    citation: '§3.1 UnprocessableEntity (name, "unexpected response"); mapping [INF]',
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
    citation: '§3.1 TooManyRequests ("automatically retried"), §6.4',
    retryable: true,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Allow at least 25 requests per second per tenant (gallery requirement, reference §6.4) and send Retry-After with every 429.',
  },
  {
    id: 'http-500',
    decidedBy: 'exchange',
    code: 'InternalServerError',
    trigger: 'HTTP 500 Internal Server Error',
    basis: 'documented',
    citation: '§3.1 InternalServerError ("automatically retried in 40 minutes"), §5.4',
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
    citation: '§3.1 NotImplemented (name); mapping [INF]',
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
    citation: '§3.2 gap: no evidence for 502/503/504; WebExceptionProtocolError ("retried in 40 minutes") [INF]',
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
    citation: '§3.2: status names are .NET HttpStatusCode names; no per-status evidence [INF]',
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
    citation: '§3.1 InternalServerError ("target app returned an unexpected error"), applied to every other 5xx [INF]',
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
    citation: '§3.1 Timeout ("took too long to respond", "retried in 40 minutes"), §6.4',
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
    citation: '§3.1 WebExceptionProtocolError ("HTTP protocol error while connecting", retried in 40 minutes); §3.2 [INF]',
    retryable: true,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Serve the endpoint at the configured URL over HTTPS with a valid certificate (TLS 1.2), complete HTTP responses and no redirects (reference §1.1).',
  },
  {
    id: 'transport-connection-probe',
    decidedBy: 'exchange',
    code: 'WebExceptionProtocolError',
    trigger: 'Test Connection probe could not connect (connection, TLS, protocol or redirect failure)',
    basis: 'observed',
    citation: '§1.2: Test Connection labels an unreachable endpoint CredentialValidationUnavailable (O-TESTCONN)',
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
    citation: '§3.2 ServiceIncompatible ("unable to parse the response"); the size cap is the harness\'s own [INF]',
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
    citation: '§3.2: "We are not able to deserialize the resource received from your SCIM endpoint ..." (O-AUTH0)',
    retryable: false,
    errorCategory: 'nonServiceFailure',
    recommendedAction:
      'Return the resource as one JSON object with Content-Type application/scim+json (RFC 7644 §3.1, §8.1); no HTML, plain text or arrays.',
  },
  {
    id: 'create-missing-id',
    decidedBy: 'exchange',
    code: SCIM_SERVICE_INCOMPATIBLE,
    trigger: 'create answered 2xx without the new resource\'s id',
    basis: 'chosen',
    citation: '§1.11: POST returns 201 with a body holding id; ServiceIncompatible per §3.2 [INF]',
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
    citation: '§1.11: GET filter returns a ListResponse; ServiceIncompatible per §3.2 [INF]',
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
    citation: '§3.1 DuplicateTargetEntries, §8 matching (D-LOGS-ERR, D-HOW)',
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
    citation: '§3.1 SystemForCrossDomainIdentityManagementMultipleEntriesInResponse (D-LOGS-ERR)',
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
    citation: '§3.1 DuplicateSourceEntries, §8 (D-LOGS-ERR)',
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
    citation: '§3.1 ImportSkipped, §8 (D-ATTR, D-LOGS-ERR)',
    retryable: false,
    errorCategory: 'failure',
    recommendedAction:
      'Give the source object a value for the matching attribute, or add a second matching attribute with a lower precedence.',
  },
  {
    id: 'entry-synchronization-skipped',
    decidedBy: 'engine',
    code: 'EntrySynchronizationSkipped',
    trigger: 'object out of scope, or already in sync (nothing to export)',
    basis: 'documented',
    citation: '§3.1 EntrySynchronizationSkipped; skip reasons RedundantExport, NotEffectivelyEntitled (G-POD)',
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
    citation: '§5.7 accidental deletions prevention (D-ACC, G-QUAR)',
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
    citation: '§3.1 InternalError ("retried in 40 minutes"); errorCategory failure §3.2 [INF]',
    retryable: true,
    errorCategory: 'failure',
    recommendedAction:
      'No change is needed on the endpoint; the operation is retried in 40 minutes. Report it if it persists.',
  },
];

const ROWS_BY_ID: ReadonlyMap<ErrorRowId, ErrorCodeRow> = new Map(ERROR_CODE_TABLE.map((row) => [row.id, row]));

function rowFor(id: ErrorRowId): ErrorCodeRow {
  const row = ROWS_BY_ID.get(id);
  if (!row) throw new Error(`error-code table has no row "${id}"`);
  return row;
}

/** .NET `HttpStatusCode` names, which Entra prints after "StatusCode:" (reference §3.2, §3.3). */
const DOT_NET_STATUS_NAMES: Readonly<Record<number, string>> = {
  100: 'Continue',
  101: 'SwitchingProtocols',
  102: 'Processing',
  103: 'EarlyHints',
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  203: 'NonAuthoritativeInformation',
  204: 'NoContent',
  205: 'ResetContent',
  206: 'PartialContent',
  207: 'MultiStatus',
  208: 'AlreadyReported',
  226: 'IMUsed',
  300: 'MultipleChoices',
  301: 'MovedPermanently',
  302: 'Found',
  303: 'SeeOther',
  304: 'NotModified',
  305: 'UseProxy',
  306: 'Unused',
  307: 'TemporaryRedirect',
  308: 'PermanentRedirect',
  400: 'BadRequest',
  401: 'Unauthorized',
  402: 'PaymentRequired',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  407: 'ProxyAuthenticationRequired',
  408: 'RequestTimeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'LengthRequired',
  412: 'PreconditionFailed',
  413: 'RequestEntityTooLarge',
  414: 'RequestUriTooLong',
  415: 'UnsupportedMediaType',
  416: 'RequestedRangeNotSatisfiable',
  417: 'ExpectationFailed',
  421: 'MisdirectedRequest',
  422: 'UnprocessableEntity',
  423: 'Locked',
  424: 'FailedDependency',
  426: 'UpgradeRequired',
  428: 'PreconditionRequired',
  429: 'TooManyRequests',
  431: 'RequestHeaderFieldsTooLarge',
  451: 'UnavailableForLegalReasons',
  500: 'InternalServerError',
  501: 'NotImplemented',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
  505: 'HttpVersionNotSupported',
  506: 'VariantAlsoNegotiates',
  507: 'InsufficientStorage',
  508: 'LoopDetected',
  510: 'NotExtended',
  511: 'NetworkAuthenticationRequired',
};

/** Like .NET's `HttpStatusCode.ToString()`: the enum name, or the number when the enum has none. */
export function dotNetStatusName(status: number): string {
  return DOT_NET_STATUS_NAMES[status] ?? String(status);
}

/**
 * .NET's round-trip format ("o") has seven fractional digits; a JS Date holds milliseconds, so
 * the last four are zero (reference §3.3 shows 2026-03-24T13:23:44.9198514Z).
 */
export function formatDotNetTimestamp(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

export function retrySuffix(retry: RetryInfo | undefined): string {
  if (!retry) return '';
  return `. This operation was retried ${retry.retriedTimes} times. It will be retried again after this date: ${formatDotNetTimestamp(retry.nextAttempt)} UTC`;
}

/** Entra's reason for a failed HTTP exchange, verbatim shape (reference §3.3). */
export function formatReason(status: number, body: string, retry?: RetryInfo): string {
  return (
    `StatusCode: ${dotNetStatusName(status)}\r\n` +
    "Message: Processing of the HTTP request resulted in an exception. Please see the HTTP response returned by the 'Response' property of this exception for details.\r\n" +
    `Web Response: \r\n${body}` +
    retrySuffix(retry)
  );
}

/**
 * No HTTP status means no "StatusCode:" line: .NET reports such failures as a WebException with
 * a WebExceptionStatus name and its stock message, so the reason follows that shape [INF].
 */
const TRANSPORT_STATUS: Readonly<Record<TransportErrorKind, { readonly status: string; readonly message: string }>> = {
  timeout: { status: 'Timeout', message: 'The operation has timed out.' },
  connection: { status: 'ConnectFailure', message: 'Unable to connect to the remote server.' },
  tls: {
    status: 'TrustFailure',
    message: 'The underlying connection was closed: Could not establish trust relationship for the SSL/TLS secure channel.',
  },
  protocol: { status: 'ServerProtocolViolation', message: 'The server committed a protocol violation.' },
  tooLarge: { status: 'MessageLengthLimitExceeded', message: 'The message length limit was exceeded.' },
  redirect: { status: 'ProtocolError', message: 'The remote server returned a redirect, which is not followed.' },
};

const NAME_RESOLUTION = /ENOTFOUND|EAI_AGAIN|getaddrinfo/i;

export function formatTransportReason(error: TransportError, retry?: RetryInfo): string {
  const known =
    error.kind === 'connection' && NAME_RESOLUTION.test(error.message)
      ? { status: 'NameResolutionFailure', message: 'The remote name could not be resolved.' }
      : TRANSPORT_STATUS[error.kind];
  return `WebExceptionStatus: ${known.status}\r\nMessage: ${known.message}\r\nDetails: ${error.message}` + retrySuffix(retry);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The SCIM error's detail (RFC 7644 §3.12), or the raw text when the body is not a SCIM error. */
function scimError(response: ExchangeResponse): { readonly detail: string; readonly scimType: string | undefined } {
  const body = response.body;
  if (isRecord(body)) {
    return {
      detail: typeof body.detail === 'string' ? body.detail : responseText(response),
      scimType: typeof body.scimType === 'string' ? body.scimType : undefined,
    };
  }
  return { detail: responseText(response), scimType: undefined };
}

function describeScimError(response: ExchangeResponse): string | null {
  const body = response.body;
  if (!isRecord(body)) return null;
  const parts: string[] = [];
  if (typeof body.scimType === 'string') parts.push(`scimType: ${body.scimType}`);
  if (typeof body.detail === 'string') parts.push(`detail: ${body.detail}`);
  return parts.length > 0 ? `SCIM error (RFC 7644 §3.12) ${parts.join('; ')}` : null;
}

interface Built {
  readonly reason: string;
  readonly additionalDetails: string | null;
  readonly quarantineTrigger?: QuarantineTrigger;
}

function build(id: ErrorRowId, context: ClassifyContext, built: Built): Classification {
  const row = rowFor(id);
  const classification: Classification = {
    errorCode: row.code,
    reason: built.reason,
    additionalDetails: built.additionalDetails,
    errorCategory: row.errorCategory,
    recommendedAction: row.recommendedAction,
    retryable: row.retryable,
    // Manager and group-member failures count apart in the escrow thresholds (reference §5.1).
    isReferenceFailure: context.purpose === 'membership' || context.purpose === 'manager',
  };
  return built.quarantineTrigger ? { ...classification, quarantineTrigger: built.quarantineTrigger } : classification;
}

const FILTER_PURPOSES: ReadonlySet<ClassifyPurpose> = new Set(['probe', 'match']);
const INVALID_PATH_TYPES: ReadonlySet<string> = new Set(['invalidPath', 'noTarget']);
const LICENCE = /licen[cs]e/i;
const REQUIRED = /required|missing/i;
const DOMAIN = /domain/i;

function statusRow(response: ExchangeResponse, context: ClassifyContext): ErrorRowId {
  const status = response.status;
  const { detail, scimType } = scimError(response);
  switch (status) {
    case 400:
      if (scimType !== undefined && INVALID_PATH_TYPES.has(scimType)) return 'http-400-invalid-path';
      if (REQUIRED.test(detail)) return 'http-400-required';
      if (DOMAIN.test(detail)) return 'http-400-domain';
      return 'http-400';
    case 401:
      return 'http-401';
    case 402:
      return 'http-license';
    case 403:
      return LICENCE.test(detail) ? 'http-license' : 'http-403';
    case 404:
      return FILTER_PURPOSES.has(context.purpose) ? 'http-404-filter' : 'http-404-anchor';
    case 405:
      return 'http-405';
    case 409:
      return 'http-409';
    case 412:
      return 'http-412';
    case 422:
      return 'http-422';
    case 429:
      return 'http-429';
    case 500:
      return 'http-500';
    case 501:
      return 'http-501';
    case 502:
    case 503:
    case 504:
      return 'http-gateway';
    default:
      return status >= 500 && status < 600 ? 'http-other-5xx' : 'http-other';
  }
}

function classifyStatus(response: ExchangeResponse, context: ClassifyContext): Classification {
  const id = statusRow(response, context);
  const reason = formatReason(response.status, responseText(response), context.retry);
  const scimDetails = describeScimError(response);
  if (id === 'http-404-filter') {
    return build(id, context, {
      reason: SCIM_COMPLIANCE_404_MESSAGE + retrySuffix(context.retry),
      // The compliance text replaces the usual reason; the raw response stays as evidence.
      additionalDetails: formatReason(response.status, responseText(response)),
      quarantineTrigger: { kind: 'compliance', jobErrorCode: SCIM_SERVICE_INCOMPATIBLE, message: SCIM_COMPLIANCE_404_MESSAGE },
    });
  }
  if (id === 'http-401') {
    return build(id, context, {
      reason,
      additionalDetails: scimDetails,
      quarantineTrigger: {
        kind: 'credentials',
        jobErrorCode: SCIM_CREDENTIAL_VALIDATION_FAILURE,
        message:
          'The SCIM endpoint answered HTTP/401 Unauthorized: the credentials configured for provisioning were rejected. ' +
          'Update the Secret Token (or OAuth settings), run Test Connection and restart provisioning.',
      },
    });
  }
  if (id === 'http-409') {
    return build(id, context, {
      reason,
      additionalDetails: scimDetails ? `${scimDetails}\n${ENTRY_CONFLICT_OBSERVED_NOTE}` : ENTRY_CONFLICT_OBSERVED_NOTE,
    });
  }
  return build(id, context, { reason, additionalDetails: scimDetails });
}

function classifyTransport(
  error: TransportError,
  response: ExchangeResponse | undefined,
  context: ClassifyContext,
): Classification {
  if (error.kind === 'timeout') {
    return build('transport-timeout', context, { reason: formatTransportReason(error, context.retry), additionalDetails: null });
  }
  if (error.kind === 'tooLarge') {
    return build('transport-too-large', context, {
      reason: formatTransportReason(error, context.retry),
      additionalDetails: response
        ? `HTTP ${response.status} ${dotNetStatusName(response.status)}; ${response.bytes} bytes received before the cap`
        : null,
    });
  }
  // A refused redirect still has a status line, which .NET reports like any other failing status.
  const reason =
    error.kind === 'redirect' && response
      ? formatReason(response.status, responseText(response), context.retry)
      : formatTransportReason(error, context.retry);
  const additionalDetails = error.kind === 'redirect' ? error.message : null;
  if (context.purpose === 'probe') {
    return build('transport-connection-probe', context, {
      reason,
      additionalDetails,
      quarantineTrigger: {
        kind: 'credentials',
        jobErrorCode: CREDENTIAL_VALIDATION_UNAVAILABLE,
        message: `Test Connection could not reach the SCIM endpoint (${error.kind}): ${error.message}`,
      },
    });
  }
  return build('transport-connection', context, { reason, additionalDetails });
}

function deserializeFailure(response: ExchangeResponse, context: ClassifyContext): Classification {
  return build('response-unparseable', context, {
    reason: DESERIALIZE_MESSAGE_PREFIX + responseText(response) + retrySuffix(context.retry),
    additionalDetails: response.parseError ?? null,
  });
}

/** RFC 7644 §3.4.2: a filter is answered by a ListResponse; returns what is wrong, or null. */
function listResponseProblem(body: unknown): string | null {
  if (!isRecord(body)) return 'the body is not a JSON object';
  if (typeof body.totalResults !== 'number') return 'totalResults is missing or not a number';
  if (body.Resources !== undefined && !Array.isArray(body.Resources)) return 'Resources is not an array';
  if (body.totalResults > 0 && !Array.isArray(body.Resources)) {
    return `totalResults is ${body.totalResults} but there is no Resources array`;
  }
  return null;
}

function classifySuccess(response: ExchangeResponse, context: ClassifyContext): Classification | null {
  const { purpose } = context;
  if (purpose === 'delete') return null;
  // Only a body that failed to parse is judged by its text (a parsed 2xx body keeps no text to re-serialise).
  if (response.parseError !== undefined && responseText(response).trim().length > 0) return deserializeFailure(response, context);

  if (FILTER_PURPOSES.has(purpose)) {
    const problem = listResponseProblem(response.body);
    if (problem === null) return null;
    return build('filter-not-list-response', context, {
      reason:
        `The SCIM endpoint answered a filter query with HTTP/${response.status} ${dotNetStatusName(response.status)} ` +
        `but not with a ListResponse (RFC 7644 §3.4.2): ${problem}. Here is the resource we received from your SCIM endpoint: ${responseText(response)}` +
        retrySuffix(context.retry),
      additionalDetails: null,
    });
  }

  if (purpose === 'create') {
    if (response.body !== undefined && !isRecord(response.body)) return deserializeFailure(response, context);
    const id = isRecord(response.body) ? response.body.id : undefined;
    if (typeof id === 'string' && id.length > 0) return null;
    return build('create-missing-id', context, {
      reason:
        `The SCIM endpoint answered the create request with HTTP/${response.status} ${dotNetStatusName(response.status)} ` +
        `but the response holds no id for the new ${context.objectType} (RFC 7643 §3.1, RFC 7644 §3.3). ` +
        `Here is the resource we received from your SCIM endpoint: ${responseText(response)}` +
        retrySuffix(context.retry),
      additionalDetails: null,
    });
  }

  if (purpose === 'read') {
    return isRecord(response.body) ? null : deserializeFailure(response, context);
  }

  // PATCH answers may be 204 (no body) or 200 with the resource (reference §1.11).
  if (response.body !== undefined && !isRecord(response.body)) return deserializeFailure(response, context);
  return null;
}

/**
 * Entra's error information for one exchange with the target, or null when the exchange did
 * what its purpose needs. Engine decisions that need more than one exchange (duplicates,
 * skips, held deletions) go through `errorInfoFor` instead.
 */
export function classifyExchange(exchange: Exchange, context: ClassifyContext): Classification | null {
  const { error, response } = exchange;
  if (error) return classifyTransport(error, response, context);
  if (!response) {
    return classifyTransport({ kind: 'protocol', message: 'no HTTP response was recorded' }, undefined, context);
  }
  if (response.status >= 200 && response.status < 300) return classifySuccess(response, context);
  return classifyStatus(response, context);
}

export type EngineErrorCode =
  | 'DuplicateTargetEntries'
  | typeof SCIM_MULTIPLE_ENTRIES_IN_RESPONSE
  | 'DuplicateSourceEntries'
  | 'ImportSkipped'
  | 'EntrySynchronizationSkipped'
  | 'InvalidAnchor'
  | 'TooManyDeletes'
  | 'InternalError';

/** What the engine knows when it decides a code itself; each code reads the facts it needs. */
export interface ErrorFacts {
  readonly objectType?: IdentityType;
  /** Display name or id of the source object. */
  readonly identifier?: string;
  readonly count?: number;
  readonly matchingAttribute?: string;
  readonly matchingValue?: string;
  readonly targetId?: string;
  /** EntrySynchronizationSkipped: Entra skip reason, e.g. RedundantExport, NotEffectivelyEntitled (reference §3.1). */
  readonly skipReason?: string;
  /** TooManyDeletes: the configured threshold and the deletes planned this cycle (reference §5.7). */
  readonly threshold?: number;
  readonly plannedDeletes?: number;
  /** Free text: replaces the built reason (generic path) or adds context. */
  readonly message?: string;
  readonly additionalDetails?: string;
  readonly retry?: RetryInfo;
  /** The table row the outcome is, when its code is shared by several rows (e.g. 'create-missing-id'). */
  readonly row?: ErrorRowId;
}

/** Entra's step texts for the documented skip reasons (reference §3.1). */
const SKIP_REASON_TEXT: Readonly<Record<string, string>> = {
  RedundantExport: 'The state of the user in both the source and target systems already match.',
  NotEffectivelyEntitled: 'The object is not in scope: it is not assigned to the application or a scoping filter excludes it.',
};

function reasonFor(code: string, facts: ErrorFacts): string | null {
  const type = facts.objectType ?? 'User';
  const who = facts.identifier !== undefined ? ` '${facts.identifier}'` : '';
  const attr = facts.matchingAttribute ?? 'the matching attribute';
  const value = facts.matchingValue !== undefined ? ` "${facts.matchingValue}"` : '';
  const count = facts.count !== undefined ? String(facts.count) : 'several';
  switch (code) {
    case 'DuplicateTargetEntries':
      return `More than one ${type} in the target system was found with ${attr} eq${value} (${count} results); a source ${type} can be linked to only one target ${type}.`;
    case SCIM_MULTIPLE_ENTRIES_IN_RESPONSE:
      return `The SCIM endpoint returned ${count} entries to a request that retrieves one ${type}${who}.`;
    case 'DuplicateSourceEntries':
      return `${count} source objects share the value${value} of ${attr}; the ${type}${who} cannot be matched to one target ${type}.`;
    case 'ImportSkipped':
      return `The ${type}${who} has no value for ${attr}, so it cannot be scoped, matched or exported.`;
    case 'EntrySynchronizationSkipped': {
      const why =
        facts.skipReason !== undefined
          ? `${facts.skipReason}: ${SKIP_REASON_TEXT[facts.skipReason] ?? 'no action is needed.'}`
          : 'it is out of scope or already in sync.';
      return `The ${type}${who} was skipped. SkipReason ${why}`;
    }
    case 'InvalidAnchor':
      return `The ${type}${who}${facts.targetId !== undefined ? ` with target id "${facts.targetId}"` : ''} was previously created or matched by the provisioning service but no longer exists in the target system.`;
    case 'TooManyDeletes': {
      const planned = facts.plannedDeletes !== undefined ? `${facts.plannedDeletes} deletions and disables` : 'The deletions and disables';
      const limit = facts.threshold !== undefined ? ` of ${facts.threshold}` : '';
      return `${planned} planned in this cycle exceed the accidental-deletion threshold${limit}; the deletion of the ${type}${who} is held until an administrator allows it.`;
    }
    case 'InternalError':
      return `An internal error occurred in the provisioning service while processing the ${type}${who}.`;
    default:
      return null;
  }
}

/**
 * The row whose category and action a code takes: the one named in the facts, else the code's
 * engine row, else its only row. A code several outcomes share (ServiceIncompatible, say) has no
 * single right action, so it takes the generic one.
 */
function rowForCode(code: string, named: ErrorRowId | undefined): ErrorCodeRow | undefined {
  if (named !== undefined) {
    const row = rowFor(named);
    if (row.code !== code) throw new Error(`error-code row "${named}" is for ${row.code}, not ${code}`);
    return row;
  }
  const engineRow = ERROR_CODE_TABLE.find((r) => r.code === code && r.decidedBy === 'engine');
  if (engineRow) return engineRow;
  const rows = ERROR_CODE_TABLE.filter((r) => r.code === code);
  return rows.length === 1 ? rows[0] : undefined;
}

/** Rows sharing a code may still agree on the category (all target-side, say). */
function sharedCategory(code: string): ErrorCategory | undefined {
  const categories = new Set(ERROR_CODE_TABLE.filter((r) => r.code === code).map((r) => r.errorCategory));
  return categories.size === 1 ? [...categories][0] : undefined;
}

const GENERIC_RECOMMENDED_ACTION =
  'Read the steps of this entry and the recorded exchanges to see which request failed and why, then fix the endpoint or the mappings.';

/**
 * Error information for a code the engine decides without one failing exchange. Codes in the
 * table take its category and recommended action (see rowForCode); any other code takes the
 * generic path: category failure, generic action.
 */
export function errorInfoFor(code: EngineErrorCode | string, facts: ErrorFacts = {}): ProvisioningErrorInfo {
  const row = rowForCode(code, facts.row);
  const built = reasonFor(code, facts);
  const reason =
    (built !== null && facts.message !== undefined ? `${built} ${facts.message}` : (built ?? facts.message ?? `The operation failed with ${code}.`)) +
    retrySuffix(facts.retry);
  return {
    errorCode: code,
    reason,
    additionalDetails: facts.additionalDetails ?? null,
    errorCategory: row?.errorCategory ?? sharedCategory(code) ?? 'failure',
    recommendedAction: row?.recommendedAction ?? GENERIC_RECOMMENDED_ACTION,
  };
}
