/**
 * The contract of the only code that talks to the SCIM endpoint.
 *
 * `send` resolves for every outcome: a 409, a 500, a timeout or a reset connection is an
 * Exchange, never a rejection. It rejects only on programmer error or when the caller aborts.
 */
import { type Exchange, type HttpMethod } from './exchange';
import { type TargetAuth } from './target-auth';

export interface ScimRequest {
  readonly method: HttpMethod;
  /** Path relative to the base URL, starting with "/", e.g. "/Users" or "/Groups/abc". */
  readonly path: string;
  /** Query parameters; encoded by the client (spaces as %20, quotes as %22). */
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface TargetClientOptions {
  /** Absolute http(s) base URL of the SCIM service, e.g. http://127.0.0.1:8880/scim/v2. */
  readonly baseUrl: string;
  readonly auth: TargetAuth;
  /** Extra headers sent on every request (values treated as secrets in records). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Per-request timeout, headers and body together. Default 30 000 ms. */
  readonly timeoutMs?: number;
  /** Response bodies above this many bytes are cut off and classified `tooLarge`. Default 4 MiB. */
  readonly maxResponseBytes?: number;
  /** PEM CA bundle for private CAs. */
  readonly ca?: string;
  /** Skip TLS verification; only when the user asks for it. */
  readonly insecure?: boolean;
  /** Requests per second cap across all concurrent work; undefined = uncapped. */
  readonly ratePerSecond?: number;
  /** How often a 429/503 is retried after its Retry-After before it is returned. Default 2. */
  readonly maxThrottleRetries?: number;
  /** Upper bound on one Retry-After wait. Default 60 000 ms. */
  readonly maxRetryAfterMs?: number;
  /** Further strings (e.g. a token file's content) that must never appear in a record. */
  readonly extraSecrets?: readonly string[];
}

export interface TargetClient {
  readonly baseUrl: string;
  send(request: ScimRequest, signal?: AbortSignal): Promise<Exchange>;
  /** Close pooled connections. */
  close(): Promise<void>;
}
