/**
 * The hostile corpus (`hostile-corpus.ts`) over real HTTP: each case gets the refusal or the
 * harmless empty answer it expects, no injected text reaches Graph outside an escaped literal
 * (checked on the emulator's raw request log), and the gateway keeps answering.
 */
import type { FormattedExecutionResult } from 'graphql';
import { startTestGateway, post, type TestGateway } from '../kit';
import { HOSTILE_CORPUS, MARKER, type HostileCase } from './hostile-corpus';

let gw: TestGateway;
let url: string;
beforeAll(async () => {
  gw = await startTestGateway({ users: 20 });
  url = await gw.listen();
  gw.emulator.requestLog.clear();
});
afterAll(() => gw.close());

async function send(request: HostileCase['request']): Promise<{ status: number; body: FormattedExecutionResult }> {
  const target = request.search ? `${url}?${request.search}` : url;
  const body = request.raw ?? (request.json !== undefined ? JSON.stringify(request.json) : undefined);
  const response = await fetch(target, { method: request.method ?? 'POST', headers: request.headers ?? {}, body });
  const text = await response.text();
  let parsed: FormattedExecutionResult;
  try {
    parsed = JSON.parse(text) as FormattedExecutionResult;
  } catch {
    throw new Error(`HTTP ${response.status} answered a body that is not JSON: ${text.slice(0, 200)}`);
  }
  return { status: response.status, body: parsed };
}

function at(data: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | null)?.[key], data);
}

it(`holds at least 100 cases`, () => {
  expect(HOSTILE_CORPUS.length).toBeGreaterThanOrEqual(100);
  expect(new Set(HOSTILE_CORPUS.map((c) => c.name)).size).toBe(HOSTILE_CORPUS.length);
});

describe('each hostile request', () => {
  it.each(HOSTILE_CORPUS.map((c) => [c.name, c] as const))('%s gets a clear answer', async (_name, hostile) => {
    const { status, body } = await send(hostile.request);
    const { expected } = hostile;
    if (expected.kind === 'empty') {
      expect({ status, errors: body.errors }).toEqual({ status: 200, errors: undefined });
      const value = at(body.data, expected.path);
      expect(value === null || (Array.isArray(value) && value.length === 0)).toBe(true);
      return;
    }
    expect(status).toBe(expected.status);
    const [error] = body.errors ?? [];
    expect(error?.extensions?.code).toBe(expected.code);
    expect(error?.message).toMatch(expected.message);
    // A person reads it: a sentence, no stack trace, no internals.
    expect(error?.message).not.toMatch(/\n\s+at |TypeError|undefined/);
  });
});

/** A literal-aware check of one Graph request target carrying the marker. */
function injectionProblems(target: string): string[] {
  const problems: string[] = [];
  if (/[\r\n\u0000 #]/.test(target)) problems.push('raw CR, LF, NUL, space or #');
  const [path, query = ''] = target.split('?', 2);
  if (target.split('?').length > 2) problems.push('a second ?');
  if (path.split('/').some((segment) => segment === '..' || segment === '.')) problems.push('a dot segment');
  const keyLiteral = /\('(?:[^']|'')*'\)/g;
  if (path.replace(keyLiteral, '').includes(MARKER) && /\('/.test(path))
    problems.push('marker outside the key literal');
  const seen = new Set<string>();
  for (const option of query === '' ? [] : query.split('&')) {
    const [name, value = ''] = option.split('=', 2);
    if (!/^\$(select|filter|top|search|count|orderby|expand|skiptoken)$/.test(name) || seen.has(name)) {
      problems.push(`an unexpected query option ${name}`);
    }
    seen.add(name);
    const decoded = decodeURIComponent(value);
    if (name === '$filter' && decoded.replace(/'(?:[^']|'')*'/g, "''").includes(MARKER))
      problems.push('marker outside a $filter literal');
    if (name === '$search' && decoded.replace(/"(?:[^"\\]|\\.)*"/g, '""').includes(MARKER))
      problems.push('marker outside a $search phrase');
  }
  return problems;
}

describe('after the corpus', () => {
  it('sent Graph the injected text only inside escaped literals', () => {
    const lines = gw.emulator.requestLog.entries().filter((entry) => entry.url.includes(MARKER));
    expect(lines.length).toBeGreaterThan(50);
    const bad = lines
      .map((entry) => [entry.url, injectionProblems(entry.url)] as const)
      .filter(([, problems]) => problems.length > 0);
    expect(bad).toEqual([]);
  });

  it('still answers a plain query', async () => {
    const response = await post(url, { query: '{ me { userPrincipalName } }' });
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
  });
});
