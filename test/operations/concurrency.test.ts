/**
 * The adaptive concurrency limit through the gateway: at product defaults a wave of ten `$batch`
 * requests goes out at once (one round trip); when Graph answers 429 the limit of the tenant and
 * app comes down for every operation of the gateway, so a later wave goes out in turns; after a
 * quiet period it grows back until the wave goes out at once again.
 */
import type { FetchLike } from '../../src/graph/create-graph-client';
import { graphStats, startTestGateway, type GraphStats, type TestGateway } from '../kit';

/** 100 users, then their groups and Planner tasks: 200 reads in 10 `$batch` requests. */
const USERS_GROUPS_TASKS =
  '{ users(first: 100) { nodes { id memberOf(first: 25) { nodes { id } } plannerTasks(first: 25) { nodes { id } } } } }';
/** 100 users, then their managers: another query of the same tenant and app. */
const USERS_MANAGERS = '{ users(first: 100) { nodes { id manager { id } } } }';

/** Counts the gateway's requests to Graph in flight, and the most at once. */
function inFlightCounter() {
  let now = 0;
  let most = 0;
  const graphFetch: FetchLike = async (request) => {
    now += 1;
    most = Math.max(most, now);
    try {
      return await fetch(request);
    } finally {
      now -= 1;
    }
  };
  return { graphFetch, most: () => most, reset: () => void (most = 0) };
}

let gw: TestGateway;
const inFlight = inFlightCounter();
let clock = 0;

beforeAll(async () => {
  gw = await startTestGateway({
    users: 120,
    // App-only: every user's Planner tasks are readable.
    env: { GRAPH_AUTH_MODE: 'app' },
    graphFetch: inFlight.graphFetch,
    graphRetry: { maxRetries: 0 },
    // The default policy (10 s quiet, then one more request every 2 s) on a clock that moves 1 ms
    // per reading and when the test moves it, so no step depends on how fast the machine is.
    graphConcurrency: { now: () => (clock += 1) },
  });
});
afterAll(async () => {
  await gw?.close();
});
afterEach(() => gw.emulator.setFaults({ throttleRate: 0, retryAfterSeconds: 1 }));

async function statsOf(query: string): Promise<{ stats: GraphStats; errors: number }> {
  const result = await gw.execute(query);
  return { stats: result.extensions?.graphStats as GraphStats, errors: result.errors?.length ?? 0 };
}

describe('concurrency at product defaults', () => {
  it('sends a wave of 10 $batch requests in one round trip', async () => {
    inFlight.reset();
    const { stats, errors } = await statsOf(USERS_GROUPS_TASKS);

    expect(errors).toBe(0);
    // The list (1 resource unit: `GET /users` 2, `$select` -1), then 100 memberOf reads (1 each:
    // 2, `$select` -1) and 100 Planner reads (Planner names no resource units).
    expect(stats).toEqual(
      graphStats({ httpRequests: 11, batchRequests: 10, subRequests: 200, waves: 2, resourceUnits: 101 }),
    );
    expect(stats.roundTrips).toBe(2);
    expect(inFlight.most()).toBe(10);
  });
});

describe("Graph's pushback", () => {
  it('lowers the limit for the other operations of the tenant and app, then lets it recover', async () => {
    // Two operations answered 429 throughout: the first halves the limit (32 → 16), the second,
    // sent after that cut, halves it again (16 → 8).
    gw.emulator.setFaults({ throttleRate: 1, retryAfterSeconds: 0 });
    for (let operation = 0; operation < 2; operation += 1) {
      const throttled = await gw.execute(USERS_MANAGERS);
      expect(throttled.errors?.[0]?.extensions?.code).toBe('THROTTLED');
    }
    gw.emulator.setFaults({ throttleRate: 0 });

    // Another operation's wave of 10 $batch requests now goes out 8 + 2: three round trips.
    inFlight.reset();
    const { stats, errors } = await statsOf(USERS_GROUPS_TASKS);
    expect(errors).toBe(0);
    expect(stats).toMatchObject({ httpRequests: 11, batchRequests: 10, waves: 2, roundTrips: 3 });
    expect(inFlight.most()).toBe(8);

    // Still 8 until the quiet period is over; then one more per step: 10 s + 2 s later the wave fits.
    clock += 9_000;
    expect((await statsOf(USERS_GROUPS_TASKS)).stats.roundTrips).toBe(3);
    clock += 3_000;
    inFlight.reset();
    const recovered = await statsOf(USERS_GROUPS_TASKS);
    expect(recovered.errors).toBe(0);
    expect(recovered.stats).toMatchObject({ httpRequests: 11, batchRequests: 10, waves: 2, roundTrips: 2 });
    expect(inFlight.most()).toBe(10);
  });
});
