/**
 * Compares a request as the target received it with an entry of the Entra request corpus
 * (test/fixtures/entra-requests): method, path, query both as decoded and as encoded on the wire,
 * the headers that matter and the body's shape. Every difference is a sentence naming where it is
 * (`body.Operations[0].op: expected "Replace" (string), got "replace" (string)`), and every
 * `<placeholder>` of the entry binds the text it stood for, so a test can check the ids too.
 */
import { type CorpusDialect, type CorpusRequest, EACH, isEach, isOptional, OPTIONAL, type Shape } from '../fixtures/entra-requests';

/** One request as it reached the target. */
export interface WireRequest {
  readonly method: string;
  /** Relative to the Tenant URL, without the query: `/Users/abc`. */
  readonly path: string;
  /** Exactly as it arrived, without `?` ("" when there is none). */
  readonly rawQuery: string;
  readonly contentType: string | null;
  readonly accept: string | null;
  /** The first word of Authorization only. */
  readonly authorizationScheme: string | null;
  /** The parsed JSON body; undefined without one. */
  readonly body?: unknown;
}

export type Bindings = Record<string, string[]>;

export interface RequestComparison {
  readonly differences: readonly string[];
  readonly bindings: Bindings;
  /** Set when the request matched the entry's recorded harness deviation rather than the entry. */
  readonly deviation?: string;
}

const PLACEHOLDER = /<([A-Za-z][\w ]*)>/g;
/** What a form-encoded value may hold: encodeURIComponent's output with `+` for spaces. */
const FORM_ENCODED_TEXT = "[A-Za-z0-9\\-_.!~*'()%+]+?";

function bind(bindings: Bindings, name: string, value: string): void {
  (bindings[name] ??= []).push(value);
}

