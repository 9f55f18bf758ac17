import { resourcePath, unusableIdReason, UnusableResourceIdError } from '../../../harness/engine/resource-path';

describe('unusableIdReason', () => {
  it.each([
    ['', /empty id/],
    ['.', /dot segment.*RFC 3986 §5\.2\.4/],
    ['..', /dot segment/],
    ['%2e', /dot segment/],
    ['%2E%2E', /dot segment/],
    ['.%2E', /dot segment/],
    ['a/b', /"\/", "\?", "#"/],
    ['a%2Fb', /percent-encoding/],
    ['x?y', /"\?"/],
    ['x#y', /"#"/],
    ['x\\y', /"\\"/],
    ['   ', /white space/],
    ['a\nb', /control character/],
  ])('refuses %j, naming the rule', (id, rule) => {
    expect(unusableIdReason(id)).toMatch(rule);
  });

  it.each([['2819c223-7f76-453a-919d-413861904646'], ['...'], ['a.b'], ['user@example.com'], ['a b'], ['%41'], ['ü'], ['123']])('accepts %j', (id) => {
    expect(unusableIdReason(id)).toBeUndefined();
  });
});

describe('resourcePath', () => {
  it('percent-encodes the id as one segment of its collection (RFC 3986 §3.3)', () => {
    expect(resourcePath('/Users', 'a b@c')).toBe('/Users/a%20b%40c');
    expect(resourcePath('/Groups', '%41')).toBe('/Groups/%2541');
    expect(resourcePath('/Users', '...')).toBe('/Users/...');
  });

  it.each([['..'], ['.'], [''], ['%2e%2e'], ['a/../..']])('throws for %j instead of leaving the collection', (id) => {
    expect(() => resourcePath('/Users', id)).toThrow(UnusableResourceIdError);
  });
});
