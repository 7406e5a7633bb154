import { createGraphClient } from '../../src/graph/create-graph-client';
import { GraphApiError } from '../../src/graph/errors';

const GRAPH = 'http://127.0.0.1:4001';
const UNAUTHORIZED = { error: { code: 'InvalidAuthenticationToken', message: 'Access token validation failure.' } };

/** A Graph that answers every `$batch` step 401 and every GET 200, counting the requests it got. */
function refusingBatchSteps() {
  const seen: string[] = [];
  const fetch = async (request: Request) => {
    seen.push(`${request.method} ${new URL(request.url).pathname}`);
    if (request.method === 'POST') {
      const { requests } = (await request.json()) as { requests: Array<{ id: string }> };
      const responses = requests.map(({ id }) => ({ id, status: 401, headers: {}, body: UNAUTHORIZED }));
      return new Response(JSON.stringify({ responses }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }
    return new Response(JSON.stringify({ id: 'x' }), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { seen, fetch };
}

describe('a token Graph refused in a $batch step', () => {
  it('answers the later reads of the operation with the same 401 without sending them', async () => {
    const graph = refusingBatchSteps();
    const client = createGraphClient({ graphUrl: GRAPH, getToken: async () => 'token', fetch: graph.fetch });

    const firstWave = await Promise.allSettled([client.getUser('a', ['id']), client.getUser('b', ['id'])]);
    const later = await client.getGroup('c', ['id']).catch((error: unknown) => error);

    expect(
      firstWave.map((result) => (result.status === 'rejected' ? (result.reason as GraphApiError).status : 'ok')),
    ).toEqual([401, 401]);
    expect(later).toBeInstanceOf(GraphApiError);
    expect((later as GraphApiError).status).toBe(401);
    expect((later as GraphApiError).code).toBe('InvalidAuthenticationToken');
    expect(graph.seen).toEqual(['POST /v1.0/$batch']);
    expect(client.stats().httpRequests).toBe(1);
  });
});
