import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ConfigurationError } from '../../../harness/errors';
import { ConsoleReporter } from '../../../reporters/console-reporter';
import { createReporters, isReporterPath, loadCustomReporter } from '../../../reporters/registry';
import { type CreateReportersOptions } from '../../../reporters/registry';
import { buildFixtureRun, CaptureStream, reporterOptions, type FixtureRun } from './fixtures';

describe('createReporters', () => {
  let dir: string;
  let run: FixtureRun;
  let options: CreateReportersOptions;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'scim-harness-registry-'));
    run = buildFixtureRun();
    options = { ...reporterOptions(run.outDir), cwd: dir };
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    run.remove();
  });

  function write(name: string, source: string): string {
    writeFileSync(join(dir, name), source);
    return `./${name}`;
  }

  it('builds the built-ins by name, in order, and adds the console reporter last when none prints to stdout', () => {
    const reporters = createReporters('json, junit,md,csv,html', options);
    expect(reporters.map((r) => r.name)).toEqual(['json', 'junit', 'markdown', 'csv', 'html', 'console']);
  });

  it('does not add a second console reporter when one is selected', () => {
    expect(createReporters('console,json', options).map((r) => r.name)).toEqual(['console', 'json']);
    expect(createReporters('console,console,CONSOLE', options).map((r) => r.name)).toEqual(['console']);
  });

  it('tells each reporter which files the selection writes', async () => {
    const stdout = new CaptureStream();
    const withStdout = createReporters('json,junit,markdown', { ...options, stdout });
    const last = withStdout[withStdout.length - 1];
    expect(last).toBeInstanceOf(ConsoleReporter);
    await last.onRunEnd?.(run.summary);
    expect(stdout.text).toContain(`Reports written to ${run.outDir}: report.json, junit.xml, summary.md`);
  });

  it('rejects an unknown name, naming it and listing the valid ones', () => {
    expect(() => createReporters('json,jsno', options)).toThrow(ConfigurationError);
    expect(() => createReporters('json,jsno', options)).toThrow(
      'unknown reporter "jsno" in --reporter "json,jsno": choose from console, json, junit, markdown (alias md), csv, html, github, or give the path of a custom reporter module such as ./my-reporter.js',
    );
  });

  it('tells paths from names', () => {
    expect(isReporterPath('./r.js')).toBe(true);
    expect(isReporterPath('/abs/r')).toBe(true);
    expect(isReporterPath('r.ts')).toBe(true);
    expect(isReporterPath('@acme/reporter')).toBe(true);
    expect(isReporterPath('junit')).toBe(false);
  });

  it('loads a custom reporter exported as an object', async () => {
    const path = write('object-reporter.js', `module.exports = { name: 'object', seen: null, onRunEnd(summary) { this.seen = summary.verdict.outcome; } };`);
    const [custom, console] = createReporters(path, options);
    expect(custom.name).toBe('object');
    expect(console.name).toBe('console');
    await custom.onRunEnd?.(run.summary);
    const loaded = createRequire(join(dir, 'noop.js'))(join(dir, 'object-reporter.js')) as { seen: string | null };
    expect(loaded.seen).toBe('failed');
  });

  it('loads a class with the reporter options, keeping `this`', async () => {
    const path = write(
      'class-reporter.js',
      `module.exports = class Custom { constructor(options) { this.name = 'class'; this.out = options.stdout; }
         onRunEnd(summary) { this.out.write('class saw ' + summary.verdict.outcome + '\\n'); }
         printsToStdio() { return true; } };`,
    );
    const stdout = new CaptureStream();
    const reporters = createReporters(path, { ...options, stdout });
    expect(reporters.map((r) => r.name)).toEqual(['class']);
    await reporters[0].onRunEnd?.(run.summary);
    expect(stdout.text).toBe('class saw failed\n');
  });

  it('loads a factory and an ES-module default export, naming an unnamed reporter after its file', async () => {
    const factory = write('factory-reporter.js', `module.exports = (options) => ({ onRunStart() { options.stdout.write('factory started\\n'); } });`);
    const esm = write('esm-reporter.js', `Object.defineProperty(exports, '__esModule', { value: true }); exports.default = { name: 'esm', onEntry() {} };`);
    const stdout = new CaptureStream();
    const [fromFactory, fromEsm] = createReporters(`${factory},${esm}`, { ...options, stdout });
    expect(fromFactory.name).toBe('factory-reporter');
    expect(fromEsm.name).toBe('esm');
    await fromFactory.onRunStart?.(run.summary.plan);
    expect(stdout.text).toBe('factory started\n');
  });

  it('loads a TypeScript reporter without a registered loader', async () => {
    const path = write(
      'typed-reporter.ts',
      `interface Out { write(text: string): unknown }
       export class TypedReporter { readonly name = 'typed'; constructor(private readonly options: { stdout: Out }) {}
         onRunEnd(summary: { verdict: { headline: string } }): void { this.options.stdout.write(\`typed: \${summary.verdict.headline}\\n\`); } }`,
    );
    const stdout = new CaptureStream();
    const [typed] = createReporters(path, { ...options, stdout });
    expect(typed.name).toBe('typed');
    await typed.onRunEnd?.(run.summary);
    expect(stdout.text).toBe(`typed: ${run.summary.verdict.headline}\n`);
  });

  it('explains what is wrong with a module that is not a reporter', () => {
    const empty = write('empty-reporter.js', `module.exports = { version: 1 };`);
    expect(() => loadCustomReporter(empty, { ...reporterOptions(run.outDir), cwd: dir })).toThrow(
      'custom reporter "./empty-reporter.js" exports nothing usable (it must export a Reporter object, a class, or a factory (options) => Reporter)',
    );
    const badHook = write('bad-hook-reporter.js', `module.exports = { name: 'bad', onRunEnd: 'yes', onEntry() {} };`);
    expect(() => loadCustomReporter(badHook, { ...reporterOptions(run.outDir), cwd: dir })).toThrow(/has a onRunEnd that is not a function/);
    const asyncFactory = write('async-reporter.js', `module.exports = async () => ({ onRunEnd() {} });`);
    expect(() => loadCustomReporter(asyncFactory, { ...reporterOptions(run.outDir), cwd: dir })).toThrow(/returned a Promise/);
    const broken = write('broken-reporter.js', `module.exports = {;`);
    expect(() => loadCustomReporter(broken, { ...reporterOptions(run.outDir), cwd: dir })).toThrow(/could not be loaded/);
  });

  it('names a custom reporter that does not exist and where it was looked for', () => {
    expect(() => createReporters('./nope.js', options)).toThrow(`custom reporter "./nope.js" was not found from ${dir}`);
  });
});
