/**
 * A target can hand a secret back in any spelling it produces without trying: another letter
 * case, hex, base64 or base64url (alone, or inside a longer base64 string at any of the three
 * byte alignments, as in the Basic credential `user:password`), or wrapped across lines. Each of
 * those spellings must leave no trace in text, in parsed JSON or in header names and values.
 */
import { buildExchange } from '../../../harness/target/exchange-record';
import { type RawOutcome } from '../../../harness/target/http-transport';
import { MIN_ENCODED_SECRET_LENGTH, REDACTED, base64Cores, createRedactor } from '../../../harness/target/redact';

const TOKEN = 'Sekret-Token-0123456789abcdef+/.==';
const PASSWORD = 'P@ss Wörd-fedcba9876543210"';
const redactor = createRedactor(() => [TOKEN, PASSWORD]);

/** Any 12 characters of a secret's random part, or of its hex, found in `text`. */
function traces(secret: string, text: string): string[] {
  const random = /[0-9a-f]{16}/.exec(secret)?.[0] ?? '';
  const hex = Buffer.from(random, 'utf8').toString('hex');
  const lower = text.toLowerCase().replace(/\r|\n|\\r|\\n/g, '');
  const found: string[] = [];
  for (const source of [random, hex]) {
    for (let start = 0; start + 12 <= source.length; start += 1) {
      const window = source.slice(start, start + 12);
      if (lower.includes(window)) found.push(window);
    }
  }
  return found;
}

function wrap(text: string, width: number, newline: string): string {
  return (text.match(new RegExp(`.{1,${width}}`, 'g')) ?? []).join(newline);
}

function spellings(secret: string): [string, string][] {
  const bytes = Buffer.from(secret, 'utf8');
  const mixedCase = [...secret].map((char, index) => (index % 2 === 0 ? char.toUpperCase() : char.toLowerCase())).join('');
  const filler = 'The quick brown fox jumps over the lazy dog. '.repeat(3);
  return [
    ['upper case', secret.toUpperCase()],
    ['lower case', secret.toLowerCase()],
    ['mixed case', mixedCase],
    ['hex, lower case', bytes.toString('hex')],
    ['hex, upper case', bytes.toString('hex').toUpperCase()],
    ['base64', bytes.toString('base64')],
    ['base64url', bytes.toString('base64url')],
    ['base64 one byte into a longer string', Buffer.from(`x${secret}y`, 'utf8').toString('base64')],
    ['base64 two bytes into a longer string', Buffer.from(`xy${secret}z`, 'utf8').toString('base64')],
    ['base64url two bytes into a longer string', Buffer.from(`xy${secret}`, 'utf8').toString('base64url')],
    ['base64 of user:secret (a Basic credential)', Buffer.from(`user:${secret}`, 'utf8').toString('base64')],
    ['base64 wrapped at 76 columns with CRLF', wrap(Buffer.from(`${filler}${secret}${filler}`, 'utf8').toString('base64'), 76, '\r\n')],
    ['split by CRLF', `${secret.slice(0, 9)}\r\n${secret.slice(9)}`],
    ['split by LF and an indent (a folded line)', `${secret.slice(0, 17)}\n    ${secret.slice(17)}`],
    ['split by a JSON-escaped CRLF', `${secret.slice(0, 11)}\\r\\n${secret.slice(11)}`],
    ['upper case, JSON \\u-escaped', [...secret.toUpperCase()].map((char) => `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`).join('')],
    ['upper case, percent-encoded', encodeURIComponent(secret.toUpperCase())],
  ];
}

describe.each([
  ['a bearer token', TOKEN],
  ['a password with a space, a quote and a non-ASCII letter', PASSWORD],
])('redaction of %s', (_label, secret) => {
  it.each(spellings(secret))('removes it spelt as %s from text', (_spelling, form) => {
    const out = redactor.redactText(`echo: ${form} :end`);
    expect(out).toContain(REDACTED);
    expect(out).not.toContain(form);
    expect(traces(secret, out)).toEqual([]);
  });

  it.each(spellings(secret))('removes it spelt as %s from parsed JSON, on the fast path too', (_spelling, form) => {
    const text = JSON.stringify({ id: 'u-1', detail: `echo: ${form}` });
    const { detail } = redactor.redactParsed(JSON.parse(text), text) as { detail: string };
    expect(detail).toContain(REDACTED);
    expect(detail).not.toContain(form);
    expect(traces(secret, detail)).toEqual([]);
  });

  it.each(spellings(secret).filter(([, form]) => /^[A-Za-z0-9-_]+$/.test(form)))('removes it from a header name spelt as %s', (_spelling, form) => {
    const out = redactor.redactHeaders({ [`X-Tok-${form}`]: '1', 'Content-Type': 'application/scim+json' });
    const names = Object.keys(out);
    expect(names).toHaveLength(2);
    expect(names[0]).toMatch(/^x-tok-[a-z0-9_-]*\[REDACTED\]/);
    expect(names[1]).toBe('content-type');
    expect(traces(secret, JSON.stringify(out))).toEqual([]);
    expect(Object.values(out)).toEqual(['1', 'application/scim+json']);
  });
});

