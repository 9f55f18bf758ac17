/**
 * One serialisation of an entry for both files that carry it: run.ndjson holds the whole entry,
 * provisioning-logs.json its Graph part (everything but `harness`, which comes last). The entry
 * event's text is assembled around the Graph part's, so a run stringifies each entry once; it is
 * kept in pieces, because joining them would copy the entry's text again only for the writer to
 * encode it (V8 flattens a concatenated string before writing it into a Buffer).
 */
import { type LogEntry } from '../contract/log-entry';
import { toGraphSummary } from './exports';

export interface EntryJson {
  /** JSON.stringify({ type: 'entry', entry }), byte for byte once joined: the pieces are written one after another. */
  readonly event: readonly string[];
  /** JSON.stringify(toGraphSummary(entry)), byte for byte. */
  readonly graphSummary: string;
}

export function serializeEntry(entry: LogEntry): EntryJson {
  const graphSummary = JSON.stringify(toGraphSummary(entry));
  const keys = Object.keys(entry);
  // Assembly is exact only when `harness` is the last member and something precedes it.
  if (keys.length < 2 || keys[keys.length - 1] !== 'harness' || entry.harness === undefined) {
    return { event: [JSON.stringify({ type: 'entry', entry })], graphSummary };
  }
  return { event: ['{"type":"entry","entry":', graphSummary.slice(0, -1), ',"harness":', JSON.stringify(entry.harness), '}}'], graphSummary };
}
