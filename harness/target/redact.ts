/**
 * Redaction at the transport boundary: every Exchange is built from redacted parts, so no
 * unredacted copy of a credential reaches a log, a report or debug output (DESIGN: "secrets
 * are redacted there, before any record exists").
 *
 * Two layers: structural (credential headers by name, JSON properties by name) and textual
 * (every known secret string, wherever it shows up: URLs, bodies, error messages).
 */

export const REDACTED = '[REDACTED]';

/**
 * Known secrets shorter than this are only redacted structurally. A two-character custom
 * header value ("on", "1") replaced everywhere would shred every record while protecting
 * nothing; the header itself is still redacted by name.
 */
export const MIN_SECRET_LENGTH = 4;

/**
 * Known secrets at least this long are also found in every spelling a target can produce from
 * them without trying: any letter case, hex, base64 or base64url at any alignment, and wrapped
 * across lines. Shorter ones are found only as spelt (as is, percent-encoded, JSON-escaped): the
 * hex of a 4–7 character value is 8–14 digits and its base64 core 2–7 characters, spans that turn
 * up by chance in ids, ETags and every base64 blob, and a case-folded short value is an ordinary
 * word. Matching those would shred records while protecting a value nobody should use as a secret.
 */
export const MIN_ENCODED_SECRET_LENGTH = 8;

/**
 * JSON property names whose values are credentials: SCIM `password` (RFC 7643 §4.1.1, a
 * write-only attribute) and the OAuth token response/request members (RFC 6749 §4.4, §5.1,
 * OpenID Connect `id_token`). Compared case-insensitively, as SCIM attribute names are
 * (RFC 7643 §2.1).
 */
const SENSITIVE_PROPERTIES: ReadonlySet<string> = new Set([
  'password',
  'access_token',
  'refresh_token',
  'client_secret',
  'id_token',
]);

/** Headers that carry credentials whatever the configuration says. */
const SCHEME_HEADERS: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization']);
const SECRET_HEADERS: ReadonlySet<string> = new Set([
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'x-auth-token',
  'x-access-token',
]);

/** `"password": "..."` (and the other sensitive members) inside raw JSON text. */
const SENSITIVE_JSON_MEMBER =
  /("(?:[^"\\]*:)?(?:password|access_token|refresh_token|client_secret|id_token)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;

export interface Redactor {
  /** Replaces every known secret (and sensitive JSON members in raw JSON text). */
  redactText(text: string): string;
  /** A redacted deep copy of a JSON value; the input is never mutated. */
  redactValue(value: unknown): unknown;
  /**
   * A value parsed from the JSON `text`: returned as it is when the text holds nothing to redact
   * (no known secret, no sensitive member name, no escape other than `\"`, no percent sign),
   * else redactValue's copy.
   */
  redactParsed(value: unknown, text: string): unknown;
  /** Lower-cased names; credential headers and configured secret headers redacted. */
  redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string>;
  /** The same redactor with further secrets, e.g. the passwords inside one request body. */
  withSecrets(extra: readonly string[]): Redactor;
}

export interface RedactorOptions {
  /** Header names (any case) whose values are always replaced by "[REDACTED]". */
  readonly secretHeaderNames?: readonly string[];
}

/**
 * `secrets` is called on every use so that secrets learnt later (a freshly issued OAuth
 * access token) are covered without rebuilding the redactor.
 */
export function createRedactor(
  secrets: () => readonly string[],
  options: RedactorOptions = {},
): Redactor {
  const secretHeaderNames = new Set((options.secretHeaderNames ?? []).map((name) => name.toLowerCase()));
  return buildRedactor(secrets, secretHeaderNames);
}

