/**
 * The SCIM client: the only code in the product that sends HTTP to a target (DESIGN, "Only
 * harness/target/ talks to the network"). It shapes requests the way Entra does, retries only
 * what Entra retries within a request (throttling), and turns every outcome into a redacted
 * Exchange; a target's misbehaviour is data, never an exception.
 */
import { type Sleep, sleep as defaultSleep, throwIfAborted } from './abort';
import { type Exchange, type HttpMethod } from '../contract/exchange';
import { buildExchange, nextExchangeId } from './exchange-record';
import { createAgents, performRequest } from './http-transport';
import { type TokenIssued, type TokenProvider, TokenRequestError, createTokenProvider } from './oauth';
import { createRateLimiter } from './rate-limiter';
import { type Redactor, collectSensitiveValues, createRedactor } from './redact';
import { throttleWaitMs } from './retry-after';
import { type QueryEncoding, type ScimRequest, type TargetClient, type TargetClientOptions } from '../contract/target-client';
import { USER_AGENT } from './user-agent';
import { ConfigurationError } from '../errors';
import { checkHeaderValues } from '../config/header-values';

export { checkHeaderValues } from '../config/header-values';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
export const DEFAULT_MAX_THROTTLE_RETRIES = 2;
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;
/** Enough pooled sockets for the engine's concurrency without opening one per object. */
export const DEFAULT_MAX_SOCKETS = 64;

/** RFC 7644 §3.1 / §8.1: SCIM requests and responses use application/scim+json. */
const SCIM_MEDIA_TYPE = 'application/scim+json';

const METHODS: ReadonlySet<string> = new Set<HttpMethod>(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']);

export interface HttpTargetClientOptions extends TargetClientOptions {
  /** Wall clock in epoch ms (startedAt, OAuth expiry, Retry-After dates); injectable for tests. */
  readonly now?: () => number;
  /** Timer used for Retry-After waits and the rate limiter; injectable for tests. */
  readonly sleep?: Sleep;
  /** Called after each successful OAuth token request, e.g. to check the gallery lifetime rule. */
  readonly onTokenIssued?: (issued: TokenIssued) => void;
  /** Pooled keep-alive sockets per origin. Default 64. */
  readonly maxSockets?: number;
}

export interface HttpTargetClient extends TargetClient {
  /** The last OAuth token issued (lifetime, exchange), or undefined for other auth kinds. */
  tokenInfo(): TokenIssued | undefined;
  /** The redactor this client applies, for any other output that may carry its secrets. */
  readonly redactor: Redactor;
}

function configError(rule: string, value: unknown, fix: string): ConfigurationError {
  return new ConfigurationError(`${rule}, got ${JSON.stringify(value) ?? String(value)} (${fix})`);
}

function parseBaseUrl(raw: string): URL {
  const fix = 'try http://localhost:8080/scim/v2';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw configError('the target base URL must be an absolute http(s) URL', raw, fix);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw configError('the target base URL must be an absolute http(s) URL', raw, fix);
  }
  if (url.username !== '' || url.password !== '') {
    throw new ConfigurationError(
      'the target base URL must not carry credentials (user:password@host); configure basic or bearer authentication instead',
    );
  }
  url.hash = '';
  return url;
}

