/** `/healthz` (the process serves HTTP), `/readyz` (Graph can be used) and `/metrics` (Prometheus text). */
import { Router } from 'express';
import type { GatewayMetrics } from './metrics';
import type { ReadinessProbe } from './readiness';

export const METRICS_PATH = '/metrics';

/** `/metrics` alone: served on the GraphQL port, or on its own listener (`METRICS_PORT`) kept off the public port. */
export function metricsRoute(metrics: GatewayMetrics): Router {
  const router = Router();
  router.get(METRICS_PATH, async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.text());
  });
  return router;
}

export function healthRoutes(readiness: ReadinessProbe): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const verdict = await readiness();
    res
      .status(verdict.ready ? 200 : 503)
      .json(verdict.ready ? { status: 'ready' } : { status: 'not ready', reason: verdict.reason });
  });
  return router;
}
