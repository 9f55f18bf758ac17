import { type RunEvent } from '../../../harness/contract/run-events';
import { type RunSink } from '../../../harness/log/run-sink';
import { RunRecorder, type ExchangeContext } from '../../../harness/runner/run-recorder';
import { type Exchange } from '../../../harness/contract/exchange';
import { createRedactor, REDACTED } from '../../../harness/target/redact';
import { createRecordingClient, RecordingClient } from '../../../harness/target/recording-client';
import { type ExchangePurpose, type ScimRequest, type TargetClient } from '../../../harness/contract/target-client';
import { type RunningServer, startHttpServer } from './local-servers';

const PLANTED = 'planted-token-5f3a9c1e77';
const BASE = 'http://127.0.0.1:9/scim/v2';

/**
 * An inner client that does not redact at all: whatever the recording client records is only
 * clean because the recording client checked it. It echoes the planted token in a request header,
 * the URL, a response header and a transport error.
 */
function leakyClient(): TargetClient & { readonly sent: ScimRequest[] } {
  const sent: ScimRequest[] = [];
  let n = 0;
  return {
    baseUrl: BASE,
    sent,
    send(request: ScimRequest): Promise<Exchange> {
      sent.push(request);
      n += 1;
      return Promise.resolve({
        id: `leak-${n}`,
        startedAt: '2026-01-01T00:00:00.000Z',
        durationMs: 1,
        request: {
          method: request.method,
          url: `${BASE}${request.path}?token=${PLANTED}`,
          headers: { authorization: `Bearer ${PLANTED}`, 'x-custom': PLANTED, accept: 'application/scim+json', ...request.headers },
        },
        response: { status: 200, headers: { 'x-echo': PLANTED, 'content-type': 'application/scim+json' }, text: '', bytes: 2, body: {} },
        error: { kind: 'protocol', message: `trailing garbage after ${PLANTED}` },
      });
    },
    close: () => Promise.resolve(),
  };
}

function recordingSink(): RunSink & { readonly appended: RunEvent[] } {
  const appended: RunEvent[] = [];
  return { filePath: 'run.ndjson', count: 0, append: (event) => appended.push(event), lastHash: () => '', close: () => undefined, appended };
}

interface Recorded {
  readonly purpose: ExchangePurpose;
  readonly exchange: Exchange;
  readonly scenarioId?: string;
}

function observerLog(): { recorded: Recorded[]; exchange(purpose: ExchangePurpose, exchange: Exchange, scenarioId?: string): void } {
  const recorded: Recorded[] = [];
  return { recorded, exchange: (purpose, exchange, scenarioId) => recorded.push({ purpose, exchange, scenarioId }) };
}

const redactor = createRedactor(() => [PLANTED]);