function checkPositive(name: string, value: number | undefined, fallback: number, allowZero = false): number {
  if (value === undefined) {
    return fallback;
  }
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw configError(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} number`, value, `e.g. ${fallback}`);
  }
  return value;
}

/**
 * Joins base URL, resource path and query. The base path is kept with or without a trailing
 * slash (Entra's Tenant URL may be ".../scim/" or ".../scim", docs/entra-behaviour.md#tenant-url). Query values are
 * percent-encoded with encodeURIComponent, so a filter goes out as
 * `filter=userName%20eq%20%22a%40b.c%22` (RFC 7644 §3.4.2.2; RFC 3986 §2.1); with the `form`
 * encoding spaces are written `+` instead (`filter=userName+eq+%22a%40b.c%22`), as captured
 * Entra traffic shows (docs/entra-behaviour.md#match-query-encoding). A literal `+` is `%2B` in both.
 */
export function buildRequestUrl(base: URL, path: string, query?: Readonly<Record<string, string>>, encoding: QueryEncoding = 'percent'): URL {
  const encode = encoding === 'form' ? (text: string) => encodeURIComponent(text).replace(/%20/g, '+') : encodeURIComponent;
  const pathname = `${base.pathname.replace(/\/+$/, '')}${path}`;
  // A query already on the base URL is the user's (e.g. a feature flag) and is kept first [INF].
  let search = base.search.replace(/^\?/, '');
  for (const key in query) {
    if (!Object.hasOwn(query, key)) continue;
    const part = `${encode(key)}=${encode(query[key] as string)}`;
    search = search === '' ? part : `${search}&${part}`;
  }
  if (PLAIN_PATH.test(pathname)) {
    // Parsed in one go: for a path of these characters the pathname setter would give the same.
    return new URL(search === '' ? `${base.origin}${pathname}` : `${base.origin}${pathname}?${search}`);
  }
  const url = new URL(base.href);
  url.pathname = pathname;
  url.search = search;
  return url;
}

/**
 * Path characters that mean the same in a whole URL as in the pathname setter (RFC 3986 §3.3
 * pchar and "/"): no "?", "#", "\", space or control character, which one of the two would read
 * differently.
 */
const PLAIN_PATH = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/;

/** Case-insensitive header set that keeps the casing of whoever set the header last. */
class HeaderSet {
  private readonly entries = new Map<string, [string, string]>();

  set(name: string, value: string): void {
    this.entries.set(name.toLowerCase(), [name, value]);
  }

  merge(headers: Readonly<Record<string, string>> | undefined): void {
    for (const [name, value] of Object.entries(headers ?? {})) {
      this.set(name, value);
    }
  }

  toObject(): Record<string, string> {
    return Object.fromEntries(this.entries.values());
  }
}

/** What `credentials: 'invalid'` sends: a bearer token no target issued (not a secret). */
const INVALID_CREDENTIALS = 'Bearer scim-harness-invalid-token-0000000000000000';

function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

export function createTargetClient(options: HttpTargetClientOptions): HttpTargetClient {
  const base = parseBaseUrl(options.baseUrl);
  const timeoutMs = checkPositive('the request timeout in ms', options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const maxResponseBytes = checkPositive('the response size cap in bytes', options.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES);
  const maxThrottleRetries = checkPositive(
    'the number of throttling retries',
    options.maxThrottleRetries,
    DEFAULT_MAX_THROTTLE_RETRIES,
    true,
  );
  const maxRetryAfterMs = checkPositive('the longest Retry-After wait in ms', options.maxRetryAfterMs, DEFAULT_MAX_RETRY_AFTER_MS, true);
  const maxSockets = checkPositive('the number of pooled sockets', options.maxSockets, DEFAULT_MAX_SOCKETS);
  checkHeaderValues(options.headers);

  const { auth } = options;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const agents = createAgents({
    maxSockets,
    ...(options.ca !== undefined ? { ca: options.ca } : {}),
    ...(options.insecure !== undefined ? { insecure: options.insecure } : {}),
  });
  const limiter =
    options.ratePerSecond !== undefined ? createRateLimiter({ ratePerSecond: options.ratePerSecond, sleep }) : undefined;

  let authorization: string | undefined;
  const staticSecrets: string[] = [...Object.values(options.headers ?? {}), ...(options.extraSecrets ?? [])];
  switch (auth.kind) {
    case 'none':
    case 'oauth2':
      break;
    case 'bearer':
      authorization = `Bearer ${auth.token}`;
      staticSecrets.push(auth.token);
      break;
    case 'basic': {
      if (auth.username.includes(':')) {
        throw configError('a basic-auth username must not contain ":" (RFC 7617 §2)', auth.username, 'use bearer or OAuth instead');
      }
      const credential = Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64');
      authorization = `Basic ${credential}`;
      staticSecrets.push(auth.password, credential);
      break;
    }
  }

  let provider: TokenProvider | undefined;
  const redactor = createRedactor(() => (provider ? [...staticSecrets, ...provider.secrets()] : staticSecrets), {
    secretHeaderNames: Object.keys(options.headers ?? {}),
  });
  if (auth.kind === 'oauth2') {
    provider = createTokenProvider({
      tokenUrl: auth.tokenUrl,
      clientId: auth.clientId,
      clientSecret: auth.clientSecret,
      ...(auth.scope !== undefined ? { scope: auth.scope } : {}),
      agents,
      timeoutMs,
      maxResponseBytes,
      userAgent: USER_AGENT,
      redactor: () => redactor,
      now,
      ...(options.onTokenIssued ? { onTokenIssued: options.onTokenIssued } : {}),
    });
  }

  let closed = false;

  /** Accept, Content-Type, User-Agent, Authorization, then the user's headers and the request's own (which win). */
  const assembleHeaders = (
    hasBody: boolean,
    authorizationValue: string | undefined,
    requestHeaders: Readonly<Record<string, string>> | undefined,
    contentLength: number | undefined,
  ): Record<string, string> => {
    const headers = new HeaderSet();
    headers.set('Accept', SCIM_MEDIA_TYPE);
    if (hasBody) {
      headers.set('Content-Type', SCIM_MEDIA_TYPE);
    }
    headers.set('User-Agent', USER_AGENT);
    if (authorizationValue !== undefined) {
      headers.set('Authorization', authorizationValue);
    }
    // The user's headers win over the defaults, and one request's headers over both.
    headers.merge(options.headers);
    headers.merge(requestHeaders);
    if (contentLength !== undefined) {
      headers.set('Content-Length', String(contentLength));
    }
    return headers.toObject();
  };

  // Requests without headers of their own share the assembled defaults (one set with a body, one
  // without, per Authorization value), so the headers are not rebuilt for every request.
  const headerTemplates = new Map<string, Readonly<Record<string, string>>>();
  const userSetsContentLength = Object.keys(options.headers ?? {}).some((name) => name.toLowerCase() === 'content-length');

  const wireHeadersFor = (
    requestHeaders: Readonly<Record<string, string>> | undefined,
    bodyBytes: Buffer | undefined,
    authorizationValue: string | undefined,
  ): Readonly<Record<string, string>> => {
    const hasBody = bodyBytes !== undefined;
    if ((requestHeaders !== undefined && Object.keys(requestHeaders).length > 0) || (hasBody && userSetsContentLength)) {
      return assembleHeaders(hasBody, authorizationValue, requestHeaders, bodyBytes?.length);
    }
    const key = `${hasBody ? 'body' : 'none'} ${authorizationValue ?? ''}`;
    let template = headerTemplates.get(key);
    if (template === undefined) {
      // A few templates at most; a new OAuth token starts a new one.
      if (headerTemplates.size >= 8) headerTemplates.clear();
      template = Object.freeze(assembleHeaders(hasBody, authorizationValue, undefined, undefined));
      headerTemplates.set(key, template);
    }
    // Content-Length comes last, where HeaderSet puts a header nobody set before.
    return bodyBytes !== undefined ? { ...template, 'Content-Length': String(bodyBytes.length) } : template;
  };

  interface Attempt {
    readonly exchange: Exchange;
    /** The OAuth token this attempt carried, to drop it after a 401. */
    readonly token?: string;
  }

  const sendOnce = async (
    request: ScimRequest,
    url: URL,
    sentBody: unknown,
    bodyText: string | undefined,
    bodyBytes: Buffer | undefined,
    exchangeRedactor: Redactor,
    signal: AbortSignal | undefined,
  ): Promise<Attempt> => {
    const startedMs = now();
    const started = performance.now();
    let authorizationValue = provider ? undefined : authorization;
    let token: string | undefined;
    let authFailure: string | undefined;
    // The RFC suite's authentication probes (RFC 7644 §2): no credentials, or ones the target cannot know.
    if (request.credentials === 'none') authorizationValue = undefined;
    else if (request.credentials === 'invalid') authorizationValue = INVALID_CREDENTIALS;
    else if (provider) {
      try {
        token = await provider.getToken(signal);
        authorizationValue = `Bearer ${token}`;
      } catch (error) {
        if (isAbortError(error) || !(error instanceof TokenRequestError)) {
          throw error;
        }
        authFailure = error.message;
      }
    }
    const wireHeaders = wireHeadersFor(request.headers, bodyBytes, authorizationValue);
    const parts = {
      id: nextExchangeId(),
      startedAt: new Date(startedMs).toISOString(),
      method: request.method,
      url: url.href,
      sentUrl: url,
      headers: wireHeaders,
      body: sentBody,
      bodyText,
    };

    if (authFailure !== undefined) {
      // No token, so the SCIM request was never sent; the record says why.
      const exchange = buildExchange(
        { ...parts, durationMs: Math.round(performance.now() - started), error: { kind: 'connection', message: authFailure } },
        exchangeRedactor,
      );
      return { exchange };
    }

    const outcome = await performRequest(agents, {
      url,
      method: request.method,
      headers: wireHeaders,
      ...(bodyBytes ? { body: bodyBytes } : {}),
      timeoutMs,
      maxResponseBytes,
      ...(signal ? { signal } : {}),
    });
    const exchange = buildExchange({ ...parts, durationMs: Math.round(performance.now() - started), outcome }, exchangeRedactor);
    return token !== undefined ? { exchange, token } : { exchange };
  };

  const send = async (request: ScimRequest, signal?: AbortSignal): Promise<Exchange> => {
    if (closed) {
      throw new Error('the target client is closed; create a new one to send further requests');
    }
    throwIfAborted(signal);
    if (!METHODS.has(request.method)) {
      throw new TypeError(`ScimRequest.method must be one of ${[...METHODS].join(', ')}, got "${String(request.method)}"`);
    }
    if (typeof request.path !== 'string' || !request.path.startsWith('/')) {
      throw new TypeError(`ScimRequest.path must start with "/", got "${String(request.path)}" (e.g. "/Users")`);
    }
    checkHeaderValues(request.headers);

    const url = buildRequestUrl(base, request.path, request.query, request.queryEncoding);
    const bodyText = request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
    // A raw body is recorded as the text it is: it need not be JSON.
    const sentBody: unknown = bodyText === undefined ? undefined : request.rawBody !== undefined ? request.rawBody : JSON.parse(bodyText);
    const bodyBytes = bodyText === undefined ? undefined : Buffer.from(bodyText, 'utf8');
    // Passwords sent in this body are secrets of this exchange: a target may echo them back.
    const exchangeRedactor = redactor.withSecrets(collectSensitiveValues(sentBody, bodyText));

    const earlier: Exchange[] = [];
    let throttleRetries = 0;
    let reauthorised = false;
    for (;;) {
      if (limiter) {
        await limiter.acquire(signal);
      }
      const { exchange, token } = await sendOnce(request, url, sentBody, bodyText, bodyBytes, exchangeRedactor, signal);
      const wait = throttleRetries < maxThrottleRetries ? throttleWaitMs(exchange, now(), maxRetryAfterMs) : undefined;
      if (wait !== undefined) {
        throttleRetries += 1;
        earlier.push(exchange);
        await sleep(wait, signal);
        continue;
      }
      // One retry with a fresh token: the cached one may have been revoked or expired early.
      if (provider && token !== undefined && !reauthorised && !exchange.error && exchange.response?.status === 401) {
        reauthorised = true;
        provider.invalidate(token);
        earlier.push(exchange);
        continue;
      }
      return earlier.length > 0 ? { ...exchange, previousAttempts: earlier } : exchange;
    }
  };

  return {
    baseUrl: options.baseUrl,
    redactor,
    send,
    tokenInfo: () => provider?.lastIssued(),
    close() {
      closed = true;
      agents.destroy();
      return Promise.resolve();
    },
  };
}
