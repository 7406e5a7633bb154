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

export class RequestLog {
  private readonly buffer: RequestLogEntry[] = [];

  constructor(private readonly capacity = 2000) {}

  add(entry: RequestLogEntry): void {
    this.buffer.push(entry);
    if (this.buffer.length > this.capacity) this.buffer.splice(0, this.buffer.length - this.capacity);
  }

  /** Oldest first. */
  entries(): RequestLogEntry[] {
    return [...this.buffer];
  }

  /** `"GET /v1.0/users?$top=5"` for requests, `"GET users?$top=5"` for batch steps (as sent). */
  lines(): string[] {
    return this.buffer.map((e) => `${e.method} ${e.url}`);
  }

  clear(): void {
    this.buffer.length = 0;
  }
}
