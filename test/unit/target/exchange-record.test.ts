/**
 * buildExchange hands later readers the client's own parse of the request URL, but only when the
 * recorded URL is that URL: a URL that lost a secret to redaction is never paired with the
 * unredacted one. The request body is recorded as sent, redacted only when its text says so.
 */
import { queryParamOf, resourceIdInUrl } from '../../../harness/checks/exchange-facts';
import { buildExchange, sentUrlOf } from '../../../harness/target/exchange-record';
import { type RawOutcome } from '../../../harness/target/http-transport';
import { REDACTED, createRedactor } from '../../../harness/target/redact';

const SECRET = 'tok-0123456789abcdef';
const redactor = createRedactor(() => [SECRET]);

function outcome(body: unknown): RawOutcome {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  return { response: { status: 200, headers: { 'content-type': 'application/scim+json' } }, body: bytes, bytes: bytes.length, complete: true };
}

function record(url: URL, body?: unknown) {
  const bodyText = body === undefined ? undefined : JSON.stringify(body);
  return buildExchange(
    {
      id: 'x-1',
      startedAt: '2026-01-01T00:00:00.000Z',
      durationMs: 3,
      method: body === undefined ? 'GET' : 'PATCH',
      url: url.href,
      sentUrl: url,
      headers: { Accept: 'application/scim+json', Authorization: `Bearer ${SECRET}` },
      ...(bodyText === undefined ? {} : { body: JSON.parse(bodyText) as unknown, bodyText }),
      outcome: outcome({ id: 'u-1' }),
    },
    redactor,
  );
}

describe('buildExchange and the sent URL', () => {
  it('keeps the client\'s parsed URL for a record whose URL is that URL, and checks read it', () => {
    const url = new URL('https://scim.example.test/scim/v2/Users?filter=userName%20eq%20%22a%22&count=2');
    const exchange = record(url);
    expect(sentUrlOf(exchange.request)).toBe(url);
    expect(queryParamOf(exchange, 'filter')).toBe('userName eq "a"');
    expect(queryParamOf(exchange, 'count')).toBe('2');
  });

  it('never pairs a redacted URL with the URL that was sent', () => {
    const url = new URL(`https://scim.example.test/scim/v2/Users/u%2F1?token=${SECRET}`);
    const exchange = record(url);
    expect(exchange.request.url).toContain(REDACTED);
    expect(sentUrlOf(exchange.request)).toBeUndefined();
    expect(queryParamOf(exchange, 'token')).toBe(REDACTED);
    expect(resourceIdInUrl(exchange)).toBe('u/1');
  });
});

describe('buildExchange and the body sent', () => {
  it('records a body without secrets as parsed from the text sent', () => {
    const sent = { Operations: [{ op: 'replace', path: 'title', value: 'Dr "Who"' }] };
    const exchange = record(new URL('https://scim.example.test/scim/v2/Users/u-1'), sent);
    expect(exchange.request.body).toEqual(sent);
  });

  it('records a body holding a secret or a password redacted', () => {
    const exchange = record(new URL('https://scim.example.test/scim/v2/Users/u-1'), {
      Operations: [
        { op: 'replace', path: 'password', value: 'pw-new-1' },
        { op: 'replace', path: 'title', value: `echo ${SECRET}` },
      ],
    });
    expect(exchange.request.body).toEqual({
      Operations: [
        { op: 'replace', path: 'password', value: REDACTED },
        { op: 'replace', path: 'title', value: `echo ${REDACTED}` },
      ],
    });
  });
});