function buildRedactor(secrets: () => readonly string[], secretHeaderNames: ReadonlySet<string>, extra: readonly string[] = []): Redactor {
  // Every exchange asks for the compiled secrets several times (URL, headers, bodies) and the list
  // changes only when a new OAuth token is issued: the last list is compared item by item before
  // the shared cache's key is built.
  let lastSecrets: readonly string[] = [];
  let lastCompiled: readonly CompiledSecrets[] = [];
  // The secrets of one exchange (passwords in its body) are new on every request: compiled on their
  // own, once, so the shared secrets' compiled form is reused rather than rebuilt around them.
  let extraCompiled: CompiledSecrets | undefined;
  const compiled = (): readonly CompiledSecrets[] => {
    const current = secrets();
    if (lastCompiled.length === 0 || !sameItems(current, lastSecrets)) {
      lastSecrets = [...current];
      if (extra.length === 0) {
        lastCompiled = [compileSecrets(current)];
      } else if (overlapping(current, extra)) {
        // One secret inside another must be removed whole: that takes one search over both.
        lastCompiled = [compileSecrets([...current, ...extra])];
      } else {
        extraCompiled ??= compileSecretList(extra);
        lastCompiled = [compileSecrets(current), extraCompiled];
      }
    }
    return lastCompiled;
  };

  // The secrets are compiled once per call, not once per string of a large body.
  const textRedactor = (): ((text: string) => string) => {
    const groups = compiled();
    return (text) => {
      // Most strings hold no quote and no secret: each step runs only when it can change something.
      let result = text.includes('"') ? text.replace(SENSITIVE_JSON_MEMBER, `$1"${REDACTED}"`) : text;
      // Long secrets first, so one that contains a short one is removed whole.
      for (const { long } of groups) {
        if (long !== undefined && long.mayHold(result)) {
          result = long.remove(result);
          // Fail closed: a spelling the search still sees but the removal could not place (an escape
          // that spells a line break, say) takes the whole string with it.
          if (long.mayHold(result)) result = REDACTED;
        }
      }
      for (const { short } of groups) {
        if (short !== undefined && short.mayHold(result)) result = short.remove(result);
      }
      return result;
    };
  };

  const redactText = (text: string): string => textRedactor()(text);

  const redactValue = (value: unknown): unknown => redactJson(value, textRedactor());

  const redactHeaders = (headers: Readonly<Record<string, string>>): Record<string, string> => {
    const redactText = textRedactor();
    const out: Record<string, string> = {};
    // for…in with an own-key test: the same names, in the same order, as Object.entries, without its arrays.
    for (const rawName in headers) {
      if (!Object.hasOwn(headers, rawName)) continue;
      const value = headers[rawName] as string;
      const lower = rawName.toLowerCase();
      let redacted: string;
      if (SCHEME_HEADERS.has(lower)) {
        redacted = redactCredentialHeader(value);
      } else if (SECRET_HEADERS.has(lower) || secretHeaderNames.has(lower)) {
        redacted = REDACTED;
      } else {
        redacted = redactText(value);
      }
      // A header name is target text like any other: `X-Tok-<token>: 1` would otherwise record the
      // token as a key. Names are lower-cased around what was redacted, so the marker stays as is.
      const name = lowerCaseAround(redactText(rawName));
      // Two names redacted to the same spelling are one field, combined as HTTP combines repeated
      // fields (RFC 9110 §5.3), so no value is lost.
      out[name] = Object.hasOwn(out, name) ? `${out[name]}, ${redacted}` : redacted;
    }
    return out;
  };

  // Most bodies, sent or received, hold nothing secret: deep-copying each of them was the largest
  // single cost per request. The raw text decides; any doubt takes the full path.
  const redactParsed = (value: unknown, text: string): unknown => {
    if (mayNeedRedaction(text)) return redactValue(value);
    return compiled().some(({ long, short }) => long?.mayHold(text) === true || short?.mayHold(text) === true) ? redactValue(value) : value;
  };

  const self: Redactor = {
    redactText,
    redactValue,
    redactParsed,
    redactHeaders,
    withSecrets: (more) => (more.length === 0 ? self : buildRedactor(secrets, secretHeaderNames, [...extra, ...more])),
  };
  return self;
}

function lowerCaseAround(text: string): string {
  return text.includes(REDACTED) ? text.split(REDACTED).map((part) => part.toLowerCase()).join(REDACTED) : text.toLowerCase();
}

