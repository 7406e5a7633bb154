import { taskOwnerOf, type DirectoryRelationOptions, type GraphClient, type GraphDirectoryObject, type GraphGroup, type GraphRequestStats, type GraphUser, type Page, type UserRef } from './client';
import { createBatchSender } from './batch';
import { EntityCache, type GraphEntity } from './entity-cache';
import { abortedError, GraphApiError } from './errors';
import { createHttpSender, type GraphObserver } from './http';
import { createLimiter } from './limiter';
import { createListReader, type Collection } from './list-reader';
import { entityPath } from './odata';
import { createCursorSeal, processCursorSecret } from './paging';
import { createPlannerApi } from './planner';
import { createRetryPolicy, type RetryOptions } from './retry';
import type { ReadCaches, TaskApiDeps } from './task-api';
import { createOwnerPaths } from './task-owner';
import { createTodoApi } from './todo';
import { createTokenRefusal } from './token-refusal';
import { createWaveQueue } from './wave-queue';
import { createWriter } from './writer';
import { fetchTransport, nodeTransport, type FetchLike } from './transport';

export type { FetchLike } from './transport';

export interface GraphClientOptions {
  /** Graph root, e.g. `https://graph.microsoft.com` or `http://127.0.0.1:4001`; `/v1.0` is appended. */
  graphUrl: string;
  /** Bearer for Graph; called once per client (per operation), the auth layer caches across operations. */
  getToken: () => Promise<string>;
  /** Default: `node:http`/`node:https` over keep-alive agents (`nodeTransport`). */
  fetch?: FetchLike;
  /** HTTP requests in flight per operation (`GRAPH_MAX_CONCURRENCY`, default 8). */
  maxConcurrency?: number;
  /** Per HTTP call; a call without an answer by then fails with a `timeout` GraphApiError (default 15000). */
  timeoutMs?: number;
  /** Bounds of the 429/503/504 retries. */
  retry?: RetryOptions;
  /** The client disconnected: pending and later Graph calls fail with an `aborted` GraphApiError. */
  signal?: AbortSignal;
  /**
   * Whose token `getToken` returns: `user` (delegated: `/me/...` paths may be used) or `app`
   * (app-only: Planner and To Do go through `/users/{id}/...`, and `'me'` is refused before any call).
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

export const DEFAULT_MAX_CONCURRENCY = 8;
export const DEFAULT_TIMEOUT_MS = 15_000;

function versionRootOf(graphUrl: string): string {
  let url: URL;
  try {
    url = new URL(graphUrl);
  } catch {
    throw new TypeError(`graphUrl must be an absolute URL, got '${graphUrl}'.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(`graphUrl must be http(s), got '${graphUrl}'.`);
  if (url.search || url.hash) throw new TypeError(`graphUrl must not carry a query or fragment, got '${graphUrl}'.`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}/v1.0`;
}

/** A directory relationship: its path below the owner, and the kind of its items. */
interface Relation {
  name: string;
  itemKind: Collection['itemKind'];
}

const ALL_USERS: Collection = { path: '/users', itemKind: 'user' };
const ALL_GROUPS: Collection = { path: '/groups', itemKind: 'group' };
const DIRECT_REPORTS: Relation = { name: 'directReports/microsoft.graph.user', itemKind: 'user' };
const MEMBER_OF: Relation = { name: 'memberOf/microsoft.graph.group', itemKind: 'group' };
const TRANSITIVE_MEMBER_OF: Relation = { name: 'transitiveMemberOf/microsoft.graph.group', itemKind: 'group' };
const GROUP_MEMBERS: Relation = { name: 'members', itemKind: null };
const GROUP_OWNERS: Relation = { name: 'owners', itemKind: null };

/** One client per GraphQL operation: its wave queue, caches and counters live as long as the operation. */
export function createGraphClient(options: GraphClientOptions): GraphClient {
  const versionRoot = versionRootOf(options.graphUrl);
  const stats: GraphRequestStats = { httpRequests: 0, batchRequests: 0, subRequests: 0, retries: 0, waves: 0 };
  let token: Promise<string> | undefined;
  const refusal = createTokenRefusal();
  const http = createHttpSender({
    transport: options.fetch ? fetchTransport(options.fetch) : nodeTransport,
    versionRoot,
    getToken: () => (token ??= options.getToken()),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    signal: options.signal,
    limiter: createLimiter(options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY),
    stats,
    refusal,
    ...(options.observer ? { observer: options.observer } : {}),
  });
  const retry = createRetryPolicy(options.retry);
  const queue = createWaveQueue({ send: createBatchSender({ http, retry, stats, signal: options.signal, refusal }), signal: options.signal });
  const cursors = createCursorSeal(options.cursorSecret ?? processCursorSecret(), options.cursorBinding ?? '');
  const freshReads = (): ReadCaches => {
    const entities = new EntityCache(queue);
    return { entities, lists: createListReader({ queue, entities, cursors }) };
  };
  let reads = freshReads();

  const ensureOpen = () => {
    if (options.signal?.aborted) throw abortedError();
  };
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
    ensureOpen,
  };
  // The signed-in user's relationships go to `/me/...` (also when named by id once `/me` has
  // answered), so a read started as `'me'` before the id was known and one by id share a cache entry.
  const userPath = (ref: UserRef) => owners.pathOf(taskOwnerOf(ref));
  const readRelation = (ownerPath: string, { name, itemKind }: Relation, listOptions: DirectoryRelationOptions) =>
    reads.lists.read({ path: `${ownerPath}/${name}`, itemKind }, listOptions);
  const readUserRelation = async (ref: UserRef, relation: Relation, listOptions: DirectoryRelationOptions) => {
    ensureOpen();
    return readRelation(userPath(ref), relation, listOptions);
  };
  const readGroupRelation = async (groupId: string, relation: Relation, listOptions: DirectoryRelationOptions) => {
    ensureOpen();
    return readRelation(entityPath('groups', groupId), relation, listOptions);
  };
  const user = (entity: GraphEntity | null) => entity as GraphUser | null;
  const group = (entity: GraphEntity | null) => entity as GraphGroup | null;

