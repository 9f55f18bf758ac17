/**
 * Every row of ERROR_CODE_TABLE, produced end to end: a real target (the bundled server with a
 * fault switch, or a stub answering one status) or a source directory behaving that way, a real
 * provisioning cycle, and the code found in the provisioning log or the test-connection result
 * (docs/entra-behaviour.md#error-codes, docs/entra-behaviour.md#status-to-error-code, docs/entra-behaviour.md#reason-text). A table row without a case here fails.
 */
import { type ServerResponse } from 'node:http';
import { type FaultSwitches } from '../../../examples/scim-server';
import { type ProvisioningJob } from '../../../harness/engine/provisioning-job';
import { createQuarantinePolicy } from '../../../harness/engine/quarantine/quarantine-rules';
import { dotNetStatusName, ERROR_CODE_TABLE, type ErrorCodeRow, type ErrorRowId, type QuarantineTrigger } from '../../../harness/engine/entra-errors';
import { type LogEntry, type ProvisioningErrorInfo } from '../../../harness/contract/log-entry';
import { defaultMappingSet } from '../../../harness/mapping/default-mapping';
import { type MappingSet } from '../../../harness/mapping/mapping-types';
import { generateDirectory } from '../../../harness/source/generate-directory';
import { SourceDirectory } from '../../../harness/source/source-directory';
import { type SourceDirectoryData, type SourceUser } from '../../../harness/source/source-types';
import { type Exchange } from '../../../harness/contract/exchange';
import { type TargetClient } from '../../../harness/contract/target-client';
import {
  createJobFixture,
  describeEntry,
  EMPTY_LIST,
  type JobFixture,
  type JobFixtureOptions,
  scimErrorBody,
  sendJson,
  startStub,
  type StubHandler,
  startTarget,
  TOKEN,
} from './harness-fixture';

/** One place the engine reported an error: a log entry, or the test-connection probe that stopped a cycle. */
interface Observation {
  readonly where: 'entry' | 'probe';
  readonly info: ProvisioningErrorInfo;
  /** The exchange that failed (the last one recorded for it). */
  readonly exchange?: Exchange;
  readonly entry?: LogEntry;
  readonly trigger?: QuarantineTrigger;
}

interface Produced {
  readonly observations: readonly Observation[];
  readonly job: ProvisioningJob;
}

interface RowCase {
  readonly name: string;
  readonly produce: () => Promise<Produced>;
  /** The HTTP status the target answered: the reason must carry "StatusCode: <.NET name>" and the body. */
  readonly status?: number;
  /** The reason's status line is in additionalDetails instead (the 404-on-filter compliance text replaces it). */
  readonly statusInDetails?: boolean;
  readonly check?: (observation: Observation, produced: Produced) => void;
}

function observe(fixture: JobFixture): Observation[] {
  const observations: Observation[] = [];
  for (const entry of fixture.events.entries) {
    const info = entry.provisioningStatusInfo.errorInformation;
    if (info) observations.push({ where: 'entry', info, entry, exchange: entry.harness.exchanges.at(-1) });
  }
  for (const report of fixture.job.reports) {
    const failure = report.probe.failure;
    if (failure) observations.push({ where: 'probe', info: failure, exchange: report.probe.exchanges.at(-1), trigger: failure.quarantineTrigger });
  }
  return observations;
}

interface RunOptions extends Partial<Omit<JobFixtureOptions, 'baseUrl' | 'directory'>> {
  readonly cycles?: number;
  /** Between cycles: change the source or the target behind the engine's back. */
  readonly between?: (fixture: JobFixture) => Promise<void> | void;
}

async function runCycles(baseUrl: string, directory: SourceDirectory, options: RunOptions = {}): Promise<Produced> {
  const fixture = createJobFixture({ baseUrl, directory, ...options });
  try {
    for (let cycle = 0; cycle < (options.cycles ?? 1); cycle += 1) {
      if (cycle > 0) await options.between?.(fixture);
      await fixture.job.runCycle();
    }
    return { observations: observe(fixture), job: fixture.job };
  } finally {
    await fixture.client.close();
  }
}

