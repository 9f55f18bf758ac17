import { formatEntryDetail, formatLogTable, summarizeEntries, summarizeEntryStream } from '../../../harness/log/log-views';
import { ADELE, ALEX, FIXTURE_ENTRIES, LEE, NESTOR } from './fixtures';

describe('formatLogTable', () => {
  it('shows the default portal columns and one row per entry', () => {
    const lines = formatLogTable(FIXTURE_ENTRIES).split('\n');
    expect(lines[0].split(/\s{2,}/)).toEqual(['Date', 'Identity', 'Action', 'Source System', 'Target System', 'Status']);
    expect(lines[1]).toMatch(/^-+( {2}-+){5}$/);
    expect(lines).toHaveLength(2 + FIXTURE_ENTRIES.length);
    expect(lines[2].split(/\s{2,}/)).toEqual(['2026-03-24 10:05:00', 'Adele Vance', 'Create', 'Microsoft Entra ID', 'Contoso SCIM', 'Success']);
    expect(lines[6].split(/\s{2,}/)).toEqual(['2026-03-25 09:30:00', 'Lee Gu', 'StagedDelete', 'Microsoft Entra ID', 'Contoso SCIM', 'Skipped']);
  });

  it('adds the extra columns asked for', () => {
    const lines = formatLogTable([ALEX], { columns: ['Identity', 'Change ID', 'Error Code', 'Duration', 'Job ID'] }).split('\n');
    expect(lines[0].split(/\s{2,}/)).toEqual(['Identity', 'Change ID', 'Error Code', 'Duration', 'Job ID']);
    expect(lines[2].split(/\s{2,}/)).toEqual(['Alex Wilber', 'change-2', 'SystemForCrossDomainIdentityManagementServiceIncompatibleFiltering', '250 ms', ALEX.jobId]);
  });

  it('shortens the widest columns to fit a width', () => {
    const text = formatLogTable(FIXTURE_ENTRIES, { columns: ['Identity', 'Job ID', 'Status'], width: 60 });
    const lines = text.split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
    expect(text).toContain('…');
    expect(text).toContain('Adele Vance');
  });

  it('says so when nothing matches', () => {
    expect(formatLogTable([])).toBe('No provisioning log entries match.');
  });

  it('is colour-free', () => {
    expect(formatLogTable(FIXTURE_ENTRIES)).not.toContain('\u001b[');
  });
});

