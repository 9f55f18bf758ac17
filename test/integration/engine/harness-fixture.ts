/**
 * Shared fixture for engine tests: a ProvisioningJob wired to a real HTTP target (the bundled
 * server or a stub), with an EngineEvents that keeps everything the engine emits in arrays.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { startScimServer, type RunningScimServer, type StartScimServerOptions } from '../../../examples/scim-server';
import { type EngineEvents } from '../../../harness/engine/engine-events';
import { type JobIdentity } from '../../../harness/engine/entry-builder';
import { ProvisioningJob, type ProvisioningJobOptions } from '../../../harness/engine/provisioning-job';
import { VirtualClock } from '../../../harness/engine/virtual-clock';
import { type QuarantinePolicy } from '../../../harness/engine/quarantine/quarantine-rules';
import { type LogEntry } from '../../../harness/contract/log-entry';
import { type CycleEndEvent, type CycleStartEvent } from '../../../harness/contract/run-events';
import { defaultMappingSet } from '../../../harness/mapping/default-mapping';
import { type Dialect, type MappingSet } from '../../../harness/mapping/mapping-types';
import { clientProfile } from '../../../harness/profiles/registry';
import { generateDirectory } from '../../../harness/source/generate-directory';
import { SourceDirectory } from '../../../harness/source/source-directory';
import { type Exchange } from '../../../harness/contract/exchange';
import { createTargetClient, type HttpTargetClient } from '../../../harness/target/http-target-client';
import { RecordingClient } from '../../../harness/target/recording-client';
import { type TargetClient } from '../../../harness/contract/target-client';

export const TOKEN = 'engine-test-token';

export const TEST_IDENTITY: JobIdentity = Object.freeze({
  jobId: 'scim.0000000000000000000000000000test.6ea11543-0000-4000-8000-000000000001',
  tenantId: '00000000-0000-4000-8000-0000000000aa',
  servicePrincipalId: '00000000-0000-4000-8000-0000000000bb',
  applicationId: '00000000-0000-4000-8000-0000000000cc',
  applicationName: 'Engine Test App',
});

/** Virtual time starts here in every test, so escrow dates are predictable. */
export const CLOCK_START = new Date('2026-01-05T08:00:00.000Z');

export interface CollectedEvents extends EngineEvents {
  readonly entries: LogEntry[];
  /** Exchanges outside any entry, as the job's recording client records them. */
  readonly exchanges: { purpose: string; exchange: Exchange }[];
  exchange(purpose: string, exchange: Exchange): void;
  readonly cycleStarts: CycleStartEvent[];
  readonly cycleEnds: CycleEndEvent[];
  readonly notices: { level: string; message: string }[];
}

export function collectEvents(): CollectedEvents {
  const entries: LogEntry[] = [];
  const exchanges: { purpose: string; exchange: Exchange }[] = [];
  const cycleStarts: CycleStartEvent[] = [];
  const cycleEnds: CycleEndEvent[] = [];
  const notices: { level: string; message: string }[] = [];
  return {
    entries,
    exchanges,
    cycleStarts,
    cycleEnds,
    notices,
    entry: (entry) => entries.push(entry),
    exchange: (purpose, exchange) => exchanges.push({ purpose, exchange }),
    cycleStart: (event) => cycleStarts.push(event),
    cycleEnd: (event) => cycleEnds.push(event),
    notice: (level, message) => notices.push({ level, message }),
  };
}

export interface JobFixture {
  readonly job: ProvisioningJob;
  readonly events: CollectedEvents;
  readonly client: HttpTargetClient;
  readonly directory: SourceDirectory;
  readonly clock: VirtualClock;
}

