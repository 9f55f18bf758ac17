/**
 * Reads the imports of a set of source files and judges them against the project's layer order
 * (ARCHITECTURE.md, "Layers"). The checker works on an in-memory file set so a test can plant a
 * backward import or a folder cycle without touching the repository.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

/** Repository-relative POSIX path → file text. */
export type FileSet = ReadonlyMap<string, string>;

/** A layer unit: a folder (or a support file) with its rank, upstream first. */
interface Unit {
  readonly name: string;
  readonly rank: number;
}

export interface ImportEdge {
  readonly from: string;
  readonly line: number;
  readonly specifier: string;
  /** Repository-relative path of the imported file. */
  readonly to: string;
  readonly fromUnit: string;
  readonly toUnit: string;
}

export interface Violation {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
  readonly message: string;
}

export const SOURCE_ROOTS = ['harness', 'reporters', 'scenarios', 'examples'] as const;

/** Layer order, upstream first (ARCHITECTURE.md, "Layers"). Folders own all their subfolders. */
const FOLDER_RANKS: ReadonlyArray<readonly [string, number]> = [
  ['harness/contract', 0],
  ['harness/text', 0],
  ['harness/config', 1],
  ['harness/source', 2],
  ['harness/mapping', 3],
  ['harness/profiles', 4],
  ['harness/engine', 5],
  ['harness/target', 6],
  ['harness/log', 7],
  ['harness/checks', 8],
  // Differential probing and read-back inspection: sends through the contract's client, names causes.
  ['harness/diagnose', 8.5],
  ['harness/evaluate', 9],
  ['harness/scenario', 10],
  // The RFC conformance suite: probes through the contract's client, beside the scenarios (never importing them).
  ['harness/rfc', 10],
  // Suite data: may use harness/scenario and below; only the composition root reads it.
  ['scenarios', 10.5],
  ['reporters', 11],
  ['harness/runner', 12],
  ['harness/cli', 13],
  // The bundled server is an independent program: it imports nothing from harness/ (own rule).
  ['examples/scim-server', 0],
  // The other examples use the library as a user would.
  ['examples', 14],
];

/** Support files at the root of harness/: rank 0 beside the contract. */
const ROOT_FILE_RANKS: ReadonlyArray<readonly [string, number]> = [
  ['harness/errors.ts', 0],
  ['harness/freeze.ts', 0],
  ['harness/version.ts', 0],
  ['harness/load-user-module.ts', 0],
  ['harness/index.ts', 13],
];

const CONTRACT = 'harness/contract';

/** The layer unit a repository-relative path belongs to, or undefined when it has none. */
export function unitOf(file: string): Unit | undefined {
  for (const [name, rank] of ROOT_FILE_RANKS) if (file === name) return { name, rank };
  // Longest folder first, so examples/scim-server wins over examples.
  const folders = [...FOLDER_RANKS].sort((a, b) => b[0].length - a[0].length);
  for (const [name, rank] of folders) if (file.startsWith(`${name}/`)) return { name, rank };
  return undefined;
}

/** Every file under the source roots, read from disk (TypeScript sources only). */
export function readSourceFiles(repoRoot: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(repoRoot, dir), { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (/\.(ts|json)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        files.set(rel, entry.name.endsWith('.ts') ? fs.readFileSync(path.join(repoRoot, rel), 'utf8') : '');
      }
    }
  };
  for (const root of SOURCE_ROOTS) if (fs.existsSync(path.join(repoRoot, root))) walk(root);
  return files;
}

/** Parsed files by name and text: a planted copy of the tree parses only what it changed. */
const parsed = new Map<string, ReadonlyArray<{ specifier: string; line: number }>>();

/** Module specifiers of one file with their 1-based lines: static, re-export, import(), require, import types. */
export function importsOf(fileName: string, text: string): Array<{ specifier: string; line: number }> {
  const key = `${fileName}\0${text}`;
  const known = parsed.get(key);
  if (known) return [...known];
  const found = parseImports(fileName, text);
  parsed.set(key, found);
  return [...found];
}

