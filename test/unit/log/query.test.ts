import { ConfigurationError } from '../../../harness/errors';
import { matchesFilter, parseTimeBound, type LogFilter } from '../../../harness/log/query';
import { FIXTURE_ENTRIES, ids, JOB_2 } from './fixtures';

const select = (filter: LogFilter): string[] => ids(FIXTURE_ENTRIES.filter((entry) => matchesFilter(entry, filter)));

describe('matchesFilter', () => {
  it('keeps everything with an empty filter', () => {
    expect(select({})).toEqual(['entry-1', 'entry-2', 'entry-3', 'entry-4', 'entry-5', 'entry-6']);
  });

  it.each<[string, LogFilter, string[]]>([
    ['since (inclusive)', { since: new Date('2026-03-25T09:00:00Z') }, ['entry-4', 'entry-5', 'entry-6']],
    ['until (inclusive)', { until: new Date('2026-03-24T10:40:00Z') }, ['entry-1', 'entry-2']],
    ['since and until', { since: new Date('2026-03-24T11:00:00Z'), until: new Date('2026-03-25T09:15:00Z') }, ['entry-3', 'entry-4']],
    ['status as the portal writes it', { status: ['Failure'] }, ['entry-2', 'entry-3']],
    ['status as Graph stores it, several', { status: ['success', 'SKIPPED'] }, ['entry-1', 'entry-4', 'entry-5', 'entry-6']],
    ['action, case-insensitive', { action: ['StagedDelete'] }, ['entry-5']],
    ['several actions', { action: ['create', 'Update'] }, ['entry-1', 'entry-2']],
    ['identity by display name substring', { identity: 'alex' }, ['entry-2']],
    ['identity by target id, any case', { identity: 'TGT-MEGAN' }, ['entry-4']],
    ['identity by source id', { identity: 'src-nes' }, ['entry-6']],
    ['identity with punctuation', { identity: '"emea"' }, ['entry-3']],
    ['job id', { jobId: JOB_2 }, ['entry-6']],
    ['cycle id', { cycleId: 'cycle-3' }, ['entry-4', 'entry-5']],
    ['change id', { changeId: 'change-3' }, ['entry-3']],
    ['source id (exact, not substring)', { sourceId: 'src-lee' }, ['entry-5']],
    ['source id prefix does not match', { sourceId: 'src-le' }, []],
    ['target id', { targetId: 'tgt-sales' }, ['entry-3']],
    ['source system', { sourceSystem: 'entra' }, ['entry-1', 'entry-2', 'entry-3', 'entry-4', 'entry-5', 'entry-6']],
    ['source system not present', { sourceSystem: 'workday' }, []],
    ['target system', { targetSystem: 'fabrikam' }, ['entry-6']],
    ['application by name', { application: 'contoso' }, ['entry-1', 'entry-2', 'entry-3', 'entry-4', 'entry-5']],
    ['application by id', { application: 'sp-fabrikam' }, ['entry-6']],
    ['filters combine with AND', { status: ['failure'], identity: 'sales' }, ['entry-3']],
    ['an empty status list does not restrict', { status: [] }, ['entry-1', 'entry-2', 'entry-3', 'entry-4', 'entry-5', 'entry-6']],
  ])('%s', (_name, filter, expected) => {
    expect(select(filter)).toEqual(expected);
  });
});

describe('parseTimeBound', () => {
  const now = new Date('2026-03-26T12:00:00.000Z');

  it.each([
    ['24h', '2026-03-25T12:00:00.000Z'],
    ['7d', '2026-03-19T12:00:00.000Z'],
    ['30d', '2026-02-24T12:00:00.000Z'],
    ['90m', '2026-03-26T10:30:00.000Z'],
    ['45s', '2026-03-26T11:59:15.000Z'],
    ['2w', '2026-03-12T12:00:00.000Z'],
    [' 24H ', '2026-03-25T12:00:00.000Z'],
    ['2026-03-24', '2026-03-24T00:00:00.000Z'],
    ['2026-03-24T13:23:44Z', '2026-03-24T13:23:44.000Z'],
    ['2026-03-24T13:23:44.9198514Z', '2026-03-24T13:23:44.919Z'],
    ['2026-03-24T13:23', '2026-03-24T13:23:00.000Z'],
    ['2026-03-24 13:23:44', '2026-03-24T13:23:44.000Z'],
    ['2026-03-24T13:23:44+02:00', '2026-03-24T11:23:44.000Z'],
    ['2026-03-24T13:23:44-0530', '2026-03-24T18:53:44.000Z'],
  ])('%s → %s', (text, expected) => {
    expect(parseTimeBound(text, now).toISOString()).toBe(expected);
  });

  it.each(['yesterday', '24', 'h24', '2026-13-01', '2026-02-30', '2026-03-24T25:00', '', '7 days'])(
    'rejects %p with a ConfigurationError naming the flag and the value',
    (text) => {
      expect(() => parseTimeBound(text, now, '--until')).toThrow(ConfigurationError);
      expect(() => parseTimeBound(text, now, '--until')).toThrow(`--until must be an ISO 8601 date or date-time`);
      expect(() => parseTimeBound(text, now, '--until')).toThrow(`got "${text}"`);
    },
  );
});
