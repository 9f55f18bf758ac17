/**
 * docs/entra-behaviour-table.md says, row by row, which test covers each Entra behaviour the
 * harness emulates. A row that names a test file that is gone, or a title no test in it has, is
 * a behaviour nothing holds any more: this test fails naming the row and what is missing. Titles
 * are read from the files' syntax trees, so they are compared after unescaping; a table-driven
 * test is named by its case's `name`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..', '..');
const TABLE_PATH = join('docs', 'entra-behaviour-table.md');

interface TableRow {
  readonly line: number;
  readonly cells: readonly string[];
}

interface TestReference {
  readonly file: string;
  readonly title: string;
}

/** Rows of every Markdown table in `markdown`, without header and separator rows; `\|` stays inside its cell. */
function tableRows(markdown: string): TableRow[] {
  const lines = markdown.split('\n');
  const isSeparator = (text: string): boolean => /^\|(\s*:?-{3,}:?\s*\|)+\s*$/.test(text.trim());
  const rows: TableRow[] = [];
  lines.forEach((text, index) => {
    if (!text.trim().startsWith('|') || isSeparator(text) || isSeparator(lines[index + 1] ?? '')) return;
    const cells = text
      .trim()
      .replace(/^\||\|$/g, '')
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim().replace(/\\\|/g, '|'));
    rows.push({ line: index + 1, cells });
  });
  return rows;
}

/** The tests a "Covered by" cell names: `` `path` “title” ``, several separated by <br>. */
function testReferences(cell: string): TestReference[] {
  return [...cell.matchAll(/`([^`]+\.test\.ts)`\s*“([^”]+)”/g)].map((match) => ({ file: match[1], title: match[2] }));
}

/** Titles a test file defines: the literal first argument of it/test/describe (each included), and the `name` of table cases. */
function testTitles(source: string, fileName = 'test.ts'): Set<string> {
  const titles = new Set<string>();
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const literalText = (node: ts.Node | undefined): string | undefined => (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined);
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      let callee: ts.Expression = node.expression;
      if (ts.isCallExpression(callee)) callee = callee.expression;
      if (ts.isPropertyAccessExpression(callee)) callee = callee.expression;
      const title = literalText(node.arguments[0]);
      if (ts.isIdentifier(callee) && ['it', 'test', 'describe'].includes(callee.text) && title !== undefined) titles.add(title);
    }
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'name') {
      const name = literalText(node.initializer);
      if (name !== undefined) titles.add(name);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return titles;
}

/** What is wrong with each row: no test named, a file that does not exist, a title the file lacks, a source without a date. */
function rowProblems(rows: readonly TableRow[], readTest: (file: string) => string | undefined): string[] {
  const titlesByFile = new Map<string, Set<string> | undefined>();
  const titlesOf = (file: string): Set<string> | undefined => {
    if (!titlesByFile.has(file)) {
      const source = readTest(file);
      titlesByFile.set(file, source === undefined ? undefined : testTitles(source, file));
    }
    return titlesByFile.get(file);
  };
  const problems: string[] = [];
  for (const row of rows) {
    const [behaviour, , sources, , covered] = row.cells;
    const where = `${TABLE_PATH}:${row.line} (${(behaviour ?? '').replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')})`;
    if (row.cells.length !== 5) problems.push(`${where}: has ${row.cells.length} cells, the table has 5`);
    if (!/\b(19|20)\d{2}\b|undated/.test(sources ?? '')) problems.push(`${where}: the source names no date`);
    const references = testReferences(covered ?? '');
    if (references.length === 0) problems.push(`${where}: names no test`);
    for (const { file, title } of references) {
      const titles = titlesOf(file);
      if (titles === undefined) problems.push(`${where}: ${file} does not exist`);
      else if (!titles.has(title)) problems.push(`${where}: ${file} has no test "${title}"`);
    }
  }
  return problems;
}

const readFromRepository = (file: string): string | undefined => (existsSync(join(ROOT, file)) ? readFileSync(join(ROOT, file), 'utf8') : undefined);

describe('docs/entra-behaviour-table.md', () => {
  const rows = tableRows(readFileSync(join(ROOT, TABLE_PATH), 'utf8'));

  it('has a row for each behaviour the issue names', () => {
    const behaviours = rows.map((row) => row.cells[0].toLowerCase());
    for (const wanted of ['test connection', 'query encoding', 'headers', 'create user', 'disable', 'manager link', 'clearing an attribute', 'http 409', 'response entra cannot read', 'escrow retries', 'quarantine slowdown', 'special characters', 'provision on demand']) {
      expect({ wanted, found: behaviours.some((behaviour) => behaviour.includes(wanted)) }).toEqual({ wanted, found: true });
    }
  });

  it('names, on every row, a dated source and a test file that exists with a test of that title', () => {
    expect(rows.length).toBeGreaterThan(30);
    expect(rowProblems(rows, readFromRepository)).toEqual([]);
  });
});

describe('rowProblems', () => {
  const table = [
    '| Behaviour | What Entra does | Source | What the harness does | Covered by |',
    '|---|---|---|---|---|',
    '| A | x | DOC (2025) | y | `test/a.test.ts` “does a”<br>`test/a.test.ts` “does a \\| b” |',
    '| B | x | DOC (2025) | y | `test/gone.test.ts` “does b” |',
    '| C | x | DOC | y | `test/a.test.ts` “does c” |',
    '| D | x | DOC (undated) | y | no test |',
  ].join('\n');
  const files: Record<string, string> = { 'test/a.test.ts': "it('does a', () => {});\ndescribe.each([1])('does a | b', () => {});\nconst cases = [{ name: 'case one' }];" };

  it('reads the rows without the header, and keeps an escaped | inside its cell', () => {
    const rows = tableRows(table);
    expect(rows.map((row) => row.cells[0])).toEqual(['A', 'B', 'C', 'D']);
    expect(testReferences(rows[0].cells[4])).toEqual([
      { file: 'test/a.test.ts', title: 'does a' },
      { file: 'test/a.test.ts', title: 'does a | b' },
    ]);
  });

  it('names the row and what is missing: the file, the title, the date, any test', () => {
    expect(rowProblems(tableRows(table), (file) => files[file])).toEqual([
      `${TABLE_PATH}:4 (B): test/gone.test.ts does not exist`,
      `${TABLE_PATH}:5 (C): the source names no date`,
      `${TABLE_PATH}:5 (C): test/a.test.ts has no test "does c"`,
      `${TABLE_PATH}:6 (D): names no test`,
    ]);
  });

  it('reads titles after unescaping, from each() tests and from table cases', () => {
    expect([...testTitles("it('the engine\\'s back', () => {}); it.each([1])(`%s`, () => {}); const c = { name: \"case\" };")].sort()).toEqual(['%s', 'case', "the engine's back"]);
  });
});
