/**
 * One raw HTTP/1.1 request over Node's own `node:http`/`node:https`, with the guards a
 * conformance client needs against a misbehaving target: one timeout over headers and body
 * (a body that stalls half-way times out too), a cap on the body size, and error
 * classification. It resolves for every target behaviour and rejects only on abort.
 *
 * Node's client rather than fetch/undici: nock intercepts `node:http`, and it exposes TLS
 * options, the socket (to cut an oversized body) and the parser errors (`HPE_*`).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { createAbortError, throwIfAborted } from './abort';
import { type TransportError } from '../contract/exchange';
import { classifyTransportError } from './transport-error';

export interface HttpAgents {
  readonly http: http.Agent;
  readonly https: https.Agent;
  destroy(): void;
}

export interface AgentOptions {
  readonly maxSockets: number;
  /** PEM CA bundle, for targets behind a private CA. */
  readonly ca?: string;
  /** Skip certificate verification; only when the user asks for it. */
  readonly insecure?: boolean;
}

export function createAgents(options: AgentOptions): HttpAgents {
  const common = { keepAlive: true, maxSockets: options.maxSockets };
  const httpAgent = new http.Agent(common);
  const httpsAgent = new https.Agent({
    ...common,
    ...(options.ca !== undefined ? { ca: options.ca } : {}),
    rejectUnauthorized: options.insecure !== true,
  });
  return {
    http: httpAgent,
    https: httpsAgent,
    destroy() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

export interface RawRequest {
  readonly url: URL;
  readonly method: string;
  /** Header names as they should go on the wire. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly signal?: AbortSignal;
}

export interface RawResponseHead {
  readonly status: number;
  /** Lower-cased names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
}

export interface RawOutcome {
  /** Present once a status line and headers were received. */
  readonly response?: RawResponseHead;
  /** The body bytes kept (all of them when `complete`; a prefix otherwise). */
  readonly body: Buffer;
  /** Body bytes received on the wire. */
  readonly bytes: number;
  /** The body ended normally. */
  readonly complete: boolean;
  readonly error?: TransportError;
}

interface AttemptOutcome extends RawOutcome {
  /** The failure hit a pooled keep-alive socket before any response: safe to resend once. */
  readonly staleSocket: boolean;
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) {
      out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  return out;
}

/**
 * What `http.request(url)` would take from the URL (its urlToHttpOptions), read directly: the
 * URL's own conversion also spreads the URL and copies href, hash and search, once per request.
 * Brackets come off an IPv6 literal and userinfo becomes `auth`, as there.
 */
function requestTargetOf(url: URL): http.RequestOptions {
  const { hostname, port, username, password } = url;
  return {
    protocol: url.protocol,
    hostname: hostname.startsWith('[') ? hostname.slice(1, -1) : hostname,
    ...(port !== '' ? { port: Number(port) } : {}),
    path: `${url.pathname}${url.search}`,
    ...(username !== '' || password !== '' ? { auth: `${decodeURIComponent(username)}:${decodeURIComponent(password)}` } : {}),
  };
}

function isStaleSocketError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ECONNRESET' || code === 'EPIPE';
}

function attempt(agents: HttpAgents, request: RawRequest): Promise<AttemptOutcome> {
  const { url, signal, timeoutMs, maxResponseBytes } = request;
  throwIfAborted(signal);
  return new Promise<AttemptOutcome>((resolve, reject) => {
    let settled = false;
    let head: RawResponseHead | undefined;
    const chunks: Buffer[] = [];
    let received = 0;

    const isHttps = url.protocol === 'https:';
    const client = isHttps ? https : http;
    const req = client.request({
      ...requestTargetOf(url),
      method: request.method,
      headers: request.headers,
      agent: isHttps ? agents.https : agents.http,
    });

    const cleanup = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const finish = (error: TransportError | undefined, complete: boolean, staleSocket = false): void => {
      if (settled) {
        return;
      }
      settled = true;
      cleanup();
      resolve({
        ...(head ? { response: head } : {}),
        // Most bodies arrive in one chunk: kept as is rather than copied.
        body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks),
        bytes: received,
        complete,
        ...(error ? { error } : {}),
        staleSocket,
      });
    };
    const fail = (error: TransportError): void => {
      finish(error, false);
      req.destroy();
    };
    const onAbort = (): void => {
      if (settled) {
        return;
      }
      settled = true;
      cleanup();
      req.destroy();
      reject(createAbortError(signal?.reason));
    };

    const timer = setTimeout(() => {
      const progress = head
        ? `status ${head.status} and ${received} body bytes received before the body stalled`
        : 'no response headers received';
      fail({ kind: 'timeout', message: `no complete response within ${timeoutMs} ms (${progress})` });
    }, timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });

    req.on('error', (error) => {
      if (!head && req.reusedSocket && isStaleSocketError(error)) {
        finish(classifyTransportError(error), false, true);
        return;
      }
      finish(classifyTransportError(error), false);
    });

    req.on('response', (res) => {
      head = { status: res.statusCode ?? 0, headers: flattenHeaders(res.headers) };
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxResponseBytes) {
        fail({
          kind: 'tooLarge',
          message: `response body of ${declared} bytes (Content-Length) exceeds the ${maxResponseBytes}-byte cap; the connection was closed`,
        });
        return;
      }
      res.on('data', (chunk: Buffer) => {
        if (settled) {
          return;
        }
        received += chunk.length;
        if (received > maxResponseBytes) {
          fail({
            kind: 'tooLarge',
            message: `response body exceeds the ${maxResponseBytes}-byte cap; the connection was closed after ${received} bytes`,
          });
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => finish(undefined, true));
      res.on('error', (error) => {
        const classified = classifyTransportError(error);
        finish({ kind: classified.kind, message: `${classified.message} after ${received} body bytes` }, false);
      });
      res.on('close', () => {
        if (!res.complete) {
          finish(
            { kind: 'connection', message: `connection closed by the target after ${received} body bytes, before the body ended` },
            false,
          );
        }
      });
    });

    req.end(request.body);
  });
}

/**
 * Sends one request. A keep-alive socket the server closed while it sat in the pool fails with
 * ECONNRESET before any response; Node's documentation recommends resending in exactly that case
 * (`request.reusedSocket`), and it says nothing about the target, so it is resent once.
 */
export async function performRequest(agents: HttpAgents, request: RawRequest): Promise<RawOutcome> {
  const first = await attempt(agents, request);
  const outcome = first.staleSocket ? await attempt(agents, request) : first;
  const { staleSocket: _staleSocket, ...raw } = outcome;
  return raw;
}
