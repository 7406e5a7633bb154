/**
 * Delivery of notifications to receivers (change-notifications-delivery-webhooks.md; graph-api.md
 * Part 2 §3.7). Notifications for the same URL that are ready together go in one POST
 * (`{"value": [...]}`). A receiver must answer 2xx within 3 seconds; otherwise the POST is
 * retried with exponential backoff (from 1 s, at most 10 minutes apart) for up to 4 hours,
 * then dropped. Each URL holds a bounded number of undelivered notifications; beyond it new
 * ones are dropped. Slow endpoints are throttled, then dropped (endpoint-health.ts). Delivery
 * runs on its own: enqueueing never waits.
 */
import {
  DEFAULT_HEALTH_TIMINGS,
  EndpointHealth,
  type EndpointHealthSnapshot,
  type HealthTimings,
} from './endpoint-health';

export interface DeliveryTimings extends HealthTimings {
  /** A receiver answering later than this has failed the attempt (Graph: 3 s). */
  deliveryTimeoutMs: number;
  /** Delay before the first retry; doubled on each further one. */
  firstRetryDelayMs: number;
  maxRetryDelayMs: number;
  /** How long after the first attempt a notification is still retried (Graph: about 4 hours). */
  retryWindowMs: number;
  /** Undelivered notifications held per URL (queued and awaiting a retry). */
  maxPendingPerUrl: number;
}

export const DEFAULT_DELIVERY_TIMINGS: DeliveryTimings = {
  deliveryTimeoutMs: 3_000,
  firstRetryDelayMs: 1_000,
  maxRetryDelayMs: 10 * 60_000,
  retryWindowMs: 4 * 60 * 60_000,
  maxPendingPerUrl: 1_000,
  ...DEFAULT_HEALTH_TIMINGS,
};

/** Notifications per POST. */
const MAX_BATCH = 100;

/** One item of a `changeNotificationCollection`, with the subscription it is for. */
export interface Outgoing {
  subscriptionId: string;
  item: Record<string, unknown>;
}

export type DropReason = 'queueFull' | 'retriesExhausted' | 'slowEndpoint';

export interface DeliveryEvents {
  /** Whether a notification should still go out (its subscription still exists and delivers). */
  stillWanted(notification: Outgoing): boolean;
  /** Notifications given up on. */
  dropped(notifications: readonly Outgoing[], reason: DropReason): void;
}

export interface DeliveryAttempt {
  url: string;
  notifications: number;
  attempt: number;
  /** HTTP status, or `timeout` / `error` when no answer came. */
  outcome: number | 'timeout' | 'error';
  at: string;
}

export interface DeliveryStats {
  delivered: number;
  failedAttempts: number;
  dropped: number;
  pending: number;
  /** The latest attempts, newest last (bounded). */
  recent: DeliveryAttempt[];
  endpoints: EndpointHealthSnapshot[];
}

const RECENT_ATTEMPTS = 100;

export class Notifier {
  private readonly queued = new Map<string, Outgoing[]>();
  private readonly pendingByUrl = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly counters = { delivered: 0, failedAttempts: 0, dropped: 0 };
  private recent: DeliveryAttempt[] = [];
  private readonly health: EndpointHealth;

  constructor(
    private readonly timings: DeliveryTimings,
    private readonly events: DeliveryEvents,
  ) {
    this.health = new EndpointHealth(timings);
  }

  send(url: string, notification: Outgoing): void {
    const pending = this.pendingByUrl.get(url) ?? 0;
    if (pending >= this.timings.maxPendingPerUrl) {
      this.counters.dropped += 1;
      this.events.dropped([notification], 'queueFull');
      return;
    }
    this.pendingByUrl.set(url, pending + 1);
    let queue = this.queued.get(url);
    if (!queue) {
      queue = [];
      this.queued.set(url, queue);
      // Everything queued for the URL before the next turn of the event loop goes together.
      setImmediate(() => this.flush(url));
    }
    queue.push(notification);
  }

  stats(): DeliveryStats {
    let pending = 0;
    for (const count of this.pendingByUrl.values()) pending += count;
    return { ...this.counters, pending, recent: [...this.recent], endpoints: this.health.snapshot() };
  }

  /** Stops retries (the emulator is going away); undelivered notifications are forgotten. */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private flush(url: string): void {
    const queue = this.queued.get(url) ?? [];
    this.queued.delete(url);
    for (let start = 0; start < queue.length; start += MAX_BATCH)
      void this.attempt(url, queue.slice(start, start + MAX_BATCH), 1, Date.now());
  }

  private settle(url: string, count: number): void {
    const left = (this.pendingByUrl.get(url) ?? 0) - count;
    if (left > 0) this.pendingByUrl.set(url, left);
    else this.pendingByUrl.delete(url);
  }

  private async attempt(
    url: string,
    batch: Outgoing[],
    attempt: number,
    firstAt: number,
    throttleWaited = false,
  ): Promise<void> {
    const wanted = batch.filter((notification) => this.events.stillWanted(notification));
    this.settle(url, batch.length - wanted.length);
    if (wanted.length === 0) return;
    const state = this.health.state(url);
    if (state === 'dropping') {
      this.giveUp(url, wanted, 'slowEndpoint');
      return;
    }
    if (state === 'throttled' && !throttleWaited) {
      // A throttled endpoint's notifications go to Graph's slow workers, 10 minutes later.
      this.later(this.timings.throttleDelayMs, () => this.attempt(url, wanted, attempt, firstAt, true));
      return;
    }
    const started = Date.now();
    const outcome = await this.post(url, wanted);
    this.health.record(url, Date.now() - started, outcome === 'timeout');
    this.note({ url, notifications: wanted.length, attempt, outcome, at: new Date().toISOString() });
    if (typeof outcome === 'number' && outcome >= 200 && outcome < 300) {
      this.counters.delivered += wanted.length;
      this.settle(url, wanted.length);
      return;
    }
    this.counters.failedAttempts += 1;
    const backoff = Math.min(this.timings.firstRetryDelayMs * 2 ** (attempt - 1), this.timings.maxRetryDelayMs);
    // A throttled endpoint's failed deliveries are retried after 10 minutes.
    const delay = this.health.state(url) === 'throttled' ? Math.max(backoff, this.timings.throttleDelayMs) : backoff;
    if (Date.now() + delay - firstAt > this.timings.retryWindowMs) {
      this.giveUp(url, wanted, 'retriesExhausted');
      return;
    }
    this.later(delay, () => this.attempt(url, wanted, attempt + 1, firstAt, true));
  }

  private giveUp(url: string, notifications: Outgoing[], reason: DropReason): void {
    this.counters.dropped += notifications.length;
    this.settle(url, notifications.length);
    this.events.dropped(notifications, reason);
  }

  private later(delay: number, run: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void run();
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }

  private async post(url: string, batch: readonly Outgoing[]): Promise<DeliveryAttempt['outcome']> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ value: batch.map((notification) => notification.item) }),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timings.deliveryTimeoutMs),
      });
      // The answer's body means nothing to Graph; it is read so the connection can be reused.
      await response.arrayBuffer();
      return response.status;
    } catch (error) {
      return isTimeout(error) ? 'timeout' : 'error';
    }
  }

  private note(attempt: DeliveryAttempt): void {
    this.recent.push(attempt);
    if (this.recent.length > RECENT_ATTEMPTS) this.recent = this.recent.slice(-RECENT_ATTEMPTS);
  }
}

/** A fetch aborted by `AbortSignal.timeout` (a DOMException, not always an `Error` of this realm). */
export function isTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'TimeoutError';
}
