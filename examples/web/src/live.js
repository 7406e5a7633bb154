import { createClient } from 'graphql-ws';

/**
 * The gateway's WebSocket URL for subscriptions (`graphql-ws` on the same path as HTTP): `ws:` or
 * `wss:` for the configured GraphQL URL, resolved against the page (so `/graphql` behind Vite's
 * proxy becomes `ws://<the app's host>/graphql`).
 */
export function webSocketUrl(graphqlUrl) {
  const url = new URL(graphqlUrl, window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

/** Waits 1 s, 2 s, 4 s… between reconnection attempts, at most 30 s, with jitter so tabs spread out. */
function backoff(retries) {
  const delay = Math.min(1000 * 2 ** retries, 30_000) + Math.random() * 500;
  return new Promise((resolve) => setTimeout(resolve, delay));
}

/**
 * One `graphql-ws` connection to the gateway, opened at once and reopened whenever it drops (a
 * gateway restart or deploy closes it with 1001), with its state for the page: `connecting`,
 * `live`, `reconnecting` or `offline` (refused for good). Events of the time it was down are not replayed by the gateway, so
 * `onReconnected` callers re-read what they show.
 */
export function createLiveConnection(url) {
  let status = 'connecting';
  const listeners = new Set();
  const reconnectedListeners = new Set();
  const setStatus = (next) => {
    if (next === status) return;
    status = next;
    for (const listener of listeners) listener();
  };
  const client = createClient({
    url,
    lazy: false,
    retryAttempts: Infinity,
    // Retry after any failure, not only close events: a gateway that is down refuses the socket.
    shouldRetry: () => true,
    retryWait: backoff,
    // Only a refusal it must not retry (4401/4403: the gateway refused the credentials) ends here.
    onNonLazyError: () => setStatus('offline'),
    on: {
      connecting: (isRetry) => setStatus(isRetry ? 'reconnecting' : 'connecting'),
      connected: (_socket, _payload, wasRetry) => {
        setStatus('live');
        if (wasRetry) for (const listener of reconnectedListeners) listener();
      },
      closed: () => setStatus('reconnecting'),
    },
  });
  return {
    client,
    getStatus: () => status,
    /** For `useSyncExternalStore`: calls `listener` when the status changes; returns the unsubscribe. */
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onReconnected(listener) {
      reconnectedListeners.add(listener);
      return () => reconnectedListeners.delete(listener);
    },
  };
}