function oneUserDirectory(seed = 5, users = 1): SourceDirectory {
  return SourceDirectory.fromData(generateDirectory({ seed, users, groups: 0, withManagers: false }));
}

/** A stub that answers every filter with an empty ListResponse and every other request with `fail`. */
function failingWrites(fail: (response: ServerResponse) => void): StubHandler {
  return ({ method, url }, response) => {
    if (method === 'GET' && url.searchParams.has('filter')) sendJson(response, 200, EMPTY_LIST);
    else fail(response);
  };
}

async function againstStub(handler: StubHandler, options: RunOptions = {}, directory = oneUserDirectory()): Promise<Produced> {
  const stub = await startStub(handler);
  try {
    return await runCycles(stub.baseUrl, directory, { token: 'stub-token', ...options });
  } finally {
    await stub.close();
  }
}

/** The create answers `status` with a SCIM error body. */
function createAnswers(status: number, detail: string, scimType?: string): RowCase['produce'] {
  return () => againstStub(failingWrites((response) => sendJson(response, status, scimErrorBody(status, detail, scimType))));
}

async function againstBundled(
  faults: Partial<FaultSwitches>,
  directory: SourceDirectory,
  options: RunOptions & { prepare?: (server: Awaited<ReturnType<typeof startTarget>>) => Promise<void> | void } = {},
): Promise<Produced> {
  const server = await startTarget({ faults, recordRequests: false });
  try {
    await options.prepare?.(server);
    return await runCycles(server.baseUrl, directory, options);
  } finally {
    await server.close();
  }
}

async function postUser(baseUrl: string, userName: string): Promise<void> {
  const response = await fetch(`${baseUrl}/Users`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/scim+json' },
    body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName }),
  });
  if (response.status !== 201) throw new Error(`seeding ${userName} answered ${response.status}`);
}

function withUsers(users: readonly SourceUser[], extra: Partial<SourceDirectoryData> = {}): SourceDirectory {
  return SourceDirectory.fromData({ users, groups: [], ...extra });
}

const base = oneUserDirectory(9, 3).users();

/** What `recordingCreates` saw: every filter, and the userName of every created user. */
const filters: string[] = [];
const created: string[] = [];

/** A stub that answers filters with no hit and creates users, recording both. */
const recordingCreates: StubHandler = ({ method, url, body }, response) => {
  const filter = url.searchParams.get('filter');
  if (method === 'GET' && filter !== null) {
    filters.push(filter);
    sendJson(response, 200, EMPTY_LIST);
  } else if (method === 'POST' && url.pathname.endsWith('/Users')) {
    const user = JSON.parse(body) as { userName: string };
    created.push(user.userName);
    sendJson(response, 201, { ...user, id: `id-${created.length}`, meta: { resourceType: 'User' } });
  } else sendJson(response, 200, EMPTY_LIST);
};

/** The shape of Entra's captured reason for a 409: status line, the web response, the first retry note. */
function expectCapturedConflictReason(observation: Observation, method: 'POST' | 'PATCH'): void {
  expect(observation.exchange?.request.method).toBe(method);
  const reason = observation.info.reason;
  expect(reason.startsWith('StatusCode: Conflict\r\n')).toBe(true);
  expect(reason).toMatch(/\r\nWeb Response: \r\n\{.*"status":"409".*\}/);
  expect(reason).toMatch(/\. This operation was retried 0 times\. It will be retried again after this date: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z UTC$/);
  expect(observation.info.additionalDetails).toContain("Entra's match query");
}

