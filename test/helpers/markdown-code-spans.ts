/** A reader of CommonMark code spans, for tests that check what Markdown leaves outside them. */

/**
 * Splits one line of Markdown into code spans and the text around them, as CommonMark §6.1 reads
 * it: a backtick string opens a span closed by the next backtick string of the same length; a
 * backslash-escaped backtick outside a span is literal.
 */
export function splitCodeSpans(line: string): { readonly code: string[]; readonly text: string[] } {
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
