/**
 * The `$filter` subset To Do answers on tasks: comparisons (`eq ne gt ge lt le`) of a property
 * with a literal, `startswith`/`contains` on text, `not`, `and`, `or` and parentheses, e.g.
 * `status ne 'completed' and importance eq 'high'` or
 * `completedDateTime/dateTime ge '2026-01-01T00:00'`.
 */
import type { TodoTaskRecord } from '../../../tenant/model';

type Literal = string | boolean | null;
type Node =
  | { kind: 'and' | 'or'; left: Node; right: Node }
  | { kind: 'not'; operand: Node }
  | { kind: 'compare'; op: string; property: string; value: Literal }
  | { kind: 'call'; fn: 'startswith' | 'contains'; property: string; value: string };

export class FilterError extends Error {}

const TEXT_PROPERTIES = new Set(['status', 'importance', 'title', 'body/content']);
const DATE_PROPERTIES = new Set([
  'createdDateTime',
  'lastModifiedDateTime',
  'bodyLastModifiedDateTime',
  'dueDateTime/dateTime',
  'startDateTime/dateTime',
  'completedDateTime/dateTime',
  'reminderDateTime/dateTime',
]);
const BOOLEAN_PROPERTIES = new Set(['isReminderOn', 'hasAttachments']);
const COMPARISONS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      tokens.push(c);
      i++;
      continue;
    }
    if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new FilterError('unterminated string literal');
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      tokens.push(`'${value}`); // the leading quote marks a string token
      continue;
    }
    const word = /^[A-Za-z0-9_./:+-]+/.exec(text.slice(i));
    if (!word) throw new FilterError(`unexpected character '${c}'`);
    tokens.push(word[0]);
    i += word[0].length;
  }
  return tokens;
}

/** Deeper nesting than any real query needs; it keeps a hostile filter from exhausting the stack. */
const MAX_DEPTH = 32;

class Parser {
  private position = 0;
  private depth = 0;
  constructor(private readonly tokens: string[]) {}

  parse(): Node {
    const node = this.or();
    if (this.position < this.tokens.length) throw new FilterError(`unexpected '${this.tokens[this.position]}'`);
    return node;
  }

  private peek(): string | undefined {
    return this.tokens[this.position];
  }

  private take(expected?: string): string {
    const token = this.tokens[this.position];
    if (token === undefined || (expected !== undefined && token.toLowerCase() !== expected)) {
      throw new FilterError(`expected ${expected ?? 'more input'}`);
    }
    this.position++;
    return token;
  }

  private or(): Node {
    let left = this.and();
    while (this.peek()?.toLowerCase() === 'or') {
      this.take();
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Node {
    let left = this.unary();
    while (this.peek()?.toLowerCase() === 'and') {
      this.take();
      left = { kind: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): Node {
    if (++this.depth > MAX_DEPTH) throw new FilterError('the expression is nested too deeply');
    try {
      return this.operand();
    } finally {
      this.depth--;
    }
  }

  private operand(): Node {
    if (this.peek()?.toLowerCase() === 'not') {
      this.take();
      return { kind: 'not', operand: this.unary() };
    }
    if (this.peek() === '(') {
      this.take();
      const inner = this.or();
      this.take(')');
      return inner;
    }
    const first = this.take();
    const fn = first.toLowerCase();
    if ((fn === 'startswith' || fn === 'contains') && this.peek() === '(') {
      this.take('(');
      const property = this.property(this.take());
      this.take(',');
      const value = this.literal(this.take());
      this.take(')');
      if (typeof value !== 'string' || !TEXT_PROPERTIES.has(property))
        throw new FilterError(`${fn} needs a text property and a string`);
      return { kind: 'call', fn, property, value };
    }
    const property = this.property(first);
    const op = this.take().toLowerCase();
    if (!COMPARISONS.has(op)) throw new FilterError(`unknown operator '${op}'`);
    const value = this.literal(this.take());
    if (DATE_PROPERTIES.has(property) && typeof value === 'string' && Number.isNaN(instant(value))) {
      throw new FilterError(`'${value}' is not a date`);
    }
    return { kind: 'compare', op, property, value };
  }

  private property(token: string): string {
    if (TEXT_PROPERTIES.has(token) || DATE_PROPERTIES.has(token) || BOOLEAN_PROPERTIES.has(token)) return token;
    throw new FilterError(`could not find a property named '${token}'`);
  }

  private literal(token: string): Literal {
    if (token.startsWith("'")) return token.slice(1);
    const lower = token.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    if (lower === 'null') return null;
    if (/^\d{4}-\d{2}-\d{2}/.test(token)) return token; // unquoted DateTimeOffset literal
    throw new FilterError(`unsupported literal '${token}'`);
  }
}

function propertyValue(task: TodoTaskRecord, property: string): Literal {
  switch (property) {
    case 'body/content':
      return task.body?.content ?? '';
    case 'dueDateTime/dateTime':
      return task.dueDateTime?.dateTime ?? null;
    case 'startDateTime/dateTime':
      return task.startDateTime?.dateTime ?? null;
    case 'completedDateTime/dateTime':
      return task.completedDateTime?.dateTime ?? null;
    case 'reminderDateTime/dateTime':
      return task.reminderDateTime?.dateTime ?? null;
    default:
      return (task[property as keyof TodoTaskRecord] as Literal | undefined) ?? null;
  }
}

/** Instants compare as instants; wall-clock values without a zone are read as UTC. */
function instant(value: string): number {
  return Date.parse(/(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value}Z`);
}

function compare(op: string, property: string, actual: Literal, expected: Literal): boolean {
  if (actual === null || expected === null) {
    if (op === 'eq') return actual === expected;
    if (op === 'ne') return actual !== expected;
    return false;
  }
  let a: string | number | boolean = actual;
  let b: string | number | boolean = expected;
  if (DATE_PROPERTIES.has(property) && typeof a === 'string' && typeof b === 'string') {
    a = instant(a);
    b = instant(b);
  } else if (typeof a === 'string' && typeof b === 'string') {
    a = a.toLowerCase();
    b = b.toLowerCase();
  }
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'lt':
      return a < b;
    default:
      return a <= b;
  }
}

function evaluate(node: Node, task: TodoTaskRecord): boolean {
  switch (node.kind) {
    case 'and':
      return evaluate(node.left, task) && evaluate(node.right, task);
    case 'or':
      return evaluate(node.left, task) || evaluate(node.right, task);
    case 'not':
      return !evaluate(node.operand, task);
    case 'call': {
      const text = String(propertyValue(task, node.property) ?? '').toLowerCase();
      const needle = node.value.toLowerCase();
      return node.fn === 'startswith' ? text.startsWith(needle) : text.includes(needle);
    }
    default:
      return compare(node.op, node.property, propertyValue(task, node.property), node.value);
  }
}

/** A predicate for the expression; throws FilterError when To Do would refuse it. */
export function parseTaskFilter(expression: string): (task: TodoTaskRecord) => boolean {
  const tree = new Parser(tokenize(expression)).parse();
  return (task) => evaluate(tree, task);
}
