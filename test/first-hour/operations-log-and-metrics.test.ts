import { asNpmStart, metricsText, useGateway, sample } from '../kit';

describe('JSON logs and Prometheus metrics of GraphQL operations', () => {
  const gw = useGateway(asNpmStart());

  it("logs one JSON line per operation with the caller's request id, the operation, its duration and its Graph traffic", async () => {
    const query = 'query Me { me { displayName memberOf(first: 5) { nodes { displayName } } } }';
    const answer = await gw.post({ query }, { headers: { 'x-request-id': 'req-first-hour-1' } });

    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.headers.get('x-request-id')).toBe('req-first-hour-1');
    const entries = gw.logEntries().filter((line) => line.requestId === 'req-first-hour-1');
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry).toMatchObject({
      level: 'info',
      msg: 'graphql operation',
      operationType: 'query',
      operationName: 'Me',
    });
    expect(entry.graph).toEqual(answer.body.extensions?.graphStats);
    expect(typeof entry.durationMs).toBe('number');
    expect(typeof entry.time).toBe('string');
    expect(entry.errorCodes).toBeUndefined();
  });

  it('generates a request id when the caller sends none (or an unusable one) and returns it', async () => {
    const plain = await gw.post({ query: '{ me { id } }' });
    const odd = await gw.post({ query: '{ me { id } }' }, { headers: { 'x-request-id': 'has spaces and "quotes"' } });

    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    expect(plain.headers.get('x-request-id')).toMatch(uuid);
    expect(odd.headers.get('x-request-id')).toMatch(uuid);
    const ids = gw.logEntries().map((line) => line.requestId);
    expect(ids).toContain(plain.headers.get('x-request-id'));
    expect(ids).toContain(odd.headers.get('x-request-id'));
    expect(gw.log.join('\n')).not.toContain('has spaces');
  });

  it('logs the error codes of a failed operation and never a token, a secret or the variables', async () => {
    const answer = await gw.post(
      { query: 'query Page($n: Int) { users(first: $n) { nodes { id } } }', variables: { n: 0 } },
      { headers: { 'x-request-id': 'req-first-hour-bad', authorization: '' } },
    );

    expect(answer.body.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    const entry = gw.logEntries().find((line) => line.requestId === 'req-first-hour-bad');
    expect(entry).toMatchObject({ operationName: 'Page', errorCodes: ['BAD_USER_INPUT'] });
    const log = gw.log.join('\n');
    expect(log).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/); // no JWT
    expect(log).not.toContain(gw.prepared.embedded?.app.clientSecret ?? 'no secret configured');
    expect(log).not.toContain('"variables"');
  });

  it('counts operations by type and name, errors by code, Graph requests by status and $batch sizes at /metrics', async () => {
    const before = await metricsText(gw.origin);
    const ok = await gw.post({
      query: 'query Listing { users(first: 10) { nodes { displayName memberOf { nodes { id } } } } }',
    });
    await gw.post({ query: 'query Listing { users(first: 1000) { nodes { id } } }' });
    const response = await fetch(`${gw.origin}/metrics`);
    const after = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const delta = (series: string) => sample(after, series) - sample(before, series);
    expect(delta('graphql_operations_total{type="query",name="Listing"}')).toBe(2);
    expect(delta('graphql_errors_total{code="BAD_USER_INPUT"}')).toBe(1);
    expect(delta('graphql_operation_duration_seconds_count{type="query"}')).toBe(2);
    const stats = ok.body.extensions?.graphStats ?? {};
    expect(stats.batchRequests).toBeGreaterThan(0);
    expect(delta('graph_http_requests_total{kind="batch",status="200"}')).toBe(stats.batchRequests);
    expect(delta('graph_http_requests_total{kind="get",status="200"}')).toBe(stats.httpRequests - stats.batchRequests);
    expect(delta('graph_batch_size_count')).toBe(stats.batchRequests);
    expect(delta('graph_batch_size_sum')).toBe(stats.subRequests);
    expect(after).toContain('# TYPE graph_retries_total counter');
  });

  it('counts a request whose caller cannot be authenticated under its error code', async () => {
    const before = await metricsText(gw.origin);
    const answer = await gw.post({ query: '{ me { id } }' }, { headers: { authorization: 'Bearer not-a-token' } });
    const after = await metricsText(gw.origin);

    expect(answer.status).toBe(401);
    const series = 'graphql_errors_total{code="UNAUTHENTICATED"}';
    expect(sample(after, series) - sample(before, series)).toBe(1);
  });
});
