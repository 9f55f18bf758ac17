/**
 * The escrow book: failed object operations and when they are retried (docs/entra-behaviour.md#escrow-retries), and the
 * retry note Entra appends to a failure's reason (docs/entra-behaviour.md#reason-text).
 */
import { EscrowBook, escrowKey, retryNote } from '../../../harness/engine/escrow';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const CYCLE = 40 * MINUTE;
const T0 = new Date('2026-03-24T07:17:42.000Z');

const at = (ms: number): Date => new Date(T0.getTime() + ms);

describe('EscrowBook', () => {
  it('records a first failure as retried 0 times, due one cycle later', () => {
    const book = new EscrowBook(CYCLE);
    const escrow = book.noteFailure('User', 'u1', false, T0);
    expect(escrow).toMatchObject({ key: escrowKey('User', 'u1', false), retries: 0, firstFailureAt: T0, nextAttemptAt: at(CYCLE) });
    expect(book.due(at(CYCLE - 1))).toEqual([]);
    expect(book.due(at(CYCLE)).map((e) => e.sourceId)).toEqual(['u1']);
  });

  it('schedules later retries from the first failure: 6 h, 12 h, 24 h, then every 24 h', () => {
    const book = new EscrowBook(CYCLE);
    const offsets = [CYCLE, 6 * HOUR, 12 * HOUR, 24 * HOUR, 2 * DAY, 3 * DAY];
    let now = T0;
    offsets.forEach((offset, retries) => {
      const escrow = book.noteFailure('User', 'u1', false, now);
      expect({ retries: escrow?.retries, next: escrow?.nextAttemptAt.toISOString(), first: escrow?.firstFailureAt.toISOString() }).toEqual({
        retries,
        next: at(offset).toISOString(),
        first: T0.toISOString(),
      });
      now = escrow?.nextAttemptAt ?? now;
    });
  });

  it('gives up after 28 days: the escrow is removed and no retry is announced', () => {
    const book = new EscrowBook(CYCLE);
    book.noteFailure('Group', 'g1', false, T0);
    expect(book.noteFailure('Group', 'g1', false, at(28 * DAY + 1))).toBeUndefined();
    expect(book.size).toBe(0);
    expect(retryNote(undefined)).toContain('will not be retried');
  });

  it('clears an escrow on success and says whether there was one', () => {
    const book = new EscrowBook(CYCLE);
    book.noteFailure('User', 'u1', true, T0);
    expect(book.noteSuccess('User', 'u1', false)).toBe(false);
    expect(book.noteSuccess('User', 'u1', true)).toBe(true);
    expect(book.noteSuccess('User', 'u1', true)).toBe(false);
    expect(book.size).toBe(0);
  });

  it('counts reference failures apart from the others (docs/entra-behaviour.md#quarantine-triggers)', () => {
    const book = new EscrowBook(CYCLE);
    book.noteFailure('User', 'u1', false, T0);
    book.noteFailure('User', 'u1', true, T0);
    book.noteFailure('Group', 'g1', true, T0);
    book.noteFailure('Group', 'g2', false, T0);
    expect(book.counts()).toEqual({ failures: 2, referenceFailures: 2 });
    book.clear();
    expect(book.counts()).toEqual({ failures: 0, referenceFailures: 0 });
  });

  it('writes Entra\'s retry note with a .NET round-trip timestamp', () => {
    const book = new EscrowBook(CYCLE);
    book.noteFailure('User', 'u1', false, T0);
    const escrow = book.noteFailure('User', 'u1', false, at(CYCLE));
    expect(retryNote(escrow)).toBe('. This operation was retried 1 times. It will be retried again after this date: 2026-03-24T13:17:42.0000000Z UTC');
  });
});
