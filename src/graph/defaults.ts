/** The Graph client's defaults, apart from the client so that settings can name them without loading it. */

/** HTTP requests in flight to Graph per operation (`GRAPH_MAX_CONCURRENCY`). */
export const DEFAULT_MAX_CONCURRENCY = 8;
/** Per HTTP call to Graph; a call without an answer by then fails with a `timeout` GraphApiError. */
export const DEFAULT_TIMEOUT_MS = 15_000;
