/** Writing a report file: the folder is created on demand, the text written in one go. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export async function writeReportFile(outDir: string, fileName: string, text: string): Promise<string> {
  const file = join(resolve(outDir), fileName);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text, 'utf8');
  return file;
}

/** How one report names another file: relative to the output folder when inside it, else absolute. */
export function linkName(outDir: string, file: string): string {
  const path = relative(resolve(outDir), resolve(file));
  // Another drive on Windows gives an absolute "relative" path.
  if (path === '' || path.startsWith('..') || isAbsolute(path)) return resolve(file);
  return path.split(sep).join('/');
}
