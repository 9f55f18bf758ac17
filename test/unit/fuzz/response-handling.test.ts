/**
 * Property-based fuzzing of everything between the wire and the Entra error code: the
 * classification of arbitrary Exchanges, the real client against generated raw HTTP responses,
 * and redaction of secrets a target echoes back.
 */
import http from 'node:http';
import fc from 'fast-check';
import { type Classification, ERROR_CODE_TABLE, type ClassifyPurpose, classifyExchange } from '../../../harness/engine/entra-errors';
import { type Exchange } from '../../../harness/contract/exchange';
import { type HttpTargetClient, type HttpTargetClientOptions, createTargetClient } from '../../../harness/target/http-target-client';
import { type ScimRequest } from '../../../harness/contract/target-client';
import { PURPOSES, contextArbitrary, exchangeArbitrary } from './exchange-arbitraries';
import { type ReplayServer, encodeRawResponse, rawResponseArbitrary, startReplayServer } from './raw-responses';

const CODES: ReadonlySet<string> = new Set(ERROR_CODE_TABLE.map((row) => row.code));
const CATEGORIES: ReadonlySet<string> = new Set(['failure', 'nonServiceFailure', 'success', 'unknownFutureValue']);
/** A send that has not settled by then is hanging, whatever the target did. */
const HANG_DEADLINE_MS = 5000;

function expectValidClassification(result: Classification | null, exchange: Exchange): void {
  if (result === null) {
    // Success is only ever a 2xx without a transport failure.
    expect(exchange.error).toBeUndefined();
    expect(exchange.response?.status).toBeGreaterThanOrEqual(200);
    expect(exchange.response?.status).toBeLessThan(300);
    return;
  }
  expect(CODES.has(result.errorCode)).toBe(true);
  expect(typeof result.reason).toBe('string');
  expect(result.reason.trim()).not.toBe('');
  expect(CATEGORIES.has(result.errorCategory)).toBe(true);
  expect(typeof result.recommendedAction).toBe('string');
  if (result.quarantineTrigger) {
    expect(['credentials', 'compliance']).toContain(result.quarantineTrigger.kind);
    expect(result.quarantineTrigger.jobErrorCode).not.toBe('');
  }
}

