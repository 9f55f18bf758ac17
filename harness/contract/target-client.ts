/**
 * The contract of the only code that talks to the SCIM endpoint.
 *
 * `send` resolves for every outcome: a 409, a 500, a timeout or a reset connection is an
 * Exchange, never a rejection. It rejects only on programmer error or when the caller aborts.
 */
import { type Exchange, type HttpMethod } from './exchange';
import { type TargetAuth } from './target-auth';

/** How query values are written on the wire; both decode to the same values under form rules. */
export type QueryEncoding = 'percent' | 'form';

export interface ScimRequest {
  readonly method: HttpMethod;
  /** Path relative to the base URL, starting with "/", e.g. "/Users" or "/Groups/abc". */
  readonly path: string;
  /** Query parameters; encoded by the client (spaces as %20, quotes as %22). */
  readonly query?: Readonly<Record<string, string>>;
  /**
   * How the client encodes `query`: `percent` (default) writes spaces as %20; `form` writes them
   * as `+` (application/x-www-form-urlencoded), as Entra does (docs/entra-behaviour.md#match-query-encoding).
   */
  readonly queryEncoding?: QueryEncoding;
  readonly body?: unknown;
  /**
   * The body's text as sent, instead of `body` serialised: for requests that must not be valid
   * JSON (the RFC suite's malformed-body probe, RFC 7644 §3.12 invalidSyntax).
   */
  readonly rawBody?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * `none`: send no Authorization header; `invalid`: send a bearer token the target cannot know.
   * For the RFC suite's authentication probes (RFC 7644 §2); absent: the run's credentials.
   */
  readonly credentials?: 'none' | 'invalid';
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

/**
 * Why an exchange outside any log entry was sent: Test Connection, the harness's cleanup, the
 * client's own OAuth token request, and a scenario's seeds, read-backs, out-of-band deletes and
 * raw requests (`scenario-request:<ref>`). Stored as the `purpose` of run.ndjson's exchange lines.
 */
export type ExchangePurpose =
  | 'test-connection'
  | 'cleanup'
  | 'oauth-token'
  | 'scenario-seed'
  | 'scenario-read'
  | 'scenario-out-of-band-delete'
  | `scenario-request:${string}`
  /** A variant of a rejected or mis-applied request, sent to isolate the part at fault (docs/diagnosis.md#probing). */
  | `probe:${string}`
  /** A read of what the target stored, to name why a write did not take (docs/diagnosis.md#read-back). */
  | 'diagnosis-read'
  /** A request of the RFC conformance suite: `rfc-probe:<probe id>` (docs/rfc-coverage.md); never fed to the Entra checks. */
  | `rfc-probe:${string}`;

/** Sends requests for one stated purpose; every exchange it performs is recorded once. */
export interface ExchangeSender {
  readonly baseUrl: string;
  send(request: ScimRequest, signal?: AbortSignal): Promise<Exchange>;
}

/** Where the exchanges of one provisioning log entry go: the entry carries them (its `harness.exchanges`). */
export interface EntryExchanges {
  exchange(exchange: Exchange): unknown;
}

/**
 * The target client the rest of the harness receives. A caller never records an exchange: it
 * states what it sends for, and the client records each exchange it performs, exactly once —
 * a stand-alone exchange with its purpose and scenario, an entry's exchange into that entry (the
 * entry is recorded whole when it is finished, as Entra writes one log entry per object).
 */
export interface RecordingTargetClient {
  readonly baseUrl: string;
  forPurpose(purpose: ExchangePurpose, scenarioId?: string): ExchangeSender;
  forEntry(entry: EntryExchanges): ExchangeSender;
  /** Close pooled connections. */
  close(): Promise<void>;
}

/**
 * Differential probing (docs/diagnosis.md#probing), as the recording client sees it. The
 * composition root injects one per run (none under `--no-probe` or `--read-only`); the client
 * calls it around every request of a log entry, so the engine never knows it is there.
 */
export interface RequestDiagnoser {
  /**
   * What to send for `request`: the request itself, or the variant a known root cause's
   * workaround gives (`workaround` names that cause), so the rest of the lifecycle is still tested.
   */
  adapt(request: ScimRequest): { readonly request: ScimRequest; readonly workaround?: string };
  /**
   * Called with each entry exchange after it is received. When the target rejected or mis-applied
   * a request Entra sends, sends minimal variants (each recorded as a `probe` exchange) to isolate
   * the part at fault, records the diagnosis, and returns the exchange with `cause` set; otherwise
   * returns it unchanged. Never throws for the target's behaviour.
   */
  inspect(request: ScimRequest, exchange: Exchange, signal?: AbortSignal): Promise<Exchange>;
  /**
   * Called with every other exchange the run sends (scenario seeds and requests, out-of-band
   * deletes, cleanup, probes), after it is received: cheap, never sends. The diagnoser learns
   * from it what exists in the target, e.g. which ids were created and deleted.
   */
  observe?(request: ScimRequest, exchange: Exchange): void;
}
