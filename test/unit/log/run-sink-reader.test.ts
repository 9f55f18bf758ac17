import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError } from '../../../harness/errors';
import { type LogEntry } from '../../../harness/contract/log-entry';
import { readEntries, readRunRecords, readRunRecordsVerified, resolveRunFile, verifyRunChain } from '../../../harness/log/run-reader';
import { type RunEvent, type RunRecord } from '../../../harness/contract/run-events';
import { createRunSink } from '../../../harness/log/run-sink';
import { FIXTURE_ENTRIES, ids, makeTempDir } from './fixtures';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const temp = makeTempDir();
afterAll(() => temp.remove());
let fileCounter = 0;
function newRunPath(): string {
  fileCounter += 1;
  return join(temp.dir, `run-${fileCounter}`, 'nested', 'run.ndjson');
}

function notice(message: string): RunEvent {
  return { type: 'notice', level: 'info', message };
}

const EVENTS: readonly RunEvent[] = [
  {
    type: 'cycle-start',
    cycleId: 'cycle-1',
    cycleNumber: 0,
    kind: 'initial',
    startedAt: '2026-03-24T10:00:00.000Z',
    usersInScope: 5,
    groupsInScope: 1,
  },
  ...FIXTURE_ENTRIES.map((entry): RunEvent => ({ type: 'entry', entry })),
  notice('line with "quotes", a newline\nand unicode: é ✓ \u2028'),
  { type: 'cycle-end', cycleId: 'cycle-1', cycleNumber: 0, kind: 'initial', endedAt: '2026-03-24T10:40:00.000Z', counts: { create: 1 } },
];

function writeRun(events: readonly RunEvent[]): { path: string; lastHash: string } {
  const path = newRunPath();
  const sink = createRunSink(path);
  for (const event of events) sink.append(event);
  const lastHash = sink.lastHash();
  sink.close();
  return { path, lastHash };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

function fileLines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').slice(0, -1);
}

describe('createRunSink', () => {
  it('writes one hash-chained record per line, creating the folder', () => {
    const path = newRunPath();
    const sink = createRunSink(path);
    sink.append(notice('first'));
    sink.append(notice('second'));
    sink.append(notice('third'));
    expect(sink.count).toBe(3);
    const lines = fileLines(path);
    // Readable while still open: a notice is written the moment it is appended (entries are batched, see run-sink-batching).
    expect(lines).toHaveLength(3);
    sink.close();

    const records = lines.map((line) => JSON.parse(line) as RunRecord);
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(records.map((r) => r.prev)).toEqual(['', sha256(lines[0]), sha256(lines[1])]);
    expect(records.map((r) => r.event)).toEqual([notice('first'), notice('second'), notice('third')]);
    expect(sink.lastHash()).toBe(sha256(lines[2]));
  });

  it('starts the chain with an empty hash', () => {
    const sink = createRunSink(newRunPath());
    expect(sink.lastHash()).toBe('');
    expect(sink.count).toBe(0);
    sink.close();
  });

  it('refuses a file that already holds a run, naming it', () => {
    const { path } = writeRun([notice('old')]);
    expect(() => createRunSink(path)).toThrow(ConfigurationError);
    expect(() => createRunSink(path)).toThrow(path);
  });

  it('refuses appends after close', () => {
    const sink = createRunSink(newRunPath());
    sink.close();
    expect(() => sink.append(notice('late'))).toThrow(/closed/);
  });
});

