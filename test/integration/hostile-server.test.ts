/**
 * The real target client against a server that misbehaves in one way at a time. For every
 * pathology, `send` must resolve with an Exchange (a target's misbehaviour is data, never an
 * exception) within the timeout, and `classifyExchange` must give the Entra code documented for
 * that outcome in ERROR_CODE_TABLE (docs/entra-behaviour.md#error-codes, docs/entra-behaviour.md#status-to-error-code).
 */
import {
  type ClassifyPurpose,
  CREDENTIAL_VALIDATION_UNAVAILABLE,
  type Classification,
  DESERIALIZE_MESSAGE_PREFIX,
  SCIM_COMPLIANCE_404_MESSAGE,
  SCIM_CREDENTIAL_VALIDATION_FAILURE,
  SCIM_SERVICE_INCOMPATIBLE,
  classifyExchange,
} from '../../harness/engine/entra-errors';
import { type Exchange } from '../../harness/contract/exchange';
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  type HttpTargetClient,
  type HttpTargetClientOptions,
  createTargetClient,
} from '../../harness/target/http-target-client';
import { type ScimRequest } from '../../harness/contract/target-client';
import {
  type HostileMode,
  type HostileServer,
  type HostileServerOptions,
  DOT_IDS,
  PATHOLOGIES,
  refusedUrl,
  startHostileServer,
} from '../helpers/hostile-server';

const TIMEOUT_MS = 300;
/** Generous slack over the timeout: the assertion is "bounded", not "fast". */
const MARGIN_MS = 2000;
const TOKEN = 'hostile-suite-bearer-token';
const SEEDED_ID = 'abc';
const SEEDED_USER_NAME = 'seeded@example.com';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

type Purpose = Extract<ClassifyPurpose, 'probe' | 'create' | 'read'>;

/** The three requests Entra makes first: the Test Connection filter (docs/entra-behaviour.md#test-connection), a create (docs/entra-behaviour.md#create-user), a read. */
const REQUESTS: Readonly<Record<Purpose, ScimRequest>> = {
  probe: { method: 'GET', path: '/Users', query: { filter: 'userName eq "x"' } },
  create: {
    method: 'POST',
    path: '/Users',
    body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'x', active: true },
  },
  read: { method: 'GET', path: `/Users/${SEEDED_ID}` },
};

interface Context {
  readonly exchange: Exchange;
  readonly classification: Classification | null;
  readonly server: HostileServer | undefined;
  /** A second server a cross-origin redirect points to. */
  readonly elsewhere: HostileServer | undefined;
}

interface Row {
  readonly pathology: HostileMode | 'refused';
  readonly purpose: Purpose;
  /** Tells apart rows of one pathology with different options. */
  readonly variant?: string;
  /** Entra code expected, or null when the exchange is a success for its purpose. */
  readonly code: string | null;
  readonly reason?: RegExp | string;
  readonly details?: RegExp;
  readonly trigger?: { readonly kind: 'credentials' | 'compliance'; readonly jobErrorCode: string };
  readonly options?: Partial<HostileServerOptions>;
  readonly client?: Partial<HttpTargetClientOptions>;
  /** Further facts the row's name promises. */
  readonly check?: (context: Context) => void;
}

const UNPARSEABLE = { code: SCIM_SERVICE_INCOMPATIBLE, reason: new RegExp(`^${escapeRegExp(DESERIALIZE_MESSAGE_PREFIX)}`) } as const;
const PROBE_UNREACHABLE = { kind: 'credentials', jobErrorCode: CREDENTIAL_VALIDATION_UNAVAILABLE } as const;

const noTransportError = ({ exchange }: Context): void => expect(exchange.error).toBeUndefined();
const errorKind =
  (kind: string, status?: number) =>
  ({ exchange }: Context): void => {
    expect(exchange.error?.kind).toBe(kind);
    expect(exchange.response?.status).toBe(status);
  };
const notFollowed = ({ server, elsewhere }: Context): void => {
  expect(server?.requests).toHaveLength(1);
  expect(elsewhere?.requests ?? []).toHaveLength(0);
};

