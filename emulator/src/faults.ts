/**
 * Injected faults: latency per HTTP request, and 429/503 answers drawn per Graph call from a
 * seeded stream, so the same seed and the same sequence of calls fail the same calls.
 */
import { SeededRandom } from './tenant/random';
import { graphError, type GraphErrorBody } from './http/errors';
import type { GraphReply } from './http/types';
import { DEFAULT_FAULTS, type FaultSettings } from './options';

export class FaultInjector {
  private settings: FaultSettings;
  private readonly random: SeededRandom;

  constructor(seed: number, initial: Partial<FaultSettings> = {}) {
    this.settings = { ...DEFAULT_FAULTS, ...initial };
    // Its own stream: fault draws never disturb anything else seeded from the same value.
    this.random = new SeededRandom((seed ^ 0xfa017) >>> 0);
  }

  current(): FaultSettings {
    return { ...this.settings };
  }

  update(change: Partial<FaultSettings>): FaultSettings {
    this.settings = { ...this.settings, ...change };
    return this.current();
  }

  async delay(): Promise<void> {
    const ms = this.settings.latencyMs;
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }

  /**
   * One draw per Graph call, taken whether or not faults are on, so that switching a rate on
   * at run time fails the same calls a run started with that rate would.
   */
  draw(): GraphReply | null {
    const u = this.random.next();
    const { throttleRate, errorRate, retryAfterSeconds } = this.settings;
    const headers = { 'Retry-After': String(retryAfterSeconds) };
    if (u < throttleRate) return throttled(headers);
    if (u < throttleRate + errorRate) {
      return graphError(
        503,
        'serviceNotAvailable',
        'The service is temporarily unavailable. Try the request again after a delay.',
        headers,
      );
    }
    return null;
  }
}

/** Graph's 429 (graph-api.md §3): the innerError also carries `code`, `message` and `status` as strings. */
function throttled(headers: Record<string, string>): GraphReply {
  const reply = graphError(429, 'TooManyRequests', 'Please retry again later.', headers);
  const { error } = reply.body as GraphErrorBody;
  return {
    ...reply,
    body: { error: { ...error, innerError: { code: '429', message: 'Please retry after', status: '429' } } },
  };
}
