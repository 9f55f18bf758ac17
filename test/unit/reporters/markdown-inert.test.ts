/**
 * Target text in summary.md is inert: no word an autolinker would turn into a link stands
 * outside a code span, code spans survive backticks inside the text (CommonMark §6.1), and
 * pipes and line breaks never split a table row (GFM tables).
 */
import fc from 'fast-check';
import { escapeMarkdown, markdownCell, markdownCode, markdownTable } from '../../../reporters/format/markdown';
import { renderMarkdownSummary } from '../../../reporters/markdown-reporter';
import { splitCodeSpans } from '../../helpers/markdown-code-spans';
import { buildFixtureRun } from './fixtures';

/** Control characters a terminal would obey when summary.md is printed (C0, DEL, C1). */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** What GFM's extended autolinks (and mentions) start from. */
const LINKABLE = /:\/\/|www\.|@/i;

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
    fc.constantFrom('http://evil.example/', 'www.evil.example', 'a@evil.example', '`', '``', '|', '\\', ' ', '\n', '<', '>', '[', ']', '(', ')', 'x', '\u001b]0;t\u0007', '\u009b', '\t'),
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
        const out = escapeMarkdown(input);
        for (const text of splitCodeSpans(out).text) expect(text).not.toMatch(LINKABLE);
        expect(out).not.toMatch(RAW_CONTROL);
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
        for (const row of rows) expect(row).not.toMatch(RAW_CONTROL);
        expect(cells(rows[2])).toHaveLength(2);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('summary.md', () => {
  const run = buildFixtureRun();
  afterAll(() => run.remove());

  it('has no autolinkable target URL outside code spans, in the headline, root causes and scenario notes', () => {
    const verdict = run.summary.verdict;
    const [first, ...others] = verdict.rootCauses ?? [];
    const cause = {
      ...first,
      title: 'Rejects www.evil.example',
      fix: 'see http://evil.example/fix',
      impact: 'mail a@evil.example',
      serverDetail: 'detail http://evil.example/d `x`',
      workaround: 'sent <https://evil.example/w> instead',
      occurrences: { ...first.occurrences, scenarios: ['http://evil.example/s'] },
    };
    const finding = { ...verdict.findings[0], title: 'Server said www.evil.example', actual: 'detail: http://evil.example/?leak=1 | mail a@evil.example' };
    const scenario = {
      ...verdict.scenarios[0],
      status: 'failed' as const,
      expectations: [{ ...verdict.scenarios[0].expectations[0], status: 'failed' as const, expected: 'created', actual: 'HTTP 400 https://evil.example/x' }],
    };
    const summary = { ...run.summary, verdict: { ...verdict, headline: `Failed: see http://evil.example/h`, findings: [finding], scenarios: [scenario], rootCauses: [cause, ...others] } };
    const markdown = renderMarkdownSummary(summary, run.outDir, []);
    for (const text of ['evil.example/h', 'www.evil.example', 'evil.example/fix', 'a@evil.example', 'evil.example/d', 'evil.example/w', 'evil.example/s', 'evil.example/x']) expect(markdown).toContain(text);
    for (const line of markdown.split('\n')) {
      for (const text of splitCodeSpans(line).text) expect(text).not.toMatch(/evil\.example/);
    }
  });
});