describe('RecordingClient', () => {
  it('records every exchange it performs exactly once, with its purpose and scenario, and returns what it recorded', async () => {
    const observer = observerLog();
    const client = new RecordingClient(leakyClient(), { observer, redactor });
    const seed = await client.forPurpose('scenario-seed', 'create-user@entra').send({ method: 'POST', path: '/Users', body: { userName: 'a' } });
    const read = client.forPurpose('scenario-read', 'create-user@entra');
    const first = await read.send({ method: 'GET', path: '/Users/1' });
    const second = await read.send({ method: 'GET', path: '/Users/2' });
    const cleanup = await client.forPurpose('cleanup').send({ method: 'DELETE', path: '/Users/1' });

    expect(observer.recorded.map(({ purpose, exchange, scenarioId }) => [purpose, exchange.id, scenarioId])).toEqual([
      ['scenario-seed', 'leak-1', 'create-user@entra'],
      ['scenario-read', 'leak-2', 'create-user@entra'],
      ['scenario-read', 'leak-3', 'create-user@entra'],
      ['cleanup', 'leak-4', undefined],
    ]);
    // The caller holds the very record the log holds.
    expect(observer.recorded.map((r) => r.exchange)).toEqual([seed, first, second, cleanup]);
    expect(observer.recorded[0].exchange).toBe(seed);
  });

  it("hands an entry's exchanges to the entry only: the finished entry records them, nothing is recorded twice", async () => {
    const observer = observerLog();
    const entry: Exchange[] = [];
    const client = new RecordingClient(leakyClient(), { observer, redactor });
    const sender = client.forEntry({ exchange: (exchange) => entry.push(exchange) });
    const created = await sender.send({ method: 'POST', path: '/Users', body: {} });
    const patched = await sender.send({ method: 'PATCH', path: '/Users/1', body: {} });
    expect(entry).toEqual([created, patched]);
    expect(observer.recorded).toEqual([]);
  });

  it('never lets a planted token reach the recorded exchange, even from a client that did not redact', async () => {
    const observer = observerLog();
    const entry: Exchange[] = [];
    const client = new RecordingClient(leakyClient(), { observer, redactor });
    const returned = await client.forPurpose('scenario-request:raw').send({ method: 'GET', path: '/Users', headers: { 'x-planted': PLANTED } });
    await client.forEntry({ exchange: (exchange) => entry.push(exchange) }).send({ method: 'GET', path: '/Users', headers: { 'x-planted': PLANTED } });

    const recorded = [observer.recorded[0].exchange, entry[0]];
    for (const exchange of recorded) {
      expect(JSON.stringify(exchange)).not.toContain(PLANTED);
      expect(exchange.request.headers['x-planted']).toBe(REDACTED);
      expect(exchange.request.headers.authorization).toBe(`Bearer ${REDACTED}`);
      expect(exchange.request.headers.accept).toBe('application/scim+json');
    }
    expect(JSON.stringify(returned)).not.toContain(PLANTED);
  });

  it('leaves a clean record untouched: the recorded exchange is the object the client returned', async () => {
    const clean: Exchange = {
      id: 'x-clean',
      startedAt: '2026-01-01T00:00:00.000Z',
      durationMs: 1,
      request: { method: 'GET', url: `${BASE}/Users`, headers: { authorization: REDACTED } },
      response: { status: 200, headers: { 'content-type': 'application/scim+json' }, text: '', bytes: 2, body: {} },
    };
    const inner: TargetClient = { baseUrl: BASE, send: () => Promise.resolve(clean), close: () => Promise.resolve() };
    const observer = observerLog();
    const returned = await new RecordingClient(inner, { observer, redactor }).forPurpose('test-connection').send({ method: 'GET', path: '/Users' });
    expect(returned).toBe(clean);
    expect(observer.recorded[0].exchange).toBe(clean);
  });

  it('still returns the response when the observer throws, and reports the recording failure', async () => {
    const failures: { error: unknown; id: string }[] = [];
    const client = new RecordingClient(leakyClient(), {
      observer: {
        exchange: () => {
          throw new Error('disk full');
        },
      },
      redactor,
      onRecordingError: (error, exchange) => failures.push({ error, id: exchange.id }),
    });
    const exchange = await client.forPurpose('cleanup').send({ method: 'DELETE', path: '/Users/1' });
    expect(exchange.response?.status).toBe(200);
    expect(failures).toEqual([{ error: new Error('disk full'), id: exchange.id }]);
  });

  it('inspects Test Connection, Entra\'s own traffic, like an entry\'s requests; the harness\'s own purposes are sent as asked', async () => {
    const observer = observerLog();
    const client = new RecordingClient(leakyClient(), { observer, redactor });
    const inspected: string[] = [];
    client.useDiagnoser({
      adapt: (request) => ({ request }),
      inspect: (request, exchange) => {
        inspected.push(request.path);
        return Promise.resolve({ ...exchange, cause: 'matching/filter-no-match-404' });
      },
    });
    const probe = await client.forPurpose('test-connection').send({ method: 'GET', path: '/Users', query: { filter: 'userName eq "x"' } });
    const read = await client.forPurpose('scenario-read', 'users/x@entra').send({ method: 'GET', path: '/Users/1' });
    expect(inspected).toEqual(['/Users']);
    expect(probe.cause).toBe('matching/filter-no-match-404');
    expect(read.cause).toBeUndefined();
    expect(observer.recorded.map(({ purpose, exchange }) => [purpose, exchange.cause])).toEqual([
      ['test-connection', 'matching/filter-no-match-404'],
      ['scenario-read', undefined],
    ]);
  });

  it('hands each exchange to the run recorder, which writes it once and passes it on to the checks', async () => {
    const sink = recordingSink();
    const recorder = new RunRecorder(sink, { name: 'none' });
    const checked: { exchange: Exchange; context: ExchangeContext }[] = [];
    recorder.onExchange((exchange, context) => checked.push({ exchange, context }));
    const client = new RecordingClient(leakyClient(), { observer: recorder, redactor });
    const exchange = await client.forPurpose('scenario-request:probe', 'scim-basics@entra').send({ method: 'GET', path: '/Users' });

    expect(sink.appended).toEqual([{ type: 'exchange', purpose: 'scenario-request:probe', scenarioId: 'scim-basics@entra', exchange }]);
    expect(checked).toEqual([{ exchange, context: { purpose: 'scenario-request:probe', scenarioId: 'scim-basics@entra' } }]);
    expect(recorder.stats().requests).toBe(1);
  });
});

describe('createRecordingClient', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("records the client's own OAuth token request as an oauth-token exchange, before onTokenIssued hears of it", async () => {
    server = await startHttpServer((req, res) => {
      if (req.url === '/token') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ access_token: 'issued-access-token-0123456789', token_type: 'Bearer', expires_in: 3600 }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/scim+json' });
      res.end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] }));
    });
    const order: string[] = [];
    const observer = {
      recorded: [] as Recorded[],
      exchange(purpose: ExchangePurpose, exchange: Exchange, scenarioId?: string) {
        order.push(`recorded ${purpose}`);
        this.recorded.push({ purpose, exchange, scenarioId });
      },
    };
    const client = createRecordingClient(
      {
        baseUrl: `${server.origin}/scim/v2`,
        auth: { kind: 'oauth2', tokenUrl: `${server.origin}/token`, clientId: 'harness', clientSecret: 'client-secret-abcdef' },
        onTokenIssued: () => order.push('token issued'),
      },
      { observer },
    );
    try {
      const exchange = await client.forPurpose('test-connection').send({ method: 'GET', path: '/Users' });
      expect(observer.recorded.map((r) => r.purpose)).toEqual(['oauth-token', 'test-connection']);
      expect(observer.recorded[1].exchange).toBe(exchange);
      expect(order).toEqual(['recorded oauth-token', 'token issued', 'recorded test-connection']);
      const text = JSON.stringify(observer.recorded);
      expect(text).not.toContain('issued-access-token-0123456789');
      expect(text).not.toContain('client-secret-abcdef');
    } finally {
      await client.close();
    }
  });
});
