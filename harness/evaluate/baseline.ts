/**
 * `--baseline known-failures.json`: failures CI accepts for now. Each entry is a scenario id, a
 * check id or "<scenario id>::<check id>". An entry is judged only by what actually ran: it is
 * failing (accepted), fixed (the baseline must shrink, as Jest fails on obsolete snapshots under
 * --ci), not run (a filtered run says nothing about it) or unknown (a typo: warned about, with the
 * nearest ids). `--update-baseline` rewrites the file to the current failures, as `jest -u` does.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import Ajv from 'ajv';
import { type Finding } from '../contract/finding';
import { ConfigurationError } from '../errors';
import { type ScenarioResult, type UnknownBaselineEntry } from '../contract/verdict';

/** `{"knownFailures": ["<scenario id>" | "<check id>" | "<scenario id>::<check id>"]}` */
export interface KnownFailures {
  readonly knownFailures: readonly string[];
}

/** The ids a baseline entry may name: every scenario the harness knows (not only those selected) and every check. */
export interface BaselineCatalog {
  readonly scenarioIds: readonly string[];
  readonly checkIds: readonly string[];
}

export type BaselineItemStatus = 'failing' | 'fixed' | 'notRun' | 'unknown';

export const ITEM_SEPARATOR = '::';

export interface BaselineFacts {
  readonly scenarios: readonly ScenarioResult[];
  readonly failedScenarios: readonly ScenarioResult[];
  /** Findings at or above --fail-on. */
  readonly gating: readonly Finding[];
  /** Whether the run's checks saw any traffic: a check can only be fixed by a run that exercised it. */
  readonly checksRan: boolean;
  readonly catalog?: BaselineCatalog;
}

function ran(scenarios: readonly ScenarioResult[], id: string): boolean {
  return scenarios.some((scenario) => scenario.id === id && scenario.status !== 'skipped');
}

function isScenarioId(id: string, facts: BaselineFacts): boolean {
  return facts.scenarios.some((scenario) => scenario.id === id) || (facts.catalog?.scenarioIds.includes(id) ?? false);
}

/**
 * Without a catalog (a library caller judging its own results) every id that names no scenario
 * of the run is taken for a check, as before catalogs existed.
 */
function isCheckId(id: string, facts: BaselineFacts): boolean {
  return facts.catalog === undefined || facts.catalog.checkIds.includes(id) || facts.gating.some((finding) => finding.check === id);
}

export function baselineItemStatus(item: string, facts: BaselineFacts): BaselineItemStatus {
  const separator = item.indexOf(ITEM_SEPARATOR);
  if (separator >= 0) {
    const scenarioId = item.slice(0, separator);
    const check = item.slice(separator + ITEM_SEPARATOR.length);
    if (facts.gating.some((finding) => finding.scenarioId === scenarioId && finding.check === check)) return 'failing';
    if (facts.catalog && (!isScenarioId(scenarioId, facts) || !isCheckId(check, facts))) return 'unknown';
    return ran(facts.scenarios, scenarioId) ? 'fixed' : 'notRun';
  }
  if (facts.failedScenarios.some((scenario) => scenario.id === item)) return 'failing';
  if (facts.gating.some((finding) => finding.check === item || finding.scenarioId === item)) return 'failing';
  if (isScenarioId(item, facts)) return ran(facts.scenarios, item) ? 'fixed' : 'notRun';
  if (!isCheckId(item, facts)) return 'unknown';
  return facts.checksRan ? 'fixed' : 'notRun';
}

/** Levenshtein distance, capped: ids are short, and only near misses are worth suggesting. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** Up to three known ids closest to `item` (for "scenario::check", the closest pairs). */
export function nearestIds(item: string, catalog: BaselineCatalog): string[] {
  const separator = item.indexOf(ITEM_SEPARATOR);
  if (separator >= 0) {
    const scenario = nearestIds(item.slice(0, separator), { scenarioIds: catalog.scenarioIds, checkIds: [] })[0] ?? item.slice(0, separator);
    const check = nearestIds(item.slice(separator + ITEM_SEPARATOR.length), { scenarioIds: [], checkIds: catalog.checkIds })[0];
    return check === undefined ? [] : [`${scenario}${ITEM_SEPARATOR}${check}`];
  }
  const limit = Math.max(2, Math.floor(item.length / 3));
  return [...new Set([...catalog.scenarioIds, ...catalog.checkIds])]
    .map((id) => ({ id, score: distance(item.toLowerCase(), id.toLowerCase()) }))
    .filter(({ score }) => score <= limit)
    .sort((a, b) => a.score - b.score || a.id.localeCompare(b.id))
    .slice(0, 3)
    .map(({ id }) => id);
}

