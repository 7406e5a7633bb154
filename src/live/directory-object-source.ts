/**
 * One user or group, watched through a Graph change-notification subscription on `/users/{id}`
 * or `/groups/{id}` (changeType `updated,deleted`; graph-api.md Part 2 §3) when Graph can reach
 * the gateway, else polled every interval.
 *
 * Both go through Graph's delta on that one object (`/users/delta` or `/groups/delta` with
 * `$filter=id eq '{id}'`, graph-api.md Part 2 §1.2): the baseline is an initial round (the object
 * with the `$select`ed properties the schema exposes, a group with its `members@delta`), and a
 * poll, or a resync (`missed`, a reauthorization pause, a recreated subscription), follows its
 * token: one request that comes back empty unless a tracked property or, for a group, its
 * membership changed (Graph notifies a membership change on `/groups/{id}` as `updated`, and delta
 * reports the group). A token Graph no longer holds means a new round; whether the object changed
 * meanwhile is then unknown, so a surviving object is reported `UPDATED`: late or twice, never lost.
 */
import { propertyOrder } from '../analysis/graph-properties';
import type { GraphClient } from '../graph/client';
import { GraphApiError } from '../graph/errors';
import { entityPath } from '../graph/odata';
import { ErrorCode } from '../errors';
import type { Logger } from '../logger';
import type { ChangeSink, ChangeSource, LiveEnd } from './change-source';
import type { EntityChange } from './etag-changes';
import type { GraphSubscriptions, ReceivedChange } from './graph-subscriptions';
import { createBaselineWatch } from './baseline-watch';
import { startNotifiedWatch } from './notified-watch';
import { isLostDeltaToken, readDeltaRound, type GraphReader } from './graph-readers';

/** The longest lifetime Graph gives a user or group subscription (graph-api.md Part 2 §3: under 29 days). */
export const DIRECTORY_SUBSCRIPTION_MINUTES = 41_760;

export type DirectoryObjectKind = 'user' | 'group';

// What delta tracks: the properties behind the schema's fields, so every change a subscriber
// could see is reported (and no other).
const USER_PROPERTIES = propertyOrder('User');
const GROUP_PROPERTIES = propertyOrder('Group');

export interface DirectoryObjectSourceOptions {
  kind: DirectoryObjectKind;
  id: string;
  pollIntervalMs: number;
  /** Null: always poll. */
  notifications: GraphSubscriptions | null;
  /** The Graph subscription's requested lifetime (tests shorten it with the emulator's). */
  subscriptionMinutes?: number;
  logger: Logger;
}

function terminal(error: unknown, kind: DirectoryObjectKind, id: string): LiveEnd | null {
  if (!(error instanceof GraphApiError) || error.kind !== 'http' || error.status !== 403) return null;
  return { code: ErrorCode.FORBIDDEN, message: `Access to the ${kind} ${id} was refused: ${error.message}` };
}

/** What a watch knows of the object: whether it exists, how many changes delta reported, and the token for the next. */
interface ObjectState {
  present: boolean;
  changes: number;
  deltaToken: string;
}

function deltaOf(graph: GraphClient, kind: DirectoryObjectKind, id: string, token: string | null) {
  const request = { token, ids: [id] };
  return kind === 'user'
    ? graph.usersDelta({ ...request, select: USER_PROPERTIES })
    : graph.groupsDelta({ ...request, select: GROUP_PROPERTIES });
}

/** One delta round from `token` (null: the initial round): whether it reported the object, removed or changed. */
async function deltaRound(
  graph: GraphClient,
  kind: DirectoryObjectKind,
  id: string,
  token: string | null,
): Promise<{ removed: boolean; changed: boolean; deltaToken: string }> {
  const round = await readDeltaRound<{ id: string }>(
    (next) => deltaOf(graph, kind, id, next),
    token,
    `the ${kind} ${id}`,
  );
  const changed = round.changed.some((object) => object.id === id);
  return { changed, removed: !changed && round.removedIds.includes(id), deltaToken: round.deltaToken };
}

async function readObject(
  graph: GraphClient,
  kind: DirectoryObjectKind,
  id: string,
  previous: ObjectState | undefined,
): Promise<ObjectState> {
  if (previous) {
    try {
      const round = await deltaRound(graph, kind, id, previous.deltaToken);
      return {
        present: round.changed || (previous.present && !round.removed),
        changes: previous.changes + (round.changed ? 1 : 0),
        deltaToken: round.deltaToken,
      };
    } catch (error) {
      if (!isLostDeltaToken(error)) throw error;
    }
  }
  const round = await deltaRound(graph, kind, id, null);
  // After a lost token a surviving object may have changed unseen: counted as a change.
  const changes = previous ? previous.changes + (previous.present && round.changed ? 1 : 0) : 0;
  return { present: round.changed, changes, deltaToken: round.deltaToken };
}

/** The change from one state to the next: absent is an object Graph no longer has (or no longer shows). */
function changeBetween(id: string, previous: ObjectState, current: ObjectState): EntityChange[] {
  if (previous.present && !current.present) return [{ changeType: 'DELETED', id }];
  if (!previous.present && current.present) return [{ changeType: 'CREATED', id }];
  if (current.present && current.changes !== previous.changes) return [{ changeType: 'UPDATED', id }];
  return [];
}

export function createDirectoryObjectSource(
  options: DirectoryObjectSourceOptions,
): ChangeSource<EntityChange, GraphReader> {
  const { kind, id, logger } = options;
  let watch: { stop(): void } | null = null;

  return {
    start(sink: ChangeSink<EntityChange>, readers: () => readonly GraphReader[]) {
      const entity = createBaselineWatch<ObjectState>(
        {
          read: (graph, previous) => readObject(graph, kind, id, previous),
          changes: (previous, current) => changeBetween(id, previous, current),
          endFor: (error) => terminal(error, kind, id),
          intervalMs: options.pollIntervalMs,
          logger,
          failureMessage: `Reading a ${kind} failed; trying again later`,
          context: { id },
        },
        sink,
        readers,
      );

      const notified = (received: readonly ReceivedChange[]) => {
        const deleted = received.some((change) => change.changeType.toLowerCase() === 'deleted');
        const updated = received.some((change) => change.changeType.toLowerCase() === 'updated');
        if (!deleted && !updated) return;
        // A notification carries no values: a resync's delta reports a change already notified
        // again (late or twice after a loss, never missed); a deletion is known for certain.
        if (deleted) entity.moveBaseline((baseline) => baseline && { ...baseline, present: false });
        sink.publish([{ changeType: deleted ? 'DELETED' : 'UPDATED', id }]);
      };

      watch = startNotifiedWatch({
        baseline: entity,
        notifications: options.notifications,
        spec: {
          resourceOf: () => entityPath(kind === 'user' ? 'users' : 'groups', id),
          changeType: 'updated,deleted',
          lifetimeMinutes: options.subscriptionMinutes ?? DIRECTORY_SUBSCRIPTION_MINUTES,
        },
        readers,
        changes: notified,
        logger,
        fallbackMessage: `No Graph subscription for a ${kind}; polling it instead`,
        context: { id },
      });
    },
    stop() {
      watch?.stop();
      watch = null;
    },
  };
}
