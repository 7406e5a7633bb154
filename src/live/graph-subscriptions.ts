/**
 * The gateway's Graph change-notification subscriptions (graph-api.md Part 2 §3): one per watched
 * resource and identity scope, created with a subscriber's token when the first subscriber
 * arrives, renewed (PATCH `expirationDateTime`) halfway to its expiry, reauthorized on
 * `reauthorizationRequired`, recreated on `subscriptionRemoved` (or when a renewal finds it
 * gone), and deleted when its watch stops. Every notification the gateway receives is matched
 * here to a live subscription by id and secret `clientState`; anything else is dropped and
 * counted, since the notification endpoints take no caller authentication. With several replicas
 * (`shared-graph-subscriptions.ts`) an item for a subscription another replica holds is checked
 * against the shared records and handled by that replica.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphClient } from '../graph/client';
import { GraphApiError } from '../graph/errors';
import type { Logger } from '../logger';
import { withAnyReader, type GraphReader } from './graph-readers';
import type { ForwardedItem as Forwarded, SharedGraphSubscriptions } from './shared-graph-subscriptions';

export const NOTIFICATIONS_PATH = '/graph/notifications';
export const LIFECYCLE_PATH = '/graph/lifecycle';

/** `GRAPH_NOTIFICATION_URL` left to the gateway: the loopback address it is served on (embedded mode). */
export const LOOPBACK_NOTIFICATION_URL = 'loopback';

/** The longest lifetime Graph gives a todoTask subscription (graph-api.md Part 2 §3.4). */
export const TODO_TASK_SUBSCRIPTION_MINUTES = 4230;

/** A change notification that passed the checks: the parts a source needs. */
export interface ReceivedChange {
  changeType: string;
  /** `resourceData.id`, else the last segment of `resource`. */
  id: string;
  etag: string | null;
}

export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';

/** One notification item as received, already shape-checked by the endpoint. */
export interface NotificationItem {
  subscriptionId: string;
  clientState?: string | null | undefined;
  changeType?: string | undefined;
  lifecycleEvent?: string | undefined;
  resource?: string | undefined;
  resourceData?: { id?: string | undefined; '@odata.etag'?: string | undefined } | undefined;
}

/** An item another replica accepted and forwarded to the one holding its subscription (`shared-graph-subscriptions.ts`). */
type ForwardedItem = Forwarded<NotificationItem>;

export interface WatchHandlers {
  /** Change notifications of one delivery, in order. */
  changes(changes: readonly ReceivedChange[]): void;
  /**
   * The subscription exists (again), or changes may have been lost (`missed`, a reauthorization
   * pause): re-read and report differences from the last read (the first read is the baseline).
   */
  resync(): void;
  /** Graph refused the subscription for good or for now: the source falls back (`error` says why). */
  unavailable(error: unknown): void;
}

export interface WatchSpec {
  /** The subscription resource, built with the reading client (`/me/...` needs a delegated token). */
  resourceOf(graph: GraphClient): string;
  changeType: string;
  lifetimeMinutes: number;
}

export interface GraphNotificationStats {
  /** Live Graph subscriptions. */
  subscriptions: number;
  /** Notification items that matched a live subscription and its secret. */
  accepted: number;
  /** Items dropped: unknown (or already deleted) subscription id, wrong `clientState`, malformed. */
  dropped: number;
  lifecycleEvents: number;
  renewals: number;
  /** Of `accepted`: items for a subscription another replica holds, forwarded to it. */
  forwarded: number;
  /** Items another replica accepted for a subscription held here, and handled here. */
  handledForOthers: number;
}

export interface GraphSubscriptions {
  /** Whether notifications can reach the gateway (a notification URL is set or known): otherwise sources poll. */
  available(): boolean;
  watch(spec: WatchSpec, readers: () => readonly GraphReader[], handlers: WatchHandlers): { stop(): void };
  /** Items of one delivery, from either endpoint. */
  receive(items: readonly NotificationItem[]): void;
  /** Counts items the endpoint refused before they could be matched (malformed). */
  dropMalformed(count: number): void;
  /** For `loopback`: the server the gateway is served on, whose address notifications go to. */
  servedBy(server: Server): void;
  stats(): GraphNotificationStats;
}

interface Registered {
  secret: Buffer;
  onChanges(changes: readonly ReceivedChange[]): void;
  onLifecycle(event: LifecycleEvent): void;
}

const MIN_RETRY_MS = 1_000;
const MAX_RETRY_MS = 60_000;

function sameSecret(received: string | null | undefined, secret: Buffer): boolean {
  if (typeof received !== 'string') return false;
  const bytes = Buffer.from(received, 'utf8');
  return bytes.length === secret.length && timingSafeEqual(bytes, secret);
}

function loopbackBase(server: Server | null): string | null {
  const address = server?.address() as AddressInfo | string | null | undefined;
  if (!address || typeof address === 'string') return null;
  const host = address.family === 'IPv6' && address.address === '::1' ? '[::1]' : '127.0.0.1';
  return `http://${host}:${address.port}`;
}

