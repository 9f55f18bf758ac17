import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  csvField,
  toAadRow,
  toGraphCollection,
  writeAadNdjson,
  writeCsvExport,
  writeGraphJson,
} from '../../../harness/log/exports';
import { type LogEntry } from '../../../harness/contract/log-entry';
import { ALEX, CONFLICT_REASON, FIXTURE_ENTRIES, makeTempDir, parseCsv, SALES } from './fixtures';

const temp = makeTempDir();
afterAll(() => temp.remove());

async function* streamed(entries: readonly LogEntry[]): AsyncGenerator<LogEntry> {
  for (const entry of entries) {
    await Promise.resolve();
    yield entry;
  }
}

function withoutHarness(entry: LogEntry): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...entry };
  delete copy.harness;
  return copy;
}

describe('Graph export', () => {
  it('strips harness and leaves the Graph shape untouched', () => {
    const collection = toGraphCollection(FIXTURE_ENTRIES);
    expect(Object.keys(collection)).toEqual(['value']);
    expect(collection.value).toHaveLength(FIXTURE_ENTRIES.length);
    for (const summary of collection.value) expect(summary).not.toHaveProperty('harness');
    expect(collection.value).toEqual(FIXTURE_ENTRIES.map(withoutHarness));
  });

  it('does not mutate the entries', () => {
    toGraphCollection(FIXTURE_ENTRIES);
    expect(ALEX.harness.exchanges).toHaveLength(1);
  });

  it('streams the same collection to a file', async () => {
    const file = join(temp.dir, 'graph', 'provisioning.json');
    await writeGraphJson(streamed(FIXTURE_ENTRIES), file);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(toGraphCollection(FIXTURE_ENTRIES));
  });

  it('writes an empty collection for no entries', async () => {
    const file = join(temp.dir, 'graph-empty.json');
    await writeGraphJson([], file);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ value: [] });
  });
});

describe('CSV export', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['carriage\rreturn', '"carriage\rreturn"'],
    ['', ''],
  ])('quotes %p as RFC 4180 wants', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it('writes null as an empty field', () => {
    expect(csvField(null)).toBe('');
  });

  async function exportFixtures(): Promise<{ paths: string[]; logs: string[][]; steps: string[][]; properties: string[][] }> {
    const dir = join(temp.dir, `csv-${Math.random().toString(36).slice(2)}`);
    const paths = await writeCsvExport(streamed(FIXTURE_ENTRIES), dir);
    const [logs, steps, properties] = paths.map((path) => parseCsv(readFileSync(path, 'utf8')));
    return { paths, logs, steps, properties };
  }

  it("writes the portal download's three files with their headers", async () => {
    const { paths, logs, steps, properties } = await exportFixtures();
    expect(paths.map((p) => p.split(/[\\/]/).pop())).toEqual([
      'ProvisioningLogs.csv',
      'ProvisioningLogs_ProvisioningSteps.csv',
      'ProvisioningLogs_ModifiedProperties.csv',
    ]);
    expect(logs[0]).toEqual(
      expect.arrayContaining([
        'Date (UTC)',
        'Job ID',
        'Cycle ID',
        'Change ID',
        'Action',
        'Status',
        'Source Identity Name',
        'Source ID',
        'Target Identity Name',
        'Target ID',
        'Source System',
        'Target System',
        'Error Code',
        'Status Reason',
        'Recommended Action',
        'Duration (ms)',
      ]),
    );
    expect(steps[0]).toEqual(['Change ID', 'Step Number', 'Name', 'Type', 'Status', 'Description', 'Details']);
    expect(properties[0]).toEqual(['Change ID', 'Attribute Name', 'Old Value', 'New Value']);
  });

  it('keeps commas, quotes and CRLF inside quoted fields', async () => {
    const { logs } = await exportFixtures();
    const header = logs[0];
    const byChange = new Map(logs.slice(1).map((row) => [row[header.indexOf('Change ID')], row]));
    expect(byChange.get(ALEX.changeId)?.[header.indexOf('Status Reason')]).toBe(CONFLICT_REASON);
    expect(byChange.get(SALES.changeId)?.[header.indexOf('Source Identity Name')]).toBe('Sales, "EMEA"');
    expect(byChange.get(ALEX.changeId)?.[header.indexOf('Action')]).toBe('Update');
    expect(byChange.get(ALEX.changeId)?.[header.indexOf('Status')]).toBe('Failure');
    expect(logs.slice(1).every((row) => row.length === header.length)).toBe(true);
  });

  it('joins steps and modified properties to the log rows by change id', async () => {
    const { logs, steps, properties } = await exportFixtures();
    const changeColumn = logs[0].indexOf('Change ID');
    expect(logs.slice(1).map((row) => row[changeColumn])).toEqual(FIXTURE_ENTRIES.map((e) => e.changeId));
    for (const entry of FIXTURE_ENTRIES) {
      const entrySteps = steps.slice(1).filter((row) => row[0] === entry.changeId);
      expect(entrySteps.map((row) => [row[1], row[2]])).toEqual(entry.provisioningSteps.map((step, i) => [String(i + 1), step.name]));
      const entryProperties = properties.slice(1).filter((row) => row[0] === entry.changeId);
      expect(entryProperties).toEqual(
        entry.modifiedProperties.map((p) => [entry.changeId, p.displayName, p.oldValue ?? '', p.newValue ?? '']),
      );
    }
    expect(properties.slice(1)).toContainEqual(['change-2', 'displayName', 'Alex W.', 'Alex Wilber, Sales']);
    const firstStep = steps.find((row) => row[0] === 'change-1' && row[1] === '2');
    expect(JSON.parse(firstStep?.[6] ?? '')).toEqual({ 'Active in the source system': 'True', 'Assigned to the application': 'True' });
  });

  it('ends every record with CRLF', async () => {
    const { paths } = await exportFixtures();
    const text = readFileSync(paths[2], 'utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')[0]).toBe('Change ID,Attribute Name,Old Value,New Value');
  });
});

