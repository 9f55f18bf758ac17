/**
 * Loading scenarios: the built-in suite under scenarios/ and users' own files (YAML or JSON,
 * validated against scenario-schema.json) or TypeScript/JavaScript modules made with
 * defineScenario(). A bad file is named with the path inside it and the rule it breaks.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import fg from 'fast-glob';
import YAML from 'yaml';
import { ScenarioError } from '../errors';
import { isProfileId, profileIds } from '../profiles/registry';
import { loadUserModule, UserModuleError } from '../load-user-module';
import { projectRoot } from '../version';
import scenarioSchema from './scenario-schema.json';
import { type Scenario } from './scenario-types';

const ajv = new Ajv({ allErrors: false, strict: false });
type JsonSchema = Record<string, unknown>;
const stepSchemas = (scenarioSchema.properties.steps.items.oneOf as JsonSchema[]).map((schema) => ({
  kind: (schema.required as string[])[0],
  validate: ajv.compile(schema),
}));
const STEP_KINDS = stepSchemas.map((s) => s.kind);
const validateTopLevel: ValidateFunction = ajv.compile({
  ...scenarioSchema,
  properties: { ...scenarioSchema.properties, steps: { type: 'array', minItems: 1, items: { type: 'object' } } },
});

const SCENARIO_EXTENSIONS = ['yaml', 'yml', 'json'];

/** Where the built-in suite lives (the same folder from source and from dist/). */
export function builtInScenarioDir(): string {
  return path.join(projectRoot(), 'scenarios');
}

/** Validates scenario data; `id` defaults to the file's path relative to its root, without extension. */
export function validateScenario(data: unknown, source: string, defaultId?: string): Scenario {
  if (!validateTopLevel(data)) throw new ScenarioError(`${source}: ${describeAjvError(validateTopLevel.errors?.[0])}`);
  const scenario = data as unknown as Scenario & { id?: string };
  scenario.steps.forEach((step, index) => {
    const keys = Object.keys(step);
    if (keys.length !== 1) {
      throw new ScenarioError(`${source}: steps[${index}] must have exactly one key, the step kind, got ${keys.length ? keys.map((k) => `"${k}"`).join(', ') : 'none'} (e.g. - cycle: initial)`);
    }
    const entry = stepSchemas.find((s) => s.kind === keys[0]);
    if (!entry) throw new ScenarioError(`${source}: steps[${index}] has unknown step "${keys[0]}" (valid steps: ${STEP_KINDS.join(', ')})`);
    if (!entry.validate(step)) throw new ScenarioError(`${source}: steps[${index}].${describeAjvError(entry.validate.errors?.[0])}`);
  });
  // The dialects a scenario may name are the registered client profiles', not a list in the schema.
  (scenario.dialects ?? []).forEach((dialect, index) => {
    if (!isProfileId(dialect)) throw new ScenarioError(`${source}: dialects[${index}] must be one of ${profileIds().join(', ')}, got ${JSON.stringify(dialect)}`);
  });
  const id = scenario.id ?? defaultId;
  if (!id) throw new ScenarioError(`${source}: id is required for a scenario that is not a file (e.g. id: "vendor/custom-attribute")`);
  return Object.freeze({ ...scenario, id });
}