export function unknownEntry(item: string, catalog: BaselineCatalog | undefined): UnknownBaselineEntry {
  return Object.freeze({ id: item, suggestions: Object.freeze(catalog ? nearestIds(item, catalog) : []) });
}

/**
 * The baseline that records the run's current failures (`--update-baseline`, like `jest -u`):
 * fixed entries go, every failure that is not yet covered is added (a failed scenario by its id,
 * a finding as "<scenario id>::<check id>", or by its check id when no scenario owns it), and
 * entries that did not run or are unknown are kept, since this run says nothing about them.
 */
export function updatedBaseline(
  current: readonly string[],
  statuses: ReadonlyMap<string, BaselineItemStatus>,
  failures: { readonly failedScenarios: readonly ScenarioResult[]; readonly gating: readonly Finding[] },
): { readonly knownFailures: string[]; readonly added: string[]; readonly removed: string[] } {
  const removed = current.filter((item) => statuses.get(item) === 'fixed');
  const kept = current.filter((item) => statuses.get(item) !== 'fixed');
  const covers = (list: readonly string[], finding: Finding): boolean =>
    list.includes(finding.check) ||
    (finding.scenarioId !== undefined && (list.includes(finding.scenarioId) || list.includes(`${finding.scenarioId}${ITEM_SEPARATOR}${finding.check}`)));
  const next = [...kept];
  const added: string[] = [];
  const push = (item: string): void => {
    if (next.includes(item)) return;
    next.push(item);
    added.push(item);
  };
  for (const scenario of failures.failedScenarios) push(scenario.id);
  for (const finding of failures.gating) {
    if (covers(next, finding)) continue;
    push(finding.scenarioId === undefined ? finding.check : `${finding.scenarioId}${ITEM_SEPARATOR}${finding.check}`);
  }
  return { knownFailures: next, added, removed };
}

/** Writes the file `--update-baseline` produces: the shape `--baseline` reads, one entry per line. */
export function writeBaseline(path: string, knownFailures: readonly string[]): void {
  writeFileSync(path, `${JSON.stringify({ knownFailures }, null, 2)}\n`);
}

export function baselineExists(path: string): boolean {
  return existsSync(path);
}

const BASELINE_SCHEMA = {
  type: 'object',
  required: ['knownFailures'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    knownFailures: {
      type: 'array',
      items: {
        type: 'string',
        minLength: 1,
        // "<scenario id>", "<check id>" or "<scenario id>::<check id>", both sides non-empty.
        pattern: '^(?!::)(?!.*::$)(?!.*::.*::).+$',
      },
    },
  },
} as const;

const validateBaseline = new Ajv({ allErrors: true }).compile<KnownFailures>(BASELINE_SCHEMA);

/** Reads a `--baseline` file; ConfigurationError naming the path, the rule broken and the expected shape. */
export function loadBaseline(path: string): KnownFailures {
  const shape = '{"knownFailures": ["<scenario id>" | "<check id>" | "<scenario id>::<check id>"]}';
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigurationError(`--baseline file ${path} cannot be read: ${reason} (give the path of a JSON file shaped ${shape}, or add --update-baseline to create it)`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigurationError(`--baseline file ${path} must be JSON: ${reason} (expected ${shape})`);
  }
  if (!validateBaseline(data)) {
    const problems = (validateBaseline.errors ?? [])
      .map((error) =>
        error.keyword === 'pattern'
          ? `${error.instancePath} must be "<scenario id>", "<check id>" or "<scenario id>::<check id>"`
          : `${error.instancePath || '/'} ${error.message ?? 'is invalid'}${describeParams(error.params)}`,
      )
      .join('; ');
    throw new ConfigurationError(`--baseline file ${path} is invalid: ${problems} (expected ${shape})`);
  }
  return Object.freeze({ knownFailures: Object.freeze([...data.knownFailures]) });
}

function describeParams(params: Record<string, unknown>): string {
  if (typeof params.additionalProperty === 'string') return ` ("${params.additionalProperty}")`;
  return '';
}