async function withDeadline<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${HANG_DEADLINE_MS} ms`)), HANG_DEADLINE_MS);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

describe('classifyExchange over arbitrary exchanges', () => {
  it('never throws and returns null or a documented code with a reason', () => {
    fc.assert(
      fc.property(exchangeArbitrary, contextArbitrary, (exchange, context) => {
        const result = classifyExchange(exchange, context);
        expectValidClassification(result, exchange);
        if (result !== null && context.retry) {
          // Entra's escrow suffix (docs/entra-behaviour.md#reason-text) closes every retried reason.
          expect(result.reason).toMatch(/ UTC$/);
        }
        if (exchange.error) {
          expect(result).not.toBeNull();
        }
      }),
      { numRuns: 4000 },
    );
  });

  it('classifies the same exchange for every purpose without throwing', () => {
    fc.assert(
      fc.property(exchangeArbitrary, (exchange) => {
        for (const purpose of PURPOSES) {
          for (const objectType of ['User', 'Group'] as const) {
            expectValidClassification(classifyExchange(exchange, { purpose, objectType }), exchange);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('target client against generated raw responses', () => {
  let server: ReplayServer;

  beforeAll(async () => {
    server = await startReplayServer();
  });
  afterAll(async () => {
    await server.close();
  });

  const REQUESTS: readonly (readonly [ScimRequest, ClassifyPurpose])[] = [
    [{ method: 'GET', path: '/Users', query: { filter: 'userName eq "fuzz"' } }, 'probe'],
    [{ method: 'GET', path: '/Users/abc' }, 'read'],
    [{ method: 'POST', path: '/Users', body: { userName: 'fuzz', active: true } }, 'create'],
    [{ method: 'PATCH', path: '/Users/abc', body: { Operations: [{ op: 'replace', path: 'active', value: false }] } }, 'disable'],
    [{ method: 'DELETE', path: '/Users/abc' }, 'delete'],
  ];

  const fuzzClient = (options: Partial<HttpTargetClientOptions> = {}): HttpTargetClient =>
    createTargetClient({
      baseUrl: `${server.origin}/scim/v2`,
      auth: { kind: 'bearer', token: 'fuzz-bearer-token' },
      timeoutMs: 150,
      maxRetryAfterMs: 5,
      ...options,
    });

  it('always resolves with a response or an error, and the exchange classifies', async () => {
    await fc.assert(
      fc.asyncProperty(rawResponseArbitrary, fc.constantFrom(...REQUESTS), async (plan, [request, purpose]) => {
        server.respondWith(encodeRawResponse(plan), plan.ending);
        const client = fuzzClient();
        try {
          const exchange = await withDeadline(client.send(request), 'send');
          expect(exchange.response !== undefined || exchange.error !== undefined).toBe(true);
          expect(Number.isFinite(exchange.durationMs)).toBe(true);
          if (exchange.response) {
            expect(typeof exchange.response.text).toBe('string');
            expect(Number.isInteger(exchange.response.bytes)).toBe(true);
          }
          // The run log stores exchanges as JSON lines.
          expect(() => JSON.stringify(exchange)).not.toThrow();
          expectValidClassification(classifyExchange(exchange, { purpose, objectType: 'User' }), exchange);
          expectValidClassification(classifyExchange(exchange, { purpose: 'match', objectType: 'Group' }), exchange);
        } finally {
          await client.close();
        }
      }),
      { numRuns: 200 },
    );
  });

  it('records a well-framed response exactly: status, headers and parsed body', async () => {
    const wellFramed = fc.record({
      status: fc.integer({ min: 200, max: 599 }).filter((status) => status !== 204 && status !== 304 && (status < 300 || status >= 400)),
      headers: fc.dictionary(fc.stringMatching(/^x-fz-[a-z0-9]{1,8}$/), fc.stringMatching(/^[!-~]([ -~]{0,20}[!-~])?$/), { maxKeys: 4 }),
      body: fc.jsonValue({ maxDepth: 3 }),
      chunked: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(wellFramed, async ({ status, headers, body, chunked }) => {
        const bytes = Buffer.from(JSON.stringify(body), 'utf8');
        const plan = {
          statusLine: `HTTP/1.1 ${status} Whatever`,
          headerLines: ['Content-Type: application/scim+json', ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)],
          framing: chunked ? ('chunked' as const) : ('length' as const),
          body: bytes,
          chunkSizes: [7, 1, 30],
          chunkExtension: '',
          ending: 'keep-open' as const,
        };
        server.respondWith(encodeRawResponse(plan), plan.ending);
        // No throttling retries: a 429 is recorded as it came.
        const client = fuzzClient({ timeoutMs: 2000, maxThrottleRetries: 0 });
        try {
          const exchange = await withDeadline(client.send({ method: 'GET', path: '/Users/abc' }), 'send');
          expect(exchange.error).toBeUndefined();
          expect(exchange.response?.status).toBe(status);
          expect(exchange.response?.bytes).toBe(bytes.length);
          expect(exchange.response?.parseError).toBeUndefined();
          expect(exchange.response?.body).toEqual(JSON.parse(bytes.toString('utf8')));
          expect(exchange.response?.headers).toMatchObject(headers);
        } finally {
          await client.close();
        }
      }),
      { numRuns: 150 },
    );
  });

  // RFC 8259 §4 lets "__proto__" be an ordinary member name; the record must keep it as data.
  it('keeps a "__proto__" member of a response body as an own member, not as the prototype', async () => {
    const text = '{"__proto__":{"id":"inherited"},"userName":"fuzz"}';
    server.respondWith(
      encodeRawResponse({
        statusLine: 'HTTP/1.1 201 Created',
        headerLines: ['Content-Type: application/scim+json'],
        framing: 'length',
        body: Buffer.from(text),
        chunkSizes: [1],
        chunkExtension: '',
        ending: 'keep-open',
      }),
      'keep-open',
    );
    const client = fuzzClient({ timeoutMs: 2000 });
    try {
      const exchange = await client.send({ method: 'POST', path: '/Users', body: { userName: 'fuzz' } });
      const body = exchange.response?.body as Record<string, unknown>;
      expect(Object.keys(body)).toEqual(['__proto__', 'userName']);
      expect(body.id).toBeUndefined();
      // The body has no id of its own, so the create must not count as a success (RFC 7644 §3.3).
      expect(classifyExchange(exchange, { purpose: 'create', objectType: 'User' })?.errorCode).toBe(
        'SystemForCrossDomainIdentityManagementServiceIncompatible',
      );
    } finally {
      await client.close();
    }
  });
});

type Auth = 'bearer' | 'basic' | 'header';
type BodyEcho = 'json-detail' | 'json-member' | 'json-key' | 'plain-text' | 'html' | 'authorization-echo';
type HeaderEcho = 'x-echo' | 'www-authenticate' | 'set-cookie' | 'location' | 'x-authorization-echo';

interface EchoPlan {
  readonly secret: string;
  readonly auth: Auth;
  readonly status: number;
  readonly bodyEcho: BodyEcho;
  readonly headerEchoes: readonly HeaderEcho[];
  readonly prefix: string;
  readonly suffix: string;
}

/** Printable ASCII without "[" and "]", so a secret can never be spelt by the redaction marker "[REDACTED]" itself. */
const secretChar = fc
  .integer({ min: 0x20, max: 0x7e })
  .filter((c) => c !== 0x5b && c !== 0x5d)
  .map((c) => String.fromCharCode(c));
const secretArbitrary = fc
  .string({ unit: secretChar, minLength: 8, maxLength: 40 })
  .filter((secret) => secret.trim() === secret && !'[REDACTED]'.includes(secret));

const around = fc.string({ unit: fc.constantFrom(...'abc =:/"\'<>&'.split('')), maxLength: 6 });

const echoPlanArbitrary: fc.Arbitrary<EchoPlan> = fc.record({
  secret: secretArbitrary,
  auth: fc.constantFrom<Auth>('bearer', 'basic', 'header'),
  status: fc.constantFrom(200, 201, 302, 400, 401, 500),
  bodyEcho: fc.constantFrom<BodyEcho>('json-detail', 'json-member', 'json-key', 'plain-text', 'html', 'authorization-echo'),
  headerEchoes: fc.subarray<HeaderEcho>(['x-echo', 'www-authenticate', 'set-cookie', 'location', 'x-authorization-echo']),
  prefix: around,
  suffix: around,
});

/** Every string a reader of the record could recover: the record's own strings and those inside JSON text. */
function recoverableStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    out.push(value);
    try {
      const parsed: unknown = JSON.parse(value);
      if (typeof parsed === 'object' && parsed !== null) recoverableStrings(parsed, out);
    } catch {
      // Not JSON text: the string itself was collected.
    }
  } else if (Array.isArray(value)) {
    value.forEach((item) => recoverableStrings(item, out));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      out.push(key);
      recoverableStrings(item, out);
    }
  }
  return out;
}

function expectSecretAbsent(exchange: Exchange, secret: string): void {
  const serialised = JSON.stringify(exchange);
  expect(serialised).not.toContain(secret);
  // JSON.stringify escapes quotes and backslashes, so the secret may sit there in escaped form.
  expect(serialised).not.toContain(JSON.stringify(secret).slice(1, -1));
  for (const text of recoverableStrings(exchange)) {
    expect(text).not.toContain(secret);
  }
}

/** PHP writes "\/"; .NET writes "\u002B" and the like (RFC 8259 §7 allows both). */
function escapeJsonChar(char: string): string {
  return char === '/' ? '\\/' : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`;
}

