/** Graph change notifications on the gateway's Prometheus registry, read at scrape time. */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { GraphSubscriptions } from './graph-subscriptions';

export function registerNotificationMetrics(
  registry: Registry,
  notifications: Pick<GraphSubscriptions, 'stats'>,
): void {
  new Gauge({
    name: 'graph_change_subscriptions',
    help: 'Graph change-notification subscriptions the gateway holds (one per watched resource and identity scope).',
    registers: [registry],
    collect() {
      this.set(notifications.stats().subscriptions);
    },
  });
  new Counter({
    name: 'graph_notifications_total',
    help: 'Notification items received at /graph/notifications and /graph/lifecycle, by outcome: accepted, or dropped (unknown subscription, wrong clientState, malformed).',
    labelNames: ['outcome'],
    registers: [registry],
    collect() {
      const stats = notifications.stats();
      this.reset();
      this.inc({ outcome: 'accepted' }, stats.accepted);
      this.inc({ outcome: 'dropped' }, stats.dropped);
    },
  });
  new Counter({
    name: 'graph_notifications_forwarded_total',
    help: 'With REDIS_URL: notification items for a Graph subscription another replica holds, by direction: out (accepted here, forwarded to that replica) or in (accepted by another replica, handled here).',
    labelNames: ['direction'],
    registers: [registry],
    collect() {
      const stats = notifications.stats();
      this.reset();
      this.inc({ direction: 'out' }, stats.forwarded);
      this.inc({ direction: 'in' }, stats.handledForOthers);
    },
  });
  new Counter({
    name: 'graph_subscription_renewals_total',
    help: 'Graph subscriptions renewed before their expiry.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(notifications.stats().renewals);
    },
  });
}
