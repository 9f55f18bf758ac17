/** Reading what a target answered, tolerantly (RFC 7644 §3.4.2 ListResponse, §3.3 created resource). */
import { eqFilter, listResources, listTotal, resourceBody, resourceId } from '../../../harness/engine/scim-responses';
import { type Exchange } from '../../../harness/contract/exchange';

function answered(body: unknown): Exchange {
  const text = body === undefined ? '' : JSON.stringify(body);
  return {
    id: 'ex-1',
    startedAt: '2026-01-01T00:00:00.000Z',
    request: { method: 'GET', url: 'http://127.0.0.1/scim/v2/Users', headers: {} },
    response: { status: 200, headers: {}, ...(body === undefined ? {} : { body }), text, bytes: text.length },
    durationMs: 1,
  };
}

describe('eqFilter', () => {
  it('writes the value as a JSON string literal (RFC 7644 §3.4.2.2)', () => {
    expect(eqFilter('userName', 'ada@contoso.com')).toBe('userName eq "ada@contoso.com"');
    expect(eqFilter('displayName', 'Sales "EMEA" \\ North')).toBe('displayName eq "Sales \\"EMEA\\" \\\\ North"');
  });
});

describe('list responses', () => {
  it('reads Resources and totalResults', () => {
    const exchange = answered({ totalResults: 2, Resources: [{ id: 'a' }, { id: 'b' }, 'junk', null] });
    expect(listResources(exchange)).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(listTotal(exchange)).toBe(2);
  });

  it('falls back to the number of Resources when totalResults is missing', () => {
    expect(listTotal(answered({ Resources: [{ id: 'a' }] }))).toBe(1);
    expect(listTotal(answered(undefined))).toBe(0);
    expect(listResources(answered([{ id: 'a' }]))).toEqual([]);
  });
});

describe('resources', () => {
  it('takes string ids, and numeric ids as strings; empty or missing ids are none', () => {
    expect(resourceId({ id: 'abc' })).toBe('abc');
    expect(resourceId({ id: 42 })).toBe('42');
    expect(resourceId({ id: '' })).toBeUndefined();
    expect(resourceId({})).toBeUndefined();
    expect(resourceId(undefined)).toBeUndefined();
  });

  it('reads only a JSON object as a resource body', () => {
    expect(resourceBody(answered({ id: 'a' }))).toEqual({ id: 'a' });
    expect(resourceBody(answered([{ id: 'a' }]))).toBeUndefined();
    expect(resourceBody(answered('text'))).toBeUndefined();
  });
});
