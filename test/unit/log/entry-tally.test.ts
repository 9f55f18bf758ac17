import { EntryTally } from '../../../harness/log/entry-tally';
import { at, makeEntry } from '../evaluate/entry-factory';

describe('EntryTally', () => {
  it('counts outcomes overall and per cycle', () => {
    const tally = new EntryTally();
    tally.add(makeEntry({ at: at(0), status: 'success', cycleNumber: 0 }));
    tally.add(makeEntry({ at: at(1), status: 'failure', cycleNumber: 0, errorCode: 'InvalidAnchor' }));
    tally.add(makeEntry({ at: at(2), status: 'skipped', action: 'other', operation: 'none', cycleNumber: 0 }));
    tally.add(makeEntry({ at: at(41), status: 'warning', action: 'update', operation: 'update', cycleNumber: 1 }));
    tally.add(makeEntry({ at: at(42), status: 'failure', action: 'update', operation: 'update', cycleNumber: 1, errorCode: 'InvalidAnchor' }));
    const snapshot = tally.snapshot();

    expect(snapshot.overall).toMatchObject({ entries: 5, successes: 1, failures: 2, skipped: 1, warnings: 1 });
    expect(snapshot.overall.byErrorCode).toEqual({ InvalidAnchor: 2 });
    expect(snapshot.overall.byAction).toEqual({ create: 2, other: 1, update: 2 });
    expect(snapshot.overall.byActionAndStatus).toEqual({ create: { failure: 1, success: 1 }, other: { skipped: 1 }, update: { failure: 1, warning: 1 } });
    expect(snapshot.cycles.map((cycle) => [cycle.cycleNumber, cycle.kind, cycle.entries, cycle.failures])).toEqual([
      [0, 'initial', 3, 1],
      [1, 'incremental', 2, 1],
    ]);
    expect(snapshot.cycles[1].cycleId).toBe('cycle-1');
  });

  it('counts the failures among the entries with an error code, and the entries of each day by action', () => {
    const tally = new EntryTally();
    tally.add(makeEntry({ at: at(0), status: 'failure', errorCode: 'InvalidAnchor' }));
    const skipped = makeEntry({ at: at(1), status: 'skipped', action: 'other', operation: 'none' });
    const errorInformation = makeEntry({ at: at(1), status: 'failure', errorCode: 'InvalidAnchor' }).provisioningStatusInfo.errorInformation;
    tally.add({ ...skipped, provisioningStatusInfo: { ...skipped.provisioningStatusInfo, errorInformation } });
    tally.add(makeEntry({ at: at(24 * 60 + 5), status: 'success', action: 'update', operation: 'update' }));
    tally.add(makeEntry({ at: at(24 * 60 + 6), status: 'failure', action: 'update', operation: 'update', errorCode: 'SystemForCrossDomainIdentityManagementBadResponse' }));
    const snapshot = tally.snapshot();

    expect(snapshot.overall.byErrorCode).toEqual({ InvalidAnchor: 2, SystemForCrossDomainIdentityManagementBadResponse: 1 });
    expect(snapshot.overall.failuresByErrorCode).toEqual({ InvalidAnchor: 1, SystemForCrossDomainIdentityManagementBadResponse: 1 });
    expect(snapshot.days).toEqual([
      { day: '2026-01-01', byAction: { create: 1, other: 1 } },
      { day: '2026-01-02', byAction: { update: 2 } },
    ]);
  });

  it('keeps reference failures apart and leaves reference successes out of the escrow successes', () => {
    const tally = new EntryTally();
    tally.add(makeEntry({ at: at(0), status: 'success', operation: 'create' }));
    tally.add(makeEntry({ at: at(0), status: 'failure', operation: 'create' }));
    tally.add(makeEntry({ at: at(0), status: 'success', action: 'update', operation: 'manager' }));
    tally.add(makeEntry({ at: at(0), status: 'failure', action: 'update', operation: 'manager', isReferenceFailure: true }));
    tally.add(makeEntry({ at: at(0), status: 'failure', action: 'update', operation: 'membership', isReferenceFailure: true }));
    const { overall } = tally.snapshot();

    expect(overall.referenceFailures).toBe(2);
    expect(overall.nonReferenceFailures).toBe(1);
    expect(overall.escrow).toEqual({ failures: 1, referenceFailures: 2, successes: 1 });
    expect(overall.successes).toBe(2);
  });

  it('counts attempts, failures and escrow retries per operation type', () => {
    const tally = new EntryTally();
    tally.add(makeEntry({ at: at(0), status: 'failure', operation: 'create' }));
    tally.add(makeEntry({ at: at(0), status: 'success', operation: 'create' }));
    tally.add(makeEntry({ at: at(40), status: 'failure', operation: 'create', cycleNumber: 1, retry: true }));
    tally.add(makeEntry({ at: at(80), status: 'success', operation: 'create', cycleNumber: 2, retry: true }));
    tally.add(makeEntry({ at: at(80), status: 'failure', action: 'update', operation: 'manager', isReferenceFailure: true }));
    const { byOperation } = tally.snapshot().overall;

    expect(byOperation.create).toEqual({
      attempts: 4,
      successes: 2,
      failures: 2,
      referenceFailures: 0,
      skipped: 0,
      retries: 2,
      retrySuccesses: 1,
      retryFailures: 1,
      workedAround: 0,
    });
    expect(byOperation.manager).toMatchObject({ attempts: 1, failures: 1, referenceFailures: 1 });
  });

  it('counts staged deletes and users and groups processed', () => {
    const tally = new EntryTally();
    tally.add(makeEntry({ at: at(0), action: 'stagedDelete', operation: 'delete', status: 'skipped' }));
    tally.add(makeEntry({ at: at(0), action: 'stagedDelete', operation: 'delete', status: 'skipped', identityType: 'Group' }));
    tally.add(makeEntry({ at: at(0), identityType: 'Group' }));
    const { overall } = tally.snapshot();

    expect(overall.stagedDeletes).toBe(2);
    expect(overall.usersProcessed).toBe(1);
    expect(overall.groupsProcessed).toBe(2);
  });

  it('tracks first and last activity even when entries arrive out of order', () => {
    const tally = new EntryTally();
    tally.add(makeEntry({ at: at(10) }));
    tally.add(makeEntry({ at: at(5) }));
    tally.add(makeEntry({ at: at(20) }));
    const { overall, cycles } = tally.snapshot();

    expect(overall.firstActivityAt).toBe(at(5));
    expect(overall.lastActivityAt).toBe(at(20));
    expect(cycles[0].firstActivityAt).toBe(at(5));
  });

  it('buckets failures per clock hour of virtual time', () => {
    const tally = new EntryTally();
    tally.add(makeEntry({ at: at(10), status: 'failure' }));
    tally.add(makeEntry({ at: at(59), status: 'failure' }));
    tally.add(makeEntry({ at: at(60), status: 'success' }));
    tally.add(makeEntry({ at: at(61), status: 'failure' }));
    const { hours } = tally.snapshot();

    expect(hours).toEqual([
      { hourStart: at(0), entries: 2, failures: 2 },
      { hourStart: at(60), entries: 2, failures: 1 },
    ]);
  });

  it('remembers silences of an hour or more, not the 40-minute gaps between cycles', () => {
    const tally = new EntryTally();
    tally.add(makeEntry({ at: at(0) }));
    tally.add(makeEntry({ at: at(40) }));
    tally.add(makeEntry({ at: at(80) }));
    tally.add(makeEntry({ at: at(80 + 180) }));
    const { quietPeriods } = tally.snapshot();

    expect(quietPeriods).toEqual([{ from: at(80), to: at(260), durationMs: 180 * 60_000 }]);
  });

  it('returns a frozen snapshot that later entries do not change', () => {
    const tally = new EntryTally();
    tally.add(makeEntry({ at: at(0), status: 'failure' }));
    const first = tally.snapshot();
    tally.add(makeEntry({ at: at(1), status: 'failure' }));

    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.overall.byOperation.create)).toBe(true);
    expect(Object.isFrozen(first.cycles)).toBe(true);
    expect(first.overall.failures).toBe(1);
    expect(tally.snapshot().overall.failures).toBe(2);
  });

  it('takes 100,000 entries with state bounded by cycles and hours, not entries', () => {
    const tally = new EntryTally();
    const start = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 100_000; i += 1) {
      const cycleNumber = Math.floor(i / 10_000);
      // Each cycle's entries 1 ms apart, cycles 40 minutes apart.
      const time = new Date(start + cycleNumber * 40 * 60_000 + (i % 10_000)).toISOString();
      tally.add(makeEntry({ at: time, status: i % 4 === 0 ? 'failure' : 'success', cycleNumber }));
    }
    const snapshot = tally.snapshot();

    expect(snapshot.overall.entries).toBe(100_000);
    expect(snapshot.overall.failures).toBe(25_000);
    expect(snapshot.cycles).toHaveLength(10);
    expect(snapshot.hours.length).toBeLessThanOrEqual(8);
    expect(snapshot.quietPeriods).toHaveLength(0);
  });
});
