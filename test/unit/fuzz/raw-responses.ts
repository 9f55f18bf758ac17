/**
 * Generated raw HTTP/1.x responses and a socket server that replays them byte for byte, so the
 * real client meets framing no well-behaved server library would produce: wrong or missing
 * Content-Length, odd chunking, invalid UTF-8, garbage status lines (RFC 9112 §4, §6, §7).
 */
import net from 'node:net';
import fc from 'fast-check';

export type Framing =
  | 'length'
  | 'length-short'
  | 'length-long'
  | 'length-conflict'
  | 'length-invalid'
  | 'close-delimited'
  | 'chunked'
  | 'chunked-bad-size'
  | 'chunked-unterminated';

/** What the server does once the bytes are written. */
export type Ending = 'end' | 'keep-open' | 'destroy';

export interface RawResponsePlan {
  readonly statusLine: string;
  /** Raw header lines, without CRLF. */
  readonly headerLines: readonly string[];
  readonly framing: Framing;
  readonly body: Uint8Array;
  /** Chunk sizes cycled over the body when chunked. */
  readonly chunkSizes: readonly number[];
  readonly chunkExtension: string;
  readonly ending: Ending;
}

const STATUS_REASONS: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  302: 'Found',
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Printable Latin-1 without CR/LF: what may legally sit in a header value or reason phrase. */
const headerText = (maxLength: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f).map((c) => String.fromCharCode(c)), maxLength });

const token = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,16}$/);

export const statusArbitrary: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...Object.keys(STATUS_REASONS).map(Number)) },
  { weight: 2, arbitrary: fc.integer({ min: 100, max: 599 }) },
);

const statusLineArbitrary: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(fc.constantFrom('1.1', '1.1', '1.0'), statusArbitrary, fc.oneof(fc.constant(''), headerText(20)))
      .map(([version, status, reason]) => `HTTP/${version} ${status} ${reason || STATUS_REASONS[status] || 'X'}`),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(
      headerText(30),
      fc.constantFrom('HTTP/1.1 2000 OK', 'HTTP/1.1 abc OK', 'HTTP/2 200', 'HTTP/1.1  200 OK', 'ICY 200 OK', 'HTTP/1.1 200'),
    ),
  },
);

const contentTypeLine = fc.constantFrom(
  'Content-Type: application/scim+json',
  'Content-Type: application/json; charset=utf-8',
  'Content-Type: text/html',
  'Content-Type: text/plain; charset=iso-8859-1',
  'Content-Type: ;;;',
);

const specialHeaderLine = fc.oneof(
  contentTypeLine,
  fc.constantFrom('Location: /scim/v2/Users/moved', 'Location: http://other.invalid/x', 'Location: http://[::1', 'Location: '),
  fc.constantFrom('Retry-After: 0', 'Retry-After: 1', 'Retry-After: soon', 'Retry-After: Wed, 21 Oct 2015 07:28:00 GMT'),
  fc.constantFrom('Connection: close', 'Connection: keep-alive', 'Keep-Alive: timeout=1'),
  fc.constantFrom('WWW-Authenticate: Bearer realm="scim"', 'Set-Cookie: session=abc; HttpOnly', 'ETag: W/"1"'),
);

const malformedHeaderLine = fc.constantFrom(
  'NoColonHere',
  ' folded: continuation',
  'Bad Name: x',
  'X-Nul: a\u0000b',
  ': empty-name',
  'Transfer-Encoding: gzip',
);

const headerLinesArbitrary: fc.Arbitrary<string[]> = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: fc.tuple(token, headerText(30)).map(([name, value]) => `X-${name}: ${value}`) },
    { weight: 3, arbitrary: specialHeaderLine },
    { weight: 1, arbitrary: malformedHeaderLine },
  ),
  { maxLength: 6 },
);

/** JSON shapes a SCIM endpoint returns, right or wrong. */
export const scimJsonArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record(
    {
      schemas: fc.array(
        fc.constantFrom('urn:ietf:params:scim:api:messages:2.0:ListResponse', 'urn:ietf:params:scim:api:messages:2.0:Error', 'x'),
      ),
      totalResults: fc.oneof(fc.integer({ min: -1, max: 5 }), fc.string({ maxLength: 3 }), fc.constant(null)),
      Resources: fc.oneof(
        fc.array(fc.record({ id: fc.oneof(fc.uuid(), fc.integer(), fc.constant('')), userName: fc.string() })),
        fc.jsonValue({ maxDepth: 1 }),
      ),
      id: fc.oneof(fc.uuid(), fc.string({ maxLength: 5 }), fc.integer(), fc.constant(null)),
      detail: fc.oneof(fc.string(), fc.jsonValue({ maxDepth: 1 })),
      scimType: fc.oneof(fc.constantFrom('invalidPath', 'noTarget', 'uniqueness', 'invalidValue'), fc.string({ maxLength: 5 })),
      status: fc.oneof(fc.constantFrom('400', '409', '404'), fc.integer({ min: 100, max: 599 })),
    },
    { requiredKeys: [] },
  ),
);