/** Any sensitive member name, in any case: its value must go through the full redaction. */
const SENSITIVE_NAME_IN_TEXT = /password|token|secret/i;
const QUOTE = 0x22;

/**
 * Whether JSON text may parse into something the structural or escaped-spelling redaction would
 * change. Without a sensitive name, a percent sign or an escape, every string of the parsed value
 * is spelt in the text exactly as it is, so a search of the text finds every secret. The one
 * escape allowed is `\"` (RFC 8259 §7): ETags such as `W/\"1\"` put it in most resources, and a
 * parsed string differs from its spelling only by the quotes, and the search knows each secret's
 * quote-escaped spelling too.
 */
function mayNeedRedaction(text: string): boolean {
  return text.includes('%') || SENSITIVE_NAME_IN_TEXT.test(text) || hasEscapeOtherThanQuote(text);
}

function hasEscapeOtherThanQuote(text: string): boolean {
  for (let at = text.indexOf('\\'); at !== -1; at = text.indexOf('\\', at + 2)) {
    if (text.charCodeAt(at + 1) !== QUOTE) return true;
  }
  return false;
}

/** One group of secrets: a cheap test for whether a string may hold one, and their removal. */
interface SecretMatcher {
  /** False only when the string holds no spelling of any of the secrets. */
  mayHold(text: string): boolean;
  /** `text` with every spelling of every secret of the group replaced by REDACTED. */
  remove(text: string): string;
}

interface CompiledSecrets {
  /** Secrets of MIN_ENCODED_SECRET_LENGTH characters or more, in all their spellings. */
  readonly long?: SecretMatcher;
  /** Shorter secrets, only as spelt. */
  readonly short?: SecretMatcher;
}

