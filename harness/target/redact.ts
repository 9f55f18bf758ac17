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

function buildRedactor(secrets: () => readonly string[], secretHeaderNames: ReadonlySet<string>): Redactor {
  // Every exchange asks for the compiled secrets several times (URL, headers, bodies) and the list
  // changes only when a new OAuth token is issued: the last list is compared item by item before
  // the shared cache's key is built.
  let lastSecrets: readonly string[] = [];
  let lastCompiled: CompiledSecrets | undefined;
  const compiled = (): CompiledSecrets => {
    const current = secrets();
    if (lastCompiled === undefined || !sameItems(current, lastSecrets)) {
      lastCompiled = compileSecrets(current);
      lastSecrets = [...current];
    }
    return lastCompiled;
  };

  // The secret forms are computed once per call, not once per string of a large body.
  const textRedactor = (): ((text: string) => string) => {
    const { needles, escapedForms } = compiled();
    return (text) => {
      // Most strings hold no quote and no secret: each step runs only when it can change something.
      let result = text.includes('"') ? text.replace(SENSITIVE_JSON_MEMBER, `$1"${REDACTED}"`) : text;
      for (const needle of needles) {
        if (result.includes(needle)) result = result.split(needle).join(REDACTED);
      }
      // A server may echo a secret with any character JSON-escaped (.NET writes "+" as \u002B,
      // PHP "/" as \/) or percent-encoded in either case: every spelling must go.
      if (result.includes('\\') || result.includes('%')) {
        for (const pattern of escapedForms) result = result.replace(pattern, REDACTED);
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
      const name = rawName.toLowerCase();
      if (SCHEME_HEADERS.has(name)) {
        out[name] = redactCredentialHeader(value);
      } else if (SECRET_HEADERS.has(name) || secretHeaderNames.has(name)) {
        out[name] = REDACTED;
      } else {
        out[name] = redactText(value);
      }
    }
    return out;
  };

  // Most bodies, sent or received, hold nothing secret: deep-copying each of them was the largest
  // single cost per request. The raw text decides; any doubt takes the full path.
  const redactParsed = (value: unknown, text: string): unknown => {
    if (mayNeedRedaction(text)) return redactValue(value);
    const { needles, quoteEscapedForms } = compiled();
    return needles.some((needle) => text.includes(needle)) || quoteEscapedForms.some((form) => text.includes(form))
      ? redactValue(value)
      : value;
  };

  const self: Redactor = {
    redactText,
    redactValue,
    redactParsed,
    redactHeaders,
    withSecrets: (extra) => (extra.length === 0 ? self : buildRedactor(() => [...secrets(), ...extra], secretHeaderNames)),
  };
  return self;
}

/** Any sensitive member name, in any case: its value must go through the full redaction. */
const SENSITIVE_NAME_IN_TEXT = /password|token|secret/i;
const QUOTE = 0x22;

/**
 * Whether JSON text may parse into something the structural or escaped-spelling redaction would
 * change. Without a sensitive name, a percent sign or an escape, every string of the parsed value
 * is spelt in the text exactly as it is, so a plain search of the text finds every secret. The
 * one escape allowed is `\"` (RFC 8259 §7): ETags such as `W/\"1\"` put it in most resources,
 * and a parsed string differs from its spelling only by the quotes, which the needle search
 * covers with each secret's quote-escaped form.
 */
function mayNeedRedaction(text: string): boolean {
  if (text.includes('%') || SENSITIVE_NAME_IN_TEXT.test(text)) return true;
  for (let at = text.indexOf('\\'); at !== -1; at = text.indexOf('\\', at + 2)) {
    if (text.charCodeAt(at + 1) !== QUOTE) return true;
  }
  return false;
}

interface CompiledSecrets {
  readonly needles: readonly string[];
  readonly escapedForms: readonly RegExp[];
  /** Secrets holding `"`, spelt with each quote escaped and nothing else (see mayNeedRedaction). */
  readonly quoteEscapedForms: readonly string[];
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
    const long = current.filter((secret) => typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH);
    compiled = {
      needles: expandSecrets(current),
      escapedForms: long.map(escapedSecretPattern),
      quoteEscapedForms: long.filter((secret) => secret.includes('"')).map((secret) => secret.replaceAll('"', '\\"')),
    };
    if (compiledCache.size >= COMPILED_CACHE_LIMIT) compiledCache.delete(compiledCache.keys().next().value as string);
    compiledCache.set(key, compiled);
  }
  return compiled;
}

/**
 * Keeps the scheme ("Bearer", "Basic") because which scheme was sent is evidence (Entra
 * gallery apps must use OAuth bearer tokens); the credential itself is never kept.
 */
function redactCredentialHeader(value: string): string {
  const match = /^\s*([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)\s+\S/.exec(value);
  return match ? `${match[1]} ${REDACTED}` : REDACTED;
}

/**
 * The forms in which a secret can appear in a record: as is, percent-encoded in a URL, and
 * JSON-escaped inside body text. Longest first, so a secret containing another is removed whole.
 */
function expandSecrets(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
      continue;
    }
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '"': '\\\\"', '\\': '\\\\\\\\', '/': '\\\\/', '\b': '\\\\b', '\f': '\\\\f', '\n': '\\\\n', '\r': '\\\\r', '\t': '\\\\t' };

/** Either case of each hex digit: `2B` → `2[bB]`. */
function hexPattern(hex: string): string {
  return [...hex].map((digit) => (/[a-f]/i.test(digit) ? `[${digit.toLowerCase()}${digit.toUpperCase()}]` : digit)).join('');
}

/**
 * One regular expression matching a secret in which any character may be written as itself, as
 * a JSON \uXXXX escape, as its short JSON escape, or percent-encoded (RFC 8259 §7, RFC 3986 §2.1).
 */
function escapedSecretPattern(secret: string): RegExp {
  const parts = [...secret].map((char) => {
    const code = char.codePointAt(0) ?? 0;
    const forms = [char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')];
    if (code <= 0xffff) forms.push(`\\\\u${hexPattern(code.toString(16).padStart(4, '0'))}`);
    const short = SHORT_ESCAPES[char];
    if (short) forms.push(short);
    if (code < 0x80) forms.push(`%${hexPattern(code.toString(16).padStart(2, '0'))}`);
    return `(?:${forms.join('|')})`;
  });
  return new RegExp(parts.join(''), 'g');
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