const ROWS: readonly Row[] = [
  ...(['probe', 'create', 'read'] as const).map((purpose): Row => ({ pathology: 'none', purpose, code: null, check: noTransportError })),

  ...(['probe', 'create', 'read'] as const).map(
    (purpose): Row => ({
      pathology: 'malformed-json',
      purpose,
      ...UNPARSEABLE,
      details: /not valid JSON/,
      check: ({ exchange }) => expect(exchange.response?.body).toBeUndefined(),
    }),
  ),
  ...(['probe', 'create', 'read'] as const).map(
    (purpose): Row => ({ pathology: 'truncated-json', purpose, ...UNPARSEABLE, details: /not valid JSON/, check: noTransportError }),
  ),
  ...(['probe', 'create', 'read'] as const).map(
    (purpose): Row => ({
      pathology: 'non-json-body',
      purpose,
      ...UNPARSEABLE,
      reason: /We are not able to deserialize[\s\S]*<!DOCTYPE html>/,
      details: /not valid JSON/,
    }),
  ),
  // The body is parsed whatever the Content-Type says; the media type is judged by the checks.
  ...(['probe', 'create', 'read'] as const).map(
    (purpose): Row => ({
      pathology: 'wrong-content-type',
      purpose,
      code: null,
      check: ({ exchange }) => {
        expect(exchange.response?.headers['content-type']).toMatch(/^text\/html/);
        expect(exchange.response?.body).toEqual(expect.any(Object));
      },
    }),
  ),
  {
    pathology: 'empty-body',
    purpose: 'probe',
    code: SCIM_SERVICE_INCOMPATIBLE,
    reason: /not with a ListResponse \(RFC 7644 §3\.4\.2\): the body is not a JSON object/,
  },
  { pathology: 'empty-body', purpose: 'create', code: SCIM_SERVICE_INCOMPATIBLE, reason: /holds no id for the new User/ },
  { pathology: 'empty-body', purpose: 'read', ...UNPARSEABLE },
  ...(['probe', 'create', 'read'] as const).map(
    (purpose): Row => ({ pathology: 'invalid-utf8', purpose, ...UNPARSEABLE, details: /not valid UTF-8/ }),
  ),
  ...(['probe', 'create', 'read'] as const).map(
    (purpose): Row => ({
      pathology: 'huge-body',
      purpose,
      code: SCIM_SERVICE_INCOMPATIBLE,
      reason: new RegExp(`exceeds the ${DEFAULT_MAX_RESPONSE_BYTES}-byte cap`),
      // Reading 4 MiB is the point here, not the clock.
      client: { timeoutMs: 10_000 },
      check: ({ exchange }) => {
        expect(exchange.error?.kind).toBe('tooLarge');
        expect(exchange.response?.bytes).toBeGreaterThan(DEFAULT_MAX_RESPONSE_BYTES);
        expect(exchange.response?.bytes).toBeLessThan(10 * 1024 * 1024);
      },
    }),
  ),
  {
    pathology: 'list-wrong-shape',
    purpose: 'probe',
    code: SCIM_SERVICE_INCOMPATIBLE,
    reason: /not with a ListResponse \(RFC 7644 §3\.4\.2\): Resources is not an array/,
    variant: 'Resources an object',
  },
  {
    pathology: 'list-wrong-shape',
    purpose: 'probe',
    code: SCIM_SERVICE_INCOMPATIBLE,
    reason: /not with a ListResponse \(RFC 7644 §3\.4\.2\): totalResults is missing or not a number/,
    variant: 'no totalResults',
    options: { listShape: 'missing-total-results' },
  },
  // The list pathologies hit collection queries only; a create on the same server succeeds.
  { pathology: 'list-wrong-shape', purpose: 'create', code: null, check: noTransportError },
  // A well-formed ListResponse whose count disagrees with its Resources: paging allows fewer
  // Resources than totalResults (RFC 7644 §3.4.2.4), so the exchange itself is not a failure;
  // the engine's matching acts on the lying count (docs/entra-behaviour.md#create-user step 3).
  {
    pathology: 'list-lying-total',
    purpose: 'probe',
    code: null,
    check: ({ exchange }) => expect(exchange.response?.body).toMatchObject({ totalResults: 5, Resources: [] }),
  },
  {
    pathology: 'resource-without-id',
    purpose: 'create',
    code: SCIM_SERVICE_INCOMPATIBLE,
    reason: /HTTP\/201 Created but the response holds no id for the new User/,
  },
  { pathology: 'resource-without-id', purpose: 'probe', code: null, check: noTransportError },
  ...(['probe', 'create', 'read'] as const).map(
    (purpose): Row => ({
      pathology: 'slow',
      purpose,
      code: 'Timeout',
      reason: /WebExceptionStatus: Timeout[\s\S]*no response headers received/,
      options: { delayMs: 5000 },
      check: errorKind('timeout'),
    }),
  ),
  ...(['probe', 'create', 'read'] as const).map(
    (purpose): Row => ({
      pathology: 'stall-mid-body',
      purpose,
      code: 'Timeout',
      reason: /body bytes received before the body stalled/,
      check: errorKind('timeout', purpose === 'create' ? 201 : 200),
    }),
  ),
  {
    pathology: 'reset',
    purpose: 'probe',
    code: 'WebExceptionProtocolError',
    reason: /connection reset/,
    trigger: PROBE_UNREACHABLE,
    check: errorKind('connection'),
  },
  ...(['create', 'read'] as const).map(
    (purpose): Row => ({
      pathology: 'reset',
      purpose,
      code: 'WebExceptionProtocolError',
      reason: /connection reset/,
      check: errorKind('connection'),
    }),
  ),
  {
    pathology: 'reset-mid-body',
    purpose: 'probe',
    code: 'WebExceptionProtocolError',
    trigger: PROBE_UNREACHABLE,
    check: errorKind('connection', 200),
  },
  ...(['create', 'read'] as const).map(
    (purpose): Row => ({
      pathology: 'reset-mid-body',
      purpose,
      code: 'WebExceptionProtocolError',
      check: errorKind('connection', purpose === 'create' ? 201 : 200),
    }),
  ),
  ...(['probe', 'create'] as const).map(
    (purpose): Row => ({
      pathology: 'redirect-cross-origin',
      purpose,
      code: 'WebExceptionProtocolError',
      reason: /^StatusCode: Found\r\n/,
      details: /answered 302 with Location http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/Users.*cross-origin.*redirects are never followed/,
      ...(purpose === 'probe' ? { trigger: PROBE_UNREACHABLE } : {}),
      check: (context) => {
        errorKind('redirect', 302)(context);
        notFollowed(context);
      },
    }),
  ),
  ...(['probe', 'read'] as const).map(
    (purpose): Row => ({
      pathology: 'redirect-same-origin',
      purpose,
      code: 'WebExceptionProtocolError',
      reason: /^StatusCode: TemporaryRedirect\r\n/,
      details: /answered 307 with Location \/moved\/scim\/v2\/Users.*same-origin.*redirects are never followed/,
      ...(purpose === 'probe' ? { trigger: PROBE_UNREACHABLE } : {}),
      check: (context) => {
        errorKind('redirect', 307)(context);
        notFollowed(context);
      },
    }),
  ),
  ...(['probe', 'create', 'read'] as const).map(
    (purpose): Row => ({
      pathology: 'http10',
      purpose,
      code: null,
      check: ({ exchange }) => {
        expect(exchange.error).toBeUndefined();
        expect(exchange.response?.headers['content-length']).toBeUndefined();
        expect(exchange.response?.body).toEqual(expect.any(Object));
      },
    }),
  ),
  ...(['probe', 'create', 'read'] as const).map(
    (purpose): Row => ({
      pathology: 'chunked-oddities',
      purpose,
      code: null,
      check: ({ exchange }) => {
        expect(exchange.error).toBeUndefined();
        expect(exchange.response?.headers['transfer-encoding']).toBe('chunked');
        expect(exchange.response?.body).toMatchObject(
          purpose === 'probe' ? { totalResults: 0, Resources: [] } : { userName: purpose === 'create' ? 'x' : SEEDED_USER_NAME },
        );
      },
    }),
  ),
  ...(['probe', 'create', 'read'] as const).map(
    (purpose): Row => ({ pathology: 'status-500', purpose, code: 'InternalServerError', reason: /^StatusCode: InternalServerError\r\n/ }),
  ),
  // 503 with Retry-After is throttling: the client retries it twice, then the outage is logged.
  {
    pathology: 'status-503-retry-after',
    purpose: 'probe',
    code: 'WebExceptionProtocolError',
    reason: /^StatusCode: ServiceUnavailable\r\n/,
    client: { maxRetryAfterMs: 10 },
    check: ({ exchange, server }) => {
      expect(exchange.previousAttempts).toHaveLength(2);
      expect(server?.requests).toHaveLength(3);
      expect(exchange.response?.headers['retry-after']).toBe('1');
    },
  },
  ...(['probe', 'create', 'read'] as const).map(
    (purpose): Row => ({
      pathology: 'status-401',
      purpose,
      code: 'Unauthorized',
      reason: /^StatusCode: Unauthorized\r\n/,
      trigger: { kind: 'credentials', jobErrorCode: SCIM_CREDENTIAL_VALIDATION_FAILURE },
    }),
  ),
  {
    pathology: 'status-404-on-filter',
    purpose: 'probe',
    code: SCIM_SERVICE_INCOMPATIBLE,
    reason: SCIM_COMPLIANCE_404_MESSAGE,
    trigger: { kind: 'compliance', jobErrorCode: SCIM_SERVICE_INCOMPATIBLE },
  },
  // Only filters answer 404: the resource read by id is still there.
  { pathology: 'status-404-on-filter', purpose: 'read', code: null, check: noTransportError },
  // Output neutralisation: the first create is answered by a 400 whose text/plain body holds raw escape bytes.
  { pathology: 'hostile-text', purpose: 'create', code: SCIM_SERVICE_INCOMPATIBLE },
  { pathology: 'hostile-text', purpose: 'probe', code: null, check: noTransportError },
  // Bounds: a 20,000-item page parses (hostile-bounds.test.ts runs a million); the probe judges it
  // later (Test Connection wants an empty list). A body 100,000 levels deep is kept as text.
  {
    pathology: 'huge-list',
    purpose: 'probe',
    code: null,
    check: ({ exchange }) => {
      expect(exchange.error).toBeUndefined();
      expect((exchange.response?.body as { Resources: unknown[] }).Resources).toHaveLength(20_000);
    },
  },
  ...(['probe', 'create', 'read'] as const).map(
    (purpose): Row => ({
      pathology: 'deep-json',
      purpose,
      ...UNPARSEABLE,
      details: /^response body nests 100,000 levels, more than the limit of 64/,
      check: ({ exchange }) => {
        expect(exchange.response?.body).toBeUndefined();
        expect(exchange.response?.nesting).toEqual({ depth: 100_000, limit: 64 });
      },
    }),
  ),
  {
    pathology: 'refused',
    purpose: 'probe',
    code: 'WebExceptionProtocolError',
    reason: /connection refused/,
    trigger: PROBE_UNREACHABLE,
    check: errorKind('connection'),
  },
  {
    pathology: 'refused',
    purpose: 'create',
    code: 'WebExceptionProtocolError',
    reason: /connection refused/,
    check: errorKind('connection'),
  },
  // Availability and resource addressing: headers that never end time out; an unusable id is still a 201 on the wire.
  ...(['probe', 'read'] as const).map(
    (purpose): Row => ({
      pathology: 'trickle-headers',
      purpose,
      code: 'Timeout',
      check: (context) => {
        errorKind('timeout')(context);
        expect(context.exchange.error?.message).toMatch(/no response headers received/);
      },
    }),
  ),
  {
    pathology: 'dot-id',
    purpose: 'create',
    code: null,
    check: ({ exchange }) => expect((exchange.response?.body as { id?: unknown } | undefined)?.id).toBe(DOT_IDS[0]),
  },
];

