/**
 * Entra's reason texts for a failed exchange, in the shape its logs show (docs/entra-behaviour.md#reason-text): the
 * .NET status line, the web response, and the escrow retry suffix.
 */
import { type TransportError, type TransportErrorKind } from '../../contract/exchange';
import { dotNetStatusName, formatDotNetTimestamp } from './dotnet-format';

/** When the failure is being logged again by an escrow retry (docs/entra-behaviour.md#reason-text, docs/entra-behaviour.md#escrow-retries). */
export interface RetryInfo {
  readonly retriedTimes: number;
  readonly nextAttempt: Date;
}

export function retrySuffix(retry: RetryInfo | undefined): string {
  if (!retry) return '';
  return `. This operation was retried ${retry.retriedTimes} times. It will be retried again after this date: ${formatDotNetTimestamp(retry.nextAttempt)} UTC`;
}

/** Entra's reason for a failed HTTP exchange, verbatim shape (docs/entra-behaviour.md#reason-text). */
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