function sameItems(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/** The same few secrets are redacted from every exchange: compile their forms once per distinct list. */
const compiledCache = new Map<string, CompiledSecrets>();
const COMPILED_CACHE_LIMIT = 64;

function compileSecrets(current: readonly string[]): CompiledSecrets {
  const key = current.join('\u0000');
  let compiled = compiledCache.get(key);
  if (!compiled) {
    compiled = compileSecretList(current);
    if (compiledCache.size >= COMPILED_CACHE_LIMIT) compiledCache.delete(compiledCache.keys().next().value as string);
    compiledCache.set(key, compiled);
  }
  return compiled;
}

function compileSecretList(current: readonly string[]): CompiledSecrets {
  // Longest first, so the short secrets' pattern removes one that contains another whole.
  const usable = [...new Set(current.filter((secret) => typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
  const long = usable.filter((secret) => secret.length >= MIN_ENCODED_SECRET_LENGTH);
  const short = usable.filter((secret) => secret.length < MIN_ENCODED_SECRET_LENGTH);
  return {
    ...(long.length > 0 ? { long: longSecretMatcher(long) } : {}),
    ...(short.length > 0 ? { short: shortSecretMatcher(short) } : {}),
  };
}

/** Whether a secret of one list holds one of the other, in any letter case. */
function overlapping(a: readonly string[], b: readonly string[]): boolean {
  const lower = (list: readonly string[]): string[] => list.filter((secret) => typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH).map((secret) => secret.toLowerCase());
  const left = lower(a);
  const right = lower(b);
  return left.some((x) => right.some((y) => x.includes(y) || y.includes(x)));
}


/**
 * Short secrets as spelt: a plain search for the usual spellings, and the per-character pattern
 * (which also knows every escape) whenever the string holds an escape or a percent sign.
 */
function shortSecretMatcher(secrets: readonly string[]): SecretMatcher {
  const needles = [...new Set(secrets.flatMap((secret) => [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]))];
  return {
    mayHold: (text) => text.includes('\\') || text.includes('%') || needles.some((needle) => text.includes(needle)),
    remove: (() => {
      // Built on first use: most redactors never meet one of their short secrets.
      let pattern: RegExp | undefined;
      return (text: string) => text.replace((pattern ??= new RegExp(secrets.map((secret) => [...secret].map(spelledChar).join('')).join('|'), 'g')), REDACTED);
    })(),
  };
}

/** Line breaks as LINE_BREAK matches them, removed from both the text and the needles before the search. */
const LINE_BREAKS = /[\r\n][ \t]*|\\[rn]/g;
const HAS_LINE_BREAK = /[\r\n]|\\[rn]/;
/** JSON escapes (RFC 8259 §7) and ASCII percent-escapes (RFC 3986 §2.1), decoded for the search. */
const ESCAPES = /\\u([0-9a-fA-F]{4})|\\(["\\/bfnrt])|%([0-7][0-9a-fA-F])/g;
const SHORT_UNESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function unescape(text: string): string {
  return text.replace(ESCAPES, (_match, unicode: string | undefined, short: string | undefined, percent: string | undefined) =>
    unicode !== undefined ? String.fromCharCode(parseInt(unicode, 16)) : short !== undefined ? (SHORT_UNESCAPES[short] ?? short) : String.fromCharCode(parseInt(percent ?? '0', 16)),
  );
}

/** What the search compares: lower case, line breaks removed. */
function searchForm(text: string): string {
  return (HAS_LINE_BREAK.test(text) ? text.replace(LINE_BREAKS, '') : text).toLowerCase();
}

/** Up to this many needles, plain searches; beyond, one compiled alternation (see longSecretMatcher). */
const PLAIN_SEARCH_NEEDLES = 10;

/**
 * Long secrets in every spelling. The text is searched in a decoded form (lower case, line breaks
 * removed, and in a second form JSON and percent escapes decoded too), in which every spelling of
 * a secret is one of a few literal needles: the secret itself, its hex, the base64 cores of its
 * bytes. One alternation of the needles tests a string in a single pass; only a string that holds
 * one (in a healthy run, none) is mapped character by character back to the text, so each needle
 * found is replaced where it was spelt, escapes and line breaks included.
 */
function longSecretMatcher(secrets: readonly string[]): SecretMatcher {
  const needles = new Set<string>();
  for (const secret of secrets) {
    const bytes = Buffer.from(secret, 'utf8');
    needles.add(searchForm(secret));
    // Spellings the decoding below does not undo: "+" for a space (form encoding), percent-encoded
    // UTF-8 beyond ASCII, and `\"` in JSON text that is searched without decoding.
    needles.add(searchForm(secret.replaceAll(' ', '+')));
    for (const spelt of [secret, secret.toUpperCase()]) needles.add(searchForm(spelt.replace(/[^\0-\x7f]/gu, (char) => encodeURIComponent(char))));
    needles.add(searchForm(secret.replaceAll('"', '\\"')));
    // A secret that itself spells an escape ("%00", "\\n") is changed by the decoding of the second
    // search form too: its decoded spelling is a needle there, so an echo mixing both is still found.
    needles.add(searchForm(unescape(secret)));
    needles.add(bytes.toString('hex'));
    for (const core of base64Cores(bytes)) {
      needles.add(core.toLowerCase());
      needles.add(core.replaceAll('+', '-').replaceAll('/', '_').toLowerCase());
    }
  }
  const list = [...needles];
  // Compiling a pattern costs far more than a few plain searches of a short string: the one
  // exchange's secrets (a body password, new on every request) are searched for plainly.
  const detector = list.length > PLAIN_SEARCH_NEEDLES ? new RegExp(list.map(regexLiteral).join('|')) : undefined;
  const holds = (view: string): boolean => (detector ? detector.test(view) : list.some((needle) => view.includes(needle)));
  const escaped = (text: string): boolean => text.includes('%') || hasEscapeOtherThanQuote(text);
  return {
    mayHold: (text) => holds(searchForm(text)) || (escaped(text) && holds(searchForm(unescape(text)))),
    remove: (text) => {
      const spelt = removeNeedles(text, list, false);
      return escaped(spelt) ? removeNeedles(spelt, list, true) : spelt;
    },
  };
}

/**
 * searchForm (after unescape when `decode`), with the span of `text` each of its characters came
 * from. A character loop, run only on strings known to hold a secret.
 */
function mappedSearchForm(text: string, decode: boolean): { view: string; from: number[]; to: number[] } {
  let view = '';
  const from: number[] = [];
  const to: number[] = [];
  const isHex = (start: number, length: number): boolean => /^[0-9a-fA-F]+$/.test(text.slice(start, start + length)) && start + length <= text.length;
  let at = 0;
  const skipIndent = (): void => {
    while (text[at] === ' ' || text[at] === '\t') at += 1;
  };
  while (at < text.length) {
    const char = text[at] as string;
    const next = text[at + 1];
    let decoded = char;
    let width = 1;
    if (char === '\r' || char === '\n') {
      at += 1;
      skipIndent();
      continue;
    }
    if (char === '\\' && (next === 'r' || next === 'n')) {
      at += 2;
      continue;
    }
    if (decode && char === '\\' && next === 'u' && isHex(at + 2, 4)) {
      decoded = String.fromCharCode(parseInt(text.slice(at + 2, at + 6), 16));
      width = 6;
    } else if (decode && char === '\\' && next !== undefined && SHORT_UNESCAPES[next] !== undefined) {
      decoded = SHORT_UNESCAPES[next] as string;
      width = 2;
    } else if (decode && char === '%' && /[0-7]/.test(next ?? '') && isHex(at + 1, 2)) {
      decoded = String.fromCharCode(parseInt(text.slice(at + 1, at + 3), 16));
      width = 3;
    }
    const start = at;
    at += width;
    if (decoded === '\r' || decoded === '\n') {
      skipIndent();
      continue;
    }
    const lower = decoded.toLowerCase();
    for (let unit = 0; unit < lower.length; unit += 1) {
      from.push(start);
      to.push(start + width);
    }
    view += lower;
  }
  return { view, from, to };
}

/** `text` with every occurrence of a needle in its (mapped) search form replaced, overlapping ones as one. */
function removeNeedles(text: string, needles: readonly string[], decode: boolean): string {
  const { view, from, to } = mappedSearchForm(text, decode);
  const spans: [number, number][] = [];
  for (const needle of needles) {
    for (let found = view.indexOf(needle); found !== -1; found = view.indexOf(needle, found + 1)) {
      spans.push([from[found] as number, to[found + needle.length - 1] as number]);
    }
  }
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0]);
  let out = '';
  let kept = 0;
  let [start, end] = spans[0] as [number, number];
  for (const [nextStart, nextEnd] of spans.slice(1)) {
    if (nextStart <= end) {
      end = Math.max(end, nextEnd);
    } else {
      out += `${text.slice(kept, start)}${REDACTED}`;
      kept = end;
      [start, end] = [nextStart, nextEnd];
    }
  }
  return `${out}${text.slice(kept, start)}${REDACTED}${text.slice(end)}`;
}

/**
 * Keeps the scheme ("Bearer", "Basic") because which scheme was sent is evidence (Entra
 * gallery apps must use OAuth bearer tokens); the credential itself is never kept.
 */
function redactCredentialHeader(value: string): string {
  const match = /^\s*([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)\s+\S/.exec(value);
  return match ? `${match[1]} ${REDACTED}` : REDACTED;
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '"': '\\\\"', '\\': '\\\\\\\\', '/': '\\\\/', '\b': '\\\\b', '\f': '\\\\f', '\n': '\\\\n', '\r': '\\\\r', '\t': '\\\\t' };

function regexLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Either case of each hex digit: `2B` → `2[bB]`. */
function hexPattern(hex: string): string {
  return [...hex].map((digit) => (/[a-f]/i.test(digit) ? `[${digit.toLowerCase()}${digit.toUpperCase()}]` : digit)).join('');
}

/**
 * One character of a short secret as a target may spell it: as itself, as a JSON \uXXXX escape (a
 * surrogate pair beyond the BMP) or short escape (RFC 8259 §7), percent-encoded as its UTF-8 bytes
 * in either case of hex (RFC 3986 §2.1), and a space as the form encoding's "+" (WHATWG URL,
 * application/x-www-form-urlencoded).
 */
function spelledChar(char: string): string {
  const forms = new Set([regexLiteral(char)]);
  const units = char.length === 2 ? [char.charCodeAt(0), char.charCodeAt(1)] : [char.charCodeAt(0)];
  forms.add(units.map((unit) => `\\\\u${hexPattern(unit.toString(16).padStart(4, '0'))}`).join(''));
  const short = SHORT_ESCAPES[char];
  if (short) forms.add(short);
  forms.add([...Buffer.from(char, 'utf8')].map((byte) => `%${hexPattern(byte.toString(16).padStart(2, '0'))}`).join(''));
  if (char === ' ') forms.add('\\+');
  return `(?:${[...forms].join('|')})`;
}

/**
 * The base64 characters that encode `bytes` wherever they sit in a longer byte string: at each of
 * the three alignments, the characters whose six bits all come from `bytes` (RFC 4648 §4). A
 * secret inside a base64 blob (the `user:password` of a Basic credential, a JWT claim) is found
 * by one of the three; the character on either side, which mixes in neighbouring bits, is kept.
 */
export function base64Cores(bytes: Buffer): string[] {
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset += 1) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const first = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    if (end > first) cores.push(encoded.slice(first, end));
  }
  return cores;
}

function isSensitiveProperty(name: string): boolean {
  // Extension-qualified names ("urn:...:User:password") end in the attribute name (RFC 7644 §3.10).
  const lower = name.toLowerCase();
  const last = lower.slice(lower.lastIndexOf(':') + 1);
  return SENSITIVE_PROPERTIES.has(last);
}

/** A PATCH operation `{"op":"replace","path":"password","value":...}` (RFC 7644 §3.5.2). */
function isSensitivePatchOperation(value: Record<string, unknown>): boolean {
  for (const key of Object.keys(value)) {
    if (key.length === 4 && key.toLowerCase() === 'path') {
      const path = value[key];
      return typeof path === 'string' && isSensitiveProperty(path.trim());
    }
  }
  return false;
}

function redactJson(value: unknown, redactText: (text: string) => string): unknown {
  if (typeof value === 'string') {
    return redactText(value);
  }
  if (Array.isArray(value)) {
    return value.map((item) => redactJson(item, redactText));
  }
  if (value !== null && typeof value === 'object') {
    const source = value as Record<string, unknown>;
    const patchSecret = isSensitivePatchOperation(source);
    // Object.fromEntries defines own members: a "__proto__" key from the target stays data and
    // cannot become the record's prototype.
    return Object.fromEntries(
      Object.entries(source).map(([key, item]) => {
        const sensitive = isSensitiveProperty(key) || (patchSecret && key.toLowerCase() === 'value');
        return [redactText(key), sensitive && item !== null && item !== undefined ? REDACTED : redactJson(item, redactText)];
      }),
    );
  }
  return value;
}

/**
 * The string values a JSON document holds under sensitive names (passwords, tokens). The client
 * adds them to the secrets of one exchange, so a server echoing a password in an error message
 * or in a non-JSON body does not leak it. `text`, the JSON the value was parsed from, lets a
 * document that names no sensitive member anywhere (and spells every name as is) skip the walk.
 */
export function collectSensitiveValues(value: unknown, text?: string): string[] {
  if (text !== undefined && !mayNeedRedaction(text)) return [];
  const found: string[] = [];
  const visit = (node: unknown, sensitive: boolean): void => {
    if (typeof node === 'string') {
      if (sensitive) {
        found.push(node);
      }
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item) => visit(item, sensitive));
      return;
    }
    if (node !== null && typeof node === 'object') {
      const source = node as Record<string, unknown>;
      const patchSecret = isSensitivePatchOperation(source);
      for (const [key, item] of Object.entries(source)) {
        visit(item, sensitive || isSensitiveProperty(key) || (patchSecret && key.toLowerCase() === 'value'));
      }
    }
  };
  visit(value, false);
  return found;
}
