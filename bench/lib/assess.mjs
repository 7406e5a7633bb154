/**
 * Per scenario: the minimal plan (from the data the baseline, or else the gateway, fetched),
 * whether the gateway's data equals the baseline's, and the gateway's targets: HTTP requests,
 * waves and round trips at the minimal plan, p50 within waves × latency + 25 ms, at least 10×
 * fewer HTTP requests than the naive baseline on nested scenarios, lower p50 and higher
 * throughput than Mesh wherever Mesh runs the scenario, and CPU ms/op within
 * `scenario.ceilingFactor` × the ceiling's where the scenario sets one. Not a target: the
 * gateway's CPU ms/op over the I/O floor's, and the floor's over the ceiling's (how much of the
 * gap to the ceiling the Graph I/O alone takes).
 */
import { planFromReads } from './plan.mjs';
import { cpuTimes } from './report.mjs';

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
    gatewayCpuTimesFloor: cpuTimes(gateway, results.floor),
    floorCpuTimesCeiling: cpuTimes(results.floor, results.ceiling),
    targets: null,
  };
  if (gateway?.status !== 'ok' || !minimalPlan) return assessment;

  // The gateway's own count once it reports one; the emulator's timeline until then.
  const roundTrips = gateway.roundTripsReported ?? gateway.wavesObserved;
  const targets = {
    httpRequestsAtMinimal: gateway.httpRequests <= minimalPlan.httpRequests,
    wavesAtMinimal: gateway.waves <= minimalPlan.waves,
    roundTripsAtMinimal: roundTrips <= minimalPlan.waves,
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
  if (scenario.ceilingFactor) {
    const ratio = cpuTimes(gateway, results.ceiling);
    targets.ceilingFactor = scenario.ceilingFactor;
    targets.cpuTimesCeiling = ratio;
    targets.cpuWithinCeiling = ratio === null ? null : ratio <= scenario.ceilingFactor;
  }
  assessment.targets = targets;
  return assessment;
}
