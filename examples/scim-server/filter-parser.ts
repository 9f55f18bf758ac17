/**
 * RFC 7644 §3.4.2.2 filter grammar and the §3.5.2 PATCH path grammar: a tokenizer and a
 * recursive-descent parser to a small AST. Names are resolved against schemas later
 * (filter-evaluator.ts, attribute-paths.ts); this module only knows the syntax.
 *
 * Precedence, tightest first: parentheses and `not ( … )`, then `and`, then `or` (§3.4.2.2).
 * Operators and keywords are case-insensitive; so are attribute names (RFC 7643 §2.1).
 */
import { type JsonPrimitive } from './json';
import { ScimError } from './errors';

export type CompareOperator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

/** `[URI ":"] ATTRNAME ["." subAttr]`, as written (resolution happens elsewhere). */
export interface AttributePath {
  readonly uri?: string;
  readonly name: string;
  readonly subAttribute?: string;
  readonly text: string;
}

export type FilterNode =
  | { readonly kind: 'compare'; readonly attribute: AttributePath; readonly operator: CompareOperator; readonly value: JsonPrimitive }
  | { readonly kind: 'present'; readonly attribute: AttributePath }
  | { readonly kind: 'and' | 'or'; readonly left: FilterNode; readonly right: FilterNode }
  | { readonly kind: 'not'; readonly operand: FilterNode }
  /** `attr[filter]`; a trailing `.sub op value` is folded into `filter` as an `and`. */
  | { readonly kind: 'valuePath'; readonly attribute: AttributePath; readonly filter: FilterNode };

/** A PATCH `path` (RFC 7644 §3.5.2): `attrPath` or `valuePath [subAttr]`. */
export interface PatchPath {
  readonly attribute: AttributePath;
  readonly filter?: FilterNode;
  readonly subAttribute?: string;
  readonly text: string;
}

export interface FilterLimits {
  /** Most AST nodes a filter may produce before the server answers 400 tooMany. */
  readonly maxNodes: number;
  /** Deepest nesting of parentheses / not / value paths before 400 tooMany. */
  readonly maxDepth: number;
}

export const DEFAULT_FILTER_LIMITS: FilterLimits = { maxNodes: 200, maxDepth: 32 };

const COMPARE_OPERATORS: ReadonlySet<string> = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);
const ATTRNAME = /^(?:\$ref|[A-Za-z][A-Za-z0-9_-]*)$/;
const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

/** A syntax problem, turned into invalidFilter or invalidPath by the public entry points. */
class SyntaxProblem extends Error {}
/** A size problem, turned into tooMany (RFC 7644 §3.12: more than the server is willing to process). */
class SizeProblem extends Error {}

type TokenKind = 'lparen' | 'rparen' | 'lbracket' | 'rbracket' | 'string' | 'word' | 'end';
interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly position: number;
  readonly value?: string;
}

const PUNCTUATION: Readonly<Record<string, TokenKind>> = { '(': 'lparen', ')': 'rparen', '[': 'lbracket', ']': 'rbracket' };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < input.length) {
    const char = input[index];
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
      index += 1;
      continue;
    }
    const punctuation = PUNCTUATION[char];
    if (punctuation) {
      tokens.push({ kind: punctuation, text: char, position: index });
      index += 1;
      continue;
    }
    if (char === '"') {
      let end = index + 1;
      while (end < input.length && input[end] !== '"') end += input[end] === '\\' ? 2 : 1;
      if (end >= input.length) throw new SyntaxProblem(`unterminated string starting at position ${index + 1}`);
      const literal = input.slice(index, end + 1);
      let value: unknown;
      try {
        value = JSON.parse(literal);
      } catch {
        throw new SyntaxProblem(`invalid escape in string ${literal} at position ${index + 1}`);
      }
      tokens.push({ kind: 'string', text: literal, position: index, value: String(value) });
      index = end + 1;
      continue;
    }
    let end = index;
    while (end < input.length && !/[\s()[\]"]/.test(input[end])) end += 1;
    tokens.push({ kind: 'word', text: input.slice(index, end), position: index });
    index = end;
  }
  tokens.push({ kind: 'end', text: '', position: input.length });
  return tokens;
}

/** Parses `[URI ":"] ATTRNAME ["." subAttr]`; a malformed name is 400 invalidPath. */
export function parseAttributePath(text: string): AttributePath {
  try {
    return readAttributePath(text);
  } catch (error) {
    throw toScimError(error, 'invalidPath', `Invalid attribute name ${JSON.stringify(text)}`);
  }
}