export interface JobFixtureOptions {
  readonly baseUrl: string;
  readonly directory: SourceDirectory;
  readonly token?: string | null;
  readonly dialect?: Dialect;
  readonly mapping?: MappingSet;
  readonly policy?: QuarantinePolicy;
  readonly concurrency?: number;
  readonly allowDeletes?: boolean;
  readonly timeoutMs?: number;
  readonly maxResponseBytes?: number;
  readonly maxThrottleRetries?: number;
  readonly signal?: AbortSignal;
  /** Stands between the job and the HTTP client, e.g. to make the client fail internally. */
  readonly wrapClient?: (client: TargetClient) => TargetClient;
}

/** A job against `baseUrl`; close `fixture.client` when done (closeFixtures does it). */
export function createJobFixture(options: JobFixtureOptions): JobFixture {
  const token = options.token === undefined ? TOKEN : options.token;
  const client = createTargetClient({
    baseUrl: options.baseUrl,
    auth: token === null ? { kind: 'none' } : { kind: 'bearer', token },
    timeoutMs: options.timeoutMs,
    maxResponseBytes: options.maxResponseBytes,
    maxThrottleRetries: options.maxThrottleRetries,
    // Throttled retries wait out Retry-After for real otherwise; the tests are about the outcome.
    sleep: () => Promise.resolve(),
  });
  const events = collectEvents();
  const clock = new VirtualClock({ start: CLOCK_START });
  const jobOptions: ProvisioningJobOptions = {
    client: new RecordingClient(options.wrapClient ? options.wrapClient(client) : client, { observer: events, redactor: client.redactor }),
    directory: options.directory,
    mapping: options.mapping ?? defaultMappingSet(),
    profile: clientProfile(options.dialect ?? 'entra'),
    identity: TEST_IDENTITY,
    events,
    clock,
    concurrency: options.concurrency ?? 8,
    allowDeletes: options.allowDeletes,
    policy: options.policy,
    signal: options.signal,
  };
  return { job: new ProvisioningJob(jobOptions), events, client, directory: options.directory, clock };
}

export function generatedDirectory(seed: number, users: number, groups?: number): SourceDirectory {
  return SourceDirectory.fromData(generateDirectory({ seed, users, groups, withManagers: true }), { seed });
}

export function startTarget(options: StartScimServerOptions = {}): Promise<RunningScimServer> {
  return startScimServer({ token: TOKEN, recordRequests: true, seed: 7, ...options });
}

export function entriesOfCycle(events: CollectedEvents, cycleNumber: number): LogEntry[] {
  return events.entries.filter((entry) => entry.harness.cycleNumber === cycleNumber);
}

export function statusOf(entry: LogEntry): string {
  return entry.provisioningStatusInfo.status;
}

export function errorCodeOf(entry: LogEntry): string | undefined {
  return entry.provisioningStatusInfo.errorInformation?.errorCode;
}

export function describeEntry(entry: LogEntry): string {
  const error = entry.provisioningStatusInfo.errorInformation;
  return `${entry.sourceIdentity.identityType} ${entry.sourceIdentity.displayName}: ${entry.provisioningAction}/${entry.harness.operation} ${statusOf(entry)}${error ? ` ${error.errorCode}: ${error.reason.slice(0, 300)}` : ''}`;
}

/** A stub SCIM-ish server for one behaviour: the handler answers every request. */
export interface StubServer {
  readonly baseUrl: string;
  readonly requests: { method: string; url: string; body: string }[];
  close(): Promise<void>;
}

export type StubHandler = (request: { method: string; url: URL; body: string }, response: ServerResponse) => void;

export async function startStub(handler: StubHandler): Promise<StubServer> {
  const requests: { method: string; url: string; body: string }[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      requests.push({ method: req.method ?? 'GET', url: url.pathname + url.search, body });
      handler({ method: req.method ?? 'GET', url, body }, res);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/scim/v2`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export function sendJson(response: ServerResponse, status: number, body: unknown, contentType = 'application/scim+json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

export const EMPTY_LIST = { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, itemsPerPage: 0, startIndex: 1, Resources: [] };

export function scimErrorBody(status: number, detail: string, scimType?: string): Record<string, unknown> {
  return { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status), detail, ...(scimType ? { scimType } : {}) };
}