function describeAjvError(error: ErrorObject | null | undefined): string {
  if (!error) return 'is invalid';
  const where = error.instancePath ? error.instancePath.slice(1).replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.') : '(top level)';
  switch (error.keyword) {
    case 'required':
      return `${where === '(top level)' ? '' : `${where}.`}${String(error.params.missingProperty)} is required`;
    case 'additionalProperties':
      return `${where} has unknown property "${String(error.params.additionalProperty)}"`;
    case 'enum':
      return `${where} must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return `${where} ${error.message ?? 'is invalid'}`;
  }
}

export function loadScenarioFile(file: string, root: string): Scenario {
  const relative = path.relative(root, file).split(path.sep).join('/');
  const defaultId = relative.replace(/\.(ya?ml|json|[cm]?[jt]s)$/i, '');
  if (/\.[cm]?[jt]s$/i.test(file)) {
    let loaded: { default?: unknown; scenario?: unknown };
    try {
      loaded = loadUserModule(file) as typeof loaded;
    } catch (error) {
      if (!(error instanceof UserModuleError)) throw error;
      throw new ScenarioError(`Unable to load scenario '${file}': ${error.message}`);
    }
    const value = loaded.default ?? loaded.scenario ?? loaded;
    return validateScenario(value, relative, defaultId);
  }
  let data: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    data = /\.json$/i.test(file) ? JSON.parse(text) : YAML.parse(text);
  } catch (error) {
    throw new ScenarioError(`Unable to load scenario '${relative}': ${(error as Error).message.split('\n')[0]}`);
  }
  return validateScenario(data, relative, defaultId);
}

/** Every scenario file below a folder, sorted by id. */
export function loadScenarioDir(dir: string): Scenario[] {
  const files = fg.sync(`**/*.{${SCENARIO_EXTENSIONS.join(',')}}`, { cwd: dir, absolute: true, ignore: ['**/node_modules/**'] }).sort();
  return files.map((file) => loadScenarioFile(file, dir));
}

export function loadBuiltInScenarios(): Scenario[] {
  return loadScenarioDir(builtInScenarioDir());
}

export interface ScenarioSelection {
  /** Built-in ids (`users/disable`), id prefixes (`users`), files, folders or globs of the user's own. */
  readonly scenarios: readonly string[];
  /** Tags; hierarchical: `users` selects `users:disable` too. */
  readonly tags: readonly string[];
}

/**
 * Resolves `--scenario` and `--tag` to scenarios: nothing asked = the whole built-in suite;
 * an argument that is a path or glob loads the user's files; anything else selects built-ins by
 * id or id prefix. Unknown names are an error that lists what exists.
 */
export function selectScenarios(selection: ScenarioSelection, builtIns: readonly Scenario[] = loadBuiltInScenarios()): Scenario[] {
  const chosen = new Map<string, Scenario>();
  const byId: Scenario[] = [];
  for (const wanted of selection.scenarios) {
    if (looksLikePath(wanted)) {
      for (const scenario of loadUserScenarios(wanted)) chosen.set(scenario.id, scenario);
      continue;
    }
    const matches = builtIns.filter((s) => s.id === wanted || s.id.startsWith(`${wanted}/`));
    if (matches.length === 0) {
      const areas = [...new Set(builtIns.map((s) => s.id.split('/')[0]))].sort();
      throw new ScenarioError(
        `--scenario must name a built-in scenario, a folder of them, or a file, got "${wanted}" (areas: ${areas.join(', ')}; e.g. --scenario users/disable; --list-scenarios prints every id)`,
      );
    }
    byId.push(...matches);
  }
  for (const scenario of byId) chosen.set(scenario.id, scenario);
  if (selection.tags.length > 0) {
    const pool = chosen.size > 0 || selection.scenarios.length > 0 ? [...chosen.values()] : [...builtIns];
    const tagged = pool.filter((s) => selection.tags.some((tag) => s.tags.some((t) => t === tag || t.startsWith(`${tag}:`))));
    if (tagged.length === 0) {
      const known = [...new Set(builtIns.flatMap((s) => s.tags))].sort();
      throw new ScenarioError(`--tag selected no scenario, got "${selection.tags.join(', ')}" (known tags: ${known.join(', ')})`);
    }
    return tagged.sort((a, b) => a.id.localeCompare(b.id));
  }
  if (selection.scenarios.length === 0) return [...builtIns];
  return [...chosen.values()].sort((a, b) => a.id.localeCompare(b.id));
}

function looksLikePath(value: string): boolean {
  return /[*?{]/.test(value) || /\.(ya?ml|json|[cm]?[jt]s)$/i.test(value) || value.startsWith('.') || value.startsWith('/') || isDirectory(value);
}

function isDirectory(value: string): boolean {
  try {
    return statSync(value).isDirectory();
  } catch {
    return false;
  }
}

function loadUserScenarios(pattern: string): Scenario[] {
  if (isDirectory(pattern)) return loadScenarioDir(path.resolve(pattern));
  const files = fg.sync(pattern, { absolute: true, onlyFiles: true });
  if (files.length === 0) throw new ScenarioError(`--scenario must name existing files, got "${pattern}" which matches none (e.g. --scenario ./my-scenarios/*.yaml)`);
  return files.sort().map((file) => loadScenarioFile(file, path.dirname(file)));
}
