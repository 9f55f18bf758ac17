/**
 * Entra's attribute-mapping expression syntax, the small part the harness needs: attribute
 * references `[attr]`, string constants `"x"` (backslash escapes `\"` and `\\`), and the
 * functions Append, Coalesce, Join, Not, ToLower, ToUpper. Function names are case-sensitive,
 * as in Entra ("The syntax is case-sensitive"). A bare attribute name (`userPrincipalName`)
 * is a direct mapping.
 *
 * Expressions are parsed once and cached; evaluation walks the tree with a lookup function,
 * so projecting 100,000 users creates no per-user closures.
 */

export type ExpressionValue = string | boolean | null;

export type Expression =
  | { readonly kind: 'attribute'; readonly name: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'call'; readonly name: FunctionName; readonly args: readonly Expression[] };

export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
}

/** Minimum and maximum argument counts (Infinity = variadic). */
const FUNCTIONS = {
  Append: [2, 2],
  Coalesce: [1, Infinity],
  Join: [2, Infinity],
  Not: [1, 1],
  ToLower: [1, 2],
  ToUpper: [1, 2],
} as const;

export type FunctionName = keyof typeof FUNCTIONS;
export const SUPPORTED_FUNCTIONS = Object.keys(FUNCTIONS) as FunctionName[];

const cache = new Map<string, Expression>();

class Parser {
  private position = 0;

  constructor(private readonly text: string) {}

  parse(): Expression {
    this.skipSpace();
    // A bare attribute name is how the portal shows a direct mapping.
    const bare = /^[A-Za-z_][\w.-]*$/.exec(this.text.trim());
    if (bare && !this.text.includes('(')) return { kind: 'attribute', name: bare[0] };
    const expression = this.expression();
    this.skipSpace();
    if (this.position < this.text.length) this.fail(`unexpected "${this.text[this.position]}"`);
    return expression;
  }

  private fail(problem: string): never {
    throw new ExpressionError(`${problem} at position ${this.position} in ${this.text}`);
  }

  private skipSpace(): void {
    while (this.position < this.text.length && /\s/.test(this.text[this.position])) this.position += 1;
  }

  private expression(): Expression {
    this.skipSpace();
    const char = this.text[this.position];
    if (char === undefined) this.fail('expected an attribute, a string or a function');
    if (char === '[') return this.attribute();
    if (char === '"') return this.string();
    if (/[A-Za-z]/.test(char)) return this.call();
    return this.fail(`unexpected "${char}" (attributes go in [brackets], strings in "double quotes")`);
  }

  private attribute(): Expression {
    const end = this.text.indexOf(']', this.position);
    if (end === -1) this.fail('missing "]" after the attribute name');
    const name = this.text.slice(this.position + 1, end).trim();
    if (!name) this.fail('empty attribute name "[]"');
    this.position = end + 1;
    return { kind: 'attribute', name };
  }

  private string(): Expression {
    let value = '';
    this.position += 1;
    while (this.position < this.text.length) {
      const char = this.text[this.position];
      if (char === '\\' && this.position + 1 < this.text.length) {
        value += this.text[this.position + 1];
        this.position += 2;
        continue;
      }
      if (char === '"') {
        this.position += 1;
        return { kind: 'string', value };
      }
      value += char;
      this.position += 1;
    }
    return this.fail('missing closing " of a string');
  }

  private call(): Expression {
    const start = this.position;
    const name = /^[A-Za-z][A-Za-z0-9]*/.exec(this.text.slice(start))?.[0] ?? '';
    this.position += name.length;
    if (!Object.hasOwn(FUNCTIONS, name)) {
      this.position = start;
      this.fail(`unknown function "${name}" (supported: ${SUPPORTED_FUNCTIONS.join(', ')}; names are case-sensitive)`);
    }
    this.skipSpace();
    if (this.text[this.position] !== '(') this.fail(`expected "(" after ${name}`);
    this.position += 1;
    const args: Expression[] = [];
    this.skipSpace();
    if (this.text[this.position] !== ')') {
      for (;;) {
        args.push(this.expression());
        this.skipSpace();
        if (this.text[this.position] === ',') {
          this.position += 1;
          continue;
        }
        if (this.text[this.position] === ')') break;
        this.fail(`expected "," or ")" in the arguments of ${name}`);
      }
    }
    this.position += 1;
    const [min, max] = FUNCTIONS[name as FunctionName];
    if (args.length < min || args.length > max) {
      const expected = max === Infinity ? `at least ${min}` : min === max ? `${min}` : `${min} or ${max}`;
      this.position = start;
      this.fail(`${name} takes ${expected} argument${max === 1 ? '' : 's'}, got ${args.length}`);
    }
    return { kind: 'call', name: name as FunctionName, args };
  }
}

/** Parses (once per distinct text) or throws ExpressionError naming the problem and the position. */
export function parseExpression(text: string): Expression {
  const cached = cache.get(text);
  if (cached) return cached;
  if (!text.trim()) throw new ExpressionError('an empty source (use an attribute such as userPrincipalName, or an expression such as Join(" ", [givenName], [surname]))');
  const parsed = new Parser(text).parse();
  cache.set(text, parsed);
  return parsed;
}

/** Every attribute the expression reads, in order of appearance. */
export function referencedAttributes(expression: Expression): string[] {
  if (expression.kind === 'attribute') return [expression.name];
  if (expression.kind === 'string') return [];
  return expression.args.flatMap(referencedAttributes);
}

function isEmpty(value: ExpressionValue): value is null | '' {
  return value === null || value === '';
}

function asText(value: ExpressionValue): string | null {
  if (isEmpty(value)) return null;
  return typeof value === 'boolean' ? (value ? 'True' : 'False') : value;
}

/** Entra passes booleans around as "True"/"False" strings; accept both forms. */
function asBoolean(value: ExpressionValue): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return null;
}

export function evaluateExpression(expression: Expression, lookup: (attribute: string) => ExpressionValue): ExpressionValue {
  switch (expression.kind) {
    case 'attribute':
      return lookup(expression.name);
    case 'string':
      return expression.value;
    case 'call': {
      const values = expression.args.map((arg) => evaluateExpression(arg, lookup));
      switch (expression.name) {
        case 'Not': {
          // [INF] a non-boolean input has no negation: no value rather than a guess.
          const value = asBoolean(values[0]);
          return value === null ? null : !value;
        }
        case 'Join': {
          // [INF] empty sources are left out so "Ada" + null gives "Ada", not "Ada ".
          const parts = values.slice(1).map(asText).filter((v): v is string => v !== null);
          return parts.length === 0 ? null : parts.join(asText(values[0]) ?? '');
        }
        case 'Append': {
          // [INF] nothing to append to: no value (a suffix alone would be a made-up value).
          const source = asText(values[0]);
          return source === null ? null : source + (asText(values[1]) ?? '');
        }
        case 'Coalesce':
          return values.find((v) => !isEmpty(v)) ?? null;
        case 'ToLower':
          return asText(values[0])?.toLowerCase() ?? null;
        case 'ToUpper':
          return asText(values[0])?.toUpperCase() ?? null;
      }
    }
  }
}
