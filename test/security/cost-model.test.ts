/**
 * The cost model against fan-out that the page sizes alone do not show: lists Graph returns
 * whole (costed at their declared `@listSize`), `_entities` (costed per representation, capped in
 * number), and the runtime caps on resolved objects and response bytes. Over real HTTP, against
 * a separately started emulator, with the gateway in app mode behind an API key.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { listSizesOf } from '../../src/analysis/list-sizes';
import { measure } from '../kit/analysis';
import { buildGatewaySchema } from '../../src/server';
import { post, startTestGateway, type TestGateway } from '../kit';

const API_KEY = 'cost-model-test-key-0123456789abcdef';
const AS_APP = { 'x-api-key': API_KEY };
const schema = buildGatewaySchema();

/**
 * `plannerPlan → buckets → plan → buckets …`, `levels` deep, two aliases per level, through
 * fragments (so the aliases stay few). Costed 253 when lists without `first` cost 1; it resolved
 * 8^6 = 262 144 objects on the emulator's plans of up to 4 buckets.
 */
function bucketCycle(planId: string, levels: number): string {
  const fragments = Array.from(
    { length: levels },
    (_, i) =>
      `fragment L${i} on PlannerPlan { a: buckets { plan { ...L${i + 1} } } b: buckets { plan { ...L${i + 1} } } }`,
  );
  return `{ plannerPlan(id: "${planId}") { ...L0 } } ${fragments.join(' ')} fragment L${levels} on PlannerPlan { id title }`;
}

/** Cost of `bucketCycle` with buckets costed at `buckets` each. */
function bucketCycleCost(levels: number, buckets: number): number {
  let cost = 0;
  for (let level = 0; level < levels; level++) cost = 2 * buckets * (1 + (1 + cost));
  return 1 + cost;
}

const ENTITIES =
  'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { id displayName } } }';

describe('list sizes declared with @listSize', () => {
  it('declares a size on every list of objects in the schema', () => {
    const sizes = listSizesOf(schema);
    const field = (type: string, name: string) => {
      const found = schema.getType(type);
      if (!found || !('getFields' in found)) throw new Error(type);
      return (found.getFields() as Record<string, Parameters<typeof sizes.of>[0]>)[name];
    };
    expect(sizes.of(field('PlannerPlan', 'buckets'))?.assumedSize).toBe(10);
    expect(sizes.of(field('Group', 'plannerPlans'))?.assumedSize).toBe(3);
    expect(sizes.of(field('PlannerTask', 'assignees'))?.assumedSize).toBe(5);
    expect(sizes.of(field('PlannerTaskDetails', 'checklist'))?.assumedSize).toBe(20);
    expect(sizes.of(field('User', 'outlookTaskLists'))?.assumedSize).toBe(20);
    expect(sizes.of(field('Query', 'users'))).toEqual({
      assumedSize: null,
      slicingArguments: ['first'],
      sizedFields: ['nodes', 'edges'],
    });
    expect(sizes.isSizedItems(field('UserConnection', 'nodes'))).toBe(true);
  });

  it('refuses a schema with a list of objects that declares no size', () => {
    const sdl = parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@listSize"])
      type Query { plan: Plan }
      type Plan { buckets: [Bucket!]! labels: [String!]! }
      type Bucket { id: ID! }
    `);
    expect(() => listSizesOf(buildSubgraphSchema([{ typeDefs: sdl }]))).toThrow(
      'These list fields declare no size (add `@listSize` in schema/*.graphql): `Plan.buckets`.',
    );
  });

  it('costs lists Graph returns whole at their declared size', () => {
    expect(measure('{ plannerPlan(id: "p") { buckets { id } } }').cost).toBe(1 + 10);
    expect(measure('{ group(id: "g") { plannerPlans { id } } }').cost).toBe(1 + 3);
    expect(measure('{ plannerTask(id: "t") { assignees { id } details { checklist { id } } } }').cost).toBe(
      1 + 5 + (1 + 20),
    );
    expect(measure('{ me { outlookTaskLists { tasks(first: 10) { nodes { id } } } } }').cost).toBe(
      1 + 20 * (1 + 10 * (1 + 1)),
    );
  });

  it('costs a paged list that is not a connection by its first', () => {
    expect(measure('{ me { outlookTasks(first: 40) { id list { id } } } }').cost).toBe(1 + 40 * (1 + 1));
    expect(measure('{ me { outlookTasks { id } } }').cost).toBe(1 + 25);
  });

  it('costs the six-level bucket cycle far above the limit', () => {
    expect(measure(bucketCycle('p', 6)).cost).toBe(bucketCycleCost(6, 10));
    expect(bucketCycleCost(6, 10)).toBe(134_736_841);
  });
});

describe('_entities cost', () => {
  it('costs each representation with the selection of its own type', () => {
    const query = `query ($representations: [_Any!]!) { _entities(representations: $representations) {
      ... on User { memberOf(first: 10) { nodes { id } } }
      ... on PlannerPlan { buckets { id } }
    } }`;
    const representations = [
      ...Array.from({ length: 7 }, (_, i) => ({ __typename: 'User', id: `u${i}` })),
      ...Array.from({ length: 3 }, (_, i) => ({ __typename: 'PlannerPlan', id: `p${i}` })),
    ];
    expect(measure(query, { representations })).toMatchObject({
      representations: 10,
      cost: 7 * (1 + 10 * 2) + 3 * (1 + 10),
    });
  });

  it('narrows named fragments on the entity union to each representation’s type', () => {
    const query = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ...E } }
      fragment E on _Entity { ... on User { manager { id } } ... on Group { plannerPlans { id } } }`;
    const representations = [
      { __typename: 'Group', id: 'g1' },
      { __typename: 'Group', id: 'g2' },
    ];
    expect(measure(query, { representations })).toMatchObject({ representations: 2, cost: 2 * (1 + 3) });
  });

  it('counts representations written inline in the query', () => {
    const measured = measure(
      '{ _entities(representations: [{ __typename: "User", id: "a" }, { __typename: "User", id: "b" }]) { ... on User { manager { id } } } }',
    );
    expect(measured).toMatchObject({ representations: 2, cost: 2 * (1 + 1) });
  });
});