const bodyArbitrary: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: scimJsonArbitrary.map((value) => Buffer.from(JSON.stringify(value) ?? '', 'utf8')) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 120 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 80, unit: 'binary' }).map((text) => Buffer.from(text, 'utf8')) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '<html><body><h1>502 Bad Gateway</h1></body></html>',
      '{"totalResults":0,"Resources":[',
      '{"id":"a\u00e9"}',
      '',
      '   ',
    ).map((text) => Buffer.from(text, 'latin1')),
  },
);

export const rawResponseArbitrary: fc.Arbitrary<RawResponsePlan> = fc.record({
  statusLine: statusLineArbitrary,
  headerLines: headerLinesArbitrary,
  framing: fc.constantFrom<Framing>(
    'length',
    'length',
    'length',
    'length-short',
    'length-long',
    'length-conflict',
    'length-invalid',
    'close-delimited',
    'chunked',
    'chunked',
    'chunked-bad-size',
    'chunked-unterminated',
  ),
  body: bodyArbitrary,
  chunkSizes: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }),
  chunkExtension: fc.constantFrom('', '', ';a=b', ';q="x y"', ';flag'),
  ending: fc.constantFrom<Ending>('end', 'end', 'end', 'keep-open', 'destroy'),
});

function chunkedBody(plan: RawResponsePlan): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  let index = 0;
  while (offset < plan.body.length) {
    const size = Math.min(plan.chunkSizes[index % plan.chunkSizes.length], plan.body.length - offset);
    const sizeText = plan.framing === 'chunked-bad-size' && index === 0 ? `${(size + 3).toString(16)}zz` : size.toString(16);
    parts.push(
      Buffer.from(`${sizeText}${plan.chunkExtension}\r\n`, 'latin1'),
      Buffer.from(plan.body.subarray(offset, offset + size)),
      Buffer.from('\r\n'),
    );
    offset += size;
    index += 1;
  }
  if (plan.framing !== 'chunked-unterminated') parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}

/** The bytes of a plan, as the server writes them. */
export function encodeRawResponse(plan: RawResponsePlan): Buffer {
  const length = plan.body.length;
  const framingLines: Record<Framing, readonly string[]> = {
    length: [`Content-Length: ${length}`],
    'length-short': [`Content-Length: ${Math.max(0, length - 3)}`],
    'length-long': [`Content-Length: ${length + 7}`],
    'length-conflict': [`Content-Length: ${length}`, `Content-Length: ${length + 1}`],
    'length-invalid': ['Content-Length: -1x'],
    'close-delimited': [],
    chunked: ['Transfer-Encoding: chunked'],
    'chunked-bad-size': ['Transfer-Encoding: chunked'],
    'chunked-unterminated': ['Transfer-Encoding: chunked'],
  };
  const head = [plan.statusLine, ...plan.headerLines, ...framingLines[plan.framing]].join('\r\n') + '\r\n\r\n';
  const body = plan.framing.startsWith('chunked') ? chunkedBody(plan) : Buffer.from(plan.body);
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

export interface ReplayServer {
  readonly origin: string;
  /** The response every following request gets. */
  respondWith(bytes: Buffer, ending: Ending): void;
  close(): Promise<void>;
}

/** A raw socket server answering every request (head plus Content-Length body) with the current bytes. */
export async function startReplayServer(): Promise<ReplayServer> {
  let bytes: Buffer = Buffer.alloc(0);
  let ending: Ending = 'end';
  const sockets = new Set<net.Socket>();

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end === -1) return;
        const head = buffered.subarray(0, end).toString('latin1');
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        buffered = buffered.subarray(end + 4 + length);
        if (socket.destroyed) return;
        socket.write(bytes);
        if (ending === 'end') socket.end();
        if (ending === 'destroy') socket.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the replay server did not bind a TCP port');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    respondWith(next, nextEnding) {
      bytes = next;
      ending = nextEnding;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