  return {
    async getMe(select) {
      ensureOpen();
      const me = await reads.entities.read('/me', select, { notFound: 'error', kind: 'user' });
      if (!me) throw new GraphApiError({ status: 404, code: 'Request_ResourceNotFound', message: 'The signed-in user was not found.' });
      owners.signedIn(me.id);
      return me as GraphUser;
    },
    async getUser(idOrUpn, select) {
      ensureOpen();
      return user(await reads.entities.read(entityPath('users', idOrUpn), select, { notFound: 'null', kind: 'user' }));
    },
    async getManager(userRef, select) {
      ensureOpen();
      const path = `${userPath(userRef)}/manager`;
      return user(await reads.entities.read(path, select, { notFound: 'null', kind: null }));
    },
    async getGroup(id, select) {
      ensureOpen();
      return group(await reads.entities.read(entityPath('groups', id), select, { notFound: 'null', kind: 'group' }));
    },
    async listUsers(listOptions) {
      ensureOpen();
      return (await reads.lists.read(ALL_USERS, listOptions)) as Page<GraphUser>;
    },
    async listGroups(listOptions) {
      ensureOpen();
      return (await reads.lists.read(ALL_GROUPS, listOptions)) as Page<GraphGroup>;
    },
    listDirectReports: async (userRef, listOptions) => (await readUserRelation(userRef, DIRECT_REPORTS, listOptions)) as Page<GraphUser>,
    listMemberOf: async (userRef, listOptions) => (await readUserRelation(userRef, MEMBER_OF, listOptions)) as Page<GraphGroup>,
    listTransitiveMemberOf: async (userRef, listOptions) =>
      (await readUserRelation(userRef, TRANSITIVE_MEMBER_OF, listOptions)) as Page<GraphGroup>,
    listGroupMembers: async (groupId, listOptions) =>
      (await readGroupRelation(groupId, GROUP_MEMBERS, listOptions)) as Page<GraphDirectoryObject>,
    listGroupOwners: async (groupId, listOptions) =>
      (await readGroupRelation(groupId, GROUP_OWNERS, listOptions)) as Page<GraphDirectoryObject>,
    ...createPlannerApi(taskDeps),
    ...createTodoApi(taskDeps),
    stats: () => ({ ...stats }),
  };
}
