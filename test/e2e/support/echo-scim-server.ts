/**
 * A SCIM service that demands a credential and then hands it straight back: every response
 * carries the request's Authorization header, its other headers and its body — in response
 * headers, in the JSON (plain, JSON-escaped, \uXXXX-escaped, with "\/", percent-encoded), in a
 * Location URL and in error bodies — the way careless servers echo requests in diagnostics.
 * It answers well enough for a sync (RFC 7644 §3.3 create, §3.4.1 read, §3.4.2 `eq` filter,
 * §3.5.2 PATCH, §3.6 DELETE), with two deliberate failures so that error reasons carry the echo
 * too: the second user create answers 500 in text/plain, every group PATCH answers 400 with a
 * SCIM error. With `oauth`, it is also the client-credentials token endpoint (RFC 6749 §4.4) and
 * accepts only the access tokens it issued.
 *
 * Each credential also goes back in the spellings a careless server produces without trying: in
 * header names (`X-Tok-<credential>: 1`, hex, base64url), upper and lower case, hex in either case,
 * base64 and base64url whole and shifted by one or two bytes inside a longer base64 string,
 * MIME-wrapped at 76 columns, split by CRLF, and as the first characters of a body that is not
 * JSON (the parser's message quotes them).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';

export interface EchoScimServerOptions {
  /** The exact Authorization header every SCIM request must carry. */
  readonly authorization?: string;
  /** Headers every SCIM request must carry, with these exact values. */
  readonly requiredHeaders?: Readonly<Record<string, string>>;
  /** Serve POST /oauth2/token for these client credentials; SCIM requests then need an issued token. */
  readonly oauth?: { readonly clientId: string; readonly clientSecret: string };
}

export interface EchoRequest {
  readonly method: string;
  readonly url: string;
  /** Lower-cased names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface EchoScimServer {
  readonly baseUrl: string;
  readonly tokenUrl: string;
  readonly requests: readonly EchoRequest[];
  /** Every response as sent (status line, headers, body), to prove the secrets went back out. */
  readonly responses: readonly string[];
  /** Requests refused for a missing or wrong credential. */
  readonly rejected: readonly EchoRequest[];
  /** Access tokens issued by the token endpoint. */
  readonly issuedTokens: readonly string[];
  close(): Promise<void>;
}

const BASE_PATH = '/scim/v2';
const SCIM_JSON = 'application/scim+json';
const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ECHO_EXTENSION = 'urn:example:params:scim:schemas:extension:echo:2.0:Request';
type Collection = 'Users' | 'Groups';
type Resource = Record<string, unknown>;

/** Every character as a JSON \uXXXX escape, the way some JSON writers protect non-alphanumerics. */
function unicodeEscape(text: string): string {
  return [...text].map((char) => `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`).join('');
}

