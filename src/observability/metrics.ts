/**
 * The gateway's Prometheus metrics, one registry per gateway (tests build many): GraphQL
 * operations by type and name, errors by code, operation latency, executions by engine (compiled
 * or graphql-js), Graph HTTP requests by kind and status, `$batch` sizes, retries and the
 * resource units Graph charged.
 *
 * Operation names come from callers, and every distinct label value is a series Prometheus keeps
 * forever. A name gets its own series only once an operation of that name succeeded or came as a
 * persisted query (made-up names in failing requests never do), at most `MAX_OPERATION_NAMES` in
 * all and `MAX_NAMES_PER_CALLER` introduced by any one caller, so no single caller can crowd out
 * the names of real clients. Everything else counts as `other`.
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { ExecutionEngine } from '../execution/compiled-execution';
import type { GraphObserver } from '../graph/http';

export const MAX_OPERATION_NAMES = 100;
export const MAX_NAMES_PER_CALLER = 20;
const OPERATION_NAME_PATTERN = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

export interface OperationOutcome {
  /** `query`, `mutation`, `subscription`, or `unknown` when the document did not parse or validate. */
  type: string;
  name: string | null;
  /** Answered without errors: only then (or when persisted) may a new name get its own series. */
  succeeded: boolean;
  /** Sent as a persisted query (its document was registered). */
  persisted: boolean;
  /** Who called (`Context.principal`); null when the caller was not authenticated. */
  caller: string | null;
  durationSeconds: number;
  errorCodes: readonly string[];
  graphRetries: number;
}

export interface GatewayMetrics {
  readonly registry: Registry;
  readonly contentType: string;
  readonly graphObserver: GraphObserver;
  /** Told how each operation was executed (compiled or by graphql-js). */
  readonly executionObserver: (engine: ExecutionEngine) => void;
  operation(outcome: OperationOutcome): void;
  /** An error outside any operation (e.g. the caller could not be authenticated). */
  error(code: string): void;
  text(): Promise<string>;
}

export function createMetrics(): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const operations = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations served, by operation type and name (anonymous, or other beyond the first names seen).',
    labelNames: ['type', 'name'] as const,
    registers,
  });
  const errors = new Counter({
    name: 'graphql_errors_total',
    help: 'GraphQL errors returned, by extensions.code.',
    labelNames: ['code'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'Time from receiving a GraphQL operation to sending its response.',
    labelNames: ['type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const graphRequests = new Counter({
    name: 'graph_http_requests_total',
    help: 'HTTP requests sent to Microsoft Graph, by kind (get, batch, write) and status (error: no answer).',
    labelNames: ['kind', 'status'] as const,
    registers,
  });
  const batchSize = new Histogram({
    name: 'graph_batch_size',
    help: 'Steps per $batch request sent to Microsoft Graph (1..20).',
    buckets: [1, 2, 5, 10, 15, 20],
    registers,
  });
  const resourceUnits = new Counter({
    name: 'graph_resource_units_total',
    help: 'Resource units Microsoft Graph charged for the requests sent (x-ms-resource-unit, $batch steps summed).',
    registers,
  });
  const executions = new Counter({
    name: 'graphql_executions_total',
    help: 'GraphQL operations executed, by engine: compiled (a query from its second use) or graphql-js.',
    labelNames: ['engine'] as const,
    registers,
  });
  const retries = new Counter({
    name: 'graph_retries_total',
    help: 'Graph requests (or $batch steps) re-sent after 429/503/504.',
    registers,
  });

  const knownNames = new Set<string>();
  /** How many names each caller introduced (at most MAX_OPERATION_NAMES entries, like the names). */
  const introducedBy = new Map<string, number>();
  const nameLabel = ({ name, succeeded, persisted, caller }: OperationOutcome): string => {
    if (name === null || name === '') return 'anonymous';
    if (!OPERATION_NAME_PATTERN.test(name)) return 'other';
    if (knownNames.has(name)) return name;
    if (!(succeeded || persisted) || caller === null || knownNames.size >= MAX_OPERATION_NAMES) return 'other';
    const introduced = introducedBy.get(caller) ?? 0;
    if (introduced >= MAX_NAMES_PER_CALLER) return 'other';
    introducedBy.set(caller, introduced + 1);
    knownNames.add(name);
    return name;
  };

  return {
    registry,
    contentType: registry.contentType,
    graphObserver: ({ kind, status, steps, resourceUnits: units }) => {
      graphRequests.inc({ kind, status: String(status) });
      if (steps !== undefined) batchSize.observe(steps);
      if (units) resourceUnits.inc(units);
    },
    executionObserver: (engine) => executions.inc({ engine }),
    operation(outcome) {
      operations.inc({ type: outcome.type, name: nameLabel(outcome) });
      duration.observe({ type: outcome.type }, outcome.durationSeconds);
      for (const code of outcome.errorCodes) errors.inc({ code });
      if (outcome.graphRetries > 0) retries.inc(outcome.graphRetries);
    },
    error(code) {
      errors.inc({ code });
    },
    text: () => registry.metrics(),
  };
}
