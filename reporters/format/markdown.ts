/**
 * GitHub-flavoured Markdown output. Values come from the target, so they are made inert: a `|`
 * would split a table cell, a `<` would open HTML, a newline would end the table row, and a
 * plain URL, `www.` address or e-mail address would become a link the reader is invited to
 * click (GFM's extended autolinks, GFM spec §6.9). Escaping cannot stop an autolink — GFM finds
 * them in the text *after* backslash escapes are read, and other renderers linkify their own
 * way — but no renderer links anything inside a code span (CommonMark §6.1), so every word that
 * could become a link is written as one. Control characters are shown as `\uXXXX`
 * (harness/text/terminal-text.ts): summary.md is also read with `cat` and echoed into CI logs.
 */
import { terminalText } from '../../harness/text/terminal-text';

/** A word an autolinker could turn into a link: a scheme URL, a `www.` address, an e-mail address or a mention. */
const LINKABLE_WORD = /:\/\/|www\.|@/i;

function escapePunctuation(text: string): string {
  return text
    .replace(/[\\`*_[\]#~|]/g, (ch) => `\\${ch}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * Inline text: Markdown punctuation is backslash-escaped, HTML-significant characters become
 * entities, line breaks become spaces, and every word that could autolink is a code span.
 */
export function escapeMarkdown(text: string): string {
  return terminalText(text.replace(/\r\n|\r|\n/g, ' '), { layout: 'line' })
    .split(/(\s+)/)
    .map((part, index) => (index % 2 === 1 || part === '' ? part : LINKABLE_WORD.test(part) ? markdownCode(part) : escapePunctuation(part)))
    .join('');
}

/** One table cell: escaped, line breaks as <br> so a multi-line value stays in its row. */
export function markdownCell(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => escapeMarkdown(line))
    .join('<br>');
}

/**
 * Inline code for a table cell that survives backticks in the value (CommonMark §6.1: a fence
 * longer than any backtick run inside, and a space inside each end when the value starts or ends
 * with a backtick, or starts and ends with a space — CommonMark strips one space from each end
 * of such a span); `|` is escaped because GFM splits cells on it even inside code spans.
 */
export function markdownCode(text: string): string {
  const flat = terminalText(text.replace(/\r\n|\r|\n/g, ' '), { layout: 'line' }).replace(/\|/g, '\\|');
  if (flat === '') return '';
  const longest = Math.max(0, ...Array.from(flat.matchAll(/`+/g), (match) => match[0].length));
  const fence = '`'.repeat(longest + 1);
  const spaced = flat.startsWith(' ') && flat.endsWith(' ') && flat.trim() !== '';
  const pad = flat.startsWith('`') || flat.endsWith('`') || spaced ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}