describe('header names', () => {
  it('redacts a secret in a header name, request or response, and keeps its value', () => {
    const out = redactor.redactHeaders({ [`X-Tok-${Buffer.from(TOKEN).toString('hex')}`]: '1', Accept: 'application/scim+json' });
    expect(out).toEqual({ [`x-tok-${REDACTED}`]: '1', accept: 'application/scim+json' });
  });

  it('combines the values of two names that redact to the same name, as HTTP combines repeated fields', () => {
    const hex = Buffer.from(TOKEN).toString('hex');
    const out = redactor.redactHeaders({ [`X-Tok-${hex}`]: '1', [`X-Tok-${hex.toUpperCase()}`]: '2' });
    expect(out).toEqual({ [`x-tok-${REDACTED}`]: '1, 2' });
  });
});

describe('what redaction leaves alone', () => {
  it('keeps ids, ETags, hex and base64 of other data, and ordinary words intact', () => {
    const text = [
      'id 2819c223-7f76-453a-919d-413861904646',
      'etag W/"3694e05e9dff590"',
      Buffer.from('The quick brown fox jumps over the lazy dog', 'utf8').toString('base64'),
      Buffer.from('another value entirely', 'utf8').toString('hex'),
      'SEKRET TOKEN and secret words',
    ].join('\n');
    expect(redactor.redactText(text)).toBe(text);
  });

  it(`matches a secret shorter than ${MIN_ENCODED_SECRET_LENGTH} characters only as spelt, so its other spellings cannot shred text`, () => {
    const short = createRedactor(() => ['Abc123']);
    expect(short.redactText('x Abc123 y')).toBe(`x ${REDACTED} y`);
    for (const text of ['ABC123', 'abc123', Buffer.from('Abc123').toString('hex'), Buffer.from('Abc123').toString('base64')]) {
      expect(short.redactText(text)).toBe(text);
    }
  });

  it('removes a secret split next to a space in place', () => {
    const spaced = createRedactor(() => ['pass word-0123456789']);
    expect(spaced.redactText('x pass \n word-0123456789 y')).toBe(`x ${REDACTED} y`);
  });

  it('finds a secret that itself spells an escape, echoed with another character escaped', () => {
    // "%00" in the secret decodes in the escaped search form; "\\/" is how PHP's json_encode spells "/".
    const escapy = createRedactor(() => ['!/   %00 !']);
    const echoed = JSON.parse('{"detail":"invalid token !\\/   %00 !"}') as { detail: string };
    expect(escapy.redactText('invalid token !\\/   %00 !')).toBe(`invalid token ${REDACTED}`);
    expect(escapy.redactParsed(echoed, '{"detail":"invalid token !\\/   %00 !"}')).toEqual({ detail: `invalid token ${REDACTED}` });
  });

  it('takes the whole string when the search sees a spelling the removal cannot place (fail closed)', () => {
    const secret = createRedactor(() => ['abcdefgh-0123456789']);
    // An escaped backslash before "r": decoded, the text reads "\r", which the search drops as a
    // JSON-escaped line break, while the character-by-character mapping keeps it.
    expect(secret.redactText('x abcdefgh\\\\r-0123456789 y')).toBe(REDACTED);
  });
});

describe('base64Cores', () => {
  it('gives, for each alignment, characters found in every base64 string holding the bytes there', () => {
    const bytes = Buffer.from(TOKEN, 'utf8');
    const cores = base64Cores(bytes);
    expect(cores).toHaveLength(3);
    for (const prefix of ['', 'a', 'ab', 'abc', 'abcd']) {
      for (const suffix of ['', 'z', 'zz']) {
        const encoded = Buffer.concat([Buffer.from(prefix), bytes, Buffer.from(suffix)]).toString('base64');
        expect({ prefix, suffix, found: cores.some((core) => encoded.includes(core)) }).toEqual({ prefix, suffix, found: true });
      }
    }
  });
});

describe('the recorded parse error of a non-JSON body', () => {
  it('says what and where without quoting the body, whose first characters are a secret', () => {
    const body = Buffer.from(`${TOKEN} was not accepted`, 'utf8');
    const outcome: RawOutcome = { response: { status: 400, headers: { 'content-type': 'text/plain' } }, body, bytes: body.length, complete: true };
    const exchange = buildExchange(
      { id: 'x-1', startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1, method: 'GET', url: 'https://scim.example.test/scim/v2/Users', headers: {}, outcome },
      redactor,
    );
    expect(exchange.response?.parseError).toBe('response body is not valid JSON: unexpected character where a value should start at position 0 (line 1, column 1)');
    expect(exchange.response?.text).toBe(`${REDACTED} was not accepted`);
  });
});
