import { evaluateExpression, ExpressionError, parseExpression, referencedAttributes, type ExpressionValue } from '../../../harness/mapping/expressions';

const source: Record<string, ExpressionValue> = { givenName: 'Ada', surname: 'Lovelace', mail: 'Ada@Contoso.COM', IsSoftDeleted: false, empty: '', flag: 'True' };
const run = (text: string): ExpressionValue => evaluateExpression(parseExpression(text), (name) => source[name] ?? null);

describe('expressions', () => {
  it('reads a bare attribute name and a bracketed one', () => {
    expect(run('givenName')).toBe('Ada');
    expect(run('[surname]')).toBe('Lovelace');
    expect(run('[missing]')).toBeNull();
  });

  it('reads string constants with backslash escapes', () => {
    expect(run('"Company: \\"Contoso\\" \\\\ HQ"')).toBe('Company: "Contoso" \\ HQ');
  });

  it('Join joins with the separator and leaves out empty values', () => {
    expect(run('Join(" ", [givenName], [surname])')).toBe('Ada Lovelace');
    expect(run('Join(", ", [surname], [missing], [givenName])')).toBe('Lovelace, Ada');
    expect(run('Join(" ", [missing], [empty])')).toBeNull();
  });

  it('Not negates booleans and "True"/"False" strings, and nothing else', () => {
    expect(run('Not([IsSoftDeleted])')).toBe(true);
    expect(run('Not([flag])')).toBe(false);
    expect(run('Not([givenName])')).toBeNull();
  });

  it('ToLower, ToUpper, Append and Coalesce, nested', () => {
    expect(run('ToLower([mail])')).toBe('ada@contoso.com');
    expect(run('ToUpper([givenName], "en-US")')).toBe('ADA');
    expect(run('Append(ToLower([givenName]), "@contoso.com")')).toBe('ada@contoso.com');
    expect(run('Append([missing], "@contoso.com")')).toBeNull();
    expect(run('Coalesce([missing], [empty], [surname], [givenName])')).toBe('Lovelace');
    expect(run('Coalesce([missing], "fallback")')).toBe('fallback');
  });

  it('names an unknown function and lists the supported ones (names are case-sensitive)', () => {
    expect(() => parseExpression('join(" ", [a])')).toThrow(ExpressionError);
    expect(() => parseExpression('join(" ", [a])')).toThrow('unknown function "join" (supported: Append, Coalesce, Join, Not, ToLower, ToUpper; names are case-sensitive) at position 0 in join(" ", [a])');
    expect(() => parseExpression('Switch([IsSoftDeleted], , "False", "True")')).toThrow(/unknown function "Switch"/);
  });

  it('explains syntax and arity errors with the position', () => {
    expect(() => parseExpression('Not([a], [b])')).toThrow('Not takes 1 argument, got 2 at position 0 in Not([a], [b])');
    expect(() => parseExpression('Join(" ")')).toThrow(/Join takes at least 2 arguments, got 1/);
    expect(() => parseExpression('Join(" ", [a]')).toThrow(/expected "," or "\)" in the arguments of Join/);
    expect(() => parseExpression('"open')).toThrow(/missing closing "/);
    expect(() => parseExpression('[a')).toThrow(/missing "\]"/);
    expect(() => parseExpression('Append([a], "x") extra')).toThrow(/unexpected "e" at position 17/);
    expect(() => parseExpression('  ')).toThrow(/an empty source/);
  });

  it('lists the attributes an expression reads', () => {
    expect(referencedAttributes(parseExpression('Join(" ", [givenName], Coalesce([surname], "x"))'))).toEqual(['givenName', 'surname']);
    expect(referencedAttributes(parseExpression('mail'))).toEqual(['mail']);
  });
});
