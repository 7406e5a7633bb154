/**
 * OData `$filter` for the emulator: a tokenizer and recursive-descent parser (or > and > not >
 * comparison, parentheses, `in`, `startsWith`/`endsWith`/`contains`, `any`/`all` lambdas),
 * a binder that resolves property names against an entity type and checks literal types,
 * and an evaluator over plain records. Which property/operator pairs a resource *supports*
 * is the caller's business (see the directory's support tables).
 *
 * Errors carry the messages Graph relays from its OData parser, e.g.
 * `Invalid filter clause: Syntax error at position 14 in 'displayName eq'.`
 */

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type FunctionName = 'startswith' | 'endswith' | 'contains';

export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'guid'; value: string }
  | { kind: 'dateTime'; value: string };

export type Operand =
  | { kind: 'literal'; literal: Literal; position: number }
  /** A property path (`displayName`, `i/issuer`); inside a lambda it may start with the variable. */
  | { kind: 'property'; path: string[]; position: number };

export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode; position: number }
  | { kind: 'compare'; operator: ComparisonOperator; left: Operand; right: Operand; position: number }
  | { kind: 'in'; left: Operand; values: Literal[]; position: number }
  | { kind: 'function'; name: FunctionName; target: Operand; argument: Operand; position: number }
  | {
      kind: 'lambda';
      quantifier: 'any' | 'all';
      collection: string[];
      variable: string;
      predicate: FilterNode;
      position: number;
    }
  /** A bare operand used as a condition, e.g. `$filter=accountEnabled`. */
  | { kind: 'value'; operand: Operand; position: number };

/** The predicate of a bare `any()`: every element matches. */
const EVERY_ELEMENT: Literal = { kind: 'boolean', value: true };

/** Whether a lambda is a bare `any()` (has the collection an element?). */
export function isBareAny(node: Extract<FilterNode, { kind: 'lambda' }>): boolean {
  return node.variable === '';
}

/** A `$filter` the parser or binder rejects; Graph answers these with 400 `BadRequest`. */
export class FilterSyntaxError extends Error {}

type TokenType = 'identifier' | 'string' | 'number' | 'guid' | 'dateTime' | 'punctuation';

interface Token {
  type: TokenType;
  text: string;
  position: number;
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})?)?(?![\w:.-])/;
const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w.])/;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_.$]*/;

function invalid(detail: string): FilterSyntaxError {
  return new FilterSyntaxError(`Invalid filter clause: ${detail}`);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i] as string;
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    if (char === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw invalid(`There is an unterminated string literal at position ${i} in '${text}'.`);
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += text[j];
        j++;
      }
      tokens.push({ type: 'string', text: value, position: i });
      i = j + 1;
      continue;
    }
    if ('(),:/'.includes(char)) {
      tokens.push({ type: 'punctuation', text: char, position: i });
      i++;
      continue;
    }
    const token = matchWord(text.slice(i), i);
    if (!token) throw invalid(`Syntax error: character '${char}' is not valid at position ${i} in '${text}'.`);
    tokens.push(token);
    i += token.text.length;
  }
  return tokens;
}

const WORD_PATTERNS: ReadonlyArray<[TokenType, RegExp]> = [
  ['guid', GUID],
  ['dateTime', DATE_TIME],
  ['number', NUMBER],
  ['identifier', IDENTIFIER],
];

function matchWord(rest: string, position: number): Token | null {
  for (const [type, pattern] of WORD_PATTERNS) {
    const match = pattern.exec(rest);
    if (match) return { type, text: match[0], position };
  }
  return null;
}

const COMPARISONS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FUNCTIONS = new Set<string>(['startswith', 'endswith', 'contains']);

