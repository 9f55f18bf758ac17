/**
 * docs/rfc-coverage.md: the coverage map names, for every test of the peer suites, the RFC probes
 * or Entra scenarios that cover it — no row without one, and no id that does not exist — and the
 * probe table lists exactly the catalogue.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RFC_PROBE_IDS } from '../../../harness/rfc/catalogue';
import { loadBuiltInScenarios } from '../../../harness/scenario/load-scenarios';

const DOC = readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'rfc-coverage.md'), 'utf8');

/** The table rows (not header, not separator) of the part of the page between two headings. */
function tableRows(from: string, to?: string): string[][] {
  const start = DOC.indexOf(from);
  const end = to === undefined ? DOC.length : DOC.indexOf(to, start);
  if (start === -1 || end === -1) throw new Error(`docs/rfc-coverage.md has no section "${from}"`);
  return DOC.slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| ---'))
    .map((line) =>
      line
        .slice(2, -2)
        .split(/(?<!\\) \| /)
        .map((cell) => cell.trim()),
    )
    .filter((cells) => !['Test', 'Requirement', 'Probe', ''].includes(cells[0]));
}

function codeSpans(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]);
}

describe('docs/rfc-coverage.md', () => {
  const known = new Set([...RFC_PROBE_IDS, ...loadBuiltInScenarios().map((scenario) => scenario.id)]);
  const mapRows = tableRows('## Coverage map');

  it('maps a hundred and more peer tests', () => {
    expect(mapRows.length).toBeGreaterThan(100);
  });

  it('names at least one probe or scenario for every peer test, and only ids that exist', () => {
    const unmapped = mapRows.filter((cells) => codeSpans(cells.at(-1) ?? '').length === 0).map((cells) => cells[0]);
    expect(unmapped).toEqual([]);
    const unknown = mapRows.flatMap((cells) => codeSpans(cells.at(-1) ?? '')).filter((id) => !known.has(id));
    expect(unknown).toEqual([]);
  });

  it('lists every probe of the catalogue once in the probe table, and nothing else', () => {
    const listed = tableRows('## The probes', '## Coverage map').map((cells) => codeSpans(cells[0])[0]);
    expect([...listed].sort()).toEqual([...RFC_PROBE_IDS].sort());
  });

  it('maps every probe to some peer test', () => {
    const mapped = new Set(mapRows.flatMap((cells) => codeSpans(cells.at(-1) ?? '')));
    expect(RFC_PROBE_IDS.filter((id) => !mapped.has(id))).toEqual([]);
  });
});
