/** The live side's gauges and counters on the gateway's Prometheus registry, read from the server at scrape time. */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { LiveServer } from './websocket-server';

export function registerLiveMetrics(registry: Registry, live: Pick<LiveServer, 'stats'>): void {
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  gauge('graphql_ws_connections', 'Open graphql-ws connections.', () => live.stats().connections);
  gauge('graphql_subscriptions', 'Subscriptions being served.', () => live.stats().subscriptions);
  gauge(
    'graphql_subscription_watched_resources',
    'Resources watched for subscribers (a plan per identity scope), each one poller or Graph subscription.',
    () => live.stats().topics,
  );
  new Counter({
    name: 'graphql_subscribers_cut_off_total',
    help: 'Subscribers cut off because they read too slowly.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(live.stats().slowSubscribersCutOff);
    },
  });
}
