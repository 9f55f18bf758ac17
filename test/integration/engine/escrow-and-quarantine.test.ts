/**
 * Escrow retries, quarantine and the accidental-deletion breaker, in virtual time
 * (docs/entra-behaviour.md#quarantine): failures are escrowed with Entra's retry note and retried
 * next cycle; rejected credentials and a 404 to a filter quarantine at once; too many deletes in
 * one cycle are held as stagedDelete until allowed. The escrow-proportion rule needs a 12,000-user
 * population: test/slow/escrow-proportion.test.ts.
 */
import { type RunningScimServer } from '../../../examples/scim-server';
import { createQuarantinePolicy } from '../../../harness/engine/quarantine/quarantine-rules';
import { formatDotNetTimestamp } from '../../../harness/engine/entra-errors';
import { type LogEntry } from '../../../harness/contract/log-entry';
import { buildJobStatus } from '../../../harness/engine/quarantine/job-status';
import { createJobFixture, describeEntry, entriesOfCycle, generatedDirectory, type JobFixture, startTarget, statusOf } from './harness-fixture';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const RETRY_NOTE = /\. This operation was retried (\d+) times\. It will be retried again after this date: (\S+) UTC$/;

function retryNote(entry: LogEntry): { retried: number; nextAttempt: string } | undefined {
  const match = RETRY_NOTE.exec(entry.provisioningStatusInfo.errorInformation?.reason ?? '');
  return match ? { retried: Number(match[1]), nextAttempt: match[2] } : undefined;
}

function plus(iso: string, ms: number): string {
  return formatDotNetTimestamp(new Date(Date.parse(iso) + ms));
}

describe('escrowed failures (docs/entra-behaviour.md#escrow-retries)', () => {
  let server: RunningScimServer;
  let fixture: JobFixture;

  beforeAll(async () => {
    server = await startTarget({ faults: { failCreatesRate: 0.5 }, recordRequests: false });
    // One object at a time, so an entry's failure time is its activity time.
    fixture = createJobFixture({ baseUrl: server.baseUrl, directory: generatedDirectory(41, 24, 2), concurrency: 1 });
    await fixture.job.runCycle();
    await fixture.job.runCycle();
  });

  afterAll(async () => {
    await fixture.client.close();
    await server.close();
  });

  const failedCreates = (cycle: number): LogEntry[] =>
    entriesOfCycle(fixture.events, cycle).filter((entry) => entry.provisioningAction === 'create' && entry.provisioningStatusInfo.status === 'failure');

  it('logs a failed create with "retried 0 times" and a next attempt one cycle later', () => {
    const failed = failedCreates(0);
    expect(failed.length).toBeGreaterThan(0);
    for (const entry of failed) {
      expect(entry.provisioningStatusInfo.errorInformation?.errorCode).toBe('InternalServerError');
      expect(retryNote(entry)).toEqual({ retried: 0, nextAttempt: plus(entry.activityDateTime, 40 * MINUTE) });
    }
  });

  it('retries every escrowed object in the next cycle with an EntryEscrowRetry step', () => {
    const escrowed = failedCreates(0);
    const cycle1 = entriesOfCycle(fixture.events, 1);
    const retried = escrowed.map((first) => ({ first, retry: cycle1.find((entry) => entry.sourceIdentity.id === first.sourceIdentity.id && entry.harness.operation === 'create') }));
    expect(retried.filter(({ retry }) => !retry).map(({ first }) => describeEntry(first))).toEqual([]);
    for (const { first, retry } of retried) {
      const step = retry?.provisioningSteps[0];
      expect(step?.name).toBe('EntryEscrowRetry');
      expect(step?.details.CountProcessed).toBe('1');
      expect(step?.details.CreationTime).toBe(new Date(Date.parse(first.activityDateTime)).toISOString());
    }
    const outcomes = retried.map(({ retry }) => retry?.provisioningStatusInfo.status);
    // At a 50 % failure rate some retries succeed and some fail again.
    expect(outcomes).toContain('success');
    expect(outcomes).toContain('failure');
  });

  it('logs a failed retry with "retried 1 times" and the next attempt 6 hours after the first failure', () => {
    const firstFailure = new Map(failedCreates(0).map((entry) => [entry.sourceIdentity.id, entry.activityDateTime]));
    const failedAgain = failedCreates(1).filter((entry) => firstFailure.has(entry.sourceIdentity.id));
    expect(failedAgain.length).toBeGreaterThan(0);
    for (const entry of failedAgain) {
      expect(retryNote(entry)).toEqual({ retried: 1, nextAttempt: plus(firstFailure.get(entry.sourceIdentity.id) ?? '', 6 * HOUR) });
    }
  });

  it('creates in the target what a retry exported', () => {
    const recovered = failedCreates(0).filter((first) =>
      entriesOfCycle(fixture.events, 1).some((entry) => entry.sourceIdentity.id === first.sourceIdentity.id && entry.provisioningAction === 'create' && entry.provisioningStatusInfo.status === 'success'),
    );
    expect(recovered.length).toBeGreaterThan(0);
    for (const entry of recovered) {
      const user = fixture.directory.getUser(entry.sourceIdentity.id);
      const group = fixture.directory.getGroup(entry.sourceIdentity.id);
      const found = user ? server.store.findUserByUserName(user.userPrincipalName) : server.store.findGroupByDisplayName(group?.displayName ?? '');
      expect(found).toBeDefined();
    }
  });
});