function readAttributePath(text: string): AttributePath {
  let uri: string | undefined;
  let rest = text;
  if (/^urn:/i.test(text)) {
    const lastColon = text.lastIndexOf(':');
    uri = text.slice(0, lastColon);
    rest = text.slice(lastColon + 1);
    // A schema URN ends in a version-like segment ("...:2.0:User"); the dots there are not sub-attribute separators.
  }
  const dot = rest.indexOf('.');
  const name = dot === -1 ? rest : rest.slice(0, dot);
  const subAttribute = dot === -1 ? undefined : rest.slice(dot + 1);
  if (!ATTRNAME.test(name)) {
    throw new SyntaxProblem(`"${text}" is not an attribute path: attribute names start with a letter and hold letters, digits, "-" or "_"`);
  }
  if (subAttribute !== undefined && !ATTRNAME.test(subAttribute)) {
    throw new SyntaxProblem(`"${text}" is not an attribute path: "${subAttribute}" is not a valid sub-attribute name`);
  }
  return { ...(uri !== undefined ? { uri } : {}), name, ...(subAttribute !== undefined ? { subAttribute } : {}), text };
}

class Parser {
  private index = 0;
  private nodes = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly limits: FilterLimits,
  ) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)];
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  expect(kind: TokenKind, what: string): Token {
    const token = this.next();
    if (token.kind !== kind) throw new SyntaxProblem(`expected ${what} at position ${token.position + 1}, found ${describeToken(token)}`);
    return token;
  }

  count<T extends FilterNode>(node: T): T {
    this.nodes += 1;
    if (this.nodes > this.limits.maxNodes) {
      throw new SizeProblem(`the filter has more than ${this.limits.maxNodes} expressions; split it into smaller queries`);
    }
    return node;
  }

  checkDepth(depth: number): void {
    if (depth > this.limits.maxDepth) {
      throw new SizeProblem(`the filter nests deeper than ${this.limits.maxDepth} levels; simplify it`);
    }
  }

  parseOr(depth: number, inValuePath: boolean): FilterNode {
    let left = this.parseAnd(depth, inValuePath);
    while (isKeyword(this.peek(), 'or')) {
      this.next();
      const right = this.parseAnd(depth, inValuePath);
      left = this.count({ kind: 'or', left, right });
    }
    return left;
  }

  parseAnd(depth: number, inValuePath: boolean): FilterNode {
    let left = this.parseUnary(depth, inValuePath);
    while (isKeyword(this.peek(), 'and')) {
      this.next();
      const right = this.parseUnary(depth, inValuePath);
      left = this.count({ kind: 'and', left, right });
    }
    return left;
  }

  parseUnary(depth: number, inValuePath: boolean): FilterNode {
    this.checkDepth(depth);
    const token = this.peek();
    if (isKeyword(token, 'not') && this.peek(1).kind === 'lparen') {
      this.next();
      this.next();
      const operand = this.parseOr(depth + 1, inValuePath);
      this.expect('rparen', '")" closing "not ("');
      return this.count({ kind: 'not', operand });
    }
    if (token.kind === 'lparen') {
      this.next();
      const inner = this.parseOr(depth + 1, inValuePath);
      this.expect('rparen', '")"');
      return inner;
    }
    return this.parseAttributeExpression(depth, inValuePath);
  }

  parseAttributeExpression(depth: number, inValuePath: boolean): FilterNode {
    const token = this.next();
    if (token.kind !== 'word') {
      throw new SyntaxProblem(`expected an attribute name at position ${token.position + 1}, found ${describeToken(token)}`);
    }
    const attribute = readAttributePath(token.text);
    if (this.peek().kind === 'lbracket') {
      if (inValuePath) throw new SyntaxProblem(`value filters cannot be nested ("${token.text}[" at position ${token.position + 1})`);
      if (attribute.subAttribute !== undefined) {
        throw new SyntaxProblem(`a value filter applies to a multi-valued attribute, not to the sub-attribute "${token.text}"`);
      }
      this.next();
      let filter = this.parseOr(depth + 1, true);
      this.expect('rbracket', '"]" closing the value filter');
      const after = this.peek();
      if (after.kind === 'word' && after.text.startsWith('.')) {
        // `emails[type eq "work"].value eq "x"` is how Entra matches on a work email (docs/entra-behaviour.md#filters-used):
        // an element must satisfy both the bracket filter and the trailing comparison.
        this.next();
        const subPath = readAttributePath(after.text.slice(1));
        if (subPath.uri !== undefined || subPath.subAttribute !== undefined) {
          throw new SyntaxProblem(`"${after.text}" after "]" must name one sub-attribute`);
        }
        filter = this.count({ kind: 'and', left: filter, right: this.parseComparison(subPath) });
      }
      return this.count({ kind: 'valuePath', attribute, filter });
    }
    return this.parseComparison(attribute);
  }

  parseComparison(attribute: AttributePath): FilterNode {
    const operatorToken = this.next();
    const operator = operatorToken.kind === 'word' ? operatorToken.text.toLowerCase() : '';
    if (operator === 'pr') return this.count({ kind: 'present', attribute });
    if (!COMPARE_OPERATORS.has(operator)) {
      throw new SyntaxProblem(
        `expected an operator after "${attribute.text}" at position ${operatorToken.position + 1}, found ${describeToken(operatorToken)} (operators: eq ne co sw ew gt ge lt le pr)`,
      );
    }
    return this.count({ kind: 'compare', attribute, operator: operator as CompareOperator, value: this.parseValue(attribute) });
  }

  parseValue(attribute: AttributePath): JsonPrimitive {
    const token = this.next();
    if (token.kind === 'string') return token.value ?? '';
    if (token.kind === 'word') {
      const lower = token.text.toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      if (lower === 'null') return null;
      if (NUMBER.test(token.text)) return Number(token.text);
      throw new SyntaxProblem(
        `the value ${token.text} compared with "${attribute.text}" is not a JSON literal: quote strings, e.g. "${token.text}"`,
      );
    }
    throw new SyntaxProblem(`expected a value after "${attribute.text}" at position ${token.position + 1}, found ${describeToken(token)}`);
  }
}

