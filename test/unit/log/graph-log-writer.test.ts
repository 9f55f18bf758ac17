import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toGraphCollection, writeGraphJson } from '../../../harness/log/exports';
import { GraphLogWriter } from '../../../harness/log/graph-log-writer';
import { type LogEntry } from '../../../harness/contract/log-entry';
import { FIXTURE_ENTRIES, makeTempDir } from './fixtures';

const temp = makeTempDir();
afterAll(() => temp.remove());

function writeLive(name: string, entries: readonly LogEntry[]): string {
  const file = join(temp.dir, name, 'provisioning-logs.json');
  const writer = new GraphLogWriter(file);
  for (const entry of entries) writer.add(entry);
  writer.close();
  return file;
}

describe('GraphLogWriter', () => {
  it.each([
    ['no entries', [] as LogEntry[]],
    ['one entry', FIXTURE_ENTRIES.slice(0, 1)],
    ['every fixture entry', [...FIXTURE_ENTRIES]],
    // Enough entries to cross several write batches.
    ['a thousand entries', Array.from({ length: 1000 }, (_, i) => FIXTURE_ENTRIES[i % FIXTURE_ENTRIES.length])],
    // One entry larger than a whole write batch, between ordinary ones, non-ASCII included.
    ['an entry larger than a batch', [FIXTURE_ENTRIES[0], { ...FIXTURE_ENTRIES[1], sourceIdentity: { ...FIXTURE_ENTRIES[1].sourceIdentity, displayName: 'Zoë '.repeat(100_000) } }, FIXTURE_ENTRIES[2]]],
  ])('writes, entry by entry, the bytes writeGraphJson writes afterwards: %s', async (name, entries) => {
    const live = writeLive(`live-${name}`, entries);
    const after = join(temp.dir, `after-${name}`, 'provisioning-logs.json');
    await writeGraphJson(entries, after);
    expect(readFileSync(live, 'utf8')).toBe(readFileSync(after, 'utf8'));
    expect(JSON.parse(readFileSync(live, 'utf8'))).toEqual(toGraphCollection(entries));
    expect(existsSync(`${live}.partial`)).toBe(false);
  });

  it('shows no Graph export until it is complete, and leaves none when the run is abandoned', () => {
    const file = join(temp.dir, 'abandoned', 'provisioning-logs.json');
    const writer = new GraphLogWriter(file);
    writer.add(FIXTURE_ENTRIES[0]);
    expect(existsSync(file)).toBe(false);
    writer.abort();
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}.partial`)).toBe(false);
    writer.add(FIXTURE_ENTRIES[1]);
    writer.close();
    expect(existsSync(file)).toBe(false);
  });
});
