/**
 * Where a target's body stops being JSON (RFC 8259 §2–§7), said without quoting the body. The
 * JSON parser's own message quotes the text around the error (`Unexpected token 's', "sekret-tok"...
 * is not valid JSON`); the body is the target's, so a body that starts with a token would put the
 * token's first characters into the record, where redaction, which matches whole secrets, cannot
 * recognise them. Runs only after JSON.parse has failed.
 */

export interface JsonSyntaxError {
  /** What went wrong, in the harness's words. */
  readonly reason: string;
  /** Offset in UTF-16 code units, as JSON.parse counts. */
  readonly position: number;
  /** 1-based, counting "\n". */
  readonly line: number;
  readonly column: number;
}

const WHITESPACE = /[ \t\n\r]*/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
/** A string's characters up to its closing quote: no raw control character, only the RFC 8259 §7 escapes. */
// eslint-disable-next-line no-control-regex -- the control characters are what RFC 8259 §7 forbids unescaped
const STRING_BODY = /(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*/y;
const LITERALS = ['true', 'false', 'null'] as const;

type State = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'after';

function at(text: string, position: number, reason: string): JsonSyntaxError {
  const before = text.slice(0, position);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { reason, position, line: before.split('\n').length, column: position - lineStart + 1 };
}

/** The first syntax error in `text`, or undefined when it is one JSON text. Iterative, so any depth is fine. */
export function locateJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const open: string[] = [];
  let state: State = 'value';
  let position = 0;

  /** Past the string starting at `position`; an error when it does not end well. */
  const skipString = (): JsonSyntaxError | undefined => {
    STRING_BODY.lastIndex = position + 1;
    STRING_BODY.exec(text);
    const end = STRING_BODY.lastIndex;
    if (end >= text.length) return at(text, text.length, 'unterminated string');
    if (text[end] === '"') {
      position = end + 1;
      return undefined;
    }
    return at(text, end, text.charCodeAt(end) < 0x20 ? 'unescaped control character in a string' : 'invalid escape in a string');
  };

  for (;;) {
    WHITESPACE.lastIndex = position;
    WHITESPACE.exec(text);
    position = WHITESPACE.lastIndex;
    if (position >= text.length) {
      return state === 'after' && open.length === 0 ? undefined : at(text, position, 'unexpected end of input');
    }
    const char = text[position];
    switch (state) {
      case 'value':
      case 'value-or-close': {
        if (char === ']' && state === 'value-or-close') {
          open.pop();
          position += 1;
          state = 'after';
        } else if (char === '{' || char === '[') {
          open.push(char);
          position += 1;
          state = char === '{' ? 'key-or-close' : 'value-or-close';
        } else if (char === '"') {
          const error = skipString();
          if (error) return error;
          state = 'after';
        } else if (char === '-' || (char >= '0' && char <= '9')) {
          NUMBER.lastIndex = position;
          if (NUMBER.exec(text) === null) return at(text, position, 'malformed number');
          position = NUMBER.lastIndex;
          state = 'after';
        } else {
          const literal = LITERALS.find((word) => text.startsWith(word, position));
          if (literal === undefined) return at(text, position, 'unexpected character where a value should start');
          position += literal.length;
          state = 'after';
        }
        break;
      }
      case 'key':
      case 'key-or-close': {
        if (char === '}' && state === 'key-or-close') {
          open.pop();
          position += 1;
          state = 'after';
        } else if (char === '"') {
          const error = skipString();
          if (error) return error;
          state = 'colon';
        } else {
          return at(text, position, 'expected a property name in double quotes');
        }
        break;
      }
      case 'colon': {
        if (char !== ':') return at(text, position, "expected ':' after a property name");
        position += 1;
        state = 'value';
        break;
      }
      case 'after': {
        const container = open[open.length - 1];
        if (container === undefined) return at(text, position, 'unexpected character after the JSON value');
        const close = container === '{' ? '}' : ']';
        if (char === ',') {
          state = container === '{' ? 'key' : 'value';
        } else if (char === close) {
          open.pop();
        } else {
          return at(text, position, `expected ',' or '${close}'`);
        }
        position += 1;
        break;
      }
    }
  }
}

/**
 * The recorded reason a body is not JSON: what and where, never the body's characters. The
 * position comes from the harness's own scan; should that scan accept what JSON.parse refused,
 * the message says so rather than fall back on the parser's quoting text.
 */
export function describeJsonSyntaxError(text: string): string {
  const found = locateJsonSyntaxError(text);
  return found === undefined
    ? 'refused by the JSON parser'
    : `${found.reason} at position ${found.position} (line ${found.line}, column ${found.column})`;
}
