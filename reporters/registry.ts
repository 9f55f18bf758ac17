/**
 * Turns `--reporter console,json,./my-reporter.js` into reporters (Playwright's createReporters):
 * built-ins by name, custom ones by path. The terminal is never left silent: the console
 * reporter is added unless a selected reporter already prints to stdout.
 */
import { createRequire } from 'node:module';
import { basename, extname, join, resolve } from 'node:path';
import { ConfigurationError } from '../harness/errors';
import { loadUserModule, UserModuleError } from '../harness/load-user-module';
import { createConsoleReporter } from './console-reporter';
import { createCsvReporter, CSV_REPORT_FILES } from './csv-reporter';
import { createGithubReporter } from './github-reporter';
import { createHtmlReporter, HTML_REPORT_FILE } from './html-reporter';
import { createJsonReporter, JSON_REPORT_FILE } from './json-reporter';
import { createJunitReporter, JUNIT_REPORT_FILE } from './junit-reporter';
import { createMarkdownReporter, MARKDOWN_REPORT_FILE } from './markdown-reporter';
import { type Reporter } from './reporter';
import { type ReporterOptions } from './reporter-options';

export interface BuiltinReporter {
  readonly name: string;
  readonly aliases: readonly string[];
  /** Files it writes into the output folder. */
  readonly files: readonly string[];
  create(options: ReporterOptions): Reporter;
}

export const BUILTIN_REPORTERS: readonly BuiltinReporter[] = Object.freeze([
  { name: 'console', aliases: [], files: [], create: createConsoleReporter },
  { name: 'json', aliases: [], files: [JSON_REPORT_FILE], create: createJsonReporter },
  { name: 'junit', aliases: [], files: [JUNIT_REPORT_FILE], create: createJunitReporter },
  { name: 'markdown', aliases: ['md'], files: [MARKDOWN_REPORT_FILE], create: createMarkdownReporter },
  { name: 'csv', aliases: [], files: CSV_REPORT_FILES, create: createCsvReporter },
  { name: 'html', aliases: [], files: [HTML_REPORT_FILE], create: createHtmlReporter },
  // GitHub Actions annotations on stdout; only when asked (see github-reporter.ts).
  { name: 'github', aliases: [], files: [], create: createGithubReporter },
]);

export type CreateReportersOptions = Omit<ReporterOptions, 'outputs'>;

const HOOKS = ['onRunStart', 'onEntry', 'onScenarioEnd', 'onRunEnd', 'printsToStdio'] as const;
const CUSTOM_SHAPE = 'a Reporter object, a class, or a factory (options) => Reporter';

function describeChoices(): string {
  return BUILTIN_REPORTERS.map((reporter) => (reporter.aliases.length > 0 ? `${reporter.name} (alias ${reporter.aliases.join(', ')})` : reporter.name)).join(', ');
}

function findBuiltin(token: string): BuiltinReporter | undefined {
  const lower = token.toLowerCase();
  return BUILTIN_REPORTERS.find((reporter) => reporter.name === lower || reporter.aliases.includes(lower));
}

