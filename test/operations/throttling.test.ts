/**
 * Throttled (429) steps inside `$batch` requests: retried alone until they succeed, or, once
 * retries run out, a THROTTLED error on their own field while every sibling keeps its data.
 * Faults are switched on only after the first wave (the users list) has been answered.
 */
import type { FetchLike } from '../../src/graph/create-graph-client';
import { startTestGateway, type TestGateway } from '../kit';

const QUERY = '{ users(first: 30) { nodes { id displayName memberOf { nodes { id displayName } } } } }';

interface UsersData {
  users: {
    nodes: Array<{
      id: string;
      displayName: string;
      memberOf: { nodes: { id: string; displayName: string }[] };
    } | null>;
  };
}

/** Lets the first Graph response through untouched, then turns `onAfterFirst` on. */
function faultsAfterFirstResponse() {
  let onAfterFirst: (() => void) | null = null;
  let responses = 0;
  const graphFetch: FetchLike = async (request) => {
    const response = await fetch(request);
    responses += 1;
    if (responses === 1) onAfterFirst?.();
    return response;
  };
  return {
    graphFetch,
    arm(action: () => void) {
      responses = 0;
      onAfterFirst = action;
    },
    disarm() {
      onAfterFirst = null;
    },
  };
}

describe('throttled batch steps', () => {
  const faults = faultsAfterFirstResponse();
  let gw: TestGateway;
  let expected: UsersData;

  beforeAll(async () => {
    gw = await startTestGateway({
      users: 40,
      graphFetch: faults.graphFetch,
      graphRetry: { maxRetries: 6, maxTotalMs: 10_000 },
    });
    const clean = await gw.execute<UsersData>(QUERY);
    if (clean.errors || !clean.data) throw new Error('the query failed without faults');
    expected = clean.data;
  });
  afterEach(() => {
    faults.disarm();
    gw.emulator.setFaults({ throttleRate: 0, retryAfterSeconds: 1 });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('retries throttled steps alone and still returns complete data', async () => {
    faults.arm(() => gw.emulator.setFaults({ throttleRate: 0.4, retryAfterSeconds: 0 }));
    gw.emulator.resetStats();
    const result = await gw.execute<UsersData>(QUERY);

    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual(expected);
    const reported = result.extensions?.graphStats as {
      retries: number;
      subRequests: number;
      httpRequests: number;
      batchRequests: number;
    };
    expect(reported.retries).toBeGreaterThan(0);
    // Every Graph call the emulator saw is one of the 31 distinct reads or one retry of a throttled one.
    const stats = gw.emulator.stats();
    expect(stats.subRequests + stats.httpRequests - stats.batchRequests).toBe(31 + reported.retries);
  });

  // `memberOf` is non-null, so its error nulls the user it belongs to, and only that user.
  it('gives THROTTLED to the fields whose retries ran out and keeps the data of every other user', async () => {
    const stingy = await startTestGateway({ users: 40, graphFetch: faults.graphFetch, graphRetry: { maxRetries: 0 } });
    try {
      faults.arm(() => stingy.emulator.setFaults({ throttleRate: 0.5, retryAfterSeconds: 0 }));
      const clean = expected.users.nodes;
      const result = await stingy.execute<UsersData>(QUERY);

      const errors = result.errors ?? [];
      const failedIndexes = errors.map((error) => {
        expect(error.extensions?.code).toBe('THROTTLED');
        expect(error.extensions?.graph).toMatchObject({ status: 429, code: 'TooManyRequests' });
        expect(error.path).toEqual(['users', 'nodes', expect.any(Number), 'memberOf']);
        return error.path?.[2] as number;
      });
      expect(failedIndexes.length).toBeGreaterThan(0);
      expect(failedIndexes.length).toBeLessThan(clean.length);
      expect(result.data?.users.nodes).toEqual(
        clean.map((user, index) => (failedIndexes.includes(index) ? null : user)),
      );
    } finally {
      faults.disarm();
      await stingy.close();
    }
  });
});
