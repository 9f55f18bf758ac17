/**
 * Turns one raw HTTP outcome into an `Exchange` record, redacting every part on the way in:
 * no unredacted copy of a request or response exists past this function.
 */
import { type Exchange, type ExchangeRequest, type ExchangeResponse, type HttpMethod, type NestingLimit, type TransportError } from '../contract/exchange';
import { type RawOutcome } from './http-transport';
import { describeNesting, jsonNestingDepth, MAX_JSON_DEPTH } from './json-limits';
import { describeJsonSyntaxError } from './json-syntax-error';
import { type Redactor } from './redact';

/** Response text kept for storage; the full body is still parsed (up to the size cap). */
export const MAX_STORED_TEXT_CHARS = 64 * 1024;

let exchangeCounter = 0;

/** Process-wide sequence, so ids stay unique across every client of one run. */
export function nextExchangeId(): string {
  exchangeCounter += 1;
  return `x-${exchangeCounter}`;
}

export interface ExchangeParts {
  readonly id: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly method: HttpMethod;
  readonly url: string;
  /** Headers as sent (any case). */
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON value sent, already normalised through JSON serialisation. */
  readonly body?: unknown;
  /** The JSON text `body` was parsed from (what went on the wire): it decides whether redaction must copy. */
  readonly bodyText?: string;
  /** `url` as the client built it, kept for readers of the record (see sentUrlOf). */
  readonly sentUrl?: URL;
  readonly outcome?: RawOutcome;
  /** A failure found before or instead of the HTTP exchange (e.g. no OAuth token). */
  readonly error?: TransportError;
}

const fatalDecoder = new TextDecoder('utf-8', { fatal: true });
const lenientDecoder = new TextDecoder('utf-8');

interface DecodedBody {
  readonly text: string;
  readonly body?: unknown;
  readonly parseError?: string;
  readonly nesting?: NestingLimit;
}

/**
 * SCIM bodies are JSON in UTF-8 (RFC 7644 §3.1, §8.1). The body is parsed whatever the
 * Content-Type says, so a JSON body sent as text/html is still checkable; the content type
 * itself is judged by the checks.
 */
function decodeBody(outcome: RawOutcome): DecodedBody {
  if (outcome.body.length === 0) {
    return { text: '' };
  }
  if (!outcome.complete) {
    // A cut-off body would only produce a misleading parse error; the transport error says why.
    return { text: lenientDecoder.decode(outcome.body) };
  }
  let text: string;
  try {
    text = fatalDecoder.decode(outcome.body);
  } catch {
    return {
      text: lenientDecoder.decode(outcome.body),
      parseError: 'response body is not valid UTF-8 (RFC 7644 §8.1 requires UTF-8 JSON)',
    };
  }
  if (text.trim() === '') {
    return { text };
  }
  // Measured before parsing: a value nested past the limit would overflow the stack of every
  // recursive walk after this one (see json-limits.ts), so it is recorded as text, never parsed.
  const depth = jsonNestingDepth(text);
  if (depth > MAX_JSON_DEPTH) {
    return { text, parseError: describeNesting(depth), nesting: { depth, limit: MAX_JSON_DEPTH } };
  }
  try {
    return { text, body: JSON.parse(text) as unknown };
  } catch {
    // Never the parser's message: it quotes the target's text (see json-syntax-error).
    return { text, parseError: `response body is not valid JSON: ${describeJsonSyntaxError(text)}` };
  }
}

function capText(text: string): string {
  if (text.length <= MAX_STORED_TEXT_CHARS) {
    return text;
  }
  return `${text.slice(0, MAX_STORED_TEXT_CHARS)}\n[truncated: ${text.length} characters in total]`;
}

function describeRedirect(status: number, location: string, requestUrl: string): TransportError {
  let target: URL | undefined;
  try {
    target = new URL(location, requestUrl);
  } catch {
    target = undefined;
  }
  const origin = new URL(requestUrl).origin;
  const scope = !target
    ? 'an unparseable Location'
    : target.origin === origin
      ? `same-origin (${origin})`
      : `cross-origin: from ${origin} to ${target.origin}`;
  return {
    kind: 'redirect',
    message: `target answered ${status} with Location ${location}, ${scope}; redirects are never followed, so the SCIM endpoint must answer at the configured URL`,
  };
}

function redactError(error: TransportError, redactor: Redactor): TransportError {
  return { kind: error.kind, message: redactor.redactText(error.message) };
}

/**
 * The URL a recorded request went to, as the client parsed it, when the record's URL is exactly
 * that URL (nothing redacted from it): the checks read every request's path and query, and need
 * not parse each URL a second time. Read only; absent for records read back from run.ndjson.
 */
const sentUrls = new WeakMap<ExchangeRequest, URL>();

export function sentUrlOf(request: ExchangeRequest): URL | undefined {
  return sentUrls.get(request);
}

export function buildExchange(parts: ExchangeParts, redactor: Redactor): Exchange {
  const request: ExchangeRequest = {
    method: parts.method,
    url: redactor.redactText(parts.url),
    headers: redactor.redactHeaders(parts.headers),
    ...(parts.body !== undefined
      ? { body: parts.bodyText !== undefined ? redactor.redactParsed(parts.body, parts.bodyText) : redactor.redactValue(parts.body) }
      : {}),
  };

  if (parts.sentUrl !== undefined && parts.sentUrl.href === request.url) sentUrls.set(request, parts.sentUrl);

  let response: ExchangeResponse | undefined;
  let error = parts.error ?? parts.outcome?.error;
  const head = parts.outcome?.response;
  if (parts.outcome && head) {
    const decoded = decodeBody(parts.outcome);
    response = {
      status: head.status,
      headers: redactor.redactHeaders(head.headers),
      ...(decoded.body !== undefined ? { body: redactor.redactParsed(decoded.body, decoded.text) } : {}),
      // A 2xx JSON body is kept once, parsed (see ExchangeResponse.text).
      text: decoded.body !== undefined && head.status >= 200 && head.status < 300 ? '' : capText(redactor.redactText(decoded.text)),
      bytes: parts.outcome.bytes,
      ...(decoded.parseError !== undefined ? { parseError: redactor.redactText(decoded.parseError) } : {}),
      ...(decoded.nesting !== undefined ? { nesting: decoded.nesting } : {}),
    };
    const location = head.headers['location'];
    if (!error && head.status >= 300 && head.status < 400 && location) {
      error = describeRedirect(head.status, location, parts.url);
    }
  }

  return {
    id: parts.id,
    startedAt: parts.startedAt,
    request,
    ...(response ? { response } : {}),
    ...(error ? { error: redactError(error, redactor) } : {}),
    durationMs: parts.durationMs,
  };
}
