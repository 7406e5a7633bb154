/**
 * `GRAPH_AUTH_MODE`: how callers prove who they are and whose token calls Graph. Its own module,
 * importing nothing, so that config and the auth modules share it without importing each other.
 */
export const AUTH_MODES = ['on-behalf-of', 'app', 'passthrough'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];
