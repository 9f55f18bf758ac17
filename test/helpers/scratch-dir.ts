/**
 * A temporary folder for one test file: made before its tests run, removed after them, with
 * `fresh(name)` for a sub-folder per case (an empty folder is a valid --out).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface ScratchDir {
  /** The folder itself; only valid inside tests and hooks. */
  readonly root: () => string;
  /** A new, empty sub-folder of the scratch folder. */
  readonly fresh: (name: string) => string;
}

export function useScratchDir(prefix: string): ScratchDir {
  let root: string | undefined;
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  });
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });
  const rootOf = (): string => {
    if (!root) throw new Error('the scratch folder exists only while the test file runs');
    return root;
  };
  return {
    root: rootOf,
    fresh: (name) => {
      const dir = path.join(rootOf(), name);
      mkdirSync(dir, { recursive: true });
      return dir;
    },
  };
}
