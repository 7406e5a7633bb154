/**
 * The Graph subscriptions of a deployment of several replicas (`REDIS_URL`), shared so that a
 * notification reaches its subscription whichever replica Graph delivers it to: behind a load
 * balancer that is any of them, while only the replica holding the topic's lease holds the
 * subscription. The holder records each one as `live:graph-subscription:<id>` → its replica id
 * and the SHA-256 of the `clientState`, expiring with the subscription (moved at each renewal,
 * removed on delete or recreate, written again when Redis comes back after a restart). A replica
 * that receives an item for a subscription it does not hold checks the secret against that hash
 * in constant time and forwards the item, without its secret, on the holder's channel
 * (`live:replica:<id>`); the holder handles it as if Graph had delivered it there.
 *
 * A hash rather than the secret, so that reading Redis is not enough to forge a notification;
 * a plain hash suffices (no key) because the secret is 256 random bits.
 *
 * Redis unavailable: nothing is recorded or forwarded (logged once per outage), items that needed
 * forwarding are dropped and counted, and the holder still handles what Graph delivers to it.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from '../logger';
import { outageLog } from './outage-log';

const KEY_PREFIX = 'live:graph-subscription:';
const CHANNEL_PREFIX = 'live:replica:';

/** What the registry reads of a notification item; the rest travels as it is. */
export interface AddressedItem {
  subscriptionId: string;
  clientState?: string | null | undefined;
}

/** An item as forwarded to its holder: checked already, so without the secret. */
export type ForwardedItem<TItem extends AddressedItem> = Omit<TItem, 'clientState'>;

/** What happened to items passed on by `forward`: each is accepted (and forwarded) or dropped. */
export interface ForwardOutcome {
  accepted: number;
  lifecycleEvents: number;
  dropped: number;
}

export interface SharedGraphSubscriptions {
  /** Records a subscription this replica holds, until `expiresAt` (again at each renewal); never rejects. */
  hold(id: string, clientState: Buffer, expiresAt: number): Promise<void>;
  /** Forgets a subscription this replica deleted, recreated or gave up. */
  release(id: string): void;
  /**
   * Checks items for subscriptions this replica does not hold against the shared records and
   * forwards the valid ones to their holders; `isLifecycle` tells the lifecycle items apart for
   * the counts. Never rejects.
   */
  forward<TItem extends AddressedItem>(
    items: readonly TItem[],
    isLifecycle: (item: TItem) => boolean,
  ): Promise<ForwardOutcome>;
  /**
   * Where the items other replicas forward to this one go: as `forward` was given them (less the
   * secret), by a replica that parsed them, through a Redis only the deployment writes to.
   */
  onForwarded(handler: (items: ReadonlyArray<ForwardedItem<AddressedItem>>) => void): void;
  /** Waits for the removals under way (subscriptions deleted by the hub's close). */
  settle(): Promise<void>;
}

/** The node-redis commands the registry needs; `subscriber` is the pub/sub connection. */
export interface SharedSubscriptionConnections {
  commands: {
    set(key: string, value: string, options: { expiration: { type: 'PXAT'; value: number } }): Promise<unknown>;
    del(key: string): Promise<unknown>;
    mGet(keys: string[]): Promise<Array<string | null>>;
    publish(channel: string, message: string): Promise<number>;
    on(event: 'ready', listener: () => void): unknown;
  };
  subscriber: { subscribe(channel: string, listener: (message: string) => void): Promise<unknown> };
}

interface Entry {
  replica: string;
  clientStateSha256: string;
}

