/**
 * Every citation of Entra's behaviour must lead somewhere: code, tests, scenarios and documents
 * cite `docs/entra-behaviour.md#<anchor>`, and the anchor must exist in that page. A section
 * number of the old external behaviour reference leads nowhere and fails too.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const DOC_PATH = join('docs', 'entra-behaviour.md');

/** What is scanned, relative to the repository root. */
const SCANNED = ['harness', 'reporters', 'scenarios', 'examples', 'test', 'bench', 'docs', 'README.md', 'ARCHITECTURE.md'];
const TEXT_EXTENSIONS = /\.(ts|tsx|js|cjs|mjs|json|md|ya?ml|snap|html|css|txt)$/;
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'coverage', 'scim-harness-report']);

/** A citation that resolves to nothing, with where it is. */
interface CitationProblem {
  readonly file: string;
  readonly line: number;
  readonly citation: string;
  readonly why: 'unknown anchor' | 'dangling reference';
}

/** The anchors a Markdown page defines: explicit `<a id>`/`<a name>` and headings' GitHub slugs. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const match of markdown.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(match[1]);
  for (const match of markdown.matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const slug = match[1]
      .replace(/<[^>]+>/g, '')
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    anchors.add(slug);
  }
  return anchors;
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

/** The page's name, `#` and an anchor, in any form: plain, in a relative link, or `../docs/…`. */
const DOC_CITATION = /entra-behaviour\.md#([A-Za-z0-9_-]+)/g;
/** The page's own links to itself. */
const SELF_LINK = /\]\(#([A-Za-z0-9_-]+)\)/g;
/** "reference", then a section sign and number (possibly wrapped onto the next comment line), or "<section> of the reference". */
const DANGLING = [
  /\breference[ \t]*(?:\r?\n[ \t]*(?:\*|\/\/|#)?[ \t]*)?§[ \t]*\d+(?:\.\d+)*/gi,
  /§[ \t]*\d+(?:\.\d+)*[ \t]+of the (?:behaviour )?reference\b/gi,
];

/** Every citation in `text` (the content of `file`) that resolves to no anchor. */
function scanCitations(text: string, file: string, anchors: ReadonlySet<string>): CitationProblem[] {
  const problems: CitationProblem[] = [];
  const isDoc = file.split('\\').join('/').endsWith('docs/entra-behaviour.md');
  const patterns = isDoc ? [DOC_CITATION, SELF_LINK] : [DOC_CITATION];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      if (!anchors.has(match[1])) problems.push({ file, line: lineOf(text, match.index), citation: match[0], why: 'unknown anchor' });
    }
  }
  for (const pattern of DANGLING) {
    for (const match of text.matchAll(pattern)) {
      problems.push({ file, line: lineOf(text, match.index), citation: match[0].replace(/\s+/g, ' '), why: 'dangling reference' });
    }
  }
  return problems.sort((a, b) => a.line - b.line);
}

function scannedFiles(): string[] {
  const files: string[] = [];
  const walk = (path: string): void => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) {
        if (!SKIPPED_FOLDERS.has(entry) && !entry.startsWith('.')) walk(join(path, entry));
      }
    } else if (TEXT_EXTENSIONS.test(path)) files.push(path);
  };
  for (const entry of SCANNED) walk(join(ROOT, entry));
  return files;
}

const format = (p: CitationProblem): string => `${p.file}:${p.line}: ${p.why}: ${p.citation}`;

describe('citations of docs/entra-behaviour.md', () => {
  const anchors = anchorsOf(readFileSync(join(ROOT, DOC_PATH), 'utf8'));

  it('defines the anchors the code base relies on', () => {
    for (const anchor of ['test-connection', 'match-query-encoding', 'patch-dialects', 'manager-reference', 'quarantine-triggers', 'escrow-retries', 'error-codes', 'log-entry-schema']) {
      expect({ anchor, defined: anchors.has(anchor) }).toEqual({ anchor, defined: true });
    }
  });

  it('resolve to an anchor of the page everywhere, and nothing cites the old external reference', () => {
    const files = scannedFiles();
    expect(files.length).toBeGreaterThan(100);
    const problems = files.flatMap((path) => scanCitations(readFileSync(path, 'utf8'), relative(ROOT, path), anchors));
    expect(problems.map(format)).toEqual([]);
  });
});

describe('scanCitations', () => {
  const anchors = anchorsOf('<a id="patch-dialects"></a>\n\n## PATCH dialects\n\n## How filter queries are encoded\n');
  const doc = `docs/entra-behaviour${'.md'}`;
  const section = '\u00a7';

  it('reads explicit anchors and heading slugs', () => {
    expect([...anchors].sort()).toEqual(['how-filter-queries-are-encoded', 'patch-dialects']);
  });

  it('accepts citations of existing anchors, plain and as relative links', () => {
    const text = [`// Default dialect (${doc}#patch-dialects).`, `See [encoding](../${doc}#how-filter-queries-are-encoded).`].join('\n');
    expect(scanCitations(text, 'harness/x.ts', anchors)).toEqual([]);
  });

  it('names file and line of a citation whose anchor does not exist', () => {
    const text = ['/**', ` * Entra clears the manager (${doc}#no-such-anchor).`, ' */'].join('\n');
    expect(scanCitations(text, 'harness/mapping/planted.ts', anchors).map(format)).toEqual([
      `harness/mapping/planted.ts:2: unknown anchor: ${'entra-behaviour'}.md#no-such-anchor`,
    ]);
  });

  it('names file and line of a dangling "reference §x.y" citation, also wrapped or written the other way round', () => {
    const text = [
      `// Status to code (reference ${section}3.2).`,
      'const ok = true;',
      ` * a filter answered 404 (reference`,
      ` *   ${section}5.1), and`,
      `# ${section}11.4 of the reference`,
      `// RFC 7644 ${section}3.5.2 is a standard, not a dangling citation.`,
    ].join('\n');
    expect(scanCitations(text, 'harness/planted.ts', anchors).map(format)).toEqual([
      `harness/planted.ts:1: dangling reference: reference ${section}3.2`,
      `harness/planted.ts:3: dangling reference: reference * ${section}5.1`,
      `harness/planted.ts:5: dangling reference: ${section}11.4 of the reference`,
    ]);
  });

  it("checks the page's own links to itself", () => {
    const text = 'See [dialects](#patch-dialects) and [gone](#gone).';
    expect(scanCitations(text, 'docs/entra-behaviour.md', anchors).map(format)).toEqual(['docs/entra-behaviour.md:1: unknown anchor: ](#gone)']);
  });
});
