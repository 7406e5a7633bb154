/** Counters of Graph traffic, as `GET /_emulator/stats` reports them. */

export interface StatsSnapshot {
  /** HTTP requests to `/v1.0` and `/beta` (a `$batch` POST counts once). */
  httpRequests: number;
  batchRequests: number;
  /** Steps of `$batch` requests. */
  subRequests: number;
  /** POSTs to the identity platform's token endpoint. */
  tokenRequests: number;
  /** `"<METHOD> <path below the version root>"` → count, for HTTP requests and batch steps alike. */
  byPath: Record<string, number>;
}

export class Stats {
  private counters = Stats.zero();

  private static zero(): StatsSnapshot {
    return { httpRequests: 0, batchRequests: 0, subRequests: 0, tokenRequests: 0, byPath: {} };
  }

  httpRequest(method: string, path: string): void {
    this.counters.httpRequests++;
    this.countPath(method, path);
  }

  batchRequest(): void {
    this.counters.batchRequests++;
  }

  subRequest(method: string, path: string): void {
    this.counters.subRequests++;
    this.countPath(method, path);
  }

  tokenRequest(): void {
    this.counters.tokenRequests++;
  }

  snapshot(): StatsSnapshot {
    return { ...this.counters, byPath: { ...this.counters.byPath } };
  }

  reset(): void {
    this.counters = Stats.zero();
  }

  private countPath(method: string, path: string): void {
    const key = `${method.toUpperCase()} ${path}`;
    this.counters.byPath[key] = (this.counters.byPath[key] ?? 0) + 1;
  }
}