interface Envelope {
  from: string;
  items: Array<ForwardedItem<AddressedItem>>;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest();

function sameClientState(received: string | null | undefined, hash: string): boolean {
  if (typeof received !== 'string') return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = sha256(Buffer.from(received, 'utf8'));
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}

function entryOf(raw: string | null): Entry | null {
  if (raw === null) return null;
  try {
    const entry = JSON.parse(raw) as Partial<Entry>;
    return typeof entry.replica === 'string' && typeof entry.clientStateSha256 === 'string'
      ? { replica: entry.replica, clientStateSha256: entry.clientStateSha256 }
      : null;
  } catch {
    return null;
  }
}

function forwardedItem<TItem extends AddressedItem>({ clientState: _secret, ...item }: TItem): ForwardedItem<TItem> {
  return item;
}

function envelopeOf(raw: string): Envelope | null {
  try {
    const envelope = JSON.parse(raw) as Partial<Envelope>;
    if (typeof envelope.from !== 'string' || !Array.isArray(envelope.items)) return null;
    const items = envelope.items.filter(
      (item): item is ForwardedItem<AddressedItem> =>
        typeof item === 'object' && item !== null && typeof item.subscriptionId === 'string',
    );
    return { from: envelope.from, items };
  } catch {
    return null;
  }
}

export async function openSharedGraphSubscriptions({
  connections: { commands, subscriber },
  replicaId,
  logger,
}: {
  connections: SharedSubscriptionConnections;
  /** Unique per process: the owner named in this replica's records and the name of its channel. */
  replicaId: string;
  logger: Logger;
}): Promise<SharedGraphSubscriptions> {
  /** What this replica recorded, to write again into a Redis that lost it. */
  const held = new Map<string, { value: string; expiresAt: number }>();
  const removals = new Set<Promise<void>>();
  let handler: (items: ReadonlyArray<ForwardedItem<AddressedItem>>) => void = () => undefined;
  const { failed, answered } = outageLog(
    logger,
    'Graph notifications',
    'notifications for subscriptions held by another replica are dropped until it answers',
  );

  const write = async (id: string, value: string, expiresAt: number) => {
    await commands.set(`${KEY_PREFIX}${id}`, value, { expiration: { type: 'PXAT', value: expiresAt } });
  };

  // A Redis restarted without persistence has lost the records: written again at each reconnection
  // (the first `ready` came before this listener).
  commands.on('ready', () => {
    const now = Date.now();
    for (const [id, { value, expiresAt }] of held) {
      if (expiresAt > now) write(id, value, expiresAt).then(answered, failed);
    }
  });

  await subscriber.subscribe(`${CHANNEL_PREFIX}${replicaId}`, (raw) => {
    const envelope = envelopeOf(raw);
    if (!envelope) {
      logger.warn('Graph notifications: a forwarded message on Redis is not readable; dropped');
      return;
    }
    if (envelope.items.length === 0) return;
    try {
      handler(envelope.items);
    } catch (error) {
      // Thrown into the Redis client's message loop, it would be lost with the other messages of the read.
      logger.error('Handling Graph notifications forwarded by another replica failed', {
        message: error instanceof Error ? error.message : String(error),
      });
    }
  });

  async function publish(replica: string, items: Array<ForwardedItem<AddressedItem>>): Promise<boolean> {
    const envelope: Envelope = { from: replicaId, items };
    const receivers = await commands.publish(`${CHANNEL_PREFIX}${replica}`, JSON.stringify(envelope));
    if (receivers > 0) return true;
    // Its holder is gone (the lease moves on: the next holder subscribes anew and reads again).
    logger.debug('Graph notifications for a subscription whose replica is gone were dropped', {
      subscriptionIds: [...new Set(items.map((item) => item.subscriptionId))],
    });
    return false;
  }

  return {
    async hold(id, clientState, expiresAt) {
      const entry: Entry = { replica: replicaId, clientStateSha256: sha256(clientState).toString('base64url') };
      const value = JSON.stringify(entry);
      held.set(id, { value, expiresAt });
      try {
        await write(id, value, expiresAt);
        answered();
      } catch (error) {
        failed(error);
      }
    },

    release(id) {
      if (!held.delete(id)) return;
      const removal: Promise<void> = commands
        .del(`${KEY_PREFIX}${id}`)
        .then(answered, failed)
        .finally(() => removals.delete(removal));
      removals.add(removal);
    },

    async forward<TItem extends AddressedItem>(items: readonly TItem[], isLifecycle: (item: TItem) => boolean) {
      const outcome: ForwardOutcome = { accepted: 0, lifecycleEvents: 0, dropped: 0 };
      const ids = [...new Set(items.map((item) => item.subscriptionId.toLowerCase()))];
      let entries: Map<string, Entry | null>;
      try {
        const raw = await commands.mGet(ids.map((id) => `${KEY_PREFIX}${id}`));
        entries = new Map(ids.map((id, index) => [id, entryOf(raw[index] ?? null)]));
        answered();
      } catch (error) {
        failed(error);
        outcome.dropped = items.length;
        return outcome;
      }
      const byReplica = new Map<string, TItem[]>();
      for (const item of items) {
        const entry = entries.get(item.subscriptionId.toLowerCase());
        // A record naming this replica is one it no longer holds (deleted, not yet removed).
        if (!entry || entry.replica === replicaId || !sameClientState(item.clientState, entry.clientStateSha256)) {
          outcome.dropped += 1;
          continue;
        }
        byReplica.set(entry.replica, [...(byReplica.get(entry.replica) ?? []), item]);
      }
      await Promise.all(
        [...byReplica].map(async ([replica, accepted]) => {
          let delivered = false;
          try {
            delivered = await publish(replica, accepted.map(forwardedItem));
            answered();
          } catch (error) {
            failed(error);
          }
          if (!delivered) {
            outcome.dropped += accepted.length;
            return;
          }
          outcome.accepted += accepted.length;
          outcome.lifecycleEvents += accepted.filter(isLifecycle).length;
        }),
      );
      return outcome;
    },

    onForwarded(next) {
      handler = next;
    },

    settle: async () => {
      await Promise.all([...removals]);
    },
  };
}
