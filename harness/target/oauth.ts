/**
 * OAuth 2.0 client credentials grant (RFC 6749 §4.4), the only authentication Entra's gallery
 * accepts for SCIM apps (docs/entra-behaviour.md#authentication; scim-testers S13). Tokens are cached and shared by
 * concurrent requests, refreshed shortly before expiry, and dropped after a 401 from the target.
 */
import { raceAbort } from './abort';
import { type Exchange } from '../contract/exchange';
import { buildExchange, nextExchangeId } from './exchange-record';
import { type HttpAgents, performRequest } from './http-transport';
import { type Redactor } from './redact';

export interface OAuthClientCredentials {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scope?: string;
}

/** What the token endpoint said about the token it issued (never the token itself). */
export interface TokenIssued {
  readonly tokenUrl: string;
  readonly tokenType?: string;
  /** `expires_in` of the token response (RFC 6749 §5.1); undefined when the endpoint omitted it. */
  readonly expiresInSeconds?: number;
  readonly scope?: string;
  readonly issuedAt: string;
  /** The token request and response, redacted, as evidence for checks. */
  readonly exchange: Exchange;
}

/** A token request that did not yield a usable token; the message is safe to record. */
export class TokenRequestError extends Error {
  override readonly name = 'TokenRequestError';
}

export interface TokenProviderOptions extends OAuthClientCredentials {
  readonly agents: HttpAgents;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly userAgent: string;
  /** Must cover `secrets()` of this provider. */
  readonly redactor: () => Redactor;
  /** Wall clock in epoch milliseconds. */
  readonly now: () => number;
  readonly onTokenIssued?: (issued: TokenIssued) => void;
}

export interface TokenProvider {
  /** A valid access token; rejects with TokenRequestError, or AbortError when `signal` aborts. */
  getToken(signal?: AbortSignal): Promise<string>;
  /** Forget `token` if it is still the cached one (the target answered 401 to it). */
  invalidate(token: string): void;
  lastIssued(): TokenIssued | undefined;
  /** The client secret (also form-encoded), its Basic credential and every token issued so far. */
  secrets(): readonly string[];
}

/** Refresh this long before expiry, so a token never expires in flight. */
export const TOKEN_REFRESH_MARGIN_MS = 60_000;

function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}

