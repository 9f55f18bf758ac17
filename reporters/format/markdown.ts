/**
 * GitHub-flavoured Markdown output. Values come from the target, so they are escaped: a `|`
 * would split a table cell, a `<` would open HTML, a newline would end the table row.
 */

/** Inline text: Markdown punctuation is backslash-escaped, HTML-significant characters become entities. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]#~|]/g, (ch) => `\\${ch}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r\n|\r|\n/g, ' ');
}

/** One table cell: escaped, line breaks as <br> so a multi-line value stays in its row. */
export function markdownCell(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => escapeMarkdown(line))
    .join('<br>');
}

/**
 * Inline code for a table cell that survives backticks in the value (CommonMark §6.1: a longer
 * fence); `|` is escaped because GFM splits cells on it even inside code spans.
 */
export function markdownCode(text: string): string {
  const flat = text.replace(/\r\n|\r|\n/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...Array.from(flat.matchAll(/`+/g), (match) => match[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}
