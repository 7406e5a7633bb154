/**
 * The operation limits (DESIGN §7) and their settings. The defaults let every README, benchmark
 * and test operation through with room to spare, and stop what no client needs: a 30-level
 * query, a thousand aliases, nested lists that would fan out into millions of Graph reads, or a
 * federation fetch of thousands of entities.
 *
 * The first six are checked before any Graph call; the last two bound what an operation that
 * passed them may really resolve and return (a list can be longer than its declared size).
 */
export interface OperationLimits {
  /** Deepest field nesting, counting every field (connections' `nodes` too). */
  maxDepth: number;
  /** Aliased fields the operation runs (`@skip`/`@include` applied), a fragment's once however often it is spread. */
  maxAliases: number;
  /** Lexical tokens in the query text (graphql-js counts them while parsing). */
  maxTokens: number;
  /** Bytes of the query text (UTF-8). */
  maxQueryBytes: number;
  /**
   * Graph-aware cost: objects the operation may read, a list costing as many as its `first` or
   * its declared `@listSize`, `_entities` as many as its representations.
   */
  maxCost: number;
  /** Representations given to `_entities` (a router's entity fetch), all fields together. */
  maxRepresentations: number;
  /** Objects (and lists' items) the operation resolves, counted while it runs; it stops at the limit. */
  maxResultNodes: number;
  /** Bytes of the serialized response (UTF-8), checked before it is sent. */
  maxResponseBytes: number;
}

export const DEFAULT_OPERATION_LIMITS: OperationLimits = {
  maxDepth: 15,
  maxAliases: 100,
  maxTokens: 5000,
  maxQueryBytes: 32 * 1024,
  maxCost: 50_000,
  // A router batches the references of one fetch; 500 is several times what one page of 100
  // items referencing a few entities each produces. Each representation is a Graph read.
  maxRepresentations: 500,
  // The cost limit again, as objects really resolved: the README and benchmark operations
  // resolve at most a few thousand. The bucket cycle stopped here grew the process by about
  // 140 MiB (262 144 objects unstopped: 1.1 GiB).
  maxResultNodes: 50_000,
  // Legitimate responses stay far below: 999 users with every property are under 1 MiB.
  maxResponseBytes: 8 * 1024 * 1024,
};

/** Which environment variable sets each limit: named in every refusal. */
export const LIMIT_SETTINGS: Record<keyof OperationLimits, string> = {
  maxDepth: 'GATEWAY_MAX_DEPTH',
  maxAliases: 'GATEWAY_MAX_ALIASES',
  maxTokens: 'GATEWAY_MAX_TOKENS',
  maxQueryBytes: 'GATEWAY_MAX_QUERY_BYTES',
  maxCost: 'GATEWAY_MAX_COST',
  maxRepresentations: 'GATEWAY_MAX_REPRESENTATIONS',
  maxResultNodes: 'GATEWAY_MAX_RESULT_NODES',
  maxResponseBytes: 'GATEWAY_MAX_RESPONSE_BYTES',
};

/** What each limit counts, for messages a person can act on. */
export const LIMIT_NOUNS: Record<keyof OperationLimits, string> = {
  maxDepth: 'depth',
  maxAliases: 'number of aliases',
  maxTokens: 'number of tokens',
  maxQueryBytes: 'size in bytes',
  maxCost: 'cost',
  maxRepresentations: 'number of entity representations',
  maxResultNodes: 'number of resolved objects',
  maxResponseBytes: 'response size in bytes',
};