/** RFC 6749 §2.3.1: client id and secret are form-encoded, then sent as HTTP Basic. */
export function encodeClientCredentials(clientId: string, clientSecret: string): string {
  return Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`, 'utf8').toString('base64');
}

function parseExpiresIn(value: unknown): number | undefined {
  // Some endpoints (Azure AD v1 among them) send expires_in as a numeric string.
  const seconds = typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

function describeErrorBody(body: unknown, text: string): string {
  // RFC 6749 §5.2 error response: {"error": "...", "error_description": "..."}.
  if (body !== null && typeof body === 'object') {
    const { error, error_description: description } = body as Record<string, unknown>;
    if (typeof error === 'string') {
      return typeof description === 'string' ? `${error}: ${description}` : error;
    }
  }
  const excerpt = text.trim().slice(0, 200);
  return excerpt === '' ? 'empty body' : excerpt;
}

interface CachedToken {
  readonly token: string;
  /** Epoch ms after which a new token is fetched; undefined: reuse until a 401. */
  readonly refreshAtMs?: number;
}

export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const basicCredential = encodeClientCredentials(options.clientId, options.clientSecret);
  // The secret as the Basic credential spells it before base64: a target decoding and re-encoding
  // the credential at another offset holds the base64 of these bytes, not of the raw secret.
  const formEncodedSecret = formEncode(options.clientSecret);
  const issuedTokens: string[] = [];
  let cached: CachedToken | undefined;
  let pending: Promise<string> | undefined;
  let last: TokenIssued | undefined;

  const fail = (detail: string): TokenRequestError =>
    new TokenRequestError(`OAuth token request to ${options.tokenUrl} failed: ${detail}`);

  const requestToken = async (): Promise<string> => {
    let url: URL;
    try {
      url = new URL(options.tokenUrl);
    } catch {
      throw fail('the token URL is not an absolute URL');
    }
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (options.scope !== undefined && options.scope !== '') {
      form.set('scope', options.scope);
    }
    const bodyText = form.toString();
    const headers = {
      Accept: 'application/json',
      'Content-Type': 'application/x-www-form-urlencoded',
      'User-Agent': options.userAgent,
      Authorization: `Basic ${basicCredential}`,
    };
    const startedMs = options.now();
    const started = performance.now();
    // Not tied to one caller's signal: concurrent callers share this request (see getToken).
    const outcome = await performRequest(options.agents, {
      url,
      method: 'POST',
      headers,
      body: Buffer.from(bodyText, 'utf8'),
      timeoutMs: options.timeoutMs,
      maxResponseBytes: options.maxResponseBytes,
    });

    let token: string | undefined;
    let parsed: unknown;
    if (outcome.response && outcome.complete) {
      try {
        parsed = JSON.parse(outcome.body.toString('utf8')) as unknown;
      } catch {
        parsed = undefined;
      }
      const candidate = (parsed as { access_token?: unknown } | undefined)?.access_token;
      if (typeof candidate === 'string' && candidate !== '') {
        token = candidate;
        // Known before the record is built, so the token is redacted wherever it appears.
        issuedTokens.push(candidate);
        if (issuedTokens.length > 50) {
          issuedTokens.shift();
        }
      }
    }

    const exchange = buildExchange(
      {
        id: nextExchangeId(),
        startedAt: new Date(startedMs).toISOString(),
        durationMs: Math.round(performance.now() - started),
        method: 'POST',
        url: url.href,
        headers,
        outcome,
      },
      options.redactor(),
    );

    if (!outcome.response || outcome.error) {
      throw fail(exchange.error?.message ?? 'no response');
    }
    const { status } = outcome.response;
    if (status < 200 || status > 299) {
      throw fail(`HTTP ${status} (${describeErrorBody(exchange.response?.body, exchange.response?.text ?? '')})`);
    }
    if (parsed === undefined || parsed === null || typeof parsed !== 'object') {
      throw fail(`HTTP ${status} but the body is not a JSON object (RFC 6749 §5.1)`);
    }
    if (token === undefined) {
      throw fail(`HTTP ${status} but the response has no access_token (RFC 6749 §5.1)`);
    }
    const record = parsed as Record<string, unknown>;
    const tokenType = typeof record.token_type === 'string' ? record.token_type : undefined;
    if (tokenType !== undefined && tokenType.toLowerCase() !== 'bearer') {
      throw fail(`token_type "${tokenType}" is not supported; SCIM requests carry Bearer tokens (RFC 6750 §2.1)`);
    }
    const expiresInSeconds = parseExpiresIn(record.expires_in);
    const issuedAtMs = options.now();
    if (expiresInSeconds === undefined) {
      // Without expires_in the lifetime is unknown: reuse until the target answers 401 [INF].
      cached = { token };
    } else {
      const lifetimeMs = expiresInSeconds * 1000;
      // Half the lifetime for very short-lived tokens, so they are not refetched on every request.
      cached = { token, refreshAtMs: issuedAtMs + lifetimeMs - Math.min(TOKEN_REFRESH_MARGIN_MS, lifetimeMs / 2) };
    }
    last = {
      tokenUrl: options.tokenUrl,
      ...(tokenType !== undefined ? { tokenType } : {}),
      ...(expiresInSeconds !== undefined ? { expiresInSeconds } : {}),
      ...(typeof record.scope === 'string' ? { scope: record.scope } : {}),
      issuedAt: new Date(issuedAtMs).toISOString(),
      exchange,
    };
    options.onTokenIssued?.(last);
    return token;
  };

  return {
    getToken(signal) {
      if (cached && (cached.refreshAtMs === undefined || options.now() < cached.refreshAtMs)) {
        return raceAbort(Promise.resolve(cached.token), signal);
      }
      if (!pending) {
        pending = requestToken().finally(() => {
          pending = undefined;
        });
      }
      return raceAbort(pending, signal);
    },
    invalidate(token) {
      if (cached?.token === token) {
        cached = undefined;
      }
    },
    lastIssued: () => last,
    secrets: () => [options.clientSecret, ...(formEncodedSecret === options.clientSecret ? [] : [formEncodedSecret]), basicCredential, ...issuedTokens],
  };
}

/** Entra gallery rule: client-credentials tokens live 60 to 360 minutes (scim-testers S12/S13). */
export const GALLERY_TOKEN_LIFETIME_MINUTES = { min: 60, max: 360 } as const;

export interface TokenLifetimeProblem {
  readonly title: string;
  readonly expected: string;
  readonly actual: string;
  readonly fix: string;
  readonly spec: string;
}

/**
 * Null when `expires_in` satisfies the gallery rule. Minutes are rounded, because endpoints
 * commonly report a one-hour token as 3599 s [INF].
 */
export function checkTokenLifetime(expiresInSeconds: number | undefined): TokenLifetimeProblem | null {
  const { min, max } = GALLERY_TOKEN_LIFETIME_MINUTES;
  const expected = `a client-credentials token with expires_in between ${min * 60} and ${max * 60} seconds (${min}–${max} minutes)`;
  const spec = 'Entra gallery: OAuth client credentials token lifetime';
  if (expiresInSeconds === undefined) {
    return {
      title: 'OAuth token response has no expires_in',
      expected,
      actual: 'no expires_in in the token response, so the lifetime cannot be checked',
      fix: `Return expires_in (RFC 6749 §5.1) with a lifetime of ${min}–${max} minutes.`,
      spec,
    };
  }
  const minutes = Math.round(expiresInSeconds / 60);
  if (minutes >= min && minutes <= max) {
    return null;
  }
  return {
    title: `OAuth token lifetime of ${minutes} minutes is outside ${min}–${max} minutes`,
    expected,
    actual: `expires_in ${expiresInSeconds} seconds (${minutes} minutes)`,
    fix: `Issue client-credentials tokens that live between ${min} and ${max} minutes.`,
    spec,
  };
}
