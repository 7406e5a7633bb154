/**
 * The compiled forms a process keeps (execution/compiled-operations.ts): compiled on an
 * operation's second use, and bounded by document length, a compile budget per window and the
 * number of documents kept.
 */
import { parse } from 'graphql';
import {
  compiledOperations,
  DEFAULT_COMPILE_LIMITS,
  type CompileLimits,
} from '../../src/execution/compiled-operations';
import { buildGatewaySchema } from '../../src/server';

const SCHEMA = buildGatewaySchema();

const query = (field: string) => `query Q${field} { users(first: 2) { nodes { id ${field} } } }`;

/** A clock each reading of which moves on by `step` ms (so a compilation takes `step`), and can be moved by hand. */
function steppingClock(step: number) {
  let at = 0;
  return {
    now: () => (at += step),
    advance: (ms: number) => (at += ms),
  };
}

function withLimits(limits: Partial<CompileLimits>, clock = steppingClock(1)) {
  return compiledOperations(SCHEMA, { ...DEFAULT_COMPILE_LIMITS, ...limits }, clock.now);
}

describe('compiled operations', () => {
  it('compiles an operation on its second use and keeps that form for every later use', () => {
    const operations = withLimits({});
    const text = query('displayName');
    const document = parse(text);

    expect(operations.forUse(document, 'QdisplayName', text)).toBeNull();
    const compiled = operations.forUse(document, 'QdisplayName', text);
    expect(compiled).not.toBeNull();
    expect(operations.forUse(document, 'QdisplayName', text)).toBe(compiled);
  });

  it('never compiles a document longer than maxSourceLength', () => {
    const operations = withLimits({ maxSourceLength: 20 });
    const text = query('mail');
    const document = parse(text);

    expect([1, 2, 3].map(() => operations.forUse(document, 'Qmail', text))).toEqual([null, null, null]);
  });

  it('leaves new operations to graphql-js once the window’s budget is spent, and compiles again in the next window', () => {
    const clock = steppingClock(5);
    const operations = withLimits({ budgetMs: 5, windowMs: 1000 }, clock);
    const [a, b] = ['displayName', 'jobTitle'].map((field) => ({
      text: query(field),
      document: parse(query(field)),
      name: `Q${field}`,
    }));
    const use = ({ text, document, name }: typeof a) => operations.forUse(document, name, text);

    use(a);
    const compiledA = use(a);
    expect(compiledA).not.toBeNull();
    use(b);
    expect(use(b)).toBeNull();
    expect(use(a)).toBe(compiledA);

    clock.advance(1000);
    expect(use(b)).not.toBeNull();
  });

  it('keeps the compiled forms of the maxDocuments most recently run documents', () => {
    const operations = withLimits({ maxDocuments: 2 });
    const [a, b, c] = ['displayName', 'jobTitle', 'mail'].map((field) => ({
      text: query(field),
      document: parse(query(field)),
      name: `Q${field}`,
    }));
    const use = ({ text, document, name }: typeof a) => operations.forUse(document, name, text);
    const compile = (one: typeof a) => {
      use(one);
      return use(one);
    };

    const compiledA = compile(a);
    const compiledB = compile(b);
    expect(use(a)).toBe(compiledA);
    compile(c);

    // B was run least recently: dropped, so its next use starts over.
    expect(use(a)).toBe(compiledA);
    expect(use(b)).toBeNull();
    const again = use(b);
    expect(again).not.toBeNull();
    expect(again).not.toBe(compiledB);
  });
});