function receivedChange(item: ForwardedItem): ReceivedChange | null {
  const id = item.resourceData?.id ?? item.resource?.split('/').pop();
  if (!item.changeType || !id) return null;
  return { changeType: item.changeType, id, etag: item.resourceData?.['@odata.etag'] ?? null };
}

const isLifecycle = (item: ForwardedItem) => Boolean(item.lifecycleEvent);

/** What an item says, whoever holds its subscription: a change, a lifecycle event, or nothing usable (null). */
function contentOf(item: ForwardedItem): { change: ReceivedChange } | { event: LifecycleEvent } | null {
  const event = item.lifecycleEvent;
  if (!event) {
    const change = receivedChange(item);
    return change ? { change } : null;
  }
  return event === 'reauthorizationRequired' || event === 'subscriptionRemoved' || event === 'missed'
    ? { event }
    : null;
}

export function createGraphSubscriptions(options: {
  /** `GRAPH_NOTIFICATION_URL`, `loopback`, or null (no notifications: sources poll). */
  notificationUrl: string | null;
  logger: Logger;
  /** With `REDIS_URL`: the subscriptions of every replica, so that any of them may receive a notification. */
  shared?: SharedGraphSubscriptions | null;
}): GraphSubscriptions {
  const { logger } = options;
  const shared = options.shared ?? null;
  const registry = new Map<string, Registered>();
  const counters = { accepted: 0, dropped: 0, lifecycleEvents: 0, renewals: 0, forwarded: 0, handledForOthers: 0 };
  let server: Server | null = null;

  function baseUrl(): string | null {
    if (options.notificationUrl === LOOPBACK_NOTIFICATION_URL) return loopbackBase(server);
    return options.notificationUrl?.replace(/\/+$/, '') ?? null;
  }

  function watch(spec: WatchSpec, readers: () => readonly GraphReader[], handlers: WatchHandlers) {
    let stopped = false;
    let current: { id: string; expiresAt: number; secret: Buffer } | null = null;
    let timer: NodeJS.Timeout | null = null;
    // Graph paused delivery (`reauthorizationRequired`) and the reauthorization failed: the
    // renewal that eventually succeeds ends the pause, and what changed during it is read then.
    let resyncWhenRenewed = false;
    // Kept for the final DELETE: when the watch stops, its subscribers (and `readers()`) are gone.
    let lastReaders: readonly GraphReader[] = [];
    const readersNow = () => {
      const now = readers();
      if (now.length > 0) lastReaders = now;
      return lastReaders;
    };

    const schedule = (delayMs: number, run: () => Promise<void>) => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        void run();
      }, delayMs);
      timer.unref();
    };

    const expiryFromNow = () => new Date(Date.now() + spec.lifetimeMinutes * 60_000).toISOString();

    const scheduleRenewal = (expiresAt: number) => {
      // Halfway to the expiry: a failed renewal still has half the lifetime to be tried again.
      schedule(Math.max(0, (expiresAt - Date.now()) / 2), renew);
    };

    const forget = () => {
      if (current) {
        registry.delete(current.id);
        shared?.release(current.id);
      }
      current = null;
    };

    async function create(): Promise<boolean> {
      const base = baseUrl();
      if (base === null) {
        handlers.unavailable(new Error('The gateway has no notification URL Graph can reach.'));
        return false;
      }
      const secret = randomBytes(32).toString('base64url');
      try {
        const created = await withAnyReader(readersNow(), (graph) =>
          graph.createSubscription({
            resource: spec.resourceOf(graph),
            changeType: spec.changeType,
            notificationUrl: `${base}${NOTIFICATIONS_PATH}`,
            lifecycleNotificationUrl: `${base}${LIFECYCLE_PATH}`,
            expirationDateTime: expiryFromNow(),
            clientState: secret,
          }),
        );
        const key = created.id.toLowerCase();
        if (stopped) {
          void remove(key);
          return false;
        }
        const held = {
          id: key,
          expiresAt: Date.parse(created.expirationDateTime),
          secret: Buffer.from(secret, 'utf8'),
        };
        current = held;
        registry.set(key, {
          secret: held.secret,
          onChanges: (changes) => {
            if (!stopped) handlers.changes(changes);
          },
          onLifecycle: (event) => void lifecycle(event),
        });
        scheduleRenewal(held.expiresAt);
        // Recorded before the baseline read: a change notified to another replica from then on is
        // forwarded here, and one notified before the record exists is in the baseline.
        if (shared) {
          await shared.hold(key, held.secret, held.expiresAt);
          if (stopped || current !== held) return false;
        }
        // From here on every change is notified; what came before is the source's baseline read.
        handlers.resync();
        return true;
      } catch (error) {
        if (!stopped) handlers.unavailable(error);
        return false;
      }
    }

    async function recreate(): Promise<void> {
      forget();
      if (stopped) return;
      await create();
    }

    async function renew(): Promise<void> {
      if (stopped || !current) return;
      const { id, expiresAt } = current;
      try {
        const renewed = await withAnyReader(readersNow(), (graph) => graph.renewSubscription(id, expiryFromNow()));
        if (stopped || current?.id !== id) return;
        counters.renewals += 1;
        current.expiresAt = Date.parse(renewed.expirationDateTime);
        scheduleRenewal(current.expiresAt);
        void shared?.hold(id, current.secret, current.expiresAt);
        if (resyncWhenRenewed) {
          resyncWhenRenewed = false;
          handlers.resync();
        }
      } catch (error) {
        if (stopped || current?.id !== id) return;
        if (error instanceof GraphApiError && error.kind === 'http' && error.status === 404) {
          // Expired or deleted by Graph: changes since then are unknown.
          await recreate();
          return;
        }
        logger.warn('Renewing a Graph subscription failed; trying again', {
          subscriptionId: id,
          message: error instanceof Error ? error.message : String(error),
        });
        const left = expiresAt - Date.now();
        if (left <= 0) await recreate();
        else schedule(Math.min(MAX_RETRY_MS, Math.max(MIN_RETRY_MS, left / 4)), renew);
      }
    }

    async function lifecycle(event: LifecycleEvent): Promise<void> {
      if (stopped || !current) return;
      const { id } = current;
      if (event === 'subscriptionRemoved') {
        await recreate();
        return;
      }
      if (event === 'reauthorizationRequired') {
        try {
          await withAnyReader(readersNow(), (graph) => graph.reauthorizeSubscription(id));
        } catch (error) {
          // Renewing reauthorizes too (graph-api.md Part 2 §3.5); `renew` retries, or recreates
          // when the subscription is gone, and resyncs once delivery resumes.
          logger.warn('Reauthorizing a Graph subscription failed; renewing it instead', {
            subscriptionId: id,
            message: error instanceof Error ? error.message : String(error),
          });
          resyncWhenRenewed = true;
          await renew();
          return;
        }
      }
      // Graph paused delivery until the reauthorization (changes in between are lost), or reports a loss (`missed`).
      if (!stopped) handlers.resync();
    }

    async function remove(id: string): Promise<void> {
      try {
        await withAnyReader(lastReaders, (graph) => graph.deleteSubscription(id));
      } catch (error) {
        // Left to expire: Graph deletes it by itself, and its notifications are dropped as unknown meanwhile.
        logger.warn('Deleting a Graph subscription failed; it will expire', {
          subscriptionId: id,
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }

    void create();

    return {
      stop() {
        if (stopped) return;
        stopped = true;
        if (timer) clearTimeout(timer);
        timer = null;
        const id = current?.id;
        forget();
        if (id) void remove(id);
      },
    };
  }

  /** Items checked already (here, or by the replica that received them), in delivery order per subscription. */
  function handle(items: readonly ForwardedItem[]): void {
    const changesOf = new Map<Registered, ReceivedChange[]>();
    const lifecycles: Array<[Registered, LifecycleEvent]> = [];
    for (const item of items) {
      const registered = registry.get(item.subscriptionId.toLowerCase());
      const content = contentOf(item);
      if (!registered || !content) continue;
      if ('change' in content) changesOf.set(registered, [...(changesOf.get(registered) ?? []), content.change]);
      else lifecycles.push([registered, content.event]);
    }
    for (const [registered, changes] of changesOf) registered.onChanges(changes);
    for (const [registered, event] of lifecycles) registered.onLifecycle(event);
  }

  // Forwarded for a subscription deleted or recreated here since: dropped, as Graph's own late
  // deliveries for it are (the recreation resynced).
  shared?.onForwarded((forwarded) => {
    // Parsed by the replica that received them (`notification-routes.ts`), which forwarded them as they were.
    const items = forwarded as readonly ForwardedItem[];
    const held = items.filter((item) => registry.has(item.subscriptionId.toLowerCase()));
    counters.handledForOthers += held.length;
    handle(held);
  });

  return {
    available: () => baseUrl() !== null,
    watch,
    receive(items) {
      const here: ForwardedItem[] = [];
      const elsewhere: NotificationItem[] = [];
      for (const item of items) {
        const registered = registry.get(item.subscriptionId.toLowerCase());
        if (!contentOf(item)) counters.dropped += 1;
        else if (registered) {
          if (sameSecret(item.clientState, registered.secret)) here.push(item);
          else counters.dropped += 1;
        } else if (shared) elsewhere.push(item);
        else counters.dropped += 1;
      }
      counters.accepted += here.length;
      counters.lifecycleEvents += here.filter(isLifecycle).length;
      handle(here);
      if (elsewhere.length > 0 && shared) {
        void shared.forward(elsewhere, isLifecycle).then(({ accepted, lifecycleEvents, dropped }) => {
          counters.accepted += accepted;
          counters.forwarded += accepted;
          counters.lifecycleEvents += lifecycleEvents;
          counters.dropped += dropped;
        });
      }
    },
    dropMalformed(count) {
      counters.dropped += count;
    },
    servedBy(served) {
      server = served;
    },
    stats: () => ({ subscriptions: registry.size, ...counters }),
  };
}
