/**
 * The last requests as they arrived: HTTP request lines and `$batch` step URLs, verbatim,
 * so tests can assert exactly what a client put on the wire (escaping, injection attempts).
 */

export interface RequestLogEntry {
  kind: 'http' | 'batchStep';
  method: string;
  /** The request target (path and query) or the step's `url`, exactly as received. */
  url: string;
}

/** A ring of the last `capacity` entries: adding to a full log overwrites the oldest in place. */
export class RequestLog {
  private readonly buffer: RequestLogEntry[] = [];
  /** Where the oldest entry is once the ring is full (and where the next one goes). */
  private start = 0;

  constructor(private readonly capacity = 2000) {}

  add(entry: RequestLogEntry): void {
    if (this.buffer.length < this.capacity) {
      this.buffer.push(entry);
      return;
    }
    if (this.capacity <= 0) return;
    this.buffer[this.start] = entry;
    this.start = (this.start + 1) % this.capacity;
  }

  /** Oldest first. */
  entries(): RequestLogEntry[] {
    return [...this.buffer.slice(this.start), ...this.buffer.slice(0, this.start)];
  }

  /** `"GET /v1.0/users?$top=5"` for requests, `"GET users?$top=5"` for batch steps (as sent). */
  lines(): string[] {
    return this.entries().map((e) => `${e.method} ${e.url}`);
  }

  clear(): void {
    this.buffer.length = 0;
    this.start = 0;
  }
}