describe('immediate quarantine (docs/entra-behaviour.md#quarantine-triggers)', () => {
  it('quarantines with EncounteredQuarantineException when the token is rejected, and next runs 2 hours later', async () => {
    const server = await startTarget({ faults: { rejectToken: true }, recordRequests: false });
    const fixture = createJobFixture({ baseUrl: server.baseUrl, directory: generatedDirectory(43, 5) });
    try {
      const first = await fixture.job.runCycle();
      expect(first.aborted).toBe(true);
      expect(fixture.events.entries).toEqual([]);
      expect(first.quarantine).toMatchObject({
        status: 'quarantined',
        reason: 'EncounteredQuarantineException',
        errorCode: 'SystemForCrossDomainIdentityManagementCredentialValidationFailure',
      });
      expect(first.quarantine.nextAttempt).toBe(new Date(Date.parse(first.endedAt) + 2 * HOUR).toISOString());
      const second = await fixture.job.runCycle();
      expect(Date.parse(second.startedAt) - Date.parse(first.endedAt)).toBe(2 * HOUR);
      expect(second.quarantine).toMatchObject({ status: 'quarantined', reason: 'EncounteredQuarantineException', seriesCount: 1 });
    } finally {
      await fixture.client.close();
      await server.close();
    }
  });

  it('quarantines with EncounteredQuarantineException when an empty filter answers 404', async () => {
    const server = await startTarget({ faults: { filter404: true }, recordRequests: false });
    const fixture = createJobFixture({ baseUrl: server.baseUrl, directory: generatedDirectory(44, 5) });
    try {
      const report = await fixture.job.runCycle();
      expect(report.probe.exchanges[0].response?.status).toBe(404);
      expect(report.quarantine).toMatchObject({ status: 'quarantined', reason: 'EncounteredQuarantineException', errorCode: 'SystemForCrossDomainIdentityManagementServiceIncompatible' });
      expect(report.quarantine.details).toContain('HTTP/404 Not Found');
      expect(server.store.userCount).toBe(0);
    } finally {
      await fixture.client.close();
      await server.close();
    }
  });
});