describe('target client against a hostile server', () => {
  let cleanups: (() => Promise<void>)[] = [];

  afterEach(async () => {
    await Promise.all(cleanups.map((cleanup) => cleanup()));
    cleanups = [];
  });

  const start = async (options: HostileServerOptions): Promise<HostileServer> => {
    const server = await startHostileServer({ seed: [{ resourceType: 'User', id: SEEDED_ID, userName: SEEDED_USER_NAME }], ...options });
    cleanups.push(() => server.close());
    return server;
  };

  it('has a row for every pathology and for a refused connection', () => {
    expect(new Set(ROWS.map((row) => row.pathology))).toEqual(new Set<string>([...PATHOLOGIES, 'none', 'refused']));
  });

  const title = (row: Row): string => `${row.pathology}${row.variant ? ` (${row.variant})` : ''} on a ${row.purpose}`;

  it.each(ROWS.map((row) => [title(row), row.code ?? 'success (null)', row] as const))(
    '%s is classified %s',
    async (_name, _code, row) => {
      let server: HostileServer | undefined;
      let elsewhere: HostileServer | undefined;
      let baseUrl: string;
      if (row.pathology === 'refused') {
        baseUrl = await refusedUrl();
      } else {
        if (row.pathology === 'redirect-cross-origin') {
          elsewhere = await start({ pathology: 'none' });
        }
        server = await start({
          pathology: row.pathology,
          ...(elsewhere ? { redirectTo: elsewhere.origin } : {}),
          ...row.options,
        });
        baseUrl = server.baseUrl;
      }
      const client: HttpTargetClient = createTargetClient({
        baseUrl,
        auth: { kind: 'bearer', token: TOKEN },
        timeoutMs: TIMEOUT_MS,
        ...row.client,
      });
      cleanups.push(() => client.close());

      const exchange = await client.send(REQUESTS[row.purpose]);
      const classification = classifyExchange(exchange, { purpose: row.purpose, objectType: 'User' });

      expect(exchange.response !== undefined || exchange.error !== undefined).toBe(true);
      expect(exchange.durationMs).toBeLessThan((row.client?.timeoutMs ?? TIMEOUT_MS) + MARGIN_MS);
      if (row.code === null) {
        expect(classification).toBeNull();
      } else {
        expect(classification?.errorCode).toBe(row.code);
        if (typeof row.reason === 'string') {
          expect(classification?.reason).toBe(row.reason);
        } else if (row.reason) {
          expect(classification?.reason).toMatch(row.reason);
        }
        if (row.details) {
          expect(classification?.additionalDetails).toMatch(row.details);
        }
        expect(classification?.quarantineTrigger).toEqual(row.trigger ? expect.objectContaining(row.trigger) : undefined);
      }
      row.check?.({ exchange, classification, server, elsewhere });
      // The bearer token is a secret: no record of a hostile exchange may carry it (DESIGN, redaction).
      expect(JSON.stringify(exchange)).not.toContain(TOKEN);
    },
    15_000,
  );
});
