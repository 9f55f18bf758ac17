import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { readLines } from '../../../harness/log/run-reader';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'scim-harness-lines-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function linesOf(content: string | Buffer): Promise<string[]> {
  const file = path.join(dir, 'run.ndjson');
  writeFileSync(file, content);
  const lines: string[] = [];
  for await (const line of readLines(file)) lines.push(line);
  return lines;
}

describe('readLines', () => {
  it('gives every line the sink wrote, with or without a final newline, empty lines included', async () => {
    expect(await linesOf('{"a":1}\n{"b":2}\n')).toEqual(['{"a":1}', '{"b":2}']);
    expect(await linesOf('{"a":1}\n\n{"b":2}')).toEqual(['{"a":1}', '', '{"b":2}']);
    expect(await linesOf('')).toEqual([]);
  });

  it('drops the carriage return of CRLF line ends, so a converted file reads as written', async () => {
    expect(await linesOf('{"a":1}\r\n{"b":2}\r\n')).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('joins lines that span read chunks, multi-byte characters cut at a chunk edge included', async () => {
    // 1 MiB reads: a 2.5 MiB line spans three, and "é" (2 bytes) is placed across the first edge.
    const edge = 1024 * 1024;
    const long = `${'x'.repeat(edge - 1)}é${'y'.repeat(1.5 * edge)}`;
    expect(await linesOf(`short\n${long.slice(6)}\nlast`)).toEqual(['short', long.slice(6), 'last']);
  });

  it('splits any text exactly as String.split on "\\n" does', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, '')), { maxLength: 20 }), async (lines) => {
        const text = lines.map((line) => `${line}\n`).join('');
        expect(await linesOf(text)).toEqual(lines);
      }),
      { numRuns: 100 },
    );
  });
});
