/** The knobs of live data, with their defaults: `GRAPH_POLL_INTERVAL_SECONDS` from the settings, the caps for tests. */
import { DEFAULT_POLL_INTERVAL_SECONDS } from '../config';
import type { Logger } from '../logger';
import { DEFAULT_MAX_PENDING_DELIVERIES } from './delivery-queue';
import { DEFAULT_TOPIC_GRACE_MS } from './hub';
import type { LiveSettings } from './session';
import type { LiveServerOptions } from './websocket-server';

export interface LiveOptions {
  /** `GRAPH_POLL_INTERVAL_SECONDS`, in milliseconds. */
  pollIntervalMs?: number;
  /** How long a source outlives its last subscriber. */
  topicGraceMs?: number;
  maxPendingDeliveries?: number;
  maxSubscriptionsPerConnection?: number;
  maxSubscriptions?: number;
  /** Unsent bytes a subscriber's socket may hold before it is cut off. */
  maxBufferedBytes?: number;
  keepAliveMs?: number;
  /** `GRAPH_NOTIFICATION_URL`, or `loopback` (the address the gateway is served on); null or absent: poll. */
  notificationUrl?: string | null;
  /** The lifetime requested for Graph subscriptions, in minutes (tests match the emulator's shortened one). */
  subscriptionMinutes?: number;
  /** With `REDIS_URL`: how long a replica owns a topic's source without renewing (`lease.ts`). */
  leaseTtlMs?: number;
}

type ServerCaps = Pick<
  LiveServerOptions,
  'maxSubscriptionsPerConnection' | 'maxSubscriptions' | 'maxBufferedBytes' | 'keepAliveMs'
>;

export function liveSettingsOf(
  options: LiveOptions = {},
  logger: Logger,
): { session: LiveSettings; topicGraceMs: number; notificationUrl: string | null; server: ServerCaps } {
  // The lease's ttl is read where Redis is opened (bootstrap.ts).
  const {
    pollIntervalMs,
    topicGraceMs,
    maxPendingDeliveries,
    notificationUrl,
    subscriptionMinutes,
    leaseTtlMs: _leaseTtlMs,
    ...server
  } = options;
  return {
    session: {
      pollIntervalMs: pollIntervalMs ?? DEFAULT_POLL_INTERVAL_SECONDS * 1000,
      maxPendingDeliveries: maxPendingDeliveries ?? DEFAULT_MAX_PENDING_DELIVERIES,
      logger,
      ...(subscriptionMinutes !== undefined ? { subscriptionMinutes } : {}),
    },
    notificationUrl: notificationUrl ?? null,
    topicGraceMs: topicGraceMs ?? DEFAULT_TOPIC_GRACE_MS,
    server,
  };
}