describe('static limits over HTTP, app mode against a separate emulator', () => {
  let gw: TestGateway;
  let url: string;
  beforeAll(async () => {
    gw = await startTestGateway({ users: 40, external: { GRAPH_AUTH_MODE: 'app', GATEWAY_API_KEYS: API_KEY } });
    url = await gw.listen();
  });
  afterAll(() => gw.close());
  beforeEach(() => gw.emulator.resetStats());

  const aPlanId = () => [...gw.emulator.tenant.plans.keys()][0] ?? '';

  async function refusedBeforeGraph(body: { query: string; variables?: Record<string, unknown> }) {
    const response = await post(url, body, { headers: AS_APP });
    expect(response.status).toBe(400);
    expect(gw.emulator.stats().httpRequests).toBe(0);
    expect(response.body.errors).toHaveLength(1);
    return response.body.errors?.[0] as { message: string; extensions: Record<string, unknown> };
  }

  it('refuses the six-level plan → buckets → plan cycle before any Graph call', async () => {
    const error = await refusedBeforeGraph({ query: bucketCycle(aPlanId(), 6) });
    expect(error.extensions).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'GATEWAY_MAX_COST',
      value: 134_736_841,
      max: 50_000,
    });
    expect(error.message).toBe(
      'The operation is too complex: its cost is 134736841, above the limit of 50000. ' +
        'Simplify the operation (fewer nested lists, smaller `first`), or raise GATEWAY_MAX_COST.',
    );
  });

  it('refuses fan-out through unpaged lists (groups → plans → buckets → tasks → assignees) before any Graph call', async () => {
    const query = '{ groups { nodes { plannerPlans { buckets { tasks { nodes { assignees { id } } } } } } } }';
    const error = await refusedBeforeGraph({ query });
    // assignees 5; task nodes 1 + 5; tasks 25 × 7; buckets 10 × 176; plans 3 × 1761; groups 100 × (1 + 1 + 5283).
    expect(error.extensions).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'GATEWAY_MAX_COST',
      value: 528_500,
      max: 50_000,
    });
  });

  it('refuses 3000 representations with GATEWAY_MAX_REPRESENTATIONS before any Graph call', async () => {
    const representations = Array.from({ length: 3000 }, (_, i) => ({
      __typename: 'User',
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    }));
    const error = await refusedBeforeGraph({ query: ENTITIES, variables: { representations } });
    expect(error.extensions).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'GATEWAY_MAX_REPRESENTATIONS',
      value: 3000,
      max: 500,
    });
    expect(error.message).toContain('raise GATEWAY_MAX_REPRESENTATIONS');
  });

  it('refuses representations whose selections together cost more than GATEWAY_MAX_COST before any Graph call', async () => {
    const ids = [...gw.emulator.tenant.users.keys()];
    const representations = Array.from({ length: 400 }, (_, i) => ({ __typename: 'User', id: ids[i % ids.length] }));
    const query =
      'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { memberOf(first: 100) { nodes { id } } } } }';
    const error = await refusedBeforeGraph({ query, variables: { representations } });
    expect(error.extensions).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'GATEWAY_MAX_COST',
      value: 400 * (1 + 100 * 2),
      max: 50_000,
    });
  });

  it('answers a plan with its buckets, tasks and assignees within the limits', async () => {
    const query = `{ plannerPlan(id: "${aPlanId()}") { title buckets { name tasks { nodes { title assignees { displayName } } } } } }`;
    const response = await post(url, { query }, { headers: AS_APP });
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(gw.emulator.stats().httpRequests).toBeGreaterThan(0);
  });
});