const CASES: Partial<Record<ErrorRowId, readonly RowCase[]>> = {
  'http-400': [{ name: '400 with a SCIM error', status: 400, produce: createAnswers(400, 'Attribute nickName has an unsupported format', 'invalidValue') }],
  'http-400-invalid-path': [{ name: '400 scimType invalidPath', status: 400, produce: createAnswers(400, 'Attribute title is not supported', 'invalidPath') }],
  'http-400-required': [{ name: '400 "is required"', status: 400, produce: createAnswers(400, 'Attribute employeeType is required', 'invalidValue') }],
  'http-400-domain': [{ name: '400 naming a domain', status: 400, produce: createAnswers(400, 'The domain example.com is not accepted by this tenant', 'invalidValue') }],
  'http-401': [
    {
      name: 'reject-token: every request answers 401',
      status: 401,
      produce: () => againstBundled({ rejectToken: true }, oneUserDirectory()),
      check: (observation) => expect(observation.trigger?.jobErrorCode).toBe('SystemForCrossDomainIdentityManagementCredentialValidationFailure'),
    },
  ],
  'http-license': [
    { name: '402 Payment Required', status: 402, produce: createAnswers(402, 'Seat limit reached') },
    { name: '403 naming a licence', status: 403, produce: createAnswers(403, 'No licenses left for new users') },
  ],
  'http-403': [{ name: '403 Forbidden', status: 403, produce: createAnswers(403, 'This client may not create users') }],
  'http-404-filter': [
    {
      name: 'filter-404: an empty filter answers 404',
      status: 404,
      statusInDetails: true,
      produce: () => againstBundled({ filter404: true }, oneUserDirectory()),
      check: (observation) => {
        expect(observation.info.reason).toContain('An HTTP/404 Not Found response was returned rather than the expected HTTP/200 OK response');
        expect(observation.trigger?.kind).toBe('compliance');
      },
    },
  ],
  'http-404-anchor': [
    {
      name: 'a provisioned user deleted behind the engine\'s back, then changed in the source',
      status: 404,
      produce: async () => {
        const directory = oneUserDirectory(11, 2);
        const [victim] = directory.users();
        let baseUrl = '';
        return againstBundled({}, directory, {
          cycles: 2,
          prepare: (server) => {
            baseUrl = server.baseUrl;
          },
          between: async (fixture) => {
            const targetId = fixture.job.anchors.get(victim.objectId)?.targetId ?? '';
            const deleted = await fetch(`${baseUrl}/Users/${targetId}`, { method: 'DELETE', headers: { Authorization: `Bearer ${TOKEN}` } });
            expect(deleted.status).toBe(204);
            directory.updateUser(victim.objectId, { jobTitle: 'Changed after the delete' });
          },
        });
      },
      check: (observation) => expect(observation.entry?.harness.cycleNumber).toBe(1),
    },
  ],
  'http-405': [{ name: '405 Method Not Allowed', status: 405, produce: createAnswers(405, 'POST is not allowed here') }],
  // Captured reasons for a 409 (docs/entra-behaviour.md#reason-text): "StatusCode: Conflict … Web Response:
  // {…"status":"409"…}. This operation was retried 0 times. It will be retried again after this date: …Z UTC".
  'http-409': [
    {
      name: '409 uniqueness to the create POST',
      status: 409,
      produce: createAnswers(409, 'userName is already taken', 'uniqueness'),
      check: (observation) => expectCapturedConflictReason(observation, 'POST'),
    },
    {
      name: '409 to the disable PATCH of a provisioned user',
      status: 409,
      produce: async () => {
        const directory = oneUserDirectory(17, 1);
        const [user] = directory.users();
        return againstStub(
          ({ method, url }, response) => {
            if (method === 'GET' && url.searchParams.has('filter')) sendJson(response, 200, EMPTY_LIST);
            else if (method === 'POST') sendJson(response, 201, { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'tgt-409', userName: user.userPrincipalName, active: true });
            else if (method === 'GET') sendJson(response, 200, { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'tgt-409', userName: user.userPrincipalName, active: true });
            else sendJson(response, 409, scimErrorBody(409, 'User must be Active'));
          },
          { cycles: 2, between: () => void directory.blockSignIn(user.objectId) },
          directory,
        );
      },
      check: (observation) => {
        expect(observation.entry?.harness.cycleNumber).toBe(1);
        expect(observation.exchange?.request.url).toMatch(/\/Users\/tgt-409$/);
        expect(JSON.stringify(observation.exchange?.request.body)).toContain('"path":"active"');
        expectCapturedConflictReason(observation, 'PATCH');
      },
    },
  ],
  'http-412': [{ name: '412 Precondition Failed', status: 412, produce: createAnswers(412, 'If-Match is required') }],
  'http-422': [{ name: '422 Unprocessable Entity', status: 422, produce: createAnswers(422, 'The user cannot be processed') }],
  'http-429': [
    {
      name: 'throttle: every request answers 429, still after the client\'s retries',
      status: 429,
      produce: () => againstBundled({ throttleEvery: 1, retryAfterSeconds: 0 }, oneUserDirectory()),
      check: (observation) => expect(observation.exchange?.previousAttempts?.length).toBe(2),
    },
  ],
  'http-500': [{ name: 'fail-rate: half of all requests answer 500', status: 500, produce: () => againstBundled({ failRate: 0.5 }, oneUserDirectory(13, 10)) }],
  'http-501': [{ name: '501 Not Implemented', status: 501, produce: createAnswers(501, 'Creating users is not implemented') }],
  'http-gateway': [502, 503, 504].map((status) => ({ name: `${status}`, status, produce: createAnswers(status, `Upstream answered ${status}`) })),
  'http-other': [{ name: '410 Gone', status: 410, produce: createAnswers(410, 'This endpoint is gone') }],
  'http-other-5xx': [{ name: '507 Insufficient Storage', status: 507, produce: createAnswers(507, 'The store is full') }],
  'transport-timeout': [
    {
      name: 'slow target and a short timeout',
      produce: () => againstBundled({ slowMs: 400 }, oneUserDirectory(), { timeoutMs: 100 }),
      check: (observation) => expect(observation.info.reason).toContain('WebExceptionStatus: Timeout'),
    },
  ],
  'transport-connection': [
    {
      name: 'the target resets the connection on create',
      produce: () => againstStub(failingWrites((response) => response.socket?.destroy())),
      check: (observation) => {
        expect(observation.where).toBe('entry');
        expect(observation.info.reason).toContain('WebExceptionStatus: ConnectFailure');
      },
    },
  ],
  'transport-connection-probe': [
    {
      name: 'connection refused',
      produce: async () => {
        const stub = await startStub((_request, response) => sendJson(response, 200, EMPTY_LIST));
        await stub.close();
        return runCycles(stub.baseUrl, oneUserDirectory());
      },
      check: (observation) => {
        expect(observation.where).toBe('probe');
        expect(observation.info.reason).toContain('connection refused');
        expect(observation.trigger?.jobErrorCode).toBe('CredentialValidationUnavailable');
      },
    },
  ],
  'transport-too-large': [
    {
      name: 'a create response over the size cap',
      produce: () => againstStub(failingWrites((response) => sendJson(response, 201, { id: 'big', padding: 'x'.repeat(20_000) })), { maxResponseBytes: 2048 }),
      check: (observation) => expect(observation.info.reason).toContain('MessageLengthLimitExceeded'),
    },
  ],
  'response-unparseable': [
    {
      name: 'a create answered with HTML',
      produce: () => againstStub(failingWrites((response) => sendJson(response, 201, '<html><body>Created!</body></html>', 'text/html'))),
      check: (observation) => {
        expect(observation.info.reason).toContain('We are not able to deserialize the resource received from your SCIM endpoint');
        expect(observation.info.reason).toContain('<html><body>Created!</body></html>');
      },
    },
  ],
  'response-wrong-shape': [
    {
      name: 'a create answered with manager as a plain string',
      produce: () =>
        againstStub(
          failingWrites((response) =>
            sendJson(response, 201, {
              schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
              id: 'created-1',
              userName: 'manager-as-string',
              active: true,
              'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { manager: 'some-manager-id' },
            }),
          ),
        ),
      check: (observation) => {
        expect(observation.where).toBe('entry');
        expect(observation.entry?.provisioningStatusInfo.status).toBe('failure');
        expect(observation.info.reason).toContain('We are not able to deserialize the resource received from your SCIM endpoint');
        expect(observation.info.reason).toContain('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager is a string where Entra expects a complex object');
      },
    },
  ],
  'create-missing-id': [
    {
      name: 'a create answered 201 without an id',
      produce: () => againstStub(failingWrites((response) => sendJson(response, 201, { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'no-id' }))),
      check: (observation) => expect(observation.info.reason).toContain('holds no id'),
    },
  ],
  'filter-not-list-response': [
    {
      name: 'a matching filter answered without totalResults',
      produce: () =>
        againstStub(({ url }, response) => {
          const filter = url.searchParams.get('filter') ?? '';
          // The probe's random GUID gets a proper answer, so the failure lands on the user's matching step.
          if (/"[0-9a-f-]{36}"$/.test(filter)) sendJson(response, 200, EMPTY_LIST);
          else sendJson(response, 200, { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], Resources: [] });
        }),
      check: (observation) => {
        expect(observation.where).toBe('entry');
        expect(observation.info.reason).toContain('totalResults is missing');
      },
    },
  ],
  'duplicate-target-entries': [
    {
      name: 'allow-duplicates and two target users with the same userName',
      produce: () =>
        againstBundled({ allowDuplicates: true }, withUsers([base[0]]), {
          prepare: async (server) => {
            await postUser(server.baseUrl, base[0].userPrincipalName);
            await postUser(server.baseUrl, base[0].userPrincipalName.toUpperCase());
          },
        }),
    },
  ],
  'multiple-entries-in-response': [
    {
      name: 'ignore-excluded-members and a matching group with members',
      produce: () => {
        const group = { objectId: '9d2f6f2e-1111-4a4a-8b8b-000000000001', displayName: 'scimh-Matched Group', mailNickname: 'scimh-matched', memberIds: [base[0].objectId] };
        return againstBundled({ ignoreExcludedMembers: true }, withUsers([base[0]], { groups: [group] }), {
          prepare: (server) => {
            const member = server.store.insertUser({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'someone.else@example.com' });
            server.store.insertGroup({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: group.displayName, members: [{ value: member.id }] });
          },
        });
      },
      check: (observation) => expect(observation.entry?.sourceIdentity.identityType).toBe('Group'),
    },
  ],
  'duplicate-source-entries': [
    {
      name: 'two source users with the same userPrincipalName',
      produce: () => againstBundled({}, withUsers([base[0], { ...base[1], userPrincipalName: base[0].userPrincipalName.toUpperCase() }])),
      check: (_observation, produced) => {
        const failed = produced.observations.filter((o) => o.info.errorCode === 'DuplicateSourceEntries').map((o) => o.entry?.sourceIdentity.id);
        expect(failed.sort()).toEqual([base[0].objectId, base[1].objectId].sort());
      },
    },
  ],
  'matching-value-unsupported-characters': [
    {
      name: 'a user whose userPrincipalName contains a double quote: no filter is sent for it, the others provision',
      produce: async () => {
        const quoted = { ...base[0], userPrincipalName: `quote"${base[0].userPrincipalName}` };
        filters.length = 0;
        created.length = 0;
        return againstStub(recordingCreates, {}, withUsers([quoted, base[1], base[2]]));
      },
      check: (observation) => {
        expect(observation.entry?.sourceIdentity.id).toBe(base[0].objectId);
        expect(observation.entry?.provisioningStatusInfo.status).toBe('failure');
        expect(observation.info.reason).toContain('userName');
        expect(observation.info.reason).toContain('\'"\'');
        expect(filters.some((filter) => filter.includes('quote'))).toBe(false);
        expect(filters.filter((filter) => filter.includes(base[1].userPrincipalName) || filter.includes(base[2].userPrincipalName))).toHaveLength(2);
        expect(created.sort()).toEqual([base[1].userPrincipalName, base[2].userPrincipalName].sort());
      },
    },
  ],
  'import-skipped': [
    {
      name: 'a user without a userPrincipalName',
      produce: () => againstBundled({}, withUsers([{ ...base[0], userPrincipalName: '' }])),
      check: (observation) => expect(observation.entry?.provisioningStatusInfo.status).toBe('skipped'),
    },
  ],
  'entry-synchronization-skipped': [
    {
      name: 'a user outside the scoping filter',
      produce: () => {
        const mapping: MappingSet = { ...defaultMappingSet(), scoping: { scope: 'assigned', userFilters: [[{ attribute: 'department', operator: 'EQUALS', value: 'No Such Department' }]], groupFilters: [] } };
        return againstBundled({}, withUsers([base[0]]), { mapping });
      },
      check: (observation) => {
        expect(observation.entry?.provisioningStatusInfo.status).toBe('skipped');
        expect(observation.entry?.provisioningSteps.find((step) => step.details.SkipReason)?.details.SkipReason).toBe('NotEffectivelyEntitled');
      },
    },
  ],
  'too-many-deletes': [
    {
      name: 'more hard deletes in one cycle than the deletion threshold',
      produce: () => {
        const directory = oneUserDirectory(17, 6);
        const doomed = directory.users().slice(0, 4);
        return againstBundled({}, directory, {
          cycles: 2,
          policy: createQuarantinePolicy({ deletionThreshold: 3 }),
          between: () => {
            for (const user of doomed) directory.hardDeleteUser(user.objectId);
          },
        });
      },
      check: (observation, produced) => {
        expect(observation.entry?.provisioningAction).toBe('stagedDelete');
        const staged = produced.observations.filter((o) => o.info.errorCode === 'TooManyDeletes');
        expect(staged).toHaveLength(4);
        expect(staged.every((o) => o.entry?.provisioningAction === 'stagedDelete')).toBe(true);
      },
    },
  ],
  'internal-error': [
    {
      name: 'the engine fails internally while exporting one user',
      produce: () => {
        const directory = oneUserDirectory(19, 3);
        const broken = directory.users()[1].userPrincipalName;
        // A failure of the provisioning service itself, not of the target: the client throws instead of answering.
        const wrapClient = (client: TargetClient): TargetClient => ({
          baseUrl: client.baseUrl,
          close: () => client.close(),
          send: (request, signal) =>
            request.method === 'POST' && (request.body as { userName?: string } | undefined)?.userName === broken
              ? Promise.reject(new Error('internal failure while exporting'))
              : client.send(request, signal),
        });
        return againstBundled({}, directory, { wrapClient });
      },
      check: (observation, produced) => {
        expect(observation.entry?.provisioningStatusInfo.status).toBe('failure');
        expect(produced.observations.filter((o) => o.info.errorCode === 'InternalError')).toHaveLength(1);
        // The other users of the cycle are still provisioned.
        expect(produced.job.anchors.size).toBe(2);
      },
    },
  ],
};

