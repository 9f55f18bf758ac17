/**
 * One HTTP request/response pair with the target, as recorded evidence.
 *
 * An Exchange is built inside harness/target only, after secrets are redacted, so no
 * unredacted copy of a request ever exists downstream (DESIGN: "secrets are redacted there,
 * before any record exists").
 */

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface ExchangeRequest {
  readonly method: HttpMethod;
  /** Absolute URL as sent (query string included). */
  readonly url: string;
  /** Header names lower-cased; credentials replaced by "[REDACTED]". */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON body as sent, with `password` values redacted. */
  readonly body?: unknown;
}

export interface ExchangeResponse {
  readonly status: number;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON when the body parsed as JSON; undefined otherwise (see `text`, `parseError`). */
  readonly body?: unknown;
  /**
   * The body as text (UTF-8 decoded, capped for storage, secrets redacted). Left empty for a 2xx
   * whose body parsed as JSON: `body` holds the same content, and keeping both would double what
   * a 100,000-object run writes. Read it through `responseText()` (harness/text/response-text.ts).
   */
  readonly text: string;
  /** Bytes received on the wire for the body. */
  readonly bytes: number;
  /** Set when the body was non-empty but not valid JSON, or not valid UTF-8, or nested too deep. */
  readonly parseError?: string;
  /** Set when the body was left unparsed because it nests deeper than the limit (`text` keeps its start). */
  readonly nesting?: NestingLimit;
}

/** How deep a refused body nests, and the limit it broke (RFC 8259 §9). */
export interface NestingLimit {
  readonly depth: number;
  readonly limit: number;
}

/**
 * Transport-level failures. `redirect` is a 3xx the client refused to follow (never across
 * origins); `tooLarge` a body over the size cap; `protocol` a malformed HTTP exchange.
 */
export type TransportErrorKind = 'timeout' | 'connection' | 'tls' | 'protocol' | 'tooLarge' | 'redirect';

export interface TransportError {
  readonly kind: TransportErrorKind;
  readonly message: string;
}

export interface Exchange {
  /** Unique within a run; findings cite exchanges by this id. */
  readonly id: string;
  readonly startedAt: string;
  readonly request: ExchangeRequest;
  /** Present whenever an HTTP status line was received (even with `error`, e.g. tooLarge). */
  readonly response?: ExchangeResponse;
  readonly error?: TransportError;
  readonly durationMs: number;
  /**
   * Earlier attempts of the same request that were throttled (429/503 with Retry-After) and
   * retried by the client; the outer exchange is the final attempt.
   */
  readonly previousAttempts?: readonly Exchange[];
  /** The root cause a diagnosis found for this exchange's failure (docs/diagnosis.md#probing). */
  readonly cause?: string;
  /** The root cause whose workaround changed this request from what the client profile sends. */
  readonly workaround?: string;
}
