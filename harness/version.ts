/** The harness's own version and home, found from the package manifest (works from source and from dist/). */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const PACKAGE_NAME = 'scim-harness';

/** The folder of our own package.json, walking up from `startDir`; undefined when not found. */
function findPackageRoot(startDir: string): { dir: string; version: string } | undefined {
  let dir = startDir;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        const parsed = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: unknown; version?: unknown };
        if (parsed.name === PACKAGE_NAME && typeof parsed.version === 'string') return { dir, version: parsed.version };
      } catch {
        // An unreadable package.json further down the tree is not ours; keep walking up.
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function readHarnessVersion(startDir: string = __dirname): string {
  return findPackageRoot(startDir)?.version ?? '0.0.0';
}

let cachedVersion: string | undefined;

export function harnessVersion(): string {
  cachedVersion ??= readHarnessVersion();
  return cachedVersion;
}

/** The project root (package.json, scenarios/, examples/), from source or from dist/. */
export function projectRoot(): string {
  return findPackageRoot(__dirname)?.dir ?? process.cwd();
}
