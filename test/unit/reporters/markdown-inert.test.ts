/**
 * Target text in summary.md is inert: no word an autolinker would turn into a link stands
 * outside a code span, code spans survive backticks inside the text (CommonMark §6.1), and
 * pipes and line breaks never split a table row (GFM tables).
 */
import fc from 'fast-check';
import { escapeMarkdown, markdownCell, markdownCode, markdownTable } from '../../../reporters/format/markdown';
import { renderMarkdownSummary } from '../../../reporters/markdown-reporter';
import { buildFixtureRun } from './fixtures';

/** What GFM's extended autolinks (and mentions) start from. */
const LINKABLE = /:\/\/|www\.|@/i;

/**
 * Splits one line of Markdown into code spans and the text around them, as CommonMark §6.1 reads
 * it: a backtick string opens a span closed by the next backtick string of the same length; a
 * backslash-escaped backtick outside a span is literal.
 */
function splitCodeSpans(line: string): { readonly code: string[]; readonly text: string[] } {
  const code: string[] = [];
  const text: string[] = [];
  let plain = '';
  let i = 0;
  while (i < line.length) {
    if (line[i] === '\\' && i + 1 < line.length) {
      plain += line.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (line[i] !== '`') {
      plain += line[i];
      i += 1;
      continue;
    }
    let run = 0;
    while (line[i + run] === '`') run += 1;
    const fence = '`'.repeat(run);
    let close = i + run;
    let found = -1;
    while (close < line.length) {
      const at = line.indexOf(fence, close);
      if (at === -1) break;
      let end = at + run;
      if (line[at - 1] !== '`' && line[end] !== '`') {
        found = at;
        break;
      }
      while (line[end] === '`') end += 1;
      close = end;
    }
    if (found === -1) {
      plain += fence;
      i += run;
      continue;
    }
    text.push(plain);
    plain = '';
    code.push(line.slice(i + run, found));
    i = found + run;
  }
  text.push(plain);
  return { code, text };
}

/** The cells of one GFM table row: split on pipes not escaped with a backslash. */
function cells(row: string): string[] {
  return row.replace(/^\| /, '').replace(/ \|$/, '').split(/(?<!\\)\| /);
}

const HOSTILE = [
  'see http://evil.example/?leak=1 now',
  'visit www.evil.example today',
  'mail attacker@evil.example',
  '<https://evil.example/x>',
  'HTTPS://EVIL.EXAMPLE',
  '[click](http://evil.example)',
  'a `tick` and ``two`` and http://evil.example/`x`',
  'pipe | http://evil.example/a|b',
  'two\nlines http://evil.example',
];

const linkyText = fc.string({
  unit: fc.oneof(
    fc.constantFrom('http://evil.example/', 'www.evil.example', 'a@evil.example', '`', '``', '|', '\\', ' ', '\n', '<', '>', '[', ']', '(', ')', 'x'),
    fc.string({ maxLength: 2 }),
  ),
  maxLength: 20,
});

describe('escapeMarkdown', () => {
  it.each(HOSTILE)('leaves no linkable word outside a code span in %p', (input) => {
    const out = escapeMarkdown(input);
    expect(out).not.toContain('\n');
    for (const text of splitCodeSpans(out).text) expect(text).not.toMatch(LINKABLE);
  });

  it('writes a URL as one code span and escapes the text around it', () => {
    expect(escapeMarkdown('see *http://evil.example/a* now')).toBe('see `*http://evil.example/a*` now');
  });

  it('leaves no linkable word outside a code span, whatever the text (property)', () => {
    fc.assert(
      fc.property(linkyText, (input) => {
        for (const text of splitCodeSpans(escapeMarkdown(input)).text) expect(text).not.toMatch(LINKABLE);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('markdownCode', () => {
  it('fences with more backticks than the longest run inside and pads a leading or trailing backtick', () => {
    expect(markdownCode('a``b`c')).toBe('```a``b`c```');
    expect(markdownCode('`x')).toBe('`` `x ``');
    expect(markdownCode(' x ')).toBe('`  x  `');
    expect(markdownCode('')).toBe('');
  });

  it('reads back as exactly one code span holding the text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('`', 'a', ' ', 'b'), minLength: 1, maxLength: 12 }), (input) => {
        fc.pre(input.trim() !== '');
        const { code, text } = splitCodeSpans(markdownCode(input));
        expect(code).toHaveLength(1);
        expect(text.join('')).toBe('');
        // CommonMark §6.1: one space is stripped from each end when both ends have one.
        const content = code[0].startsWith(' ') && code[0].endsWith(' ') && code[0].trim() !== '' ? code[0].slice(1, -1) : code[0];
        expect(content).toBe(input);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('tables', () => {
  it('keep one row and one cell per value, whatever the value holds (property)', () => {
    fc.assert(
      fc.property(linkyText, linkyText, (a, b) => {
        const rows = markdownTable(['A', 'B'], [[markdownCell(a), markdownCell(b)]]);
        expect(rows).toHaveLength(3);
        for (const row of rows) expect(row).not.toMatch(/[\r\n]/);
        expect(cells(rows[2])).toHaveLength(2);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('summary.md', () => {
  const run = buildFixtureRun();
  afterAll(() => run.remove());

  it('has no autolinkable target URL outside code spans, in the headline, findings and scenario notes', () => {
    const verdict = run.summary.verdict;
    const finding = { ...verdict.findings[0], title: 'Server said www.evil.example', actual: 'detail: http://evil.example/?leak=1 | mail a@evil.example' };
    const scenario = {
      ...verdict.scenarios[0],
      status: 'failed' as const,
      expectations: [{ ...verdict.scenarios[0].expectations[0], status: 'failed' as const, expected: 'created', actual: 'HTTP 400 https://evil.example/x' }],
    };
    const summary = { ...run.summary, verdict: { ...verdict, headline: `Failed: see http://evil.example/h`, findings: [finding], scenarios: [scenario] } };
    const markdown = renderMarkdownSummary(summary, run.outDir, []);
    expect(markdown).toContain('evil.example');
    for (const line of markdown.split('\n')) {
      for (const text of splitCodeSpans(line).text) expect(text).not.toMatch(/evil\.example/);
    }
  });
});
