/**
 * Entra's error information for one exchange with the target (the table's `exchange` rows):
 * which row the outcome is, with Entra's reason text and, for a probe or filter, the quarantine
 * it triggers (docs/entra-behaviour.md#status-to-error-code, docs/entra-behaviour.md#quarantine-triggers).
 */
import { type Exchange, type ExchangeResponse, type TransportError } from '../../contract/exchange';
import { type IdentityType, type ProvisioningErrorInfo } from '../../contract/log-entry';
import { responseText } from '../../text/response-text';
import { describeShapeProblem, listShapeProblem, resourceShapeProblem, type ShapeProblem } from '../deserialize-check';
import { dotNetStatusName } from './dotnet-format';
import {
  CREDENTIAL_VALIDATION_UNAVAILABLE,
  CONFLICT_409_NOTE,
  type ErrorRowId,
  rowFor,
  SCIM_CREDENTIAL_VALIDATION_FAILURE,
  SCIM_SERVICE_INCOMPATIBLE,
} from './error-table';
import { formatReason, formatTransportReason, type RetryInfo, retrySuffix } from './reason-text';

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

/** Quoted from Entra's quarantine reason for a filter answered with 404 (docs/entra-behaviour.md#status-to-error-code, docs/entra-behaviour.md#quarantine-triggers). */
export const SCIM_COMPLIANCE_404_MESSAGE =
  'SCIM Compliance issue: An HTTP/404 Not Found response was returned rather than the expected HTTP/200 OK response. ' +
  'To address this issue, ensure your SCIM endpoint returns HTTP/200 OK with an empty ListResponse for a filter query ' +
  'that matches nothing (RFC 7644 §3.4.2)';

/** Entra's deserialisation failure text, observed in matching steps (docs/entra-behaviour.md#status-to-error-code, O-AUTH0). */
export const DESERIALIZE_MESSAGE_PREFIX =
  'We are not able to deserialize the resource received from your SCIM endpoint because your SCIM endpoint is not ' +
  'fully compatible with the Azure Active Directory SCIM client. Here is the resource we received from your SCIM endpoint: ';

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
    // Manager and group-member failures count apart in the escrow thresholds (docs/entra-behaviour.md#quarantine-triggers).
    isReferenceFailure: context.purpose === 'membership' || context.purpose === 'manager',
  };
  return built.quarantineTrigger ? { ...classification, quarantineTrigger: built.quarantineTrigger } : classification;
}

const FILTER_PURPOSES: ReadonlySet<ClassifyPurpose> = new Set(['probe', 'match']);
/** The POSTs and PATCHes Entra sends; a 409 to one is logged as captured (docs/entra-behaviour.md#status-to-error-code). */
const WRITE_PURPOSES: ReadonlySet<ClassifyPurpose> = new Set(['create', 'update', 'disable', 'enable', 'membership', 'manager']);
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
      // No capture shows a 409 to a read, a filter or a DELETE; those stay with the generic row [INF].
      return WRITE_PURPOSES.has(context.purpose) ? 'http-409' : 'http-other';
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
      additionalDetails: scimDetails ? `${scimDetails}\n${CONFLICT_409_NOTE}` : CONFLICT_409_NOTE,
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

/** A parsed resource Entra still cannot deserialise: same text as an unparseable body, naming the attribute (C-BUDI15369). */
function wrongShape(response: ExchangeResponse, context: ClassifyContext, problem: ShapeProblem | null): Classification | null {
  if (problem === null) return null;
  return build('response-wrong-shape', context, {
    reason: `${DESERIALIZE_MESSAGE_PREFIX}${responseText(response)} (${describeShapeProblem(problem)})${retrySuffix(context.retry)}`,
    additionalDetails: describeShapeProblem(problem),
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
    // The probe's filter finds nothing Entra reads; a matching filter's hits are read as resources.
    if (problem === null) return purpose === 'match' ? wrongShape(response, context, listShapeProblem(response.body, context.objectType)) : null;
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
    // A wrong type (an id that is a number, say) is a deserialisation failure; a missing id is its own row.
    const shape = isRecord(response.body) ? wrongShape(response, context, resourceShapeProblem(response.body, context.objectType)) : null;
    if (shape) return shape;
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
    return isRecord(response.body) ? wrongShape(response, context, resourceShapeProblem(response.body, context.objectType)) : deserializeFailure(response, context);
  }

  // PATCH answers may be 204 (no body) or 200 with the resource (docs/entra-behaviour.md#success-statuses).
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
