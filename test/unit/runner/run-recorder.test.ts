import { serializeEntry } from '../../../harness/log/entry-json';
import { type RunEvent } from '../../../harness/contract/run-events';
import { type RunSink } from '../../../harness/log/run-sink';
import { RunRecorder } from '../../../harness/runner/run-recorder';
import { FIXTURE_ENTRIES } from '../log/fixtures';

function sink(discards: boolean): RunSink & { readonly appended: { event: RunEvent; json?: string | readonly string[] }[] } {
  const appended: { event: RunEvent; json?: string | readonly string[] }[] = [];
  return { filePath: 'run.ndjson', count: 0, ...(discards ? { discards: true } : {}), append: (event, json) => appended.push({ event, json }), lastHash: () => '', close: () => undefined, appended };
}

describe('RunRecorder.entry', () => {
  const entry = FIXTURE_ENTRIES.find((e) => e.harness.exchanges.length > 0) ?? FIXTURE_ENTRIES[0];

  it('hands the sink the entry with its text made once, the same text a plain stringify gives', () => {
    const target = sink(false);
    new RunRecorder(target, { name: 'none' }).entry(entry);
    expect(target.appended).toHaveLength(1);
    expect((target.appended[0].json as readonly string[]).join('')).toBe(JSON.stringify({ type: 'entry', entry }));
  });

  it('appends nothing to a sink that discards entries (report replaying a saved run), yet counts the entry', () => {
    const target = sink(true);
    const recorder = new RunRecorder(target, { name: 'none' });
    recorder.entry(entry);
    expect(target.appended).toEqual([]);
    expect(recorder.tally.snapshot().overall.entries).toBe(1);
  });

  it('still gives entry listeners the Graph text when the sink discards', () => {
    const recorder = new RunRecorder(sink(true), { name: 'none' });
    const texts: string[] = [];
    recorder.onEntry((_entry, graphSummaryJson) => texts.push(graphSummaryJson));
    recorder.entry(entry);
    expect(texts).toEqual([serializeEntry(entry).graphSummary]);
  });
});
