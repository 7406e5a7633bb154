import { startTestGateway, post, type TestGateway } from '../kit';
import { measure } from '../kit/analysis';

describe('operation cost', () => {
  it('costs a root list by its first and nothing for scalars', () => {
    expect(measure('{ users(first: 10) { nodes { id displayName mail } } }').cost).toBe(10 * (1 + 1));
  });

  it('uses the resolvers’ defaults: 100 for a root list, 25 for a nested one', () => {
    expect(measure('{ users { nodes { memberOf { nodes { id } } } } }').cost).toBe(100 * (1 + (1 + 25 * (1 + 1))));
  });

  it('multiplies nested lists and reads first from variables', () => {
    const query = 'query ($n: Int) { users(first: $n) { nodes { directReports(first: 20) { nodes { id } } } } }';
    expect(measure(query, { n: 50 }).cost).toBe(50 * (1 + (1 + 20 * (1 + 1))));
  });

  it('measures a fragment bomb in full without expanding it', () => {
    const fragments = Array.from(
      { length: 12 },
      (_, i) => `fragment F${i} on User { ...F${i + 1} ...F${i + 1} manager { id } }`,
    );
    const query = `{ me { ...F0 } } ${fragments.join(' ')} fragment F12 on User { id }`;
    const measured = measure(query);
    expect(measured.cost).toBe(1 + (2 ** 12 - 1));
    expect(measured.depth).toBe(3);
  });

  it('counts depth through inline fragments and aliases in fragments once', () => {
    const measured = measure('{ me { ... on User { a: manager { b: manager { id } } } } }');
    expect(measured).toEqual({ depth: 4, aliases: 2, cost: 3, representations: 0 });
  });
});

describe('operation limits over HTTP', () => {
  let gw: TestGateway;
  let url: string;
  beforeAll(async () => {
    gw = await startTestGateway({
      users: 30,
      env: {
        GATEWAY_MAX_DEPTH: '6',
        GATEWAY_MAX_ALIASES: '5',
        GATEWAY_MAX_TOKENS: '400',
        GATEWAY_MAX_COST: '3000',
        GATEWAY_MAX_QUERY_BYTES: '4096',
      },
    });
    url = await gw.listen();
  });
  afterAll(() => gw.close());
  beforeEach(() => gw.emulator.resetStats());

  async function refused(query: string) {
    const response = await post(url, { query });
    expect(response.status).toBe(400);
    expect(gw.emulator.stats().httpRequests).toBe(0);
    const [error] = response.body.errors ?? [];
    expect(error?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    return error as { message: string; extensions: Record<string, unknown> };
  }

  it('refuses a query deeper than GATEWAY_MAX_DEPTH, naming the value and the setting', async () => {
    const error = await refused(
      '{ me { manager { manager { manager { manager { manager { manager { id } } } } } } } }',
    );
    expect(error.message).toBe(
      'The operation is too complex: its depth is 8, above the limit of 6. Simplify the operation (fewer nested lists, smaller `first`), or raise GATEWAY_MAX_DEPTH.',
    );
    expect(error.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'GATEWAY_MAX_DEPTH', value: 8, max: 6 });
  });

  it('refuses more aliases than GATEWAY_MAX_ALIASES', async () => {
    const aliases = Array.from({ length: 6 }, (_, i) => `a${i}: displayName`).join(' ');
    const error = await refused(`{ me { ${aliases} } }`);
    expect(error.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'GATEWAY_MAX_ALIASES', value: 6, max: 5 });
  });

  it('refuses more tokens than GATEWAY_MAX_TOKENS before parsing', async () => {
    const error = await refused(`{ me { ${'id '.repeat(450)} } }`);
    expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'GATEWAY_MAX_TOKENS', max: 400 });
    expect(error.message).toContain('raise GATEWAY_MAX_TOKENS');
  });

  it('refuses a query text larger than GATEWAY_MAX_QUERY_BYTES', async () => {
    const error = await refused(`{ me { displayName } } # ${'x'.repeat(5000)}`);
    expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'GATEWAY_MAX_QUERY_BYTES', max: 4096 });
  });

  it('refuses nested lists whose page sizes multiply above GATEWAY_MAX_COST', async () => {
    const error = await refused('{ users(first: 100) { nodes { memberOf(first: 50) { nodes { id } } } } }');
    expect(error.extensions).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'GATEWAY_MAX_COST',
      value: 100 * (2 + 50 * 2),
      max: 3000,
    });
  });

  it('runs the same shape with smaller pages', async () => {
    const response = await post(url, {
      query: '{ users(first: 5) { nodes { memberOf(first: 2) { nodes { id } } } } }',
    });
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(gw.emulator.stats().httpRequests).toBeGreaterThan(0);
  });
});

describe('default limits', () => {
  it('let the README’s example query through', async () => {
    const gw = await startTestGateway({ users: 30 });
    try {
      const result = await gw.execute(
        '{ me { displayName mail manager { displayName } memberOf(first: 5) { nodes { displayName } } } }',
      );
      expect(result.errors).toBeUndefined();
      const deep = await gw.execute(
        '{ users(first: 100) { nodes { memberOf { nodes { id } } directReports { nodes { id } } } } }',
      );
      expect(deep.errors).toBeUndefined();
    } finally {
      await gw.close();
    }
  });
});