describe('runtime caps over HTTP, app mode against a separate emulator', () => {
  const MiB = 1024 * 1024;
  let gw: TestGateway;
  let url: string;
  beforeAll(async () => {
    gw = await startTestGateway({
      users: 40,
      external: {
        GRAPH_AUTH_MODE: 'app',
        GATEWAY_API_KEYS: API_KEY,
        // Let the cycle past the static cost, so that only the runtime caps stand in its way.
        GATEWAY_MAX_COST: '1000000000',
        GATEWAY_MAX_RESULT_NODES: '5000',
        GATEWAY_MAX_RESPONSE_BYTES: '4096',
      },
    });
    url = await gw.listen();
  });
  afterAll(() => gw.close());
  beforeEach(() => gw.emulator.resetStats());

  // The same operation twice: graphql-js runs its first use, its compiled form the second.
  it.each(['graphql-js, first use', 'compiled, second use'])(
    'stops the bucket cycle at GATEWAY_MAX_RESULT_NODES with bounded memory while another caller is answered (%s)',
    async () => {
      const planId = [...gw.emulator.tenant.plans.keys()][0] ?? '';
      const userId = [...gw.emulator.tenant.users.keys()][0] ?? '';
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
      try {
        const [cycle, other] = await Promise.all([
          post(url, { query: bucketCycle(planId, 6) }, { headers: AS_APP }),
          post(url, { query: `{ user(id: "${userId}") { id } }` }, { headers: AS_APP }),
        ]);
        expect(other.status).toBe(200);
        expect(other.body).toEqual({ data: { user: { id: userId } } });
        expect(cycle.status).toBe(400);
        expect(cycle.body.data).toBeUndefined();
        expect(cycle.body.errors).toHaveLength(1);
        const [error] = cycle.body.errors ?? [];
        expect(error?.extensions).toMatchObject({
          code: 'QUERY_TOO_COMPLEX',
          limit: 'GATEWAY_MAX_RESULT_NODES',
          max: 5000,
        });
        expect(error?.extensions?.value).toBeGreaterThan(5000);
        expect(error?.message).toMatch(
          /^The operation is too complex: its number of resolved objects is \d+, above the limit of 5000\. .*raise GATEWAY_MAX_RESULT_NODES\.$/,
        );
      } finally {
        clearInterval(sampler);
      }
      // Unguarded, this operation grew the process by about 1.1 GiB (262 144 objects).
      expect(peak - before).toBeLessThan(150 * MiB);
      // The buckets of the one plan are read once; the cycle only repeats them in the response.
      expect(gw.emulator.stats().httpRequests).toBeLessThanOrEqual(4);
    },
  );

  it('refuses a response larger than GATEWAY_MAX_RESPONSE_BYTES, naming its size', async () => {
    const query = '{ users(first: 40) { nodes { id displayName userPrincipalName mail jobTitle department } } }';
    const response = await post(url, { query }, { headers: AS_APP });
    expect(response.status).toBe(400);
    expect(response.body.data).toBeUndefined();
    const [error] = response.body.errors ?? [];
    expect(error?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'GATEWAY_MAX_RESPONSE_BYTES',
      max: 4096,
    });
    expect(error?.extensions?.value).toBeGreaterThan(4096);
    expect(gw.emulator.stats().httpRequests).toBe(1);
  });

  it('sends a response under GATEWAY_MAX_RESPONSE_BYTES byte for byte as Apollo serializes it', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...AS_APP },
      body: JSON.stringify({ query: '{ users(first: 3) { nodes { displayName } } }' }),
    });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).toBe(`${JSON.stringify(JSON.parse(text))}\n`);
    expect((JSON.parse(text) as { data: { users: { nodes: unknown[] } } }).data.users.nodes).toHaveLength(3);
  });
});

describe('the default limits', () => {
  it('let the README’s and the benchmark’s Planner and To Do operations through', async () => {
    const gw = await startTestGateway({ users: 40 });
    try {
      const operations = [
        '{ me { plannerTasks { nodes { title plan { title group { displayName } } assignees { displayName } } } outlookTaskLists { displayName tasks(status: NOT_STARTED) { nodes { title dueDateTime } } } } }',
        '{ me { memberOf { nodes { displayName plannerPlans { title buckets { name } tasks { nodes { title bucket { name } assignees { displayName } } } } } } } }',
        '{ me { memberOf(first: 25) { nodes { id displayName groupTypes plannerPlans { id title tasks(first: 50) { nodes { id title percentComplete assignees { id displayName } } } } } } } }',
      ];
      for (const operation of operations) {
        const schemaOnly = measure(operation);
        expect(schemaOnly.cost).toBeLessThan(50_000 / 1.5);
        const result = await gw.execute(operation);
        expect(result.errors).toBeUndefined();
      }
    } finally {
      await gw.close();
    }
  });
});
