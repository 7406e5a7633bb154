import type {
  DirectoryRelationOptions,
  GraphClient,
  GraphDirectoryObject,
  GraphGroup,
  GraphRequestStats,
  GraphUser,
  UserRef,
} from './client';
import { createBatchSender } from './batch';
import { EntityCache, type EntityRead, type Identified } from './entity-cache';
import { closedWhenAborted } from './closed-when-aborted';
import { GraphApiError } from './errors';
import { createHttpSender, type GraphObserver } from './http';
import { entityKeyOf } from './keyed-reads';
import { createAdaptiveLimit, type ConcurrencyGate } from './concurrency';
import { createDeltaReader, isDeltaSegment, type DeltaFeed } from './delta';
import { createListReader, type Collection } from './list-reader';
import { entityPath } from './odata';
import { createCursorSeal, processCursorSecret } from './paging';
import { createPlannerApi } from './planner';
import { createRetryPolicy, type RetryOptions } from './retry';
import type { ReadCaches, TaskApiDeps } from './task-api';
import { createOwnerPaths } from './task-owner';
import { createTodoApi } from './todo';
import { createSubscriptionApi } from './subscriptions';
import { createTokenRefusal } from './token-refusal';
import { createWaveQueue } from './wave-queue';
import { createWriter } from './writer';
import { fetchTransport, nodeTransport, type FetchLike } from './transport';
import { DEFAULT_MAX_CONCURRENCY, DEFAULT_TIMEOUT_MS } from './defaults';

export type { FetchLike } from './transport';

export interface GraphClientOptions {
  /** Graph root, e.g. `https://graph.microsoft.com` or `http://127.0.0.1:4001`; `/v1.0` is appended. */
  graphUrl: string;
  /** Bearer for Graph; called once per client (per operation), the auth layer caches across operations. */
  getToken: () => Promise<string>;
  /** Default: `node:http`/`node:https` over keep-alive agents (`nodeTransport`). */
  fetch?: FetchLike;
  /**
   * The most HTTP requests in flight per operation (`GRAPH_MAX_CONCURRENCY`, default 32), when
   * no shared `concurrency` limit is given: the client then adapts a limit of its own.
   */
  maxConcurrency?: number;
  /** The adaptive limit shared by the operations of one tenant and app (see `concurrency.ts`). */
  concurrency?: ConcurrencyGate;
  /** Per HTTP call; a call without an answer by then fails with a `timeout` GraphApiError (default 15000). */
  timeoutMs?: number;
  /** Bounds of the 429/503/504 retries. */
  retry?: RetryOptions;
  /** The client disconnected: pending and later Graph calls fail with an `aborted` GraphApiError. */
  signal?: AbortSignal;
  /**
   * Whose token `getToken` returns: `user` (delegated: `/me/...` paths may be used) or `app`
   * (app-only: Planner and To Do go through `/users/{id}/...`, and `SIGNED_IN_USER` is refused before any call).
   */
  identity?: 'user' | 'app';
  /** Told about every HTTP exchange with Graph (status, `$batch` size), e.g. for metrics. */
  observer?: GraphObserver;
  /**
   * Key that seals the cursors this client hands out and accepts (HMAC-SHA256): the same for
   * every replica of a deployment. Default: a random key per process.
   */
  cursorSecret?: string;
  /**
   * Who the cursors are for: an opaque, stable, non-secret key of the caller. A cursor sealed
   * for one binding is refused under another. Default: one binding for every client.
   */
  cursorBinding?: string;
}

export { DEFAULT_MAX_CONCURRENCY, DEFAULT_TIMEOUT_MS } from './defaults';