describe('formatEntryDetail', () => {
  it("has the portal's four tabs as sections, in order", () => {
    const text = formatEntryDetail(ADELE);
    const positions = ['Steps', 'Troubleshooting & Recommendations', 'Modified Properties', 'Summary'].map((title) =>
      text.split('\n').indexOf(title),
    );
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('numbers the steps with status, description and details', () => {
    const text = formatEntryDetail(ADELE);
    expect(text).toContain('1. [Success] EntryImport (import)');
    expect(text).toContain('2. [Success] EntrySynchronizationScoping (scoping)');
    expect(text).toContain('   Determine if User in scope by evaluating against each scoping filter');
    expect(text).toContain('Active in the source system: True');
    expect(text).toContain('3. [Success] EntryExportAdd (export)');
  });

  it('shows old → new for modified properties', () => {
    const text = formatEntryDetail(ALEX);
    expect(text).toContain('displayName: Alex W. → Alex Wilber, Sales');
    expect(formatEntryDetail(ADELE)).toContain('active: (none) → True');
  });

  it('shows the error code, reason lines and recommended action', () => {
    const text = formatEntryDetail(ALEX);
    expect(text).toContain('Error code: SystemForCrossDomainIdentityManagementServiceIncompatibleFiltering');
    expect(text).toContain('  StatusCode: Conflict');
    expect(text).toContain('Recommended action: Resolve the conflict, then retry.');
    expect(text).not.toContain('\r');
    expect(formatEntryDetail(ADELE)).toContain('No errors.');
  });

  it('summarises ids in both systems and the job, cycle and change ids', () => {
    const text = formatEntryDetail(ALEX);
    expect(text).toContain('id src-alex in Microsoft Entra ID');
    expect(text).toContain('id tgt-alex in Contoso SCIM');
    expect(text).toContain(`Job ID: ${ALEX.jobId}`);
    expect(text).toContain('Cycle ID: cycle-1');
    expect(text).toContain('Change ID: change-2');
    expect(text).toContain('Activity date: 2026-03-24T10:40:00.000Z');
    expect(text).toContain('Duration: 250 ms');
  });
});

describe('summarizeEntries', () => {
  const summary = summarizeEntries(FIXTURE_ENTRIES, { identity: 'alex' });

  it('counts errors by code, most frequent first', () => {
    expect(summary.errorsByCode).toEqual([
      { errorCode: 'EntrySynchronizationSkipped', entries: 1, failures: 0 },
      { errorCode: 'InternalServerError', entries: 1, failures: 1 },
      { errorCode: 'SystemForCrossDomainIdentityManagementServiceIncompatibleFiltering', entries: 1, failures: 1 },
      { errorCode: 'TooManyDeletes', entries: 1, failures: 0 },
    ]);
  });

  it('counts actions per day', () => {
    expect(summary.actionsPerDay.map((d) => [d.day, d.total])).toEqual([
      ['2026-03-24', 3],
      ['2026-03-25', 2],
      ['2026-03-26', 1],
    ]);
    expect(summary.actionsPerDay[0].counts).toEqual({ Create: 1, Update: 1, Delete: 0, Disable: 1, StagedDelete: 0, Other: 0 });
    expect(summary.actionsPerDay[1].counts).toMatchObject({ Delete: 1, StagedDelete: 1 });
  });

  it('counts failures per hour', () => {
    expect(summary.failuresPerHour).toEqual([
      { hour: '2026-03-24 10:00', failures: 1 },
      { hour: '2026-03-24 11:00', failures: 1 },
    ]);
  });

  it("lists one identity's operations", () => {
    expect(summary.identity?.operations).toEqual([
      {
        date: '2026-03-24 10:40:00',
        action: 'Update',
        status: 'Failure',
        errorCode: 'SystemForCrossDomainIdentityManagementServiceIncompatibleFiltering',
        identity: 'Alex Wilber',
        cycleId: 'cycle-1',
        changeId: 'change-2',
      },
    ]);
  });

  it('renders every view as a text table', () => {
    const lines = summary.text.split('\n');
    expect(lines).toContain('Errors by code');
    expect(lines.some((l) => /^SystemForCrossDomainIdentityManagementServiceIncompatibleFiltering\s+1\s+1$/.test(l))).toBe(true);
    expect(lines).toContain('Operations per day (UTC)');
    expect(lines.some((l) => /^2026-03-24\s+1\s+1\s+0\s+1\s+0\s+0\s+3$/.test(l))).toBe(true);
    expect(lines).toContain('Failures per hour (UTC)');
    expect(lines.some((l) => /^2026-03-24 11:00\s+1$/.test(l))).toBe(true);
    expect(lines).toContain('Operations for "alex"');
    expect(lines.some((l) => l.startsWith('2026-03-24 10:40:00') && l.includes('change-2'))).toBe(true);
  });

  it('leaves the identity view out when no identity is asked for', () => {
    const plain = summarizeEntries([LEE, NESTOR]);
    expect(plain.identity).toBeUndefined();
    expect(plain.text).not.toContain('Operations for');
    expect(plain.failuresPerHour).toEqual([]);
    expect(plain.text).toContain('No failures.');
  });

  it('gives the same result over a stream', async () => {
    async function* stream(): AsyncGenerator<(typeof FIXTURE_ENTRIES)[number]> {
      yield* FIXTURE_ENTRIES;
    }
    expect(await summarizeEntryStream(stream(), { identity: 'alex' })).toEqual(summary);
  });
});
