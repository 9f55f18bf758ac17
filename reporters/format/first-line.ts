/** Target text shortened for one line of a report (a JUnit message, a console line). */

/** The first line of a multi-line text, shortened to `max` characters with "…". */
export function firstLine(text: string, max = 160): string {
  const line = text.split(/\r\n|\r|\n/).find((part) => part.trim() !== '') ?? '';
  const trimmed = line.trim();
  return trimmed.length <= max ? trimmed : `${trimmed.slice(0, max - 1)}…`;
}
