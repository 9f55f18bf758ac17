/**
 * Reading the user's data files (source directory, attribute mappings): JSON or YAML, validated
 * with ajv, and every rejection turned into one ConfigurationError that names the file, the
 * JSON path inside it (`users[3].userPrincipalName`), the rule broken and a fix.
 */
import { readFileSync } from 'node:fs';
import { type ErrorObject } from 'ajv';
import YAML from 'yaml';
import { ConfigurationError } from '../errors';
import { pluralize } from '../text/numbers';

/** Parses `file` as YAML when it ends in .yaml/.yml, JSON otherwise. */
export function readDataFile(file: string, example: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigurationError(`${file}: cannot be read (${code}) (check the path, e.g. ${example})`);
  }
  const yaml = /\.ya?ml$/i.test(file);
  try {
    return yaml ? YAML.parse(text) : JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(`${file}: must be valid ${yaml ? 'YAML' : 'JSON'} (${(error as Error).message.split('\n')[0]})`);
  }
}

/** `["users", 3, "userPrincipalName"]` → `users[3].userPrincipalName`. */
export function formatJsonPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out || '(top level)';
}

function pointerSegments(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

function valueAt(data: unknown, segments: readonly (string | number)[]): unknown {
  let current = data;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Levenshtein distance, for "did you mean" on misspelt property names. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

export function closestName(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** Explains, per property name, why it exists and what a good value looks like. */
export type FieldHints = Readonly<Record<string, string>>;

/**
 * One sentence for the first schema error: `file: path rule, got value (fix)`. The fix comes
 * from `hints` by property name, else points at the schema file.
 */
export function describeSchemaError(file: string, error: ErrorObject, data: unknown, hints: FieldHints, schemaName: string): string {
  const base = pointerSegments(error.instancePath);
  const property = (segments: readonly (string | number)[]): string => [...segments].reverse().find((s): s is string => typeof s === 'string') ?? '';
  const fallback = `see ${schemaName}`;
  switch (error.keyword) {
    case 'required': {
      const missing = String(error.params.missingProperty);
      const path = formatJsonPath([...base, missing]);
      return `${file}: ${path} is required (${hints[missing] ?? fallback})`;
    }
    case 'additionalProperties': {
      const extra = String(error.params.additionalProperty);
      const parent = valueAt(data, base);
      const schemaProperties = Object.keys((error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
      const guess = closestName(extra, schemaProperties.filter((p) => !(parent && typeof parent === 'object' && p in parent)));
      const known = schemaProperties.filter((p) => p !== '$schema').join(', ');
      return `${file}: ${formatJsonPath([...base, extra])} is not a known property (${guess ? `did you mean "${guess}"? ` : ''}known: ${known})`;
    }
    default: {
      const path = formatJsonPath(base);
      const value = valueAt(data, base);
      const rule = error.keyword === 'enum' ? `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` : (error.message ?? 'is invalid');
      return `${file}: ${path} ${rule}, got ${show(value)} (${hints[property(base)] ?? fallback})`;
    }
  }
}

/** The error for a file its schema rejected: the first problem in one sentence, and how many more there are. */
export function schemaRejection(
  file: string,
  errors: readonly ErrorObject[] | null | undefined,
  data: unknown,
  hints: FieldHints,
  schemaName: string,
  what: string,
): ConfigurationError {
  const error = errors?.[0];
  const more = (errors?.length ?? 1) - 1;
  const message = error ? describeSchemaError(file, error, data, hints, schemaName) : `${file}: is not a valid ${what}`;
  return new ConfigurationError(more > 0 ? `${message} [${pluralize(more, 'more problem')} in the file]` : message);
}
