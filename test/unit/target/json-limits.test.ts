import { buildExchange } from '../../../harness/target/exchange-record';
import { type RawOutcome } from '../../../harness/target/http-transport';
import { jsonNestingDepth, MAX_JSON_DEPTH } from '../../../harness/target/json-limits';
import { createRedactor } from '../../../harness/target/redact';

function received(text: string, status = 200): RawOutcome {
  const body = Buffer.from(text, 'utf8');
  return { response: { status, headers: { 'content-type': 'application/scim+json' } }, body, bytes: body.length, complete: true };
}

function record(text: string, status = 200) {
  return buildExchange(
    { id: 'x-1', startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1, method: 'GET', url: 'http://127.0.0.1/scim/v2/Users/u-1', headers: {}, outcome: received(text, status) },
    createRedactor(() => []),
  );
}

describe('jsonNestingDepth', () => {
  it.each([
    ['1', 0],
    ['{}', 1],
    ['{"a":[{"b":{}}]}', 4],
    ['{"a":"[[[[{{{{"}', 1],
    ['["\\"[[", [[]]]', 3],
    [`${'['.repeat(100_000)}${']'.repeat(100_000)}`, 100_000],
  ])('%s nests %d levels (brackets in strings do not count)', (text, depth) => {
    expect(jsonNestingDepth(text)).toBe(depth);
  });
});

describe('a response body nested past the limit', () => {
  it.each([
    ['array', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['object', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`],
  ])('%s 100,000 deep is kept as truncated text, unparsed, and the record serialises', (_shape, text) => {
    const exchange = record(text);
    expect(exchange.response?.body).toBeUndefined();
    expect(exchange.response?.nesting).toEqual({ depth: 100_000, limit: MAX_JSON_DEPTH });
    expect(exchange.response?.parseError).toBe(`response body nests 100,000 levels, more than the limit of ${MAX_JSON_DEPTH} (RFC 8259 §9); it was kept unparsed`);
    expect(exchange.response?.text).toMatch(/^[[{]/);
    expect(exchange.response?.text).toMatch(/\n\[truncated: \d+ characters in total\]$/);
    expect(() => JSON.stringify(exchange)).not.toThrow();
  });

  it(`parses a body exactly ${MAX_JSON_DEPTH} levels deep`, () => {
    const exchange = record(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`);
    expect(exchange.response?.nesting).toBeUndefined();
    expect(exchange.response?.parseError).toBeUndefined();
    expect(exchange.response?.body).toBeDefined();
  });
});

describe('JSON parse errors', () => {
  it.each([
    ['{"password": s3cret-value}'],
    ['s3cret-value'],
    ['<html>s3cret-value</html>'],
    ['{"token":"s3cret-value"'],
  ])('never quote the target text: %s', (text) => {
    const exchange = record(text);
    expect(exchange.response?.parseError).toMatch(/^response body is not valid JSON: /);
    expect(exchange.response?.parseError).not.toContain('s3cret');
    expect(exchange.response?.parseError).not.toContain('password');
  });
});
