/**
 * The layer order of ARCHITECTURE.md ("Layers"), checked on every import of the source tree:
 * no edge against the rank order, no cycle between folders, a contract that imports only
 * itself, examples/ loaded by the entry points only, and a bundled server that stands alone.
 */
import path from 'node:path';
import {
  checkArchitecture,
  describeViolations,
  importEdges,
  importsOf,
  readSourceFiles,
  type Violation,
} from '../../helpers/import-graph';

const REPO_ROOT = path.resolve(__dirname, '../../..');

const sourceFiles = readSourceFiles(REPO_ROOT);

/** The source tree with some files replaced or added, in memory. */
function planted(changes: Readonly<Record<string, string>>): Map<string, string> {
  const files = new Map(sourceFiles);
  for (const [file, text] of Object.entries(changes)) files.set(file, text);
  return files;
}

/** The violations a planted change adds to the tree's own (which the allowance leaves empty). */
function violationsOf(changes: Readonly<Record<string, string>>): Violation[] {
  return checkArchitecture(planted(changes));
}

const withLine = (file: string, line: string): string => `${sourceFiles.get(file) ?? ''}\n${line}\n`;
const lastLine = (text: string): number => text.split('\n').length - 1;

describe('the source tree', () => {
  it('follows the layer order, has no folder cycle and keeps the contract and the examples apart', () => {
    const violations = checkArchitecture(sourceFiles);
    expect(describeViolations(violations)).toBe('');
  });

  it('is read whole: every layer has files and the imports between them are found', () => {
    const { edges } = importEdges(sourceFiles);
    const units = new Set(edges.flatMap((edge) => [edge.fromUnit, edge.toUnit]));
    for (const unit of ['harness/contract', 'harness/config', 'harness/engine', 'harness/target', 'harness/log', 'harness/checks', 'harness/evaluate', 'harness/scenario', 'reporters', 'harness/runner', 'harness/cli', 'examples/scim-server']) {
      expect(units).toContain(unit);
    }
    expect(edges).toContainEqual(expect.objectContaining({ from: 'harness/engine/job-context.ts', to: 'harness/contract/log-entry.ts' }));
  });
});

describe('the import reader', () => {
  it('finds static imports, re-exports, import(), require(), import types, with their lines', () => {
    const text = [
      "import { a } from './a';",
      "export { b } from '../b';",
      "export * from './c';",
      'const d = await import("./d");',
      "const e = require('./e');",
      "type F = typeof import('./f');",
      "import type * as G from './g';",
      "import fs from 'node:fs';",
    ].join('\n');
    expect(importsOf('x.ts', text)).toEqual([
      { specifier: './a', line: 1 },
      { specifier: '../b', line: 2 },
      { specifier: './c', line: 3 },
      { specifier: './d', line: 4 },
      { specifier: './e', line: 5 },
      { specifier: './f', line: 6 },
      { specifier: './g', line: 7 },
      { specifier: 'node:fs', line: 8 },
    ]);
  });
});

describe('the checker, on planted imports', () => {
  it('reports a backward import with its file, line and rule', () => {
    const file = 'harness/engine/ids.ts';
    const text = withLine(file, "import { buildVerdict } from '../evaluate/build-verdict';");
    const violations = violationsOf({ [file]: text });
    const backward = violations.filter((v) => v.rule === 'layer order');
    expect(backward).toEqual([expect.objectContaining({ file, line: lastLine(text), rule: 'layer order' })]);
    expect(backward[0]!.message).toContain('harness/evaluate/build-verdict.ts');
    // Anything else it reports is the loop it closes with the evaluator's own imports of the engine.
    expect(violations.filter((v) => v.rule !== 'layer order').map((v) => v.rule)).toEqual(
      violations.length > 1 ? ['folder cycle'] : [],
    );
  });

  it('reports a backward dynamic import and a backward re-export', () => {
    const dynamic = 'harness/config/load-config.ts';
    const reexport = 'harness/log/query.ts';
    const violations = violationsOf({
      [dynamic]: withLine(dynamic, "export const later = () => import('../runner/sync');"),
      [reexport]: withLine(reexport, "export { buildVerdict } from '../evaluate/build-verdict';"),
    });
    const backward = violations.filter((v) => v.rule === 'layer order').map((v) => v.file);
    expect(backward).toEqual(expect.arrayContaining([dynamic, reexport]));
  });

  it('reports a cycle between folders of the same rank, naming each step', () => {
    const violations = violationsOf({
      'harness/freeze.ts': withLine('harness/freeze.ts', "import { ConfigurationError } from './errors';"),
      'harness/errors.ts': withLine('harness/errors.ts', "import { deepFreeze } from './freeze';"),
    });
    expect(violations).toHaveLength(1);
    expect(violations[0]).toEqual(expect.objectContaining({ rule: 'folder cycle' }));
    expect(violations[0]!.message).toContain('harness/errors.ts ↔ harness/freeze.ts');
    expect(violations[0]!.message).toContain('harness/freeze.ts:');
  });

  it('reports the scenario runner importing the composition root as a backward edge and a cycle', () => {
    const file = 'harness/scenario/run-scenario.ts';
    const rules = violationsOf({ [file]: withLine(file, "import { type Session } from '../runner/run-session';") }).map((v) => v.rule);
    expect(rules).toEqual(expect.arrayContaining(['layer order', 'folder cycle']));
  });

  it('reports a contract file importing anything outside the contract', () => {
    const file = 'harness/contract/verdict.ts';
    const violations = violationsOf({ [file]: withLine(file, "import { ConfigurationError } from '../errors';") });
    expect(violations).toEqual([expect.objectContaining({ file, rule: 'contract imports only contract' })]);
  });

  it('reports harness code other than cli/ and index.ts importing examples/', () => {
    const file = 'harness/runner/run-session.ts';
    const violations = violationsOf({ [file]: withLine(file, "import { startScimServer } from '../../examples/scim-server';") });
    expect(violations).toEqual([expect.objectContaining({ file, rule: 'only cli/ and index.ts import examples/' })]);
  });

  it('reports the bundled server importing harness/', () => {
    const file = 'examples/scim-server/app.ts';
    const violations = violationsOf({ [file]: withLine(file, "import { ConfigurationError } from '../../harness/errors';") });
    expect(violations).toEqual([expect.objectContaining({ file, rule: 'examples/scim-server is independent' })]);
  });

  it('reports a file that belongs to no layer', () => {
    const violations = violationsOf({ 'harness/stray.ts': "export const stray = 1;\n" });
    expect(violations).toEqual([expect.objectContaining({ file: 'harness/stray.ts', rule: 'unplaced file' })]);
  });

  it('lets the entry points load the bundled server and any stage import the contract', () => {
    const violations = checkArchitecture(
      new Map([
        ['harness/index.ts', "export { startScimServer } from '../examples/scim-server';\n"],
        ['harness/cli/main.ts', "const server = import('../../examples/scim-server');\nimport { type Verdict } from '../contract/verdict';\n"],
        ['harness/engine/job.ts', "import { type Verdict } from '../contract/verdict';\n"],
        ['harness/contract/verdict.ts', 'export interface Verdict { readonly outcome: string }\n'],
        ['examples/scim-server/index.ts', 'export function startScimServer(): void {}\n'],
      ]),
    );
    expect(violations).toEqual([]);
  });
});