/** The tokens without grouping parentheses: each "(" not after "not", and the ")" closing it. */
function withoutGrouping(tokens: readonly Token[]): Token[] {
  const kept: Token[] = [];
  const opened: boolean[] = [];
  for (const [index, token] of tokens.entries()) {
    if (token.kind === 'lparen') {
      const grouping = !(index > 0 && isKeyword(tokens[index - 1], 'not'));
      opened.push(grouping);
      if (grouping) continue;
    } else if (token.kind === 'rparen' && opened.pop() === true) {
      continue;
    }
    kept.push(token);
  }
  return kept;
}

function isKeyword(token: Token, keyword: string): boolean {
  return token.kind === 'word' && token.text.toLowerCase() === keyword;
}

function describeToken(token: Token): string {
  return token.kind === 'end' ? 'the end of the expression' : `"${token.text}"`;
}

export interface FilterParseOptions {
  /** The `filter-ignore-parentheses` fault: grouping parentheses are dropped (those of `not (` are kept). */
  readonly ignoreGrouping?: boolean;
}

/** Parses a filter; throws 400 invalidFilter (bad syntax) or 400 tooMany (over the limits). */
export function parseFilter(text: string, limits: FilterLimits = DEFAULT_FILTER_LIMITS, options: FilterParseOptions = {}): FilterNode {
  try {
    if (text.trim() === '') throw new SyntaxProblem('the filter is empty');
    const tokens = tokenize(text);
    const parser = new Parser(options.ignoreGrouping === true ? withoutGrouping(tokens) : tokens, limits);
    const node = parser.parseOr(0, false);
    const rest = parser.peek();
    if (rest.kind !== 'end') {
      throw new SyntaxProblem(`unexpected ${describeToken(rest)} at position ${rest.position + 1} (join expressions with "and" / "or")`);
    }
    return node;
  } catch (error) {
    throw toScimError(error, 'invalidFilter', `Invalid filter ${JSON.stringify(text)}`);
  }
}

/** Parses a PATCH path; any problem is 400 invalidPath (RFC 7644 §3.5.2). */
export function parsePatchPath(text: string, limits: FilterLimits = DEFAULT_FILTER_LIMITS): PatchPath {
  try {
    const parser = new Parser(tokenize(text), limits);
    const head = parser.next();
    if (head.kind !== 'word') throw new SyntaxProblem('the path must start with an attribute name');
    const attribute = readAttributePath(head.text);
    let filter: FilterNode | undefined;
    let subAttribute: string | undefined;
    if (parser.peek().kind === 'lbracket') {
      if (attribute.subAttribute !== undefined) throw new SyntaxProblem('a value filter must follow the multi-valued attribute itself');
      parser.next();
      filter = parser.parseOr(1, true);
      parser.expect('rbracket', '"]" closing the value filter');
      const after = parser.peek();
      if (after.kind === 'word') {
        if (!after.text.startsWith('.') || !ATTRNAME.test(after.text.slice(1))) {
          throw new SyntaxProblem(`"${after.text}" after "]" must be ".<sub-attribute>"`);
        }
        parser.next();
        subAttribute = after.text.slice(1);
      }
    }
    const rest = parser.peek();
    if (rest.kind !== 'end') throw new SyntaxProblem(`unexpected ${describeToken(rest)} at position ${rest.position + 1}`);
    return { attribute, ...(filter ? { filter } : {}), ...(subAttribute !== undefined ? { subAttribute } : {}), text };
  } catch (error) {
    throw toScimError(error, 'invalidPath', `Invalid path ${JSON.stringify(text)}`);
  }
}

function toScimError(error: unknown, scimType: 'invalidFilter' | 'invalidPath', prefix: string): unknown {
  if (error instanceof SizeProblem) return new ScimError(400, `${prefix}: ${error.message}`, 'tooMany');
  if (error instanceof SyntaxProblem) return new ScimError(400, `${prefix}: ${error.message}`, scimType);
  return error;
}

/** Canonical, fully parenthesised text of a filter: shows how precedence was applied. */
export function formatFilter(node: FilterNode): string {
  switch (node.kind) {
    case 'compare':
      return `${node.attribute.text} ${node.operator} ${JSON.stringify(node.value)}`;
    case 'present':
      return `${node.attribute.text} pr`;
    case 'and':
    case 'or':
      return `(${formatFilter(node.left)} ${node.kind} ${formatFilter(node.right)})`;
    case 'not':
      return `not (${formatFilter(node.operand)})`;
    case 'valuePath':
      return `${node.attribute.text}[${formatFilter(node.filter)}]`;
  }
}
