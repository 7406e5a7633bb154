/** The Graph client's defaults, apart from the client so that settings can name them without loading it. */

/**
 * The most HTTP requests in flight to Graph per operation (`GRAPH_MAX_CONCURRENCY`), and where the
 * adaptive limit starts: enough for a wave of 640 reads (32 `$batch`es) in one round trip.
 */
export const DEFAULT_MAX_CONCURRENCY = 32;
/** Per HTTP call to Graph; a call without an answer by then fails with a `timeout` GraphApiError. */
export const DEFAULT_TIMEOUT_MS = 15_000;