describe('AADProvisioningLogs rows', () => {
  const COLUMNS = [
    'TimeGenerated',
    'Id',
    'Category',
    'OperationName',
    'OperationVersion',
    'ResultType',
    'ResultSignature',
    'ResultDescription',
    'ProvisioningAction',
    'DurationMs',
    'JobId',
    'CycleId',
    'ChangeId',
    'CorrelationId',
    'InitiatedBy',
    'SourceIdentity',
    'TargetIdentity',
    'SourceSystem',
    'TargetSystem',
    'ServicePrincipal',
    'ProvisioningStatusInfo',
    'ProvisioningSteps',
    'ModifiedProperties',
    'AADTenantId',
    'TenantId',
    'Type',
  ];

  it('carries every Azure Monitor column', () => {
    const row = toAadRow(ALEX, 'workspace-1');
    for (const column of COLUMNS) expect(row).toHaveProperty(column);
  });

  it('fills the fixed columns and the portal spellings', () => {
    const row = toAadRow(ALEX, 'workspace-1');
    expect(row).toMatchObject({
      TimeGenerated: ALEX.activityDateTime,
      Id: ALEX.id,
      Category: 'ProvisioningLogs',
      OperationName: 'Provisioning activity',
      OperationVersion: '1.0',
      ResultType: 'Failure',
      ResultSignature: 'SystemForCrossDomainIdentityManagementServiceIncompatibleFiltering',
      ResultDescription: CONFLICT_REASON,
      ProvisioningAction: 'Update',
      DurationMs: ALEX.durationInMilliseconds,
      AADTenantId: ALEX.tenantId,
      TenantId: 'workspace-1',
      Type: 'AADProvisioningLogs',
    });
    expect(toAadRow(FIXTURE_ENTRIES[4]).ProvisioningAction).toBe('StagedDelete');
  });

  it('writes None as the signature of a success', () => {
    expect(toAadRow(FIXTURE_ENTRIES[0]).ResultSignature).toBe('None');
    expect(toAadRow(FIXTURE_ENTRIES[0]).ResultType).toBe('Success');
  });

  it('stores the structured columns as JSON strings with Id/Name casing', () => {
    const row = toAadRow(ALEX);
    expect(JSON.parse(row.SourceIdentity)).toMatchObject({ Id: 'src-alex', Name: 'Alex Wilber' });
    expect(JSON.parse(row.ServicePrincipal)).toEqual({ Id: ALEX.servicePrincipal.id, Name: ALEX.servicePrincipal.displayName });
    expect(JSON.parse(row.InitiatedBy)).toEqual({ Id: '', Name: 'Azure AD Provisioning Service', Type: 'system' });
    expect(JSON.parse(row.ProvisioningStatusInfo)).toEqual(ALEX.provisioningStatusInfo);
    expect(JSON.parse(row.ProvisioningSteps)).toEqual(ALEX.provisioningSteps);
    expect(JSON.parse(row.ModifiedProperties)).toEqual(ALEX.modifiedProperties);
    expect(JSON.stringify(row)).not.toContain('harness');
  });

  it('streams one row per line', async () => {
    const file = join(temp.dir, 'aad', 'rows.ndjson');
    await writeAadNdjson(streamed(FIXTURE_ENTRIES), file, 'ws');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { Id: string }).Id)).toEqual(FIXTURE_ENTRIES.map((e) => e.id));
  });
});
