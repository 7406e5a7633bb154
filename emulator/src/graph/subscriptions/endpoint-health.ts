/**
 * Graph's throttling of slow notification endpoints (change-notifications-delivery-webhooks.md,
 * "throttling"; graph-api.md Part 2 §3.7): a delivery taking more than 2,900 ms (or timing out)
 * is slow. Once an endpoint has had 100 deliveries in the current 10-minute window, 10 % slow or
 * more makes it throttled (deliveries wait an extra 10 minutes, and so do retries), 15 % or more
 * makes Graph drop its notifications. The counters start over every 10 minutes.
 */

export interface HealthTimings {
  /** A delivery slower than this is slow (Graph: 2,900 ms). */
  slowAfterMs: number;
  /** Deliveries in a window before the slow share counts (Graph: 100). */
  evaluateAfter: number;
  /** Length of a counting window (Graph: 10 minutes). */
  windowMs: number;
  /** Extra wait of a throttled endpoint's deliveries and retries (Graph: 10 minutes). */
  throttleDelayMs: number;
}

export const DEFAULT_HEALTH_TIMINGS: HealthTimings = {
  slowAfterMs: 2_900,
  evaluateAfter: 100,
  windowMs: 10 * 60_000,
  throttleDelayMs: 10 * 60_000,
};

const THROTTLE_SHARE = 0.1;
const DROP_SHARE = 0.15;

export type EndpointState = 'healthy' | 'throttled' | 'dropping';

export interface EndpointHealthSnapshot {
  url: string;
  deliveries: number;
  slow: number;
  state: EndpointState;
}

interface Window {
  startedAt: number;
  deliveries: number;
  slow: number;
}

export class EndpointHealth {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly timings: HealthTimings) {}

  private windowOf(url: string): Window {
    const now = Date.now();
    let window = this.windows.get(url);
    if (!window || now - window.startedAt >= this.timings.windowMs) {
      window = { startedAt: now, deliveries: 0, slow: 0 };
      this.windows.set(url, window);
    }
    return window;
  }

  record(url: string, durationMs: number, timedOut: boolean): void {
    const window = this.windowOf(url);
    window.deliveries += 1;
    if (timedOut || durationMs > this.timings.slowAfterMs) window.slow += 1;
  }

  state(url: string): EndpointState {
    const window = this.windowOf(url);
    if (window.deliveries < this.timings.evaluateAfter) return 'healthy';
    const share = window.slow / window.deliveries;
    if (share >= DROP_SHARE) return 'dropping';
    return share >= THROTTLE_SHARE ? 'throttled' : 'healthy';
  }

  /** Endpoints with a delivery in their current window. */
  snapshot(): EndpointHealthSnapshot[] {
    return [...this.windows.keys()].map((url) => {
      const { deliveries, slow } = this.windowOf(url);
      return { url, deliveries, slow, state: this.state(url) };
    });
  }
}
