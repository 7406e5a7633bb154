import { sample } from '../kit';
import {
  createMetrics,
  MAX_NAMES_PER_CALLER,
  MAX_OPERATION_NAMES,
  type OperationOutcome,
} from '../../src/observability/metrics';

const outcome: OperationOutcome = {
  type: 'query',
  name: null,
  succeeded: true,
  persisted: false,
  caller: 'user:tenant/caller-0',
  durationSeconds: 0.01,
  errorCodes: [],
  graphRetries: 0,
};

/** Many callers, each within its own quota of new names. */
const callerOf = (index: number) => `user:tenant/caller-${Math.floor(index / MAX_NAMES_PER_CALLER)}`;

describe('the metrics registry', () => {
  it(`gives the first ${MAX_OPERATION_NAMES} operation names their own series and counts later ones as other`, async () => {
    const metrics = createMetrics();
    for (let index = 0; index <= MAX_OPERATION_NAMES; index += 1)
      metrics.operation({ ...outcome, name: `Op${index}`, caller: callerOf(index) });
    metrics.operation({ ...outcome, name: 'Op0' });
    metrics.operation({ ...outcome, name: null });
    const text = await metrics.text();

    expect(sample(text, 'graphql_operations_total{type="query",name="Op0"}')).toBe(2);
    expect(sample(text, `graphql_operations_total{type="query",name="Op${MAX_OPERATION_NAMES - 1}"}`)).toBe(1);
    expect(sample(text, `graphql_operations_total{type="query",name="Op${MAX_OPERATION_NAMES}"}`)).toBe(0);
    expect(sample(text, 'graphql_operations_total{type="query",name="other"}')).toBe(1);
    expect(sample(text, 'graphql_operations_total{type="query",name="anonymous"}')).toBe(1);
  });

  it('gives no series to names that only ever failed, and counts them as other', async () => {
    const metrics = createMetrics();
    metrics.operation({ ...outcome, name: 'MadeUp', succeeded: false, errorCodes: ['BAD_USER_INPUT'] });
    metrics.operation({
      ...outcome,
      name: 'Persisted',
      succeeded: false,
      persisted: true,
      errorCodes: ['BAD_USER_INPUT'],
    });
    metrics.operation({ ...outcome, name: 'Unauthenticated', caller: null });
    const text = await metrics.text();

    expect(sample(text, 'graphql_operations_total{type="query",name="MadeUp"}')).toBe(0);
    expect(sample(text, 'graphql_operations_total{type="query",name="Persisted"}')).toBe(1);
    expect(sample(text, 'graphql_operations_total{type="query",name="Unauthenticated"}')).toBe(0);
    expect(sample(text, 'graphql_operations_total{type="query",name="other"}')).toBe(2);
  });

  it(`lets one caller introduce at most ${MAX_NAMES_PER_CALLER} names, so a real client's name still gets its series`, async () => {
    const metrics = createMetrics();
    for (let index = 0; index < 105; index += 1)
      metrics.operation({ ...outcome, name: `Flood${index}`, caller: 'user:tenant/attacker' });
    metrics.operation({ ...outcome, name: 'DashboardQuery', caller: 'user:tenant/real-client' });
    const text = await metrics.text();

    expect(sample(text, `graphql_operations_total{type="query",name="Flood${MAX_NAMES_PER_CALLER - 1}"}`)).toBe(1);
    expect(sample(text, `graphql_operations_total{type="query",name="Flood${MAX_NAMES_PER_CALLER}"}`)).toBe(0);
    expect(sample(text, 'graphql_operations_total{type="query",name="other"}')).toBe(105 - MAX_NAMES_PER_CALLER);
    expect(sample(text, 'graphql_operations_total{type="query",name="DashboardQuery"}')).toBe(1);
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