/** How a serializer may spell a string in JSON: plain, or with \uXXXX escapes for chosen characters. */
function jsonString(value: string, escaped: ReadonlySet<string> = new Set()): string {
  const plain = JSON.stringify(value);
  return [...plain]
    .map((char, index) =>
      index > 0 && index < plain.length - 1 && escaped.has(char) ? escapeJsonChar(char) : char,
    )
    .join('');
}

describe('redaction of secrets a target echoes', () => {
  let server: http.Server;
  let origin: string;
  let plan: EchoPlan;
  /** Characters the echoing serializer writes as \uXXXX. */
  let escapedChars: ReadonlySet<string> = new Set();

  const echoed = (): string => `${plan.prefix}${plan.secret}${plan.suffix}`;

  const bodyFor = (authorization: string): { readonly type: string; readonly text: string } => {
    const json = (members: readonly (readonly [string, string])[]): string =>
      `{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],${members
        .map(([key, value]) => `${jsonString(key, escapedChars)}:${jsonString(value, escapedChars)}`)
        .join(',')}}`;
    switch (plan.bodyEcho) {
      case 'json-detail':
        return { type: 'application/scim+json', text: json([['detail', `invalid token ${echoed()}`]]) };
      case 'json-member':
        return { type: 'application/scim+json', text: json([['id', 'u1'], ['externalId', plan.secret], ['note', echoed()]]) };
      case 'json-key':
        return { type: 'application/scim+json', text: json([[plan.secret, 'seen'], ['detail', 'keyed by the token']]) };
      case 'authorization-echo':
        return { type: 'application/json', text: json([['receivedAuthorization', authorization], ['detail', echoed()]]) };
      case 'plain-text':
        return { type: 'text/plain', text: `rejected credential ${echoed()}` };
      case 'html':
        return { type: 'text/html', text: `<html><body><p>token: ${echoed()}</p></body></html>` };
    }
  };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const authorization = req.headers.authorization ?? String(req.headers['x-api-key'] ?? '');
        const headers: Record<string, string> = {};
        for (const echo of plan.headerEchoes) {
          switch (echo) {
            case 'x-echo':
              headers['X-Echo'] = echoed();
              break;
            case 'www-authenticate':
              headers['WWW-Authenticate'] = `Bearer realm="scim", error_description="${plan.secret}"`;
              break;
            case 'set-cookie':
              headers['Set-Cookie'] = `session=${plan.secret}; HttpOnly`;
              break;
            case 'location':
              headers.Location = `/scim/v2/Users/x?token=${encodeURIComponent(plan.secret)}`;
              break;
            case 'x-authorization-echo':
              headers['X-Authorization-Echo'] = authorization;
              break;
          }
        }
        const { type, text } = bodyFor(authorization);
        res.writeHead(plan.status, { ...headers, 'Content-Type': type });
        res.end(text);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('the echo server did not bind a TCP port');
    origin = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const clientFor = (next: EchoPlan): HttpTargetClient => {
    const auth: HttpTargetClientOptions['auth'] =
      next.auth === 'bearer'
        ? { kind: 'bearer', token: next.secret }
        : next.auth === 'basic'
          ? { kind: 'basic', username: 'scim-user', password: next.secret }
          : { kind: 'none' };
    return createTargetClient({
      baseUrl: `${origin}/scim/v2`,
      auth,
      ...(next.auth === 'header' ? { headers: { 'X-Api-Key': next.secret } } : {}),
      timeoutMs: 2000,
    });
  };

  const sendEchoed = async (next: EchoPlan): Promise<Exchange> => {
    plan = next;
    const client = clientFor(next);
    try {
      return await withDeadline(client.send({ method: 'GET', path: '/Users', query: { filter: 'userName eq "echo"' } }), 'send');
    } finally {
      await client.close();
    }
  };

  it('never records a planted secret, wherever the target echoes it', async () => {
    escapedChars = new Set();
    await fc.assert(
      fc.asyncProperty(echoPlanArbitrary, async (next) => {
        expectSecretAbsent(await sendEchoed(next), next.secret);
      }),
      { numRuns: 200 },
    );
  });

  // .NET's System.Text.Json escapes HTML-sensitive characters and "+" as \uXXXX by default; PHP's
  // json_encode escapes "/" as "\/". Base64 tokens hold "+" and "/", so an echoing server spells
  // them that way, and whoever decodes the recorded JSON text gets the token back.
  it('never records a planted secret that a .NET- or PHP-style serializer echoes with escapes', async () => {
    await fc.assert(
      fc.asyncProperty(
        echoPlanArbitrary.filter((next) => next.bodyEcho.startsWith('json') && /[+/<>&']/.test(next.secret)),
        fc.constantFrom<ReadonlySet<string>>(new Set(['+', '<', '>', '&', "'", '`']), new Set(['/'])),
        async (next, escapes) => {
          escapedChars = escapes;
          try {
            expectSecretAbsent(await sendEchoed(next), next.secret);
          } finally {
            escapedChars = new Set();
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
