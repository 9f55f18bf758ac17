/**
 * The report page's script is TypeScript in reporters/html/page/ with its own DOM tsconfig, and
 * reaches report.html as the text of one compiled function. These tests hold the two things that
 * make that work: the function is self-contained (no module plumbing in its text), and the page
 * tsconfig compiles it to where the built reporter require()s it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CHUNK_CALLBACK } from '../../../reporters/html/page/page-data';
import { pageScript } from '../../../reporters/html/page-script';

const ROOT = resolve(__dirname, '../../..');
const PAGE_TSCONFIG = join(ROOT, 'reporters/html/page/tsconfig.json');

describe('report page script', () => {
  it('is one self-calling function that refers to no module of the harness', () => {
    const script = pageScript();
    expect(script.startsWith('(function reportPage() {')).toBe(true);
    expect(script.trimEnd().endsWith('})();')).toBe(true);
    // Compiled module references (`require(...)`, `exports.x`, `page_data_1.X`) or coverage counters would throw in the page.
    expect(script).not.toMatch(/\brequire\(|\bexports\.|\b\w+_1\.|\bcov_\w+\(/);
    // The chunk files call the name the page defines.
    expect(script).toContain(`const CHUNK_CALLBACK = '${CHUNK_CALLBACK}'`);
    // Nothing from the target is ever parsed as markup.
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });

  it('compiles with the page tsconfig into the folder the built reporter loads it from', () => {
    const config = JSON.parse(readFileSync(PAGE_TSCONFIG, 'utf8')) as { compilerOptions: { outDir: string; lib: string[] } };
    expect(config.compilerOptions.lib).toContain('DOM');
    // dist/reporters/html/page-script.js require()s ./page/report-page: the page build must land beside it.
    expect(resolve(join(ROOT, 'reporters/html/page'), config.compilerOptions.outDir)).toBe(join(ROOT, 'dist/reporters/html/page'));
    const build = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(build.scripts.build).toContain('tsc -p reporters/html/page/tsconfig.json');
    expect(build.scripts.typecheck).toContain('tsc -p reporters/html/page/tsconfig.json --noEmit');

    const out = mkdtempSync(join(tmpdir(), 'page-build-'));
    try {
      execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', PAGE_TSCONFIG, '--outDir', out], { cwd: ROOT, stdio: 'pipe' });
      const emitted = join(out, 'report-page.js');
      expect(existsSync(emitted)).toBe(true);
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the emitted asset, as dist/ loads it
      const page = require(emitted) as { reportPage: () => void };
      expect(page.reportPage.toString()).toMatch(/^function reportPage\(\) \{/);
      expect(page.reportPage.toString()).toContain(`'${CHUNK_CALLBACK}'`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
