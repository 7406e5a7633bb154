import { createMetrics, MAX_OPERATION_NAMES } from '../../src/observability/metrics';
import { sample } from './served-gateway';

const outcome = { type: 'query', durationSeconds: 0.01, errorCodes: [] as string[], graphRetries: 0 };

describe('the metrics registry', () => {
  it(`gives the first ${MAX_OPERATION_NAMES} operation names their own series and counts later ones as other`, async () => {
    const metrics = createMetrics();
    for (let index = 0; index <= MAX_OPERATION_NAMES; index += 1) metrics.operation({ ...outcome, name: `Op${index}` });
    metrics.operation({ ...outcome, name: 'Op0' });
    metrics.operation({ ...outcome, name: null });
    const text = await metrics.text();

    expect(sample(text, 'graphql_operations_total{type="query",name="Op0"}')).toBe(2);
    expect(sample(text, `graphql_operations_total{type="query",name="Op${MAX_OPERATION_NAMES - 1}"}`)).toBe(1);
    expect(sample(text, `graphql_operations_total{type="query",name="Op${MAX_OPERATION_NAMES}"}`)).toBe(0);
    expect(sample(text, 'graphql_operations_total{type="query",name="other"}')).toBe(1);
    expect(sample(text, 'graphql_operations_total{type="query",name="anonymous"}')).toBe(1);
  });

  it('adds the retries of an operation and counts Graph exchanges by kind and status', async () => {
    const metrics = createMetrics();
    metrics.operation({ ...outcome, name: 'A', graphRetries: 3, errorCodes: ['THROTTLED', 'THROTTLED'] });
    metrics.graphObserver({ kind: 'batch', status: 429, steps: 20 });
    metrics.graphObserver({ kind: 'write', status: 'error' });
    const text = await metrics.text();

    expect(sample(text, 'graph_retries_total')).toBe(3);
    expect(sample(text, 'graphql_errors_total{code="THROTTLED"}')).toBe(2);
    expect(sample(text, 'graph_http_requests_total{kind="batch",status="429"}')).toBe(1);
    expect(sample(text, 'graph_http_requests_total{kind="write",status="error"}')).toBe(1);
    expect(sample(text, 'graph_batch_size_bucket{le="15"}')).toBe(0);
    expect(sample(text, 'graph_batch_size_bucket{le="20"}')).toBe(1);
  });
});
