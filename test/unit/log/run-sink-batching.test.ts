/**
 * run.ndjson is written in batches: entries and stand-alone exchanges wait in memory (never
 * longer than FLUSH_DELAY_MS), every other event is written at once with what came before it,
 * and close() or the process exiting writes whatever is pending. The file only ever holds whole
 * lines in order, so its chain verifies whenever it is read.
 */
import fs, { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type LogEntry } from '../../../harness/contract/log-entry';
import { readRunRecords, verifyRunChain } from '../../../harness/log/run-reader';
import { type RunEvent } from '../../../harness/contract/run-events';
import { BATCH_BYTES, FLUSH_DELAY_MS, createRunSink } from '../../../harness/log/run-sink';
import { FIXTURE_ENTRIES, makeTempDir } from './fixtures';
import { type NodeRun, runNode } from '../../helpers/run-node';
import { TS_REQUIRE_HOOK } from '../../helpers/ts-require-hook';

const temp = makeTempDir();
afterAll(() => temp.remove());
let fileCounter = 0;
function newRunPath(): string {
  fileCounter += 1;
  return join(temp.dir, `batch-${fileCounter}`, 'run.ndjson');
}

function entry(id: string, padding = ''): RunEvent {
  const base = FIXTURE_ENTRIES[0] as LogEntry;
  return { type: 'entry', entry: { ...base, id, ...(padding ? { changeId: padding } : {}) } };
}

function notice(message: string): RunEvent {
  return { type: 'notice', level: 'info', message };
}

function writtenLines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').slice(0, -1);
}

function seqs(path: string): number[] {
  return writtenLines(path).map((line) => (JSON.parse(line) as { seq: number }).seq);
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('createRunSink batching', () => {
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('keeps entries in memory until flush() and then writes them in order', () => {
    const path = newRunPath();
    const sink = createRunSink(path);
    sink.append(entry('e-1'));
    sink.append(entry('e-2'));
    expect(sink.count).toBe(2);
    expect(statSync(path).size).toBe(0);
    sink.flush();
    expect(seqs(path)).toEqual([1, 2]);
    sink.close();
  });

  it('writes every event that is not an entry or an exchange at once, together with the lines before it', () => {
    const path = newRunPath();
    const sink = createRunSink(path);
    sink.append(entry('e-1'));
    sink.append({ type: 'exchange', purpose: 'test-connection', exchange: FIXTURE_ENTRIES[0].harness.exchanges[0] });
    expect(statSync(path).size).toBe(0);
    sink.append(notice('boundary'));
    expect(seqs(path)).toEqual([1, 2, 3]);
    sink.append({ type: 'cycle-end', cycleId: 'c', cycleNumber: 0, kind: 'initial', endedAt: '2026-03-24T10:40:00.000Z', counts: {} });
    expect(seqs(path)).toEqual([1, 2, 3, 4]);
    sink.close();
  });

  it('writes a pending batch on its own after FLUSH_DELAY_MS', () => {
    jest.useFakeTimers();
    const path = newRunPath();
    const sink = createRunSink(path);
    sink.append(entry('e-1'));
    jest.advanceTimersByTime(FLUSH_DELAY_MS - 1);
    expect(statSync(path).size).toBe(0);
    jest.advanceTimersByTime(1);
    expect(seqs(path)).toEqual([1]);
    sink.close();
  });

  it('writes the batch as soon as the next line would not fit in it', () => {
    const path = newRunPath();
    const sink = createRunSink(path);
    const padding = 'p'.repeat(8 * 1024);
    let appended = 0;
    while (statSync(path).size === 0) {
      sink.append(entry(`e-${appended}`, padding));
      appended += 1;
      expect(appended).toBeLessThan(BATCH_BYTES / padding.length + 2);
    }
    // Everything but the line that did not fit is on disk.
    expect(seqs(path)).toEqual(Array.from({ length: appended - 1 }, (_v, i) => i + 1));
    sink.close();
    expect(seqs(path)).toHaveLength(appended);
  });

  it('writes a line larger than the batch whole, between its neighbours, and the chain verifies', async () => {
    const path = newRunPath();
    const sink = createRunSink(path);
    sink.append(entry('before'));
    sink.append(entry('huge', `${'é'.repeat(BATCH_BYTES)}\u2028`));
    sink.append(entry('after'));
    const lastHash = sink.lastHash();
    sink.close();
    const records = await collect(readRunRecords(path));
    expect(records.map((r) => (r.event.type === 'entry' ? r.event.entry.id : r.event.type))).toEqual(['before', 'huge', 'after']);
    expect(await verifyRunChain(path, { expectedFinalHash: lastHash })).toMatchObject({ ok: true, lines: 3, problems: [] });
  });

  it('writes pending lines on close(), and lastHash() is the hash of the last line in the file', async () => {
    const path = newRunPath();
    const sink = createRunSink(path);
    for (let i = 0; i < 5; i += 1) sink.append(entry(`e-${i}`));
    const lastHash = sink.lastHash();
    sink.close();
    expect(await verifyRunChain(path, { expectedFinalHash: lastHash })).toMatchObject({ ok: true, lines: 5 });
  });

  it('keeps a write that failed on the timer and throws it to the next append instead of crashing', () => {
    jest.useFakeTimers();
    const path = newRunPath();
    const sink = createRunSink(path);
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const write = jest.spyOn(fs, 'writeSync').mockImplementationOnce(() => {
      throw full;
    });
    sink.append(entry('e-1'));
    expect(() => jest.advanceTimersByTime(FLUSH_DELAY_MS)).not.toThrow();
    expect(write).toHaveBeenCalledTimes(1);
    expect(() => sink.append(entry('e-2'))).toThrow(full);
    expect(() => sink.close()).toThrow(full);
    // Closed all the same: nothing further is accepted.
    expect(() => sink.append(entry('e-3'))).toThrow(/closed/);
  });
});

const BOOTSTRAP = `${TS_REQUIRE_HOOK}const { createRunSink } = require(process.argv[1]);
const [path, ending] = process.argv.slice(2);
const sink = createRunSink(path);
for (let i = 0; i < 3; i += 1) sink.append({ type: 'entry', entry: { id: 'e-' + i } });
if (fs.statSync(path).size !== 0) throw new Error('the entries were written before the process ended');
process.stdout.write(sink.lastHash());
if (ending === 'exit') process.exit(130);
setImmediate(() => { throw new Error('crash with a batch pending'); });
`;

function runChild(path: string, ending: 'exit' | 'crash'): Promise<NodeRun> {
  return runNode(['-e', BOOTSTRAP, resolve(__dirname, '../../../harness/log/run-sink.ts'), path, ending]);
}

describe('createRunSink when the process ends with lines pending', () => {
  it.each([
    ['process.exit (a second Ctrl+C)', 'exit', 130],
    ['an uncaught exception', 'crash', 1],
  ] as const)('writes them on %s, leaving a chain that verifies', async (_name, ending, expectedCode) => {
    const path = newRunPath();
    const result = await runChild(path, ending);
    expect(result.code).toBe(expectedCode);
    if (ending === 'crash') expect(result.stderr).toContain('crash with a batch pending');
    expect(seqs(path)).toEqual([1, 2, 3]);
    expect(await verifyRunChain(path, { expectedFinalHash: result.stdout })).toMatchObject({ ok: true, lines: 3, problems: [] });
  }, 30_000);
});
