import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '../../../harness/errors';
import { replaceFileSync } from '../../../harness/log/text-writer';
import { checkOutputFolder, OUTPUT_MARKER_FILE, stageOutputFolder } from '../../../harness/runner/output-folder';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'scim-harness-output-folder-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function refusal(outDir: string): string {
  try {
    checkOutputFolder(outDir);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error(`${outDir} was accepted`);
}

describe('checkOutputFolder', () => {
  it('accepts a new folder, an empty one, and an earlier run (marker or run log) without writing anything', () => {
    expect(checkOutputFolder(path.join(dir, 'new', 'deeper'))).toBe('absent');
    mkdirSync(path.join(dir, 'empty'));
    expect(checkOutputFolder(path.join(dir, 'empty'))).toBe('empty');
    mkdirSync(path.join(dir, 'marked'));
    writeFileSync(path.join(dir, 'marked', OUTPUT_MARKER_FILE), JSON.stringify({ writtenBy: 'scim-harness' }));
    writeFileSync(path.join(dir, 'marked', 'report.json'), '{}');
    expect(checkOutputFolder(path.join(dir, 'marked'))).toBe('earlier-output');
    mkdirSync(path.join(dir, 'legacy'));
    writeFileSync(path.join(dir, 'legacy', 'run.ndjson'), '{"seq":1,"prev":"","event":{"type":"run-start","runId":"x"}}\n');
    expect(checkOutputFolder(path.join(dir, 'legacy'))).toBe('earlier-output');
    expect(readdirSync(dir).sort()).toEqual(['empty', 'legacy', 'marked']);
  });

  it('refuses a folder of someone else\'s files, naming the folder, the files and the fix', () => {
    mkdirSync(path.join(dir, 'project'));
    writeFileSync(path.join(dir, 'project', 'package.json'), '{}');
    // A file that only claims the name of a run log is still someone else's.
    writeFileSync(path.join(dir, 'project', 'run.ndjson'), '{"hello":"world"}\n');
    const message = refusal(path.join(dir, 'project'));
    expect(message).toContain(path.join(dir, 'project'));
    expect(message).toContain('"package.json"');
    expect(message).toMatch(/--out must be empty, new, or the folder of an earlier scim-harness run .*\(choose another folder/);
  });

  it('refuses a file, a path under a file, and a symbolic link (even to an earlier run)', () => {
    writeFileSync(path.join(dir, 'file'), 'x');
    expect(refusal(path.join(dir, 'file'))).toMatch(/--out must be a folder, got ".*file", which is a file/);
    expect(refusal(path.join(dir, 'file', 'sub', 'deeper'))).toMatch(/--out must be inside a folder, got ".*deeper", but ".*file" is a file/);
    mkdirSync(path.join(dir, 'real'));
    writeFileSync(path.join(dir, 'real', OUTPUT_MARKER_FILE), JSON.stringify({ writtenBy: 'scim-harness' }));
    symlinkSync(path.join(dir, 'real'), path.join(dir, 'link'));
    expect(refusal(path.join(dir, 'link'))).toMatch(/--out must be a real folder, not a symbolic link/);
  });
});

describe('stageOutputFolder', () => {
  it('builds the run beside --out and swaps it in whole, leaving nothing beside it', () => {
    const out = path.join(dir, 'out');
    mkdirSync(out);
    writeFileSync(path.join(out, OUTPUT_MARKER_FILE), JSON.stringify({ writtenBy: 'scim-harness' }));
    writeFileSync(path.join(out, 'summary.md'), 'old run\n');
    const staged = stageOutputFolder(out, 'run');
    expect(path.dirname(staged.workDir)).toBe(dir);
    writeFileSync(path.join(staged.workDir, 'run.ndjson'), 'new run\n');
    // Until the swap the earlier run is whole.
    expect(readFileSync(path.join(out, 'summary.md'), 'utf8')).toBe('old run\n');
    staged.commit();
    expect(readdirSync(out).sort()).toEqual([OUTPUT_MARKER_FILE, 'run.ndjson']);
    expect(readdirSync(dir)).toEqual(['out']);
  });

  it('replaces a link planted at --out during the run without touching what it points to', () => {
    const out = path.join(dir, 'out');
    const staged = stageOutputFolder(out, 'run');
    mkdirSync(path.join(dir, 'victim'));
    writeFileSync(path.join(dir, 'victim', 'keep.txt'), 'keep\n');
    symlinkSync(path.join(dir, 'victim'), out);
    staged.commit();
    expect(lstatSync(out).isDirectory()).toBe(true);
    expect(readFileSync(path.join(dir, 'victim', 'keep.txt'), 'utf8')).toBe('keep\n');
  });

  it('keeps, aside, files someone put into --out while the run went on', () => {
    const out = path.join(dir, 'out');
    mkdirSync(out);
    const staged = stageOutputFolder(out, 'run');
    writeFileSync(path.join(out, 'notes.txt'), 'written during the run\n');
    staged.commit();
    const aside = readdirSync(dir).filter((name) => name.startsWith('out.previous-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(path.join(dir, aside[0], 'notes.txt'), 'utf8')).toBe('written during the run\n');
  });

  it('discard() removes the new folder when nothing was sent', () => {
    const staged = stageOutputFolder(path.join(dir, 'out'), 'run');
    expect(existsSync(staged.workDir)).toBe(true);
    staged.discard();
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('replaceFileSync', () => {
  it('replaces a symbolic link at the name instead of writing through it', () => {
    writeFileSync(path.join(dir, 'victim.txt'), 'precious\n');
    symlinkSync(path.join(dir, 'victim.txt'), path.join(dir, 'report.json'));
    replaceFileSync(path.join(dir, 'report.json'), '{}\n');
    expect(readFileSync(path.join(dir, 'victim.txt'), 'utf8')).toBe('precious\n');
    expect(lstatSync(path.join(dir, 'report.json')).isFile()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['report.json', 'victim.txt']);
  });
});
