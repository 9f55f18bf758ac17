import fc from 'fast-check';
import { serializeEntry } from '../../../harness/log/entry-json';
import { toGraphSummary } from '../../../harness/log/exports';
import { type LogEntry } from '../../../harness/contract/log-entry';
import { FIXTURE_ENTRIES } from './fixtures';

function expectExact(entry: LogEntry): void {
  const json = serializeEntry(entry);
  expect(json.event.join('')).toBe(JSON.stringify({ type: 'entry', entry }));
  expect(json.graphSummary).toBe(JSON.stringify(toGraphSummary(entry)));
}

describe('serializeEntry', () => {
  it.each(FIXTURE_ENTRIES.map((entry) => [entry.id, entry]))('gives the exact JSON of the entry event and of its Graph part: %s', (_id, entry) => {
    expectExact(entry);
  });

  it('stays exact for any text in any field, escapes and non-ASCII included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), fc.jsonValue(), (name, reason, body) => {
        const base = FIXTURE_ENTRIES.find((entry) => entry.harness.exchanges.length > 0) as LogEntry;
        expectExact({
          ...base,
          sourceIdentity: { ...base.sourceIdentity, displayName: name },
          provisioningStatusInfo: { status: 'failure', errorInformation: { errorCode: 'X', reason, additionalDetails: name, errorCategory: 'nonServiceFailure', recommendedAction: reason } },
          harness: { ...base.harness, exchanges: [{ ...base.harness.exchanges[0], request: { ...base.harness.exchanges[0].request, body } }] },
        } as LogEntry);
      }),
      { numRuns: 200 },
    );
  });

  it('falls back to a plain stringify when harness is not the last member', () => {
    const { harness, ...rest } = FIXTURE_ENTRIES[0];
    const reordered = { harness, ...rest } as LogEntry;
    expectExact(reordered);
  });
});