function versionRootOf(graphUrl: string): string {
  let url: URL;
  try {
    url = new URL(graphUrl);
  } catch {
    throw new TypeError(`graphUrl must be an absolute URL, got '${graphUrl}'.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new TypeError(`graphUrl must be http(s), got '${graphUrl}'.`);
  if (url.search || url.hash) throw new TypeError(`graphUrl must not carry a query or fragment, got '${graphUrl}'.`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}/v1.0`;
}

/** A directory relationship: its path below the owner, the kind of its items, and (`T`) their type. */
interface Relation<T extends Identified> {
  name: string;
  itemKind: Collection<T>['itemKind'];
  /** Graph answers it only as an advanced query (see `Collection.advanced`). */
  advanced?: boolean;
  /** Type only, never set. */
  readonly items?: T;
}

const ALL_USERS: Collection<GraphUser> = { path: '/users', itemKind: 'user' };
const ALL_GROUPS: Collection<GraphGroup> = { path: '/groups', itemKind: 'group' };
const DIRECT_REPORTS: Relation<GraphUser> = { name: 'directReports/microsoft.graph.user', itemKind: 'user' };
const MEMBER_OF: Relation<GraphGroup> = { name: 'memberOf/microsoft.graph.group', itemKind: 'group' };
// A cast on a transitive list is an advanced query (aad-advanced-queries.md).
const TRANSITIVE_MEMBER_OF: Relation<GraphGroup> = {
  name: 'transitiveMemberOf/microsoft.graph.group',
  itemKind: 'group',
  advanced: true,
};
const GROUP_MEMBERS: Relation<GraphDirectoryObject> = { name: 'members', itemKind: null };
const GROUP_OWNERS: Relation<GraphDirectoryObject> = { name: 'owners', itemKind: null };

/** A directory delta feed: takes `$select` on its first call and with a `$deltatoken` (user-delta.md). */
function directoryDeltaFeed(entitySet: 'users' | 'groups'): DeltaFeed {
  const path = `/${entitySet}/delta`;
  return {
    path,
    binding: path,
    sendsSelect: (start) => start === null || start.name === '$deltatoken',
    ownsLink: (segments) => segments.length === 2 && segments[0] === entitySet && isDeltaSegment(segments[1]),
  };
}

const USERS_DELTA = directoryDeltaFeed('users');
const GROUPS_DELTA = directoryDeltaFeed('groups');

const ME: EntityRead<GraphUser> = { notFound: 'error', kind: 'user' };
const USER: EntityRead<GraphUser> = { notFound: 'null', kind: 'user' };
// `/manager` answers a directory object: it primes the by-id entry only when `@odata.type` says user.
const MANAGER: EntityRead<GraphUser> = { notFound: 'null', kind: null };
const GROUP: EntityRead<GraphGroup> = { notFound: 'null', kind: 'group' };

/**
 * `read()`'s promise, with a synchronous throw (a key that makes no path) as a rejection: what
 * an async wrapper would do, without its extra promise and microtask turns around a promise
 * that is already there, at one per relationship or entity field (hundreds an operation).
 */
function rejectingThrows<T>(read: () => Promise<T>): Promise<T> {
  try {
    return read();
  } catch (error) {
    return Promise.reject(error);
  }
}

/** One client per GraphQL operation: its wave queue, caches and counters live as long as the operation. */
export function createGraphClient(options: GraphClientOptions): GraphClient {
  const versionRoot = versionRootOf(options.graphUrl);
  const stats: GraphRequestStats = {
    httpRequests: 0,
    batchRequests: 0,
    subRequests: 0,
    retries: 0,
    waves: 0,
    roundTrips: 0,
    resourceUnits: 0,
  };
  let token: Promise<string> | undefined;
  const refusal = createTokenRefusal();
  const http = createHttpSender({
    transport: options.fetch ? fetchTransport(options.fetch) : nodeTransport,
    versionRoot,
    getToken: () => (token ??= options.getToken()),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    signal: options.signal,
    concurrency:
      options.concurrency ?? createAdaptiveLimit({ ceiling: options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY }),
    stats,
    refusal,
    ...(options.observer ? { observer: options.observer } : {}),
  });
  const retry = createRetryPolicy(options.retry);
  const queue = createWaveQueue({
    send: createBatchSender({ http, retry, stats, signal: options.signal, refusal }),
    signal: options.signal,
  });
  const cursors = createCursorSeal(options.cursorSecret ?? processCursorSecret(), options.cursorBinding ?? '');
  const freshReads = (): ReadCaches => {
    const entities = new EntityCache(queue);
    return { entities, lists: createListReader({ queue, entities, cursors }) };
  };
  let reads = freshReads();
  const deltas = createDeltaReader({ queue, cursors, versionRoot });

  const owners = createOwnerPaths(options.identity);
  const taskDeps: TaskApiDeps = {
    reads: () => reads,
    http,
    writer: createWriter({ http, retry, stats, signal: options.signal }),
    owners,
    // What the operation read before a write may have changed: later reads go to Graph again.
    afterWrite: () => {
      reads = freshReads();
    },
  };
  // The signed-in user's relationships go to `/me/...` (also when named by id once `/me` has
  // answered), so a read started as `SIGNED_IN_USER` before the id was known and one by id share a cache entry.
  const userPath = (ref: UserRef) => owners.pathOf(ref);
  const readRelation = <T extends Identified>(
    ownerPath: string,
    { name, itemKind, advanced }: Relation<T>,
    listOptions: DirectoryRelationOptions,
  ) => reads.lists.read<T>({ path: `${ownerPath}/${name}`, itemKind, ...(advanced ? { advanced } : {}) }, listOptions);
  const readUserRelation = <T extends Identified>(
    ref: UserRef,
    relation: Relation<T>,
    listOptions: DirectoryRelationOptions,
  ) => rejectingThrows(() => readRelation(userPath(ref), relation, listOptions));
  const readGroupRelation = <T extends Identified>(
    groupId: string,
    relation: Relation<T>,
    listOptions: DirectoryRelationOptions,
  ) => rejectingThrows(() => readRelation(entityPath('groups', groupId), relation, listOptions));

  const client: GraphClient = {
    async getMe(select) {
      const me = await reads.entities.read('/me', select, ME);
      if (!me)
        throw new GraphApiError({
          status: 404,
          code: 'Request_ResourceNotFound',
          message: 'The signed-in user was not found.',
        });
      owners.signedIn(me.id);
      return me;
    },
    getUser: (idOrUpn, select) =>
      rejectingThrows(() =>
        reads.entities.read(entityPath('users', idOrUpn), select, USER, entityKeyOf('/users', idOrUpn)),
      ),
    getManager: (userRef, select) =>
      rejectingThrows(() => reads.entities.read(`${userPath(userRef)}/manager`, select, MANAGER)),
    getGroup: (id, select) =>
      rejectingThrows(() => reads.entities.read(entityPath('groups', id), select, GROUP, entityKeyOf('/groups', id))),
    async listUsers(listOptions) {
      return reads.lists.read(ALL_USERS, listOptions);
    },
    async listGroups(listOptions) {
      return reads.lists.read(ALL_GROUPS, listOptions);
    },
    listDirectReports: (userRef, listOptions) => readUserRelation(userRef, DIRECT_REPORTS, listOptions),
    listMemberOf: (userRef, listOptions) => readUserRelation(userRef, MEMBER_OF, listOptions),
    listTransitiveMemberOf: (userRef, listOptions) => readUserRelation(userRef, TRANSITIVE_MEMBER_OF, listOptions),
    listGroupMembers: (groupId, listOptions) => readGroupRelation(groupId, GROUP_MEMBERS, listOptions),
    listGroupOwners: (groupId, listOptions) => readGroupRelation(groupId, GROUP_OWNERS, listOptions),
    usersDelta: (request) => deltas.read(USERS_DELTA, request),
    // Without `members` in `$select`, Graph tracks no membership change (group-delta.md).
    groupsDelta: (request) => deltas.read(GROUPS_DELTA, { ...request, select: [...request.select, 'members'] }),
    ...createPlannerApi(taskDeps),
    ...createTodoApi(taskDeps, deltas),
    ...createSubscriptionApi(taskDeps),
    stats: () => ({ ...stats }),
  };
  return closedWhenAborted(client, options.signal, ['stats']);
}
