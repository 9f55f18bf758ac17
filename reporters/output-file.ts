/**
 * Writing a report file: the folder is created on demand, the text written to a new file and
 * renamed over the old name, so a report is replaced whole and a symbolic link planted at its
 * name is replaced, never written through (CWE-59).
 */
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { replaceFileSync } from '../harness/log/text-writer';

export async function writeReportFile(outDir: string, fileName: string, text: string): Promise<string> {
  const file = join(resolve(outDir), fileName);
  await mkdir(dirname(file), { recursive: true });
  replaceFileSync(file, text);
  return file;
}

/** How one report names another file: relative to the output folder when inside it, else absolute. */
export function linkName(outDir: string, file: string): string {
  const path = relative(resolve(outDir), resolve(file));
  // Another drive on Windows gives an absolute "relative" path.
  if (path === '' || path.startsWith('..') || isAbsolute(path)) return resolve(file);
  return path.split(sep).join('/');
}
