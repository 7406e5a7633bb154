/**
 * One user or group, watched through a Graph change-notification subscription on `/users/{id}`
 * or `/groups/{id}` (changeType `updated,deleted`; graph-api.md Part 2 §3) when Graph can reach
 * the gateway, else polled every interval.
 *
 * Users and groups carry no `@odata.etag`, so a poll compares values: the `$select`ed properties
 * the schema exposes, and for a group its member ids too (Graph notifies a membership change on
 * `/groups/{id}` as `updated`, and a poll must see it as well). The first read is the baseline a
 * resync (`missed`, a reauthorization pause, a recreated subscription) compares with.
 */
import type { GraphClient } from '../graph/client';
import { GraphApiError } from '../graph/errors';
import { entityPath } from '../graph/odata';
import { ErrorCode } from '../errors';
import type { Logger } from '../logger';
import type { ChangeSink, ChangeSource, LiveEnd } from './change-source';
import type { EntityChange } from './etag-changes';
import type { GraphSubscriptions, ReceivedChange } from './graph-subscriptions';
import { createBaselineWatch, type BaselineWatch } from './baseline-watch';
import { messageOf, readWholeCollection, type GraphReader } from './graph-readers';

/** The longest lifetime Graph gives a user or group subscription (graph-api.md Part 2 §3: under 29 days). */
export const DIRECTORY_SUBSCRIPTION_MINUTES = 41_760;

export type DirectoryObjectKind = 'user' | 'group';

const USER_PROPERTIES = [
  'id',
  'displayName',
  'givenName',
  'surname',
  'mail',
  'userPrincipalName',
  'jobTitle',
  'department',
  'officeLocation',
  'mobilePhone',
  'businessPhones',
  'accountEnabled',
] as const;

const GROUP_PROPERTIES = [
  'id',
  'displayName',
  'description',
  'mail',
  'mailNickname',
  'mailEnabled',
  'securityEnabled',
  'groupTypes',
  'visibility',
] as const;

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

async function memberIds(graph: GraphClient, groupId: string): Promise<string[]> {
  const members = await readWholeCollection(
    (page) => graph.listGroupMembers(groupId, { select: ['id'], page }),
    `The members of the group ${groupId}`,
  );
  return members.map((member) => member.id).sort();
}

/** The entity's state as one comparable string; null when Graph no longer has it. */
async function readVersion(graph: GraphClient, kind: DirectoryObjectKind, id: string): Promise<string | null> {
  if (kind === 'user') {
    const user = await graph.getUser(id, USER_PROPERTIES);
    return user ? JSON.stringify(USER_PROPERTIES.map((property) => user[property] ?? null)) : null;
  }
  const group = await graph.getGroup(id, GROUP_PROPERTIES);
  if (!group) return null;
  const members = await memberIds(graph, id);
  return JSON.stringify([GROUP_PROPERTIES.map((property) => group[property] ?? null), members]);
}

/** The change from one read to the next: null is an entity Graph no longer has (or no longer shows). */
function changeBetween(id: string, previous: string | null, current: string | null): EntityChange[] {
  if (current === previous) return [];
  if (current === null) return [{ changeType: 'DELETED', id }];
  return [{ changeType: previous === null ? 'CREATED' : 'UPDATED', id }];
}

export function createDirectoryObjectSource(
  options: DirectoryObjectSourceOptions,
): ChangeSource<EntityChange, GraphReader> {
  const { kind, id, logger } = options;
  let stopped = false;
  let baselineWatch: BaselineWatch<string | null> | null = null;
  let watch: { stop(): void } | null = null;

  return {
    start(sink: ChangeSink<EntityChange>, readers: () => readonly GraphReader[]) {
      const entity = createBaselineWatch<string | null>(
        {
          read: (graph) => readVersion(graph, kind, id),
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
      baselineWatch = entity;

      const notified = (received: readonly ReceivedChange[]) => {
        const deleted = received.some((change) => change.changeType.toLowerCase() === 'deleted');
        const updated = received.some((change) => change.changeType.toLowerCase() === 'updated');
        if (!deleted && !updated) return;
        // A notification carries no values: the next resync compares with a re-read, so a change
        // already notified may be reported again after a loss, never missed.
        if (deleted) entity.moveBaseline(() => null);
        sink.publish([{ changeType: deleted ? 'DELETED' : 'UPDATED', id }]);
      };

      if (!options.notifications?.available()) {
        entity.poll();
        return;
      }
      const resource = entityPath(kind === 'user' ? 'users' : 'groups', id);
      // The subscription first, then the baseline (its first `resync`): no change falls in between.
      watch = options.notifications.watch(
        {
          resourceOf: () => resource,
          changeType: 'updated,deleted',
          lifetimeMinutes: options.subscriptionMinutes ?? DIRECTORY_SUBSCRIPTION_MINUTES,
        },
        readers,
        {
          changes: notified,
          resync: () => entity.resync(),
          unavailable: (error) => {
            if (stopped) return;
            logger.warn(`No Graph subscription for a ${kind}; polling it instead`, { id, message: messageOf(error) });
            watch?.stop();
            watch = null;
            entity.poll();
          },
        },
      );
    },
    stop() {
      stopped = true;
      baselineWatch?.stop();
      watch?.stop();
      watch = null;
    },
  };
}
