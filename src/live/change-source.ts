/**
 * What the live hub needs of an event source: something that watches one resource for one
 * identity scope and reports its changes, however it learns of them. Planner is polled
 * (`planner-task-poller.ts`); To Do, users and groups follow Graph's change notifications and poll
 * when Graph cannot reach the gateway (`todo-task-source.ts`, `directory-object-source.ts`). The
 * hub, the fan-out and the WebSocket side do not know which.
 */

/** Why a watched resource will produce no more events, in a form that crosses processes (a Redis fan-out). */
export interface LiveEnd {
  message: string;
  /** The GraphQL error code subscribers receive (`FORBIDDEN`, `NOT_FOUND`...). */
  code: string;
}

export interface ChangeSink<TEvent> {
  /** Changes observed together (one poll, one notification): delivered to every subscriber together. */
  publish(events: readonly TEvent[]): void;
  /** The resource can no longer be watched (deleted, access lost): every subscriber ends with this error. */
  end(reason: LiveEnd): void;
}

/**
 * One watched resource for one identity scope. `readers()` are the current subscribers' ways to
 * reach Graph, newest first: a source uses the first that works, so the scope's watch outlives any
 * one subscriber's token.
 */
export interface ChangeSource<TEvent, TReader> {
  start(sink: ChangeSink<TEvent>, readers: () => readonly TReader[]): void;
  /** Stops watching; the sink is not called afterwards. */
  stop(): void;
}