function mergeInto(target: Bindings, source: Bindings): void {
  for (const [name, values] of Object.entries(source)) for (const value of values) bind(target, name, value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function hasPlaceholder(text: string): boolean {
  return new RegExp(PLACEHOLDER.source).test(text);
}

/** Matches `actual` against a template with `<name>` placeholders, each standing for text of `valuePattern`. */
export function matchTemplate(template: string, actual: string, valuePattern = '.+?'): Bindings | null {
  const names: string[] = [];
  let pattern = '^';
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    pattern += `${escapeRegExp(template.slice(last, match.index))}(${valuePattern})`;
    names.push(match[1]);
    last = match.index + match[0].length;
  }
  pattern += `${escapeRegExp(template.slice(last))}$`;
  const found = new RegExp(pattern, 's').exec(actual);
  if (!found) return null;
  const bindings: Bindings = {};
  names.forEach((name, index) => bind(bindings, name, found[index + 1]));
  return bindings;
}

function describe(value: unknown): string {
  const type = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  const text = JSON.stringify(value) ?? String(value);
  return `${text.length > 80 ? `${text.slice(0, 77)}...` : text} (${type})`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function keyPath(at: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${at}.${key}` : `${at}[${JSON.stringify(key)}]`;
}

/** Compares `actual` with `shape` (see corpus-types.ts), adding differences and bindings. */
export function compareShape(shape: Shape, actual: unknown, at: string, differences: string[], bindings: Bindings): void {
  if (isOptional(shape)) {
    compareShape(shape[OPTIONAL], actual, at, differences, bindings);
    return;
  }
  if (isEach(shape)) {
    const item = shape[EACH];
    if (!Array.isArray(actual) || actual.length === 0) {
      differences.push(`${at}: expected a non-empty array, got ${describe(actual)}`);
      return;
    }
    actual.forEach((element, index) => compareShape(item, element, `${at}[${index}]`, differences, bindings));
    return;
  }
  if (Array.isArray(shape)) {
    if (!Array.isArray(actual) || actual.length !== shape.length) {
      differences.push(`${at}: expected an array of ${shape.length}, got ${describe(actual)}`);
      return;
    }
    shape.forEach((element: Shape, index: number) => compareShape(element, actual[index], `${at}[${index}]`, differences, bindings));
    return;
  }
  if (typeof shape === 'object' && shape !== null) {
    if (!isPlainObject(actual)) {
      differences.push(`${at}: expected an object, got ${describe(actual)}`);
      return;
    }
    const fields = shape as Readonly<Record<string, Shape>>;
    for (const key of Object.keys(fields)) {
      const field = fields[key];
      if (!(key in actual)) {
        if (!isOptional(field)) differences.push(`${keyPath(at, key)}: missing`);
        continue;
      }
      compareShape(field, actual[key], keyPath(at, key), differences, bindings);
    }
    for (const key of Object.keys(actual)) {
      if (!(key in fields)) differences.push(`${keyPath(at, key)}: not in the corpus, got ${describe(actual[key])}`);
    }
    return;
  }
  if (typeof shape === 'string' && hasPlaceholder(shape)) {
    const found = typeof actual === 'string' ? matchTemplate(shape, actual) : null;
    if (found) mergeInto(bindings, found);
    else differences.push(`${at}: expected a string of the form ${JSON.stringify(shape)}, got ${describe(actual)}`);
    return;
  }
  if (!Object.is(shape, actual)) differences.push(`${at}: expected ${describe(shape)}, got ${describe(actual)}`);
}

/** `+` is a space in a form-encoded query (application/x-www-form-urlencoded), then percent-decoding. */
export function formDecode(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/** The query as a server decodes it: every name and value form-decoded, joined back with `=` and `&`. */
function decodedQuery(rawQuery: string): string | null {
  const parts: string[] = [];
  for (const pair of rawQuery.split('&')) {
    const equals = pair.indexOf('=');
    const name = formDecode(equals === -1 ? pair : pair.slice(0, equals));
    const value = equals === -1 ? '' : formDecode(pair.slice(equals + 1));
    if (name === null || value === null) return null;
    parts.push(equals === -1 ? name : `${name}=${value}`);
  }
  return parts.join('&');
}

function compareQuery(template: CorpusRequest['query'], rawQuery: string, differences: string[], bindings: Bindings): void {
  if (template === undefined) {
    if (rawQuery !== '') differences.push(`query: the corpus has none, got "${rawQuery}"`);
    return;
  }
  const raw = matchTemplate(template.raw, rawQuery, FORM_ENCODED_TEXT);
  if (!raw) differences.push(`query (as sent): expected "${template.raw}", got "${rawQuery}"`);
  const decodedText = decodedQuery(rawQuery);
  const decoded = decodedText === null ? null : matchTemplate(template.decoded, decodedText);
  if (!decoded) differences.push(`query (decoded): expected "${template.decoded}", got "${decodedText ?? `undecodable ${rawQuery}`}"`);
  if (!raw || !decoded) return;
  for (const [name, values] of Object.entries(decoded)) {
    values.forEach((value, index) => {
      const encoded = raw[name]?.[index];
      if (encoded === undefined || formDecode(encoded) !== value) differences.push(`query: <${name}> travels as "${encoded ?? ''}", which does not form-decode to "${value}"`);
    });
  }
  mergeInto(bindings, decoded);
}

function mediaType(value: string | null): string | null {
  return value === null ? null : (value.split(';')[0] ?? '').trim().toLowerCase();
}

function compareHeaders(entry: CorpusRequest, request: WireRequest, differences: string[]): void {
  const expected = entry.headers;
  if (mediaType(request.contentType) !== expected.contentType) differences.push(`Content-Type: expected ${expected.contentType ?? 'none'}, got ${request.contentType ?? 'none'}`);
  if (mediaType(request.accept) !== expected.accept) differences.push(`Accept: expected ${expected.accept}, got ${request.accept ?? 'none'}`);
  if (request.authorizationScheme !== expected.authorizationScheme) differences.push(`Authorization: expected the ${expected.authorizationScheme} scheme, got ${request.authorizationScheme ?? 'none'}`);
}

function bodyDifferences(shape: Shape | undefined, body: unknown, bindings: Bindings): string[] {
  const differences: string[] = [];
  if (shape === undefined) {
    if (body !== undefined) differences.push(`body: the corpus has none, got ${describe(body)}`);
  } else if (body === undefined) {
    differences.push('body: missing');
  } else {
    compareShape(shape, body, 'body', differences, bindings);
  }
  return differences;
}

/** Compares one request with the corpus entry for its operation in `dialect`. */
export function compareRequest(entry: CorpusRequest, request: WireRequest, dialect: CorpusDialect): RequestComparison {
  const differences: string[] = [];
  const bindings: Bindings = {};
  if (request.method !== entry.method) differences.push(`method: expected ${entry.method}, got ${request.method}`);
  const path = matchTemplate(entry.path, request.path, '[^/?#]+');
  if (path) mergeInto(bindings, path);
  else differences.push(`path: expected ${entry.path}, got ${request.path}`);
  compareQuery(entry.query, request.rawQuery, differences, bindings);
  compareHeaders(entry, request, differences);

  const bodyBindings: Bindings = {};
  const againstCorpus = bodyDifferences(entry.body, request.body, bodyBindings);
  const deviation = entry.harnessDiffers?.dialects.includes(dialect) ? entry.harnessDiffers : undefined;
  if (!deviation) {
    mergeInto(bindings, bodyBindings);
    return { differences: [...differences, ...againstCorpus], bindings };
  }
  if (againstCorpus.length === 0) {
    return { differences: [...differences, 'body: matches the corpus now; remove its harnessDiffers note (and its row in docs/entra-behaviour-table.md)'], bindings };
  }
  const deviationBindings: Bindings = {};
  const againstDeviation = bodyDifferences(deviation.sends, request.body, deviationBindings);
  mergeInto(bindings, deviationBindings);
  if (againstDeviation.length > 0) return { differences: [...differences, ...againstCorpus], bindings };
  return { differences, bindings, deviation: deviation.why };
}
