/**
 * Maps Node socket, TLS and HTTP-parser errors to the transport error kinds of an Exchange.
 * The kind decides the Entra error code downstream: a timeout is Entra's `Timeout`, while
 * refused/reset/DNS/TLS failures become `WebExceptionProtocolError` [INF: docs/entra-behaviour.md#status-to-error-code, "Connection
 * refused / DNS / TLS error"], so the split must be right.
 */
import { type TransportError } from '../contract/exchange';

/** OpenSSL verification results Node reports as `error.code` (see `tls` docs, "X509 error codes"). */
const TLS_CODES: ReadonlySet<string> = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_CRL',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'HOSTNAME_MISMATCH',
]);

const DNS_CODES: ReadonlySet<string> = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);

function errorCode(error: unknown): string | undefined {
  if (error !== null && typeof error === 'object' && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isTlsCode(code: string): boolean {
  return (
    TLS_CODES.has(code) ||
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    code.startsWith('ERR_OSSL_') ||
    code.startsWith('CERT_')
  );
}

/** Classifies an error raised before or while receiving a response. */
export function classifyTransportError(error: unknown): TransportError {
  const code = errorCode(error);
  const message = errorMessage(error);
  const detail = code && !message.includes(code) ? `${code}: ${message}` : message;
  if (code?.startsWith('HPE_')) {
    return { kind: 'protocol', message: `malformed HTTP response (${detail})` };
  }
  if (code && isTlsCode(code)) {
    return { kind: 'tls', message: `TLS verification failed (${detail})` };
  }
  if (code === 'EPROTO' || /\b(SSL|TLS)\b|certificate|handshake/i.test(message)) {
    return { kind: 'tls', message: `TLS handshake failed (${detail})` };
  }
  if (code === 'ECONNREFUSED') {
    return { kind: 'connection', message: `connection refused (${detail})` };
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return { kind: 'connection', message: `connection reset by the target (${detail})` };
  }
  if (code && DNS_CODES.has(code)) {
    return { kind: 'connection', message: `DNS lookup failed (${detail})` };
  }
  return { kind: 'connection', message: `connection failed (${detail})` };
}
