/**
 * A failed read-back after a write that failed cites the write's failing exchange and asks no
 * diagnosis (docs/diagnosis.md#read-back); after accepted writes, the diagnosis is asked.
 */
import { type Exchange } from '../../../harness/contract/exchange';
import { type LogEntry } from '../../../harness/contract/log-entry';
import { ReadBackDiagnosis, type ReadBackFailure } from '../../../harness/diagnose/read-back/read-back-diagnosis';
import { explainReadBack, failedWriteOf } from '../../../harness/scenario/read-back-failure';
import { at, makeEntry } from '../evaluate/entry-factory';

function exchange(id: string, method: 'GET' | 'PATCH', status: number): Exchange {
  return { id, startedAt: at(0), request: { method, url: `https://t/scim/Users/u1`, headers: {} }, response: { status, headers: {}, text: '', bytes: 0 }, durationMs: 1 };
}

function entry(status: 'success' | 'failure', exchanges: Exchange[]): LogEntry {
  const made = makeEntry({ at: at(1), status, action: 'update', operation: 'update' });
  return { ...made, harness: { ...made.harness, exchanges } };
}

const read = exchange('x-read', 'GET', 200);
const failure: ReadBackFailure = {
  objectType: 'User',
  targetId: 'u1',
  read,
  resource: { active: true },
  attributes: [{ path: 'active', expected: false }],
  missingMembers: [],
  unexpectedMembers: [],
  writes: [{ ...exchange('x-write', 'PATCH', 200), request: { method: 'PATCH', url: 'https://t/scim/Users/u1', headers: {}, body: { Operations: [{ op: 'replace', path: 'active', value: false }] } } }],
};

describe('a failed read-back and the write before it', () => {
  test('the failing exchange of a failed entry: its HTTP error, else its last exchange', () => {
    expect(failedWriteOf([entry('failure', [exchange('a', 'GET', 200), exchange('b', 'PATCH', 400)])])?.id).toBe('b');
    expect(failedWriteOf([entry('failure', [exchange('a', 'GET', 200), exchange('c', 'PATCH', 200)])])?.id).toBe('c');
    expect(failedWriteOf([entry('success', [exchange('d', 'PATCH', 200)])])).toBeUndefined();
    expect(failedWriteOf([])).toBeUndefined();
  });

  test('after a failed write, the read-back cites it and no diagnosis is recorded', async () => {
    const recorded: unknown[] = [];
    const readBack = new ReadBackDiagnosis({ sink: { diagnosis: (d) => recorded.push(d) } });
    const outcome = await explainReadBack(readBack, failure, [entry('failure', [exchange('x-400', 'PATCH', 400)])]);
    expect(outcome).toEqual({ evidence: ['x-read', 'x-400'] });
    expect(recorded).toEqual([]);
  });

  test('after accepted writes, the diagnosis names the cause and its evidence', async () => {
    const recorded: unknown[] = [];
    const readBack = new ReadBackDiagnosis({ sink: { diagnosis: (d) => recorded.push(d) } });
    const outcome = await explainReadBack(readBack, failure, [entry('success', [])]);
    expect(outcome).toEqual({ cause: 'read-back/write-dropped/active', evidence: ['x-read', 'x-write'] });
    expect(recorded).toHaveLength(1);
  });
});
