/**
 * The naive baseline's Graph access: one `fetch` per call, as most hand-written servers do it.
 * No DataLoader, no `$batch`, no cache, no retries.
 *
 * For the bench it also counts its own requests and waves: an object Graph returned remembers
 * the depth of the request chain that brought it, and a request made for a parent is one deeper
 * (the longest chain is the operation's waves, reported as `extensions.naiveStats`).
 */
import { GraphQLError } from 'graphql';

export class GraphCallError extends GraphQLError {
  /** @param {number} status @param {string} code @param {string} message */
  constructor(status, code, message) {
    super(message, {
      extensions: {
        code: status === 404 ? 'NOT_FOUND' : status === 403 ? 'FORBIDDEN' : 'GRAPH_ERROR',
        graph: { status, code },
      },
    });
    this.status = status;
  }
}

/** @type {WeakMap<object, number>} */
const depthOf = new WeakMap();

function markDepth(value, depth) {
  if (value === null || typeof value !== 'object' || depthOf.has(value)) return;
  depthOf.set(value, depth);
  for (const child of Array.isArray(value) ? value : Object.values(value)) markDepth(child, depth);
}

/** The statistics of one operation's Graph calls. */
export class GraphStats {
  httpRequests = 0;
  waves = 0;
}

/** Graph as one resolver sees it: requests it makes are one level below its parent object. */
export class GraphCaller {
  /**
   * @param {string} graphRoot e.g. `http://127.0.0.1:4001/v1.0`
   * @param {string} token
   * @param {GraphStats} stats
   * @param {number} parentDepth
   */
  constructor(graphRoot, token, stats = new GraphStats(), parentDepth = 0) {
    this.graphRoot = graphRoot;
    this.token = token;
    this.stats = stats;
    this.parentDepth = parentDepth;
  }

  /** The caller for a resolver whose parent is `parent` (an object Graph returned, or not). */
  below(parent) {
    const depth = parent !== null && typeof parent === 'object' ? (depthOf.get(parent) ?? 0) : 0;
    return new GraphCaller(this.graphRoot, this.token, this.stats, depth);
  }

  /** GET a path below the version root (or an absolute nextLink); throws GraphCallError on a Graph error. */
  async get(pathOrUrl) {
    const url = /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `${this.graphRoot}${pathOrUrl}`;
    const depth = this.parentDepth + 1;
    this.stats.httpRequests++;
    if (depth > this.stats.waves) this.stats.waves = depth;
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${this.token}`, accept: 'application/json' },
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new GraphCallError(
        response.status,
        body?.error?.code ?? '',
        body?.error?.message ?? `Graph answered ${response.status}`,
      );
    }
    markDepth(body, depth);
    return body;
  }

  /** Like `get`, but a 404 is `null` (single entities, `manager`). */
  async getOrNull(path) {
    try {
      return await this.get(path);
    } catch (error) {
      if (error instanceof GraphCallError && error.status === 404) return null;
      throw error;
    }
  }
}

/** Puts a value into a URL path segment. */
export function segment(value) {
  return encodeURIComponent(String(value));
}