class Parser {
  private index = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  parse(): FilterNode {
    const node = this.parseOr();
    if (this.peek()) throw this.syntaxError();
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private isKeyword(word: string): boolean {
    const token = this.peek();
    return token?.type === 'identifier' && token.text.toLowerCase() === word;
  }

  private isPunctuation(char: string): boolean {
    const token = this.peek();
    return token?.type === 'punctuation' && token.text === char;
  }

  private expectPunctuation(char: string): Token {
    if (!this.isPunctuation(char)) throw this.syntaxError();
    return this.tokens[this.index++] as Token;
  }

  private syntaxError(): FilterSyntaxError {
    const position = this.peek()?.position ?? this.text.length;
    return invalid(`Syntax error at position ${position} in '${this.text}'.`);
  }

  private parseOr(): FilterNode {
    let left = this.parseAnd();
    while (this.isKeyword('or')) {
      this.index++;
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): FilterNode {
    let left = this.parseUnary();
    while (this.isKeyword('and')) {
      this.index++;
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): FilterNode {
    if (this.isKeyword('not')) {
      const position = (this.tokens[this.index++] as Token).position;
      return { kind: 'not', operand: this.parseUnary(), position };
    }
    return this.parseComparison();
  }

  private parseComparison(): FilterNode {
    const start = this.peek();
    if (!start) throw this.syntaxError();
    if (this.isPunctuation('(')) {
      this.index++;
      const inner = this.parseOr();
      this.expectPunctuation(')');
      return this.parseBooleanComparison(inner);
    }
    if (
      start.type === 'identifier' &&
      FUNCTIONS.has(start.text.toLowerCase()) &&
      this.tokens[this.index + 1]?.text === '('
    ) {
      return this.parseBooleanComparison(this.parseFunction());
    }
    if (start.type === 'identifier' && this.tokens[this.index + 1]?.text === '(' && !this.isLiteralKeyword(start)) {
      throw invalid(
        `An unknown function with name '${start.text}' was found. This may also be a function import or a key lookup on a navigation property, which is not allowed.`,
      );
    }
    const left = this.parseOperand();
    if (left.kind === 'property' && this.isPunctuation('/') && this.isLambdaAhead()) {
      return this.parseBooleanComparison(this.parseLambda(left));
    }
    const operator = this.peek();
    if (operator?.type === 'identifier' && COMPARISONS.has(operator.text.toLowerCase())) {
      this.index++;
      const right = this.parseOperand();
      return {
        kind: 'compare',
        operator: operator.text.toLowerCase() as ComparisonOperator,
        left,
        right,
        position: operator.position,
      };
    }
    if (this.isKeyword('in')) {
      const position = (this.tokens[this.index++] as Token).position;
      this.expectPunctuation('(');
      const values: Literal[] = [];
      for (;;) {
        const value = this.parseOperand();
        if (value.kind !== 'literal') throw invalid(`Syntax error at position ${value.position} in '${this.text}'.`);
        values.push(value.literal);
        if (this.isPunctuation(',')) {
          this.index++;
          continue;
        }
        break;
      }
      this.expectPunctuation(')');
      return { kind: 'in', left, values, position };
    }
    return { kind: 'value', operand: left, position: start.position };
  }

  /** `startsWith(x,'a') eq true` is legal OData; `eq false` negates. */
  private parseBooleanComparison(node: FilterNode): FilterNode {
    const operator = this.peek();
    if (operator?.type !== 'identifier' || !['eq', 'ne'].includes(operator.text.toLowerCase())) return node;
    const next = this.tokens[this.index + 1];
    if (next?.type !== 'identifier' || !['true', 'false'].includes(next.text.toLowerCase())) return node;
    this.index += 2;
    const keep = (operator.text.toLowerCase() === 'eq') === (next.text.toLowerCase() === 'true');
    return keep ? node : { kind: 'not', operand: node, position: operator.position };
  }

  private isLiteralKeyword(token: Token): boolean {
    return ['true', 'false', 'null'].includes(token.text.toLowerCase());
  }

  private isLambdaAhead(): boolean {
    const name = this.tokens[this.index + 1];
    return (
      name?.type === 'identifier' &&
      ['any', 'all'].includes(name.text.toLowerCase()) &&
      this.tokens[this.index + 2]?.text === '('
    );
  }

  private parseLambda(collection: Extract<Operand, { kind: 'property' }>): FilterNode {
    this.expectPunctuation('/');
    const quantifier = (this.tokens[this.index++] as Token).text.toLowerCase() as 'any' | 'all';
    const open = this.expectPunctuation('(');
    // `any()` asks whether the collection has an element: the lambda whose predicate is `true`.
    if (quantifier === 'any' && this.peek()?.text === ')') {
      this.index += 1;
      return {
        kind: 'lambda',
        quantifier,
        collection: collection.path,
        variable: '',
        predicate: {
          kind: 'value',
          operand: { kind: 'literal', literal: EVERY_ELEMENT, position: open.position },
          position: open.position,
        },
        position: open.position,
      };
    }
    const variable = this.peek();
    if (variable?.type !== 'identifier' || this.tokens[this.index + 1]?.text !== ':') throw this.syntaxError();
    this.index += 2;
    const predicate = this.parseOr();
    this.expectPunctuation(')');
    return {
      kind: 'lambda',
      quantifier,
      collection: collection.path,
      variable: variable.text,
      predicate,
      position: open.position,
    };
  }

  private parseFunction(): FilterNode {
    const nameToken = this.tokens[this.index++] as Token;
    this.expectPunctuation('(');
    const target = this.parseOperand();
    this.expectPunctuation(',');
    const argument = this.parseOperand();
    this.expectPunctuation(')');
    return {
      kind: 'function',
      name: nameToken.text.toLowerCase() as FunctionName,
      target,
      argument,
      position: nameToken.position,
    };
  }

  private parseOperand(): Operand {
    const token = this.peek();
    if (!token) throw this.syntaxError();
    const position = token.position;
    switch (token.type) {
      case 'string':
        this.index++;
        return { kind: 'literal', literal: { kind: 'string', value: token.text }, position };
      case 'number':
        this.index++;
        return { kind: 'literal', literal: { kind: 'number', value: Number(token.text) }, position };
      case 'guid':
        this.index++;
        return { kind: 'literal', literal: { kind: 'guid', value: token.text.toLowerCase() }, position };
      case 'dateTime':
        this.index++;
        return { kind: 'literal', literal: { kind: 'dateTime', value: token.text }, position };
      case 'identifier': {
        const word = token.text.toLowerCase();
        if (word === 'true' || word === 'false') {
          this.index++;
          return { kind: 'literal', literal: { kind: 'boolean', value: word === 'true' }, position };
        }
        if (word === 'null') {
          this.index++;
          return { kind: 'literal', literal: { kind: 'null' }, position };
        }
        const path = [token.text];
        this.index++;
        while (this.isPunctuation('/') && !this.isLambdaAhead()) {
          const segment = this.tokens[this.index + 1];
          if (segment?.type !== 'identifier') {
            this.index++;
            throw this.syntaxError();
          }
          path.push(segment.text);
          this.index += 2;
        }
        return { kind: 'property', path, position };
      }
      default:
        throw this.syntaxError();
    }
  }
}

/**
 * Bounds the work (and the recursion depth of binding and evaluation) one expression can
 * cause; Graph caps URLs near 2,048 characters, so real filters stay far below it.
 */
export const MAX_FILTER_TOKENS = 2000;

/** Parses a `$filter` expression; throws `FilterSyntaxError` with Graph's message. */
export function parseFilter(text: string): FilterNode {
  const tokens = tokenize(text);
  if (tokens.length > MAX_FILTER_TOKENS) {
    throw invalid(`The expression has ${tokens.length} tokens; the emulator reads at most ${MAX_FILTER_TOKENS}.`);
  }
  return new Parser(text, tokens).parse();
}

// ---------------------------------------------------------------------------------------
// Binding: property names → canonical names, literal types checked against property types.

export interface FilterProperty {
  /** Canonical spelling. */
  name: string;
  /** CSDL type, `Collection(...)` for multi-valued properties. */
  type: string;
}

export interface BindOptions {
  /** Looks a top-level property up, case-insensitively. */
  property(name: string): FilterProperty | undefined;
  /** Qualified type name for messages, e.g. `microsoft.graph.user`. */
  typeName: string;
}

const OPERATOR_KINDS: Record<ComparisonOperator, string> = {
  eq: 'Equal',
  ne: 'NotEqual',
  gt: 'GreaterThan',
  ge: 'GreaterThanOrEqual',
  lt: 'LessThan',
  le: 'LessThanOrEqual',
};

export function literalType(literal: Literal): string | null {
  switch (literal.kind) {
    case 'string':
      return 'Edm.String';
    case 'number':
      return Number.isInteger(literal.value) ? 'Edm.Int32' : 'Edm.Double';
    case 'boolean':
      return 'Edm.Boolean';
    case 'guid':
      return 'Edm.Guid';
    case 'dateTime':
      return literal.value.includes('T') ? 'Edm.DateTimeOffset' : 'Edm.Date';
    case 'null':
      return null;
  }
}

function compatible(propertyType: string, literal: Literal): boolean {
  const type = literalType(literal);
  if (type === null) return true;
  if (propertyType === type) return true;
  const numeric = ['Edm.Int32', 'Edm.Int64', 'Edm.Double'];
  if (numeric.includes(propertyType) && numeric.includes(type)) return true;
  return propertyType === 'Edm.DateTimeOffset' && type === 'Edm.Date';
}

function elementType(type: string): string | null {
  const match = /^Collection\((.+)\)$/.exec(type);
  return match ? (match[1] as string) : null;
}

interface Scope {
  variable: string;
  type: string;
}

/**
 * Resolves every property of `node` against the entity type (throwing `FilterSyntaxError`
 * for unknown properties and mismatched literal types, as Graph's OData layer does) and
 * returns the tree with canonical property names.
 */
export function bindFilter(node: FilterNode, options: BindOptions): FilterNode {
  return bindNode(node, options, null);
}

function bindNode(node: FilterNode, options: BindOptions, scope: Scope | null): FilterNode {
  switch (node.kind) {
    case 'and':
    case 'or':
      return { ...node, left: bindNode(node.left, options, scope), right: bindNode(node.right, options, scope) };
    case 'not':
      return { ...node, operand: bindNode(node.operand, options, scope) };
    case 'compare': {
      const left = bindOperand(node.left, options, scope);
      const right = bindOperand(node.right, options, scope);
      checkComparison(left, right, node.operator, options, scope);
      return { ...node, left, right };
    }
    case 'in': {
      const left = bindOperand(node.left, options, scope);
      const type = operandType(left, options, scope);
      if (type) {
        for (const value of node.values) {
          if (!compatible(type, value)) throw incompatible(type, value, 'Equal');
        }
      }
      return { ...node, left };
    }
    case 'function': {
      const target = bindOperand(node.target, options, scope);
      const argument = bindOperand(node.argument, options, scope);
      const targetType = operandType(target, options, scope);
      const argumentType =
        argument.kind === 'literal' ? literalType(argument.literal) : operandType(argument, options, scope);
      if (
        (targetType !== null && targetType !== 'Edm.String') ||
        (argumentType !== null && argumentType !== 'Edm.String')
      ) {
        throw invalid(
          `No function signature for the function with name '${node.name}' matches the specified arguments. The function signatures considered are: ${node.name}(Edm.String Nullable=true, Edm.String Nullable=true).`,
        );
      }
      return { ...node, target, argument };
    }
    case 'lambda': {
      const collection = bindPath(node.collection, options, scope);
      const type = pathType(collection, options, scope);
      const element = type ? elementType(type) : null;
      if (!element) {
        throw invalid(
          `The parent value for a lambda expression must be a collection; '${collection.join('/')}' is not.`,
        );
      }
      const predicate = bindNode(node.predicate, options, { variable: node.variable, type: element });
      return { ...node, collection, predicate };
    }
    case 'value':
      return { ...node, operand: bindOperand(node.operand, options, scope) };
  }
}

function bindOperand(operand: Operand, options: BindOptions, scope: Scope | null): Operand {
  return operand.kind === 'property' ? { ...operand, path: bindPath(operand.path, options, scope) } : operand;
}

function bindPath(path: string[], options: BindOptions, scope: Scope | null): string[] {
  const [head, ...rest] = path as [string, ...string[]];
  if (scope && head === scope.variable) return path;
  const property = options.property(head);
  if (!property) throw invalid(`Could not find a property named '${head}' on type '${options.typeName}'.`);
  return [property.name, ...rest];
}

/** The CSDL type of a property operand, or null when not a property (or not known). */
function operandType(operand: Operand, options: BindOptions, scope: Scope | null): string | null {
  return operand.kind === 'property' ? pathType(operand.path, options, scope) : null;
}

function pathType(path: string[], options: BindOptions, scope: Scope | null): string | null {
  if (path.length !== 1) return null;
  const [head] = path as [string];
  if (scope && head === scope.variable) return scope.type;
  return options.property(head)?.type ?? null;
}

function checkComparison(
  left: Operand,
  right: Operand,
  operator: ComparisonOperator,
  options: BindOptions,
  scope: Scope | null,
): void {
  const leftType = operandType(left, options, scope);
  const rightType = operandType(right, options, scope);
  if (leftType && right.kind === 'literal' && !compatible(leftType, right.literal))
    throw incompatible(leftType, right.literal, OPERATOR_KINDS[operator]);
  if (rightType && left.kind === 'literal' && !compatible(rightType, left.literal))
    throw incompatible(rightType, left.literal, OPERATOR_KINDS[operator]);
}

function incompatible(propertyType: string, literal: Literal, operatorKind: string): FilterSyntaxError {
  return invalid(
    `A binary operator with incompatible types was detected. Found operand types '${propertyType}' and '${literalType(literal)}' for operator kind '${operatorKind}'.`,
  );
}

// ---------------------------------------------------------------------------------------
// Evaluation over plain records. Strings compare case-insensitively, as directory
// properties do; a comparison with a missing value is false (except `eq null`).

export function evaluateFilter(node: FilterNode, record: object): boolean {
  return evaluate(node, record, new Map());
}

function evaluate(node: FilterNode, record: object, scope: Map<string, unknown>): boolean {
  switch (node.kind) {
    case 'and':
      return evaluate(node.left, record, scope) && evaluate(node.right, record, scope);
    case 'or':
      return evaluate(node.left, record, scope) || evaluate(node.right, record, scope);
    case 'not':
      return !evaluate(node.operand, record, scope);
    case 'compare':
      return compareValues(resolve(node.left, record, scope), node.operator, resolve(node.right, record, scope));
    case 'in': {
      const value = resolve(node.left, record, scope);
      return node.values.some((literal) => compareValues(value, 'eq', literalValue(literal)));
    }
    case 'function': {
      const target = resolve(node.target, record, scope);
      const argument = resolve(node.argument, record, scope);
      if (typeof target !== 'string' || typeof argument !== 'string') return false;
      const haystack = target.toLowerCase();
      const needle = argument.toLowerCase();
      if (node.name === 'startswith') return haystack.startsWith(needle);
      if (node.name === 'endswith') return haystack.endsWith(needle);
      return haystack.includes(needle);
    }
    case 'lambda': {
      const collection = walk(record, node.collection);
      if (!Array.isArray(collection)) return false;
      const matches = (element: unknown) =>
        evaluate(node.predicate, record, new Map(scope).set(node.variable, element));
      return node.quantifier === 'any' ? collection.some(matches) : collection.every(matches);
    }
    case 'value':
      return resolve(node.operand, record, scope) === true;
  }
}

function literalValue(literal: Literal): unknown {
  return literal.kind === 'null' ? null : literal.value;
}

function resolve(operand: Operand, record: object, scope: Map<string, unknown>): unknown {
  if (operand.kind === 'literal') return literalValue(operand.literal);
  const [head, ...rest] = operand.path as [string, ...string[]];
  if (scope.has(head)) return walk(scope.get(head), rest);
  return walk(record, operand.path);
}

function walk(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const segment of path) {
    if (segment === '$count') {
      // A collection the record does not hold (a relationship the tenant leaves empty) counts 0.
      current = Array.isArray(current) ? current.length : current === undefined || current === null ? 0 : undefined;
      continue;
    }
    if (typeof current !== 'object' || current === null) return undefined;
    const object = current as Record<string, unknown>;
    if (segment in object) {
      current = object[segment];
      continue;
    }
    const key = Object.keys(object).find((k) => k.toLowerCase() === segment.toLowerCase());
    current = key === undefined ? undefined : object[key];
  }
  return current;
}

function compareValues(left: unknown, operator: ComparisonOperator, right: unknown): boolean {
  if (left === null || left === undefined || right === null || right === undefined) {
    const bothNull = (left ?? null) === null && (right ?? null) === null;
    if (operator === 'eq') return bothNull;
    if (operator === 'ne') return !bothNull;
    return false;
  }
  const order = orderOf(left, right);
  if (order === null) return operator === 'ne';
  switch (operator) {
    case 'eq':
      return order === 0;
    case 'ne':
      return order !== 0;
    case 'gt':
      return order > 0;
    case 'ge':
      return order >= 0;
    case 'lt':
      return order < 0;
    case 'le':
      return order <= 0;
  }
}

/** Sign of left − right, or null when the two cannot be compared. */
function orderOf(left: unknown, right: unknown): number | null {
  if (typeof left === 'number' && typeof right === 'number') return Math.sign(left - right);
  if (typeof left === 'boolean' && typeof right === 'boolean') return left === right ? 0 : left ? 1 : -1;
  if (typeof left === 'string' && typeof right === 'string') {
    const leftTime = isoTime(left);
    const rightTime = isoTime(right);
    if (leftTime !== null && rightTime !== null) return Math.sign(leftTime - rightTime);
    const a = left.toLowerCase();
    const b = right.toLowerCase();
    return a === b ? 0 : a < b ? -1 : 1;
  }
  return null;
}

function isoTime(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : time;
}
