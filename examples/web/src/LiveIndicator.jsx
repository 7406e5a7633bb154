import { useSyncExternalStore } from 'react';

const LABELS = { connecting: 'connecting…', live: 'live', reconnecting: 'reconnecting…', offline: 'offline' };

/** The state of the subscriptions' WebSocket: whether the task board and the To Do list are updating live. */
export function LiveIndicator({ connection }) {
  const status = useSyncExternalStore(connection.subscribe, connection.getStatus);
  return (
    <span id="live-status" className={`live live-${status}`} data-status={status} title="Task board and To Do updates">
      ● {LABELS[status]}
    </span>
  );
}
