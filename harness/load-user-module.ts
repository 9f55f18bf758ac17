/**
 * Loads a user's own module — a scenario, a reporter, a config file — written in TypeScript or
 * JavaScript, CommonJS or ES module syntax, with jiti: it transpiles on the fly without a
 * TypeScript compiler installed, and resolves relative imports between the user's files the way
 * Node resolves them. Whatever goes wrong comes back as one sentence naming the file, what broke
 * and the fix; a user's syntax error is reported as file:line:column.
 */
import path from 'node:path';
import { createJiti } from 'jiti';

export class UserModuleError extends Error {
  override readonly name = 'UserModuleError';
}

// No file cache (nothing is written next to the user's files or in node_modules) and no module
// cache (a file edited between two in-process runs is read again): a run loads a handful of files.
const jiti = createJiti(__filename, { fsCache: false, moduleCache: false, interopDefault: false });

/** The module's exports. Throws UserModuleError with a one-line, user-facing reason. */
export function loadUserModule(file: string): unknown {
  const absolute = path.resolve(file);
  try {
    return jiti(absolute);
  } catch (error) {
    throw new UserModuleError(explainLoadError(error, absolute));
  }
}

function firstLine(text: string): string {
  return (text.split('\n').find((line) => line.trim() !== '') ?? '').trim();
}

/** Turns what Node or the transpiler threw into "what broke (the fix)". */
export function explainLoadError(error: unknown, file: string): string {
  const err = error as (Error & { code?: string; requireStack?: string[] }) | null;
  const message = err instanceof Error ? err.message : String(error);
  if (err?.code === 'MODULE_NOT_FOUND' || err?.code === 'ERR_MODULE_NOT_FOUND') {
    const missing = /Cannot find (?:module|package) '([^']+)'/.exec(message)?.[1] ?? firstLine(message);
    const importer = err.requireStack?.[0] ?? file;
    const relative = missing.startsWith('.') || missing.startsWith('/');
    const fix = relative
      ? `check the path: it is resolved from ${path.dirname(importer)}`
      : `install it next to your file (npm install ${missing.startsWith('@') ? missing.split('/').slice(0, 2).join('/') : missing.split('/')[0]}) or fix the name`;
    return `cannot find module '${missing}' imported from ${importer} (${fix})`;
  }
  // The transpiler's parse errors end with " <file>:<line>:<column>".
  const located = /^(?:ParseError|SyntaxError):?\s*(.*?)\s*\n\s*(\S+:\d+:\d+)\s*$/s.exec(message);
  if (located) return `syntax error at ${located[2]}: ${firstLine(located[1]) || 'unexpected token'} (fix the file and run again)`;
  if (err instanceof SyntaxError) return `syntax error in ${file}: ${firstLine(message)} (fix the file and run again)`;
  return `threw while loading: ${firstLine(message) || err?.name || 'an error without a message'} (the file's top level must not throw)`;
}