/** A token names a module (not a built-in) when it looks like a path or a package. */
export function isReporterPath(token: string): boolean {
  return /[\\/]/.test(token) || token.startsWith('.') || /\.[cm]?[jt]s$/i.test(token);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function looksLikeReporter(value: unknown): value is Record<string, unknown> {
  return isObject(value) && HOOKS.some((hook) => typeof value[hook] === 'function');
}

function isClass(value: (...args: unknown[]) => unknown): boolean {
  if (/^class[\s{]/.test(Function.prototype.toString.call(value))) return true;
  const prototype: unknown = value.prototype;
  return isObject(prototype) && HOOKS.some((hook) => typeof prototype[hook] === 'function');
}

/** module.exports itself, an ES module's default export, or the one export that fits. */
function pickExport(loaded: unknown): unknown {
  if (typeof loaded === 'function' || looksLikeReporter(loaded)) return loaded;
  if (!isObject(loaded)) return undefined;
  if (loaded.default !== undefined && (typeof loaded.default === 'function' || looksLikeReporter(loaded.default))) return loaded.default;
  const candidates = Object.values(loaded).filter((value) => typeof value === 'function' || looksLikeReporter(value));
  return candidates.length === 1 ? candidates[0] : undefined;
}

function fail(spec: string, problem: string): never {
  throw new ConfigurationError(`custom reporter "${spec}" ${problem} (it must export ${CUSTOM_SHAPE})`);
}

/** A fresh object whose hooks call the loaded instance, so a class's `this` survives. */
function adopt(instance: unknown, spec: string, fallbackName: string): Reporter {
  if (!isObject(instance)) fail(spec, `produced ${instance === null ? 'null' : typeof instance} instead of a reporter`);
  if (typeof instance.then === 'function') fail(spec, 'returned a Promise: the factory must return the reporter itself');
  for (const hook of HOOKS) {
    if (instance[hook] !== undefined && typeof instance[hook] !== 'function') fail(spec, `has a ${hook} that is not a function`);
  }
  if (!HOOKS.some((hook) => typeof instance[hook] === 'function')) {
    fail(spec, `has none of the hooks ${HOOKS.filter((hook) => hook !== 'printsToStdio').join(', ')}`);
  }
  const call =
    (hook: (typeof HOOKS)[number]) =>
    (...args: unknown[]): unknown =>
      (instance[hook] as (...hookArgs: unknown[]) => unknown).apply(instance, args);
  const name = typeof instance.name === 'string' && instance.name !== '' ? instance.name : fallbackName;
  const reporter: { -readonly [K in keyof Reporter]: Reporter[K] } = { name };
  if (typeof instance.onRunStart === 'function') reporter.onRunStart = call('onRunStart') as Reporter['onRunStart'];
  if (typeof instance.onEntry === 'function') reporter.onEntry = call('onEntry') as Reporter['onEntry'];
  if (typeof instance.onScenarioEnd === 'function') reporter.onScenarioEnd = call('onScenarioEnd') as Reporter['onScenarioEnd'];
  if (typeof instance.onRunEnd === 'function') reporter.onRunEnd = call('onRunEnd') as Reporter['onRunEnd'];
  if (typeof instance.printsToStdio === 'function') reporter.printsToStdio = call('printsToStdio') as Reporter['printsToStdio'];
  return reporter;
}

function requireReporterModule(spec: string, cwd: string): { readonly exports: unknown; readonly file: string } {
  const load = createRequire(join(cwd, 'noop.js'));
  let file: string;
  try {
    file = load.resolve(spec.startsWith('.') || spec.startsWith('/') ? resolve(cwd, spec) : spec);
  } catch {
    throw new ConfigurationError(`custom reporter "${spec}" was not found from ${cwd} (give a path such as ./my-reporter.js, relative to the working directory)`);
  }
  try {
    return { exports: loadUserModule(file), file };
  } catch (error) {
    if (!(error instanceof UserModuleError)) throw error;
    throw new ConfigurationError(`custom reporter "${spec}" could not be loaded from ${file}: ${error.message}`);
  }
}

/** Loads a reporter module and builds the reporter it exports. */
export function loadCustomReporter(spec: string, options: ReporterOptions): Reporter {
  const cwd = options.cwd ?? process.cwd();
  const { exports: loaded, file } = requireReporterModule(spec, cwd);
  const exported = pickExport(loaded);
  const fallbackName = basename(file, extname(file));
  if (exported === undefined) fail(spec, 'exports nothing usable');
  if (typeof exported === 'function') {
    const factory = exported as (...args: unknown[]) => unknown;
    let instance: unknown;
    try {
      instance = isClass(factory) ? new (factory as unknown as new (options: ReporterOptions) => unknown)(options) : factory(options);
    } catch (error) {
      fail(spec, `threw while being created: ${error instanceof Error ? error.message : String(error)}`);
    }
    return adopt(instance, spec, fallbackName);
  }
  return adopt(exported, spec, fallbackName);
}

/**
 * One reporter per name in the comma list, in order, each built-in once. Unknown names fail
 * with the list of valid ones.
 */
export function createReporters(spec: string, options: CreateReportersOptions): Reporter[] {
  const tokens = spec
    .split(',')
    .map((token) => token.trim())
    .filter((token) => token !== '');
  const selected: ({ readonly builtin: BuiltinReporter } | { readonly path: string })[] = [];
  const seen = new Set<string>();
  for (const token of tokens) {
    const builtin = findBuiltin(token);
    const key = builtin ? builtin.name : token;
    if (seen.has(key)) continue;
    seen.add(key);
    if (builtin) selected.push({ builtin });
    else if (isReporterPath(token)) selected.push({ path: token });
    else {
      throw new ConfigurationError(
        `unknown reporter "${token}" in --reporter "${spec}": choose from ${describeChoices()}, or give the path of a custom reporter module such as ./my-reporter.js`,
      );
    }
  }
  const outputs = selected.flatMap((item) => ('builtin' in item ? item.builtin.files : []));
  const withOutputs: ReporterOptions = { ...options, outputs };
  const reporters = selected.map((item) => ('builtin' in item ? item.builtin.create(withOutputs) : loadCustomReporter(item.path, withOutputs)));
  const printsToStdio = reporters.some((reporter) => {
    try {
      return reporter.printsToStdio?.() === true;
    } catch {
      return false;
    }
  });
  // Added last: its closing summary names the files the reporters before it wrote.
  if (!printsToStdio) reporters.push(createConsoleReporter(withOutputs));
  return reporters;
}