function parseImports(fileName: string, text: string): Array<{ specifier: string; line: number }> {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const found: Array<{ specifier: string; line: number }> = [];
  const add = (node: ts.Node | undefined): void => {
    if (node && ts.isStringLiteralLike(node)) {
      found.push({ specifier: node.text, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
      const isResolve = ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)
        && callee.expression.text === 'require' && callee.name.text === 'resolve';
      if ((isImport || isRequire || isResolve) && node.arguments.length > 0) add(node.arguments[0]);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The file a relative specifier names inside the set (as TypeScript's node resolution would find it). */
function resolve(files: FileSet, from: string, specifier: string): string | undefined {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  const candidates = [base, `${base}.ts`, `${base}.json`, `${base}/index.ts`];
  if (base.endsWith('.js')) candidates.push(`${base.slice(0, -3)}.ts`);
  return candidates.find((candidate) => files.has(candidate));
}

/** Every import between files of the set (packages and node: builtins are outside the layers). */
export function importEdges(files: FileSet): { edges: ImportEdge[]; violations: Violation[] } {
  const edges: ImportEdge[] = [];
  const violations: Violation[] = [];
  for (const [file, text] of files) {
    if (!file.endsWith('.ts')) continue;
    const fromUnit = unitOf(file);
    if (!fromUnit) {
      violations.push({ file, line: 1, rule: 'unplaced file', message: 'belongs to no layer of ARCHITECTURE.md' });
      continue;
    }
    for (const { specifier, line } of importsOf(file, text)) {
      if (!specifier.startsWith('.')) continue;
      const to = resolve(files, file, specifier);
      if (!to) {
        // A relative import that leaves the source roots (test helpers, package.json) or names nothing.
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
        if (SOURCE_ROOTS.some((root) => target === root || target.startsWith(`${root}/`))) {
          violations.push({ file, line, rule: 'unresolved import', message: `'${specifier}' names no source file` });
        }
        continue;
      }
      const toUnit = unitOf(to);
      if (!toUnit) continue;
      edges.push({ from: file, line, specifier, to, fromUnit: fromUnit.name, toUnit: toUnit.name });
    }
  }
  return { edges, violations };
}


/** Rule violations of single edges: rank order, contract purity, examples isolation. */
function edgeViolations(edge: ImportEdge): Violation[] {
  const out: Violation[] = [];
  const at = { file: edge.from, line: edge.line };
  const from = unitOf(edge.from)!;
  const to = unitOf(edge.to)!;
  if (from.name === to.name) return out;
  const toHarness = edge.to.startsWith('harness/');
  if (from.name === CONTRACT) {
    out.push({ ...at, rule: 'contract imports only contract', message: `imports ${edge.to} (${to.name})` });
    return out;
  }
  if (from.name === 'examples/scim-server') {
    if (toHarness || to.name !== from.name) {
      out.push({ ...at, rule: 'examples/scim-server is independent', message: `imports ${edge.to}` });
    }
    return out;
  }
  if (edge.from.startsWith('harness/') && edge.to.startsWith('examples/')
      && from.name !== 'harness/cli' && from.name !== 'harness/index.ts') {
    out.push({ ...at, rule: 'only cli/ and index.ts import examples/', message: `${from.name} imports ${edge.to}` });
    return out;
  }
  if (to.name === 'examples/scim-server') return out; // cli/index.ts and other examples may start it
  if (to.rank > from.rank) {
    out.push({
      ...at,
      rule: 'layer order',
      message: `${from.name} (rank ${from.rank}) imports ${edge.to} of ${to.name} (rank ${to.rank})`,
    });
  }
  return out;
}

/** Cycles between units: every strongly connected group of more than one unit, with one edge of each step. */
function cycleViolations(edges: readonly ImportEdge[]): Violation[] {
  const graph = new Map<string, Map<string, ImportEdge>>();
  for (const edge of edges) {
    if (edge.fromUnit === edge.toUnit) continue;
    const out = graph.get(edge.fromUnit) ?? new Map<string, ImportEdge>();
    if (!out.has(edge.toUnit)) out.set(edge.toUnit, edge);
    graph.set(edge.fromUnit, out);
  }
  // Tarjan's strongly connected components.
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (node: string): void => {
    indexOf.set(node, index);
    low.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!indexOf.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, indexOf.get(next)!));
      }
    }
    if (low.get(node) === indexOf.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!indexOf.has(node)) connect(node);

  const violations: Violation[] = [];
  for (const component of components) {
    const members = new Set(component);
    const steps: ImportEdge[] = [];
    for (const unit of component) {
      for (const [next, edge] of graph.get(unit) ?? []) if (members.has(next)) steps.push(edge);
    }
    const first = steps[0]!;
    violations.push({
      file: first.from,
      line: first.line,
      rule: 'folder cycle',
      message: `${component.join(' ↔ ')}: ${steps.map((e) => `${e.from}:${e.line} → ${e.to}`).join('; ')}`,
    });
  }
  return violations;
}

/** Every violation of the layer rules in a file set. */
export function checkArchitecture(files: FileSet): Violation[] {
  const { edges, violations } = importEdges(files);
  for (const edge of edges) violations.push(...edgeViolations(edge));
  violations.push(...cycleViolations(edges));
  return violations;
}

/** One line per violation: `file:line [rule] message`. */
export function describeViolations(violations: readonly Violation[]): string {
  return violations.map((v) => `${v.file}:${v.line} [${v.rule}] ${v.message}`).join('\n');
}