function describeObservations(observations: readonly Observation[]): string {
  return observations.map((o) => (o.entry ? describeEntry(o.entry) : `probe: ${o.info.errorCode}: ${o.info.reason.slice(0, 200)}`)).join('\n') || '(no errors reported)';
}

function findRowObservation(row: ErrorCodeRow, observations: readonly Observation[]): Observation | undefined {
  // The recommended action is the row's own, so a code several rows share is told apart.
  return observations.find((o) => o.info.errorCode === row.code && o.info.recommendedAction === row.recommendedAction);
}

describe('every row of ERROR_CODE_TABLE is produced by a target or source behaving that way', () => {
  it('has at least one case for every row', () => {
    expect(ERROR_CODE_TABLE.map((row) => row.id).filter((id) => (CASES[id] ?? []).length === 0)).toEqual([]);
  });

  describe.each(ERROR_CODE_TABLE.map((row) => [row.id, row] as const))('%s', (_id, row) => {
    const cases = CASES[row.id] ?? [];
    it.each(cases.map((c) => [c.name, c] as const))(`${row.code}: %s`, async (_name, rowCase) => {
      const produced = await rowCase.produce();
      const observation = findRowObservation(row, produced.observations);
      if (!observation) throw new Error(`expected ${row.code} (${row.id}), got:\n${describeObservations(produced.observations)}`);
      expect(observation.info.errorCategory).toBe(row.errorCategory);
      if (rowCase.status !== undefined) {
        const response = observation.exchange?.response;
        expect(response?.status).toBe(rowCase.status);
        expect(response?.text.length).toBeGreaterThan(0);
        const statusText = rowCase.statusInDetails ? (observation.info.additionalDetails ?? '') : observation.info.reason;
        expect(statusText).toContain(`StatusCode: ${dotNetStatusName(rowCase.status)}`);
        expect(statusText).toContain(response?.text ?? '(no response)');
      }
      rowCase.check?.(observation, produced);
    });
  });
});