describe('readRunRecords and readEntries', () => {
  it('round-trips every event in order', async () => {
    const { path } = writeRun(EVENTS);
    const records = await collect(readRunRecords(path));
    expect(records.map((r) => r.event)).toEqual(EVENTS);
    expect(records.map((r) => r.seq)).toEqual(EVENTS.map((_e, i) => i + 1));
  });

  it('accepts the output directory instead of the file', async () => {
    const { path } = writeRun(EVENTS);
    const dir = join(path, '..');
    expect(resolveRunFile(dir)).toBe(path);
    expect(await collect(readRunRecords(dir))).toHaveLength(EVENTS.length);
  });

  it('yields only entries, filtered like the portal', async () => {
    const { path } = writeRun(EVENTS);
    const all: LogEntry[] = await collect(readEntries(path));
    expect(all).toEqual(FIXTURE_ENTRIES);
    const failures = await collect(readEntries(path, { status: ['Failure'] }));
    expect(ids(failures)).toEqual(['entry-2', 'entry-3']);
  });

  it('skips a last line cut short by a crash', async () => {
    const { path } = writeRun(EVENTS);
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text + '{"seq":99,"prev":"ab');
    expect(await collect(readRunRecords(path))).toHaveLength(EVENTS.length);
  });

  it('stops with an error naming the file and line at a damaged line in the middle', async () => {
    const { path } = writeRun(EVENTS);
    const lines = fileLines(path);
    lines[2] = 'garbage';
    writeFileSync(path, lines.join('\n') + '\n');
    await expect(collect(readRunRecords(path))).rejects.toThrow(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*line 3`));
  });

  it('names the path when there is no run log', () => {
    const missing = join(temp.dir, 'does-not-exist');
    expect(() => resolveRunFile(missing)).toThrow(ConfigurationError);
    expect(() => resolveRunFile(missing)).toThrow(missing);
    const emptyDir = join(temp.dir, 'empty-out');
    mkdirSync(emptyDir, { recursive: true });
    expect(() => resolveRunFile(emptyDir)).toThrow(/run\.ndjson is missing/);
  });
});

describe('verifyRunChain', () => {
  it('accepts an untouched run and ends where the sink ended', async () => {
    const { path, lastHash } = writeRun(EVENTS);
    const result = await verifyRunChain(path, { expectedFinalHash: lastHash });
    expect(result).toEqual({ ok: true, lines: EVENTS.length, finalHash: lastHash, truncated: false, problems: [] });
  });

  it('catches an edited line', async () => {
    const { path } = writeRun(EVENTS);
    const lines = fileLines(path);
    lines[2] = lines[2].replace('Alex Wilber', 'Alex Wilbur');
    expect(lines[2]).toContain('Alex Wilbur');
    writeFileSync(path, lines.join('\n') + '\n');
    const result = await verifyRunChain(path);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ line: 4, kind: 'tampered', message: expect.stringContaining('line 3 was edited') }]);
  });

  it('catches a deleted line', async () => {
    const { path } = writeRun(EVENTS);
    const lines = fileLines(path);
    lines.splice(3, 1);
    writeFileSync(path, lines.join('\n') + '\n');
    const result = await verifyRunChain(path);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ line: 4, kind: 'tampered', message: expect.stringContaining('1 record(s) missing') }]);
  });

  it('catches reordered lines', async () => {
    const { path } = writeRun(EVENTS);
    const lines = fileLines(path);
    [lines[3], lines[4]] = [lines[4], lines[3]];
    writeFileSync(path, lines.join('\n') + '\n');
    const result = await verifyRunChain(path);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.message).join('\n')).toMatch(/out of order/);
    expect(result.problems.every((p) => p.kind === 'tampered')).toBe(true);
  });

  it('reports a truncated last line as truncation, not tampering', async () => {
    const { path } = writeRun(EVENTS);
    const text = readFileSync(path, 'utf8');
    const lines = fileLines(path);
    const cut = text.slice(0, text.length - 1 - Math.floor(lines[lines.length - 1].length / 2));
    writeFileSync(path, cut);
    const result = await verifyRunChain(path);
    expect(result.ok).toBe(true);
    expect(result.truncated).toBe(true);
    expect(result.lines).toBe(EVENTS.length - 1);
    expect(result.finalHash).toBe(sha256(lines[lines.length - 2]));
    expect(result.problems).toEqual([{ line: EVENTS.length, kind: 'truncated', message: expect.stringContaining('cut short') }]);
  });

  it('treats a broken last line that was terminated as tampering', async () => {
    const { path } = writeRun(EVENTS);
    const lines = fileLines(path);
    lines[lines.length - 1] = lines[lines.length - 1].slice(0, 20);
    writeFileSync(path, lines.join('\n') + '\n');
    const result = await verifyRunChain(path);
    expect(result.ok).toBe(false);
    expect(result.truncated).toBe(false);
  });

  it('catches lines removed from the end when the recorded final hash is given', async () => {
    const { path, lastHash } = writeRun(EVENTS);
    const lines = fileLines(path);
    writeFileSync(path, lines.slice(0, -2).join('\n') + '\n');
    expect((await verifyRunChain(path)).ok).toBe(true);
    const result = await verifyRunChain(path, { expectedFinalHash: lastHash });
    expect(result.ok).toBe(false);
    expect(result.problems[0].message).toMatch(/removed from the end/);
  });

  it('streams a large run and verifies it', async () => {
    const path = newRunPath();
    const sink = createRunSink(path);
    const total = 20_000;
    for (let i = 0; i < total; i += 1) sink.append({ type: 'entry', entry: { ...FIXTURE_ENTRIES[i % FIXTURE_ENTRIES.length], id: `e-${i}` } });
    const lastHash = sink.lastHash();
    sink.close();
    expect(existsSync(path)).toBe(true);
    const result = await verifyRunChain(path, { expectedFinalHash: lastHash });
    expect(result).toMatchObject({ ok: true, lines: total, problems: [] });
    let count = 0;
    for await (const entry of readEntries(path)) {
      expect(entry.id).toBe(`e-${count}`);
      count += 1;
    }
    expect(count).toBe(total);
  });
});

describe('readRunRecordsVerified', () => {
  it('gives the records readRunRecords gives and the verdict verifyRunChain gives, from one read', async () => {
    const { path } = writeRun(EVENTS);
    const lines = fileLines(path);
    lines[2] = lines[2].replace('Alex Wilber', 'Alex Wilbur');
    writeFileSync(path, lines.join('\n') + '\n');
    const { records, chain } = readRunRecordsVerified(path);
    expect(await collect(records)).toEqual(await collect(readRunRecords(path)));
    expect(chain()).toEqual(await verifyRunChain(path));
    expect(chain().ok).toBe(false);
  });

  it('counts a last line cut short by a crash as truncation and skips it', async () => {
    const { path, lastHash } = writeRun(EVENTS);
    writeFileSync(path, readFileSync(path, 'utf8') + '{"seq":99,"prev":"ab');
    const { records, chain } = readRunRecordsVerified(path);
    expect(await collect(records)).toHaveLength(EVENTS.length);
    expect(chain()).toMatchObject({ ok: true, truncated: true, finalHash: lastHash });
  });

  it('stops at a damaged line in the middle, as readRunRecords does', async () => {
    const { path } = writeRun(EVENTS);
    const lines = fileLines(path);
    lines[2] = '';
    writeFileSync(path, lines.join('\n') + '\n');
    await expect(collect(readRunRecordsVerified(path).records)).rejects.toThrow(/line 3 is not a run record: an empty line/);
  });

  it('has no verdict before every record is read', () => {
    const { path } = writeRun(EVENTS);
    expect(() => readRunRecordsVerified(path).chain()).toThrow('the chain is verified once every record has been read');
  });
});
