/**
 * Planted secrets and the search for them. A secret is a long random string with a random hex
 * core; it is looked for in every spelling a writer could give it (as is, upper and lower case,
 * percent-encoded in either case, JSON-escaped, \uXXXX-escaped, with "\/", hex in either case,
 * base64 and base64url whole and as the stable cores of the three alignments inside a longer base64
 * string, its first characters as a JSON parser quotes them) in every output and in every output
 * with its line breaks removed (a secret wrapped at 76 columns or split by CRLF), and, to catch
 * spellings nobody thought of (HTML or XML entities, CSV quoting, a truncated copy), as any
 * 12-character run of its core, case-insensitively. A 12-hex-digit run is 48 random bits: it does
 * not occur by chance.
 */
import { randomBytes } from 'node:crypto';

export interface PlantedSecret {
  readonly label: string;
  readonly value: string;
  /** Random hex digits inside `value`; any long run of them found anywhere is a leak. */
  readonly core: string;
  /** Further exact spellings on the wire, e.g. the base64 of "user:password" in a Basic header. */
  readonly wireForms: readonly string[];
}

export interface Leak {
  readonly secret: string;
  readonly spelling: string;
  readonly source: string;
  readonly context: string;
}

const CORE_WINDOW = 12;
/** How many characters of the text V8's JSON.parse quotes from where it failed. */
const PARSER_QUOTE = 10;

/** The base64 characters that spell `bytes` wherever they sit in a longer base64 string (RFC 4648 §4). */
function base64Cores(bytes: Buffer): string[] {
  return [0, 1, 2].map((offset) => {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    return encoded.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6));
  });
}

/** Raw and JSON-escaped line breaks, with a folded line's indentation: a wrapped secret joins up again. */
function withoutLineBreaks(text: string): string {
  return text.replace(/(?:\r|\n|\\r|\\n)[ \t]*/g, '');
}

/**
 * `tail` gives the characters after the core: bearer tokens keep to RFC 6750 §2.1 b64token
 * characters; passwords and header values take characters that every encoding changes.
 */
export function plantSecret(label: string, tail = '+/.=='): PlantedSecret {
  const core = randomBytes(12).toString('hex');
  return { label, value: `sekret-${label}-${core}${tail}`, core, wireForms: [] };
}

/** A secret the test did not choose (an access token the server issued) whose core is known. */
export function knownSecret(label: string, value: string, core: string, wireForms: readonly string[] = []): PlantedSecret {
  if (!value.includes(core) || core.length < CORE_WINDOW) throw new Error(`the core of secret "${label}" must be a run of at least ${CORE_WINDOW} characters inside it`);
  return { label, value, core, wireForms };
}

export function withWireForms(secret: PlantedSecret, ...wireForms: string[]): PlantedSecret {
  return { ...secret, wireForms: [...secret.wireForms, ...wireForms] };
}

function unicodeEscaped(text: string, upper: boolean): string {
  return [...text]
    .map((char) => {
      const hex = (char.codePointAt(0) ?? 0).toString(16).padStart(4, '0');
      return `\\u${upper ? hex.toUpperCase() : hex}`;
    })
    .join('');
}

/** Exact spellings of a secret, each named, longest meaning first. */
export function spellingsOf(secret: PlantedSecret): ReadonlyMap<string, string> {
  const spellings = new Map<string, string>();
  const add = (name: string, text: string, minLength = CORE_WINDOW): void => {
    if (text.length >= minLength && ![...spellings.values()].includes(text)) spellings.set(name, text);
  };
  for (const [origin, text] of [['value', secret.value], ...secret.wireForms.map((form, index) => [`wire form ${index + 1}`, form])]) {
    add(`${origin} as is`, text);
    add(`${origin} percent-encoded`, encodeURIComponent(text));
    add(`${origin} percent-encoded, lower-case hex`, encodeURIComponent(text).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()));
    add(`${origin} form-encoded`, new URLSearchParams({ x: text }).toString().slice(2));
    add(`${origin} JSON-escaped`, JSON.stringify(text).slice(1, -1));
    add(`${origin} JSON-escaped with \\/`, JSON.stringify(text).slice(1, -1).replace(/\//g, '\\/'));
    add(`${origin} \\u-escaped`, unicodeEscaped(text, false));
    add(`${origin} \\u-escaped, upper-case hex`, unicodeEscaped(text, true));
    add(`${origin} base64`, Buffer.from(text, 'utf8').toString('base64'));
    add(`${origin} base64url`, Buffer.from(text, 'utf8').toString('base64url'));
    add(`${origin} upper case`, text.toUpperCase());
    add(`${origin} lower case`, text.toLowerCase());
    add(`${origin} hex`, Buffer.from(text, 'utf8').toString('hex'));
    add(`${origin} hex, upper case`, Buffer.from(text, 'utf8').toString('hex').toUpperCase());
    base64Cores(Buffer.from(text, 'utf8')).forEach((core, offset) => {
      add(`${origin} base64 ${offset} byte(s) into a longer string`, core);
      add(`${origin} base64url ${offset} byte(s) into a longer string`, core.replace(/\+/g, '-').replace(/\//g, '_'));
    });
  }
  if (secret.value.length > PARSER_QUOTE) add('its first characters, as a JSON parser quotes them', secret.value.slice(0, PARSER_QUOTE), PARSER_QUOTE);
  return spellings;
}

function contextAt(text: string, index: number, length: number): string {
  return JSON.stringify(text.slice(Math.max(0, index - 80), index + length + 80));
}

/** Every place any spelling of any secret occurs in any of the outputs (source name → text). */
export function findLeaks(outputs: ReadonlyMap<string, string>, secrets: readonly PlantedSecret[]): Leak[] {
  const leaks: Leak[] = [];
  for (const secret of secrets) {
    const spellings = spellingsOf(secret);
    const core = secret.core.toLowerCase();
    for (const [source, text] of outputs) {
      const joined = withoutLineBreaks(text);
      for (const [spelling, needle] of spellings) {
        const index = text.indexOf(needle);
        const joinedIndex = index >= 0 ? -1 : joined.indexOf(needle);
        if (index >= 0) leaks.push({ secret: secret.label, spelling, source, context: contextAt(text, index, needle.length) });
        else if (joinedIndex >= 0) leaks.push({ secret: secret.label, spelling: `${spelling}, split across lines`, source, context: contextAt(joined, joinedIndex, needle.length) });
      }
      const lower = joined.toLowerCase();
      for (let start = 0; start + CORE_WINDOW <= core.length; start += 1) {
        const index = lower.indexOf(core.slice(start, start + CORE_WINDOW));
        if (index >= 0) {
          leaks.push({ secret: secret.label, spelling: `characters ${start}–${start + CORE_WINDOW} of its random core`, source, context: contextAt(joined, index, CORE_WINDOW) });
          break;
        }
      }
    }
  }
  return leaks;
}