/** RFC 9110 §5.6.2 token characters: what a header name may hold. */
const TCHAR = /[!#$%&'*+.^_`|~0-9A-Za-z-]/;

/** Non-token characters percent-encoded, so any credential can become part of a header name. */
function asHeaderName(text: string): string {
  return [...text].map((char) => (TCHAR.test(char) ? char : [...Buffer.from(char, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''))).join('');
}

function wrapLines(text: string, width: number): string {
  return (text.match(new RegExp(`.{1,${width}}`, 'g')) ?? []).join('\r\n');
}

/** The credentials a request carried: Authorization's (a Basic one also decoded to its password) and the X- header values. */
function credentialsOf(request: EchoRequest): string[] {
  const found: string[] = [];
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const space = authorization.indexOf(' ');
    const credential = space === -1 ? authorization : authorization.slice(space + 1);
    if (/^basic$/i.test(authorization.slice(0, space))) {
      const decoded = Buffer.from(credential, 'base64').toString('utf8');
      found.push(decoded.slice(decoded.indexOf(':') + 1));
    }
    found.push(credential);
  }
  for (const [name, value] of Object.entries(request.headers)) if (name.startsWith('x-')) found.push(value);
  return found;
}

const FILLER = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. ';

/** Each credential in the spellings a server produces without trying (see the module comment). */
function encodedForms(credential: string): Record<string, string> {
  const bytes = Buffer.from(credential, 'utf8');
  const middle = Math.floor(credential.length / 2);
  return {
    upper: credential.toUpperCase(),
    lower: credential.toLowerCase(),
    hex: bytes.toString('hex'),
    hexUpper: bytes.toString('hex').toUpperCase(),
    base64: bytes.toString('base64'),
    base64url: bytes.toString('base64url'),
    base64Shifted1: Buffer.from(`x${credential}${FILLER}`, 'utf8').toString('base64'),
    base64urlShifted2: Buffer.from(`${FILLER}xy${credential}`, 'utf8').toString('base64url'),
    mimeWrapped: wrapLines(Buffer.from(`${FILLER}${credential}${FILLER}`, 'utf8').toString('base64'), 76),
    splitByCrlf: `${credential.slice(0, middle)}\r\n${credential.slice(middle)}`,
  };
}

/** Headers whose names carry the credentials; `X-Tok-<credential>` is the credential itself when it is a token. */
function credentialHeaders(request: EchoRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  credentialsOf(request).forEach((credential, index) => {
    const bytes = Buffer.from(credential, 'utf8');
    headers[`X-Tok-${index}-${asHeaderName(credential)}`] = '1';
    headers[`X-Hex-${index}-${bytes.toString('hex')}`] = '1';
    headers[`X-B64-${index}-${bytes.toString('base64url').replace(/=+$/, '')}`] = '1';
    headers[`X-Echo-Encoded-${index}`] = `${bytes.toString('hex').toUpperCase()} ${bytes.toString('base64')}`;
  });
  return headers;
}

function echoedValues(request: EchoRequest): string[] {
  return Object.entries(request.headers)
    .filter(([name]) => name === 'authorization' || name.startsWith('x-'))
    .map(([, value]) => value);
}

/** The echo members as raw JSON text, each a different spelling of what the request carried. */
function echoMembers(request: EchoRequest): string {
  const values = echoedValues(request).join(' | ');
  return [
    `${JSON.stringify(ECHO_EXTENSION)}:${JSON.stringify({ method: request.method, url: request.url, headers: request.headers, body: request.body })}`,
    `"echoUnicode":"${unicodeEscape(values)}"`,
    `"echoSlashes":${JSON.stringify(values).replace(/\//g, '\\/')}`,
    `"echoPercent":${JSON.stringify(encodeURIComponent(values))}`,
    `"echoPercentLower":${JSON.stringify(encodeURIComponent(values).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()))}`,
    `"echoEncoded":${JSON.stringify(credentialsOf(request).map(encodedForms))}`,
  ].join(',');
}

/** `value` serialised with the echo members added to the top-level object. */
function withEcho(value: Resource, request: EchoRequest): string {
  const json = JSON.stringify(value);
  return `${json.slice(0, -1)}${json.length > 2 ? ',' : ''}${echoMembers(request)}}`;
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]])),
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Resource {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** RFC 6749 §2.3.1: the client credentials are form-encoded before Basic encoding. */
function clientBasic(clientId: string, clientSecret: string): string {
  const formEncode = (value: string): string => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`, 'utf8').toString('base64')}`;
}

export async function startEchoScimServer(options: EchoScimServerOptions = {}): Promise<EchoScimServer> {
  const requests: EchoRequest[] = [];
  const responses: string[] = [];
  const rejected: EchoRequest[] = [];
  const issuedTokens: string[] = [];
  const stores: Record<Collection, Map<string, Resource>> = { Users: new Map(), Groups: new Map() };
  let userCreates = 0;

  const send = (response: http.ServerResponse, status: number, headers: Record<string, string>, body: string | undefined, echo: EchoRequest): void => {
    const all: Record<string, string> = {
      ...headers,
      // Response headers are recorded too: the credential goes back in them as well.
      'X-Echo-Authorization': echo.headers.authorization ?? '',
      'X-Echo-Headers': echoedValues(echo).join(' | '),
      ...credentialHeaders(echo),
    };
    if (body !== undefined) all['Content-Length'] = String(Buffer.byteLength(body));
    response.writeHead(status, all);
    response.end(body);
    responses.push(`${status}\n${Object.entries(all).map(([name, value]) => `${name}: ${value}`).join('\n')}\n\n${body ?? ''}`);
  };

  const scimError = (response: http.ServerResponse, status: number, detail: string, echo: EchoRequest, extra: Record<string, string> = {}): void =>
    send(response, status, { 'Content-Type': SCIM_JSON, ...extra }, withEcho({ schemas: [ERROR_SCHEMA], status: String(status), detail }, echo), echo);

  const credentialProblem = (echo: EchoRequest): string | undefined => {
    const authorization = echo.headers.authorization;
    if (options.oauth) {
      if (!issuedTokens.some((token) => authorization === `Bearer ${token}`)) return `Authorization ${authorization ?? '(none)'} is not a token this server issued`;
    } else if (options.authorization !== undefined && authorization !== options.authorization) {
      return `Authorization ${authorization ?? '(none)'} is not the configured credential`;
    }
    for (const [name, value] of Object.entries(options.requiredHeaders ?? {})) {
      if (echo.headers[name.toLowerCase()] !== value) return `header ${name} is ${echo.headers[name.toLowerCase()] ?? '(missing)'}, not the configured value`;
    }
    return undefined;
  };

  const token = (response: http.ServerResponse, echo: EchoRequest): void => {
    const oauth = options.oauth;
    if (!oauth || echo.method !== 'POST' || echo.headers.authorization !== clientBasic(oauth.clientId, oauth.clientSecret)) {
      rejected.push(echo);
      send(response, 401, { 'Content-Type': 'application/json' }, withEcho({ error: 'invalid_client', error_description: `rejected ${echo.headers.authorization ?? '(none)'}` }, echo), echo);
      return;
    }
    const issued = `issued-${randomBytes(12).toString('hex')}+/=`;
    issuedTokens.push(issued);
    // RFC 6749 §5.1 token response, with the client credential echoed beside it.
    send(response, 200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }, withEcho({ access_token: issued, token_type: 'Bearer', expires_in: 3600 }, echo), echo);
  };

  const scim = (response: http.ServerResponse, echo: EchoRequest, url: URL): void => {
    const match = /^\/(Users|Groups)(?:\/([^/]+))?\/?$/.exec(url.pathname.slice(BASE_PATH.length));
    if (!match) return scimError(response, 404, `no SCIM resource at ${url.pathname}`, echo);
    const collection = match[1] as Collection;
    const store = stores[collection];
    const id = match[2];
    const resource = (status: number, value: Resource, extra: Record<string, string> = {}): void =>
      send(response, status, { 'Content-Type': SCIM_JSON, ...extra }, withEcho(value, echo), echo);

    if (id === undefined && echo.method === 'GET') {
      // RFC 7644 §3.4.2.2 `attr eq "value"`, the only operator Entra sends (docs/entra-behaviour.md#filters-used).
      const filter = /^\s*([\w.:]+)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i.exec(url.searchParams.get('filter') ?? '');
      const hits = [...store.values()].filter((item) => {
        if (!filter) return !url.searchParams.has('filter');
        const wanted = parseJson(`"${filter[2]}"`);
        const value = item[filter[1]];
        return typeof value === 'string' && typeof wanted === 'string' && value.toLowerCase() === wanted.toLowerCase();
      });
      return resource(200, { schemas: [LIST_SCHEMA], totalResults: hits.length, startIndex: 1, itemsPerPage: hits.length, Resources: hits });
    }
    if (id === undefined && echo.method === 'POST') {
      const body = parseJson(echo.body);
      if (!isRecord(body)) return scimError(response, 400, `the body is not a JSON object: ${echo.body}`, echo);
      if (collection === 'Users' && ++userCreates === 2) {
        // A plain-text 500 whose text is the whole request: Entra logs it as the Web Response. It
        // starts with the credential, so a JSON parser's message would quote its first characters.
        const credentials = credentialsOf(echo);
        const forms = credentials.map((credential) => Object.values(encodedForms(credential)).join('\n')).join('\n');
        const text = `${credentials[0] ?? ''} was refused. Internal failure. Request was: ${echo.method} ${echo.url}\n${Object.entries(echo.headers).map(([name, value]) => `${name}: ${value}`).join('\n')}\n\n${echo.body}\n\n${forms}`;
        return send(response, 500, { 'Content-Type': 'text/plain; charset=utf-8' }, text, echo);
      }
      const created: Resource = { ...body, id: randomUUID(), meta: { resourceType: collection === 'Users' ? 'User' : 'Group' } };
      delete created.password;
      store.set(created.id as string, created);
      const location = `${BASE_PATH}/${collection}/${String(created.id)}?echo=${encodeURIComponent(echo.headers.authorization ?? '')}`;
      return resource(201, created, { Location: location });
    }
    const existing = id === undefined ? undefined : store.get(id);
    if (id === undefined || !existing) return scimError(response, 404, `Resource ${id ?? ''} not found; request headers were ${JSON.stringify(echo.headers)}`, echo);
    switch (echo.method) {
      case 'GET':
        return resource(200, existing);
      case 'DELETE':
        store.delete(id);
        return send(response, 204, {}, undefined, echo);
      case 'PATCH': {
        if (collection === 'Groups') {
          return scimError(response, 400, `membership changes are refused for ${echo.headers.authorization ?? '(none)'} with body ${echo.body}`, echo, { 'WWW-Authenticate': `Bearer error="insufficient_scope", error_description="${echo.headers.authorization ?? ''}"` });
        }
        const patch = parseJson(echo.body);
        const operations = isRecord(patch) && Array.isArray(patch.Operations) ? patch.Operations : [];
        const updated: Resource = { ...existing };
        for (const operation of operations) {
          if (!isRecord(operation)) continue;
          if (typeof operation.path === 'string') updated[operation.path] = operation.value;
          else if (isRecord(operation.value)) Object.assign(updated, operation.value);
        }
        store.set(id, updated);
        return resource(200, updated);
      }
      default:
        return scimError(response, 405, `${echo.method} is not supported`, echo);
    }
  };

  const server = http.createServer((request, response) => {
    void readBody(request).then((body) => {
      const echo: EchoRequest = { method: request.method ?? 'GET', url: request.url ?? '/', headers: flatHeaders(request.headers), body };
      requests.push(echo);
      const url = new URL(echo.url, 'http://echo.invalid');
      if (url.pathname === '/oauth2/token') return token(response, echo);
      if (!url.pathname.startsWith(`${BASE_PATH}/`)) return scimError(response, 404, `nothing at ${url.pathname}`, echo);
      const problem = credentialProblem(echo);
      if (problem !== undefined) {
        rejected.push(echo);
        // RFC 6750 §3: a refused bearer credential gets a challenge; the refusal echoes what was sent.
        return scimError(response, 401, problem, echo, { 'WWW-Authenticate': 'Bearer realm="scim", error="invalid_token"' });
      }
      return scim(response, echo, url);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the echo server did not bind a TCP port');
  const origin = `http://127.0.0.1:${address.port}`;

  return {
    baseUrl: `${origin}${BASE_PATH}`,
    tokenUrl: `${origin}/oauth2/token`,
    requests,
    responses,
    rejected,
    issuedTokens,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
