/**
 * Per scenario: the minimal plan (from the data the baseline, or else the gateway, fetched),
 * whether the gateway's data equals the baseline's, and the gateway's targets (issue 5):
 * HTTP requests and waves at the minimal plan, p50 within waves × latency + 25 ms, at least
 * 10× fewer HTTP requests than the naive baseline on nested scenarios, and lower p50 and
 * higher throughput than Mesh wherever Mesh runs the scenario.
 */
import { planFromReads } from './plan.mjs';

const P50_SLACK_MS = 25;
const NAIVE_FACTOR = 10;

function planFrom(scenario, result) {
  if (result?.status !== 'ok' || !result.data) return null;
  try {
    return planFromReads(scenario.minimalReads(result.data));
  } catch {
    return null;
  }
}

export function assessScenario({ scenario, results, latencyMs }) {
  const gateway = results.gateway;
  const naive = results.naive;
  const mesh = results.mesh;
  const fromNaive = planFrom(scenario, naive);
  const fromGateway = planFrom(scenario, gateway);
  const minimalPlan = fromNaive ?? fromGateway;
  const assessment = {
    minimalPlan: minimalPlan ? { ...minimalPlan, computedFrom: fromNaive ? 'naive' : 'gateway' } : null,
    gatewayDataMatchesNaive:
      gateway?.status === 'ok' && naive?.status === 'ok'
        ? JSON.stringify(gateway.data) === JSON.stringify(naive.data)
        : null,
    targets: null,
  };
  if (gateway?.status !== 'ok' || !minimalPlan) return assessment;

  const targets = {
    httpRequestsAtMinimal: gateway.httpRequests <= minimalPlan.httpRequests,
    wavesAtMinimal: gateway.waves <= minimalPlan.waves,
    p50WithinBudget: gateway.latency.p50Ms <= minimalPlan.waves * latencyMs + P50_SLACK_MS,
    p50BudgetMs: minimalPlan.waves * latencyMs + P50_SLACK_MS,
  };
  if (scenario.nested && naive?.status === 'ok') {
    targets.tenTimesFewerThanNaive = naive.httpRequests >= NAIVE_FACTOR * gateway.httpRequests;
  }
  if (mesh?.status === 'ok') {
    targets.lowerP50ThanMesh = gateway.latency.p50Ms < mesh.latency.p50Ms;
    targets.higherThroughputThanMesh = gateway.throughput.opsPerSec > mesh.throughput.opsPerSec;
  }
  assessment.targets = targets;
  return assessment;
}