describe('retry ladder in virtual time (docs/entra-behaviour.md#escrow-retries, docs/entra-behaviour.md#while-quarantined)', () => {
  it('retries a failure that keeps failing one cycle later, then 6 h, 12 h, 24 h and 48 h after the first failure', async () => {
    const server = await startTarget({ faults: { failCreatesRate: 1 }, recordRequests: false });
    const fixture = createJobFixture({ baseUrl: server.baseUrl, directory: generatedDirectory(45, 1, 0), concurrency: 1 });
    try {
      const failures: LogEntry[] = [];
      // 49 virtual hours at one cycle every 40 minutes; only due escrows are retried.
      for (let cycle = 0; cycle < 80 && failures.length < 6; cycle += 1) {
        const report = await fixture.job.runCycle();
        expect(report.quarantine.status).toBe('healthy');
        failures.push(...entriesOfCycle(fixture.events, cycle).filter((entry) => entry.provisioningAction === 'create' && statusOf(entry) === 'failure'));
      }
      const first = failures[0].activityDateTime;
      expect(failures.map(retryNote)).toEqual([
        { retried: 0, nextAttempt: plus(first, 40 * MINUTE) },
        { retried: 1, nextAttempt: plus(first, 6 * HOUR) },
        { retried: 2, nextAttempt: plus(first, 12 * HOUR) },
        { retried: 3, nextAttempt: plus(first, 24 * HOUR) },
        { retried: 4, nextAttempt: plus(first, 48 * HOUR) },
        { retried: 5, nextAttempt: plus(first, 72 * HOUR) },
      ]);
      // Each retry ran in the first cycle at or after the announced time, never before it.
      for (let k = 1; k < failures.length; k += 1) {
        const announced = retryNote(failures[k - 1])?.nextAttempt ?? '';
        const ran = Date.parse(failures[k].activityDateTime);
        expect(ran).toBeGreaterThanOrEqual(Date.parse(announced.slice(0, 23) + 'Z'));
        expect(ran - Date.parse(announced.slice(0, 23) + 'Z')).toBeLessThan(40 * MINUTE + MINUTE);
      }
    } finally {
      await fixture.client.close();
      await server.close();
    }
  });

  it('slows a quarantined job down step by step to once a day, in nextAttempt and in the job status schedule', async () => {
    const server = await startTarget({ faults: { rejectToken: true }, recordRequests: false });
    const fixture = createJobFixture({ baseUrl: server.baseUrl, directory: generatedDirectory(46, 3) });
    try {
      const reports = [];
      for (let cycle = 0; cycle < 6; cycle += 1) reports.push(await fixture.job.runCycle());
      expect(reports.map((report) => report.quarantine.seriesCount)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(reports.map((report) => (Date.parse(report.quarantine.nextAttempt ?? '') - Date.parse(report.endedAt)) / HOUR)).toEqual([2, 6, 12, 24, 24, 24]);
      // The next cycle starts when nextAttempt said it would.
      for (let k = 1; k < reports.length; k += 1) {
        expect(Date.parse(reports[k].startedAt) - Date.parse(reports[k - 1].endedAt)).toBe(Date.parse(reports[k - 1].quarantine.nextAttempt ?? '') - Date.parse(reports[k - 1].endedAt));
      }
      const schedules = reports.map((report) => buildJobStatus({ jobId: 'scim.job', quarantine: report.quarantine }).schedule);
      expect(schedules.map((schedule) => schedule.interval)).toEqual(['PT2H', 'PT6H', 'PT12H', 'P1D', 'P1D', 'P1D']);
      expect(schedules.every((schedule) => schedule.state === 'Active')).toBe(true);
    } finally {
      await fixture.client.close();
      await server.close();
    }
  });
});

describe('accidental-deletion threshold (docs/entra-behaviour.md#accidental-deletions)', () => {
  const THRESHOLD = 3;
  let server: RunningScimServer;
  let fixture: JobFixture;

  beforeEach(async () => {
    server = await startTarget({ recordRequests: true });
    fixture = createJobFixture({ baseUrl: server.baseUrl, directory: generatedDirectory(45, 10, 0), policy: createQuarantinePolicy({ deletionThreshold: THRESHOLD }) });
    await fixture.job.runCycle();
    expect(server.store.userCount).toBe(10);
  });

  afterEach(async () => {
    await fixture.client.close();
    await server.close();
  });

  /** Two sign-in blocks (disables) and two hard deletes: four planned removals, one over the threshold. */
  function removeFour(): { blocked: string[]; deleted: string[]; deletedUpns: string[] } {
    const users = fixture.directory.users();
    const blocked = users.slice(0, 2).map((u) => u.objectId);
    const doomed = users.slice(2, 4);
    for (const id of blocked) fixture.directory.blockSignIn(id);
    for (const user of doomed) fixture.directory.hardDeleteUser(user.objectId);
    return { blocked, deleted: doomed.map((u) => u.objectId), deletedUpns: doomed.map((u) => u.userPrincipalName) };
  }

  /** DELETEs and PATCHes of `active` sent since `index` (a report losing its deleted manager is still updated). */
  const removalsSince = (index: number): string[] =>
    server.requests
      .slice(index)
      .filter((request) => request.method === 'DELETE' || (request.method === 'PATCH' && JSON.stringify(request.body).includes('"path":"active"')))
      .map((request) => `${request.method} ${request.path} ${JSON.stringify(request.body ?? null)}`);

  async function expectHeld(removed: ReturnType<typeof removeFour>): Promise<void> {
    const before = server.requests.length;
    const report = await fixture.job.runCycle();
    const entries = entriesOfCycle(fixture.events, report.cycleNumber);
    const staged = entries.filter((entry) => entry.provisioningAction === 'stagedDelete');
    expect(staged.map((entry) => entry.sourceIdentity.id).sort()).toEqual([...removed.blocked, ...removed.deleted].sort());
    for (const entry of staged) {
      expect(entry.provisioningStatusInfo.status).toBe('skipped');
      expect(entry.provisioningStatusInfo.errorInformation?.errorCode).toBe('TooManyDeletes');
    }
    expect(report.quarantine).toMatchObject({ status: 'quarantined', reason: 'TooManyDeletes' });
    expect(removalsSince(before)).toEqual([]);
    expect(server.store.userCount).toBe(10);
  }

  async function expectExported(removed: ReturnType<typeof removeFour>): Promise<void> {
    const report = await fixture.job.runCycle();
    const entries = entriesOfCycle(fixture.events, report.cycleNumber);
    const exported = entries.filter((entry) => entry.provisioningStatusInfo.status === 'success').map((entry) => `${entry.provisioningAction}:${entry.sourceIdentity.id}`);
    expect(exported.sort()).toEqual([...removed.blocked.map((id) => `disable:${id}`), ...removed.deleted.map((id) => `delete:${id}`)].sort());
    expect(report.quarantine.status).toBe('healthy');
    expect(server.store.userCount).toBe(8);
    for (const upn of removed.deletedUpns) expect(server.store.findUserByUserName(upn)).toBeUndefined();
    for (const id of removed.blocked) expect(server.store.findUserByUserName(fixture.directory.getUser(id)?.userPrincipalName ?? '')?.active).toBe(false);
  }

  it('holds more disables and deletes than the threshold as stagedDelete and quarantines with TooManyDeletes; allowing deletes exports them', async () => {
    const removed = removeFour();
    await expectHeld(removed);
    fixture.job.setAllowDeletes(true);
    await expectExported(removed);
  });

  it('exports the held deletes after a restart with ForceDeletes', async () => {
    const removed = removeFour();
    await expectHeld(removed);
    fixture.job.restart('ForceDeletes');
    await expectExported(removed);
  });

  it('does not trip when the same number of removals is spread over two cycles', async () => {
    const users = fixture.directory.users();
    const upns = users.slice(0, 4).map((u) => u.userPrincipalName);
    for (const cycle of [0, 1]) {
      for (const user of users.slice(cycle * 2, cycle * 2 + 2)) fixture.directory.hardDeleteUser(user.objectId);
      const report = await fixture.job.runCycle();
      const entries = entriesOfCycle(fixture.events, report.cycleNumber);
      expect(entries.filter((entry) => entry.provisioningAction === 'stagedDelete')).toEqual([]);
      expect(entries.filter((entry) => entry.provisioningAction === 'delete' && entry.provisioningStatusInfo.status === 'success')).toHaveLength(2);
      expect(report.quarantine.status).toBe('healthy');
    }
    for (const upn of upns) expect(server.store.findUserByUserName(upn)).toBeUndefined();
  });
});
