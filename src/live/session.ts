/**
 * What a subscription resolver needs beyond its context: the WebSocket connection's way to open
 * new contexts with the subscriber's identity, its identity scope, and the hub. Bound to the
 * context the subscription starts with, so resolvers keep the ordinary `Context` type; a
 * subscription executed any other way (over HTTP) finds no session and is refused.
 */
import { GraphQLError } from 'graphql';
import type { Context } from '../context';
import type { ChangeSource } from './change-source';
import { createDeliveryQueue } from './delivery-queue';
import type { LiveHub } from './hub';
import type { Logger } from '../logger';
import type { GraphReader } from './graph-readers';
import type { GraphSubscriptions } from './graph-subscriptions';

/** The root values of changes delivered together: the WebSocket layer resolves them with one context. */
export class LiveDelivery<TPayload> {
  constructor(readonly payloads: readonly TPayload[]) {}
}

export interface LiveSettings {
  /** `GRAPH_POLL_INTERVAL_SECONDS`, in milliseconds. */
  pollIntervalMs: number;
  /** Deliveries a subscriber may have waiting before it is ended as too slow. */
  maxPendingDeliveries: number;
  logger: Logger;
  /** Graph change notifications (`graph-subscriptions.ts`); absent: sources that could use them poll. */
  notifications?: GraphSubscriptions;
  /** The lifetime requested for Graph subscriptions, in minutes; absent: each resource's longest. */
  subscriptionMinutes?: number;
}

export interface LiveSession {
  settings: LiveSettings;
  /**
   * Subscribes to `resource` in the subscriber's identity scope: opens its source with `open`
   * unless one runs already, and turns each change into the subscription field's root value.
   */
  watch<TEvent, TPayload>(
    resource: string,
    open: () => ChangeSource<TEvent, GraphReader>,
    toPayload: (event: TEvent) => TPayload,
  ): AsyncIterableIterator<LiveDelivery<TPayload>>;
}

const sessions = new WeakMap<Context, LiveSession>();

/**
 * Subscribers who see Graph as the same identity share sources: everyone in app mode (Graph sees
 * the gateway's app), otherwise one scope per principal. Every subscriber still proves its own
 * access with its own read before it joins (see the subscription resolvers).
 */
export function identityScopeOf(context: Pick<Context, 'graphIdentity' | 'principal'>): string {
  return context.graphIdentity === 'app' ? 'app' : context.principal;
}

export function createLiveSession(deps: {
  context: Context;
  openContext: () => Promise<Context>;
  hub: LiveHub;
  settings: LiveSettings;
}): LiveSession {
  const scope = identityScopeOf(deps.context);
  const reader: GraphReader = async () => (await deps.openContext()).graph;
  const session: LiveSession = {
    settings: deps.settings,
    watch(resource, open, toPayload) {
      let leave: () => void = () => undefined;
      const queue = createDeliveryQueue<Parameters<typeof toPayload>[0]>(
        () => leave(),
        deps.settings.maxPendingDeliveries,
      );
      leave = deps.hub.join(`${resource}|${scope}`, open, {
        reader,
        deliver: (events) => queue.push(events),
        end: (reason) => queue.end(reason),
      });
      const deliveries: AsyncIterableIterator<LiveDelivery<ReturnType<typeof toPayload>>> = {
        async next() {
          const next = await queue.next();
          return next.done ? next : { done: false, value: new LiveDelivery(next.value.map(toPayload)) };
        },
        return: () => queue.return(),
        throw: (error: unknown) => queue.throw(error),
        [Symbol.asyncIterator]: () => deliveries,
      };
      return deliveries;
    },
  };
  sessions.set(deps.context, session);
  return session;
}

export function liveSessionOf(context: Context): LiveSession {
  const session = sessions.get(context);
  if (!session) {
    // Only reached when an operation runs without the WebSocket server (HTTP refuses subscriptions earlier).
    throw new GraphQLError(
      'Subscriptions are served over WebSocket with the graphql-ws protocol on this same URL, not over HTTP.',
      { extensions: { code: 'BAD_REQUEST' } },
    );
  }
  return session;
}
