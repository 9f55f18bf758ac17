import { describeJsonSyntaxError, locateJsonSyntaxError } from '../../../harness/target/json-syntax-error';

describe('locateJsonSyntaxError', () => {
  it.each([
    ['sekret-token-0123456789abcdef', 'unexpected character where a value should start', 0],
    ['{"a":1,"b":x1234567890123}', 'unexpected character where a value should start', 11],
    ['{"a":"ab\ncd"}', 'unescaped control character in a string', 8],
    ['"\\q"', 'invalid escape in a string', 1],
    ['[1,2', 'unexpected end of input', 4],
    ['[1,]', 'unexpected character where a value should start', 3],
    ['{"a" 1}', "expected ':' after a property name", 5],
    ['{a:1}', 'expected a property name in double quotes', 1],
    ['{"a":1 "b":2}', "expected ',' or '}'", 7],
    ['[1 2]', "expected ',' or ']'", 3],
    ['{"a":1}}', 'unexpected character after the JSON value', 7],
    ['"abc', 'unterminated string', 4],
    ['-', 'malformed number', 0],
    ['', 'unexpected end of input', 0],
    ['\ufeff{}', 'unexpected character where a value should start', 0],
  ])('finds the error in %j', (text, reason, position) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(locateJsonSyntaxError(text)).toMatchObject({ reason, position });
  });

  it('gives the line and column of the error', () => {
    expect(locateJsonSyntaxError('{\n  "a": 1,\n  "b": oops\n}')).toEqual({ reason: 'unexpected character where a value should start', position: 19, line: 3, column: 8 });
  });

  it('accepts every JSON text JSON.parse accepts, nested at any depth', () => {
    for (const text of ['{}', '[]', ' null ', '-0.5e+3', '"\\u00e9\\n"', '{"a":[{"b":[true,false,null]}],"c":{"d":"e"}}', `${'['.repeat(5000)}${']'.repeat(5000)}`]) {
      expect(locateJsonSyntaxError(text)).toBeUndefined();
    }
  });
});

describe('describeJsonSyntaxError', () => {
  it('never quotes the text, where the parser quotes its first characters', () => {
    const body = 'rtsecdcf44aa-0123456789abcdef and more';
    const parserMessage = (() => {
      try {
        JSON.parse(body);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(parserMessage).toContain('rtsecdcf44');
    const message = describeJsonSyntaxError(body);
    expect(message).toBe('unexpected character where a value should start at position 0 (line 1, column 1)');
    for (let start = 0; start + 3 <= body.length; start += 1) expect(message).not.toContain(body.slice(start, start + 3));
  });
});
