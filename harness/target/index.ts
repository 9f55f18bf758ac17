/** Public API of the SCIM client: the contract types and the Node implementation. */
export type {
  Exchange,
  ExchangeRequest,
  ExchangeResponse,
  HttpMethod,
  TransportError,
  TransportErrorKind,
} from '../contract/exchange';
export type {
  EntryExchanges,
  ExchangePurpose,
  ExchangeSender,
  RecordingTargetClient,
  ScimRequest,
  TargetClient,
  TargetClientOptions,
} from '../contract/target-client';
export type { TargetAuth } from '../contract/target-auth';
export { createRecordingClient, type ExchangeObserver, RecordingClient, type RecordingClientOptions, redactionChecked } from './recording-client';
export {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_MAX_RETRY_AFTER_MS,
  DEFAULT_MAX_SOCKETS,
  DEFAULT_MAX_THROTTLE_RETRIES,
  DEFAULT_TIMEOUT_MS,
  type HttpTargetClient,
  type HttpTargetClientOptions,
  buildRequestUrl,
  createTargetClient,
} from './http-target-client';
export {
  GALLERY_TOKEN_LIFETIME_MINUTES,
  type TokenIssued,
  type TokenLifetimeProblem,
  TokenRequestError,
  checkTokenLifetime,
} from './oauth';
export { type RateLimiter, type RateLimiterOptions, createRateLimiter } from './rate-limiter';
export {
  MIN_SECRET_LENGTH,
  REDACTED,
  type Redactor,
  type RedactorOptions,
  collectSensitiveValues,
  createRedactor,
} from './redact';
export { parseRetryAfter } from './retry-after';
export { MAX_STORED_TEXT_CHARS } from './exchange-record';
export { USER_AGENT, readHarnessVersion } from './user-agent';
export { type Sleep, createAbortError } from './abort';
