/**
 * The typed face of Microsoft Graph that resolvers see (through the per-request context).
 * It knows nothing of GraphQL. Every read is deferred into the current wave of the
 * per-request batcher, so resolvers may call these methods freely: reads issued in the same
 * tick share `$batch` requests, and the same read is never sent twice in one operation.
 *
 * `select` lists Graph property names for `$select`. Callers pass the same list for every
 * read of one entity type within an operation, which is what lets list results prime the
 * by-id reads (a member listed by `/groups/{id}/members` is not fetched again by `getUser`).
 */
import type * as Graph from '@microsoft/microsoft-graph-types';

export type GraphUser = Graph.User & { id: string };
export type GraphGroup = Graph.Group & { id: string };
/** A member or owner of a group: `@odata.type` says which kind (`#microsoft.graph.user`, ...). */
export type GraphDirectoryObject = Graph.DirectoryObject & { id: string; '@odata.type': string } & Record<string, unknown>;

/** Forward paging over a Graph collection. */
export interface PageRequest {
  /** How many items the caller wants (1..999); more than one Graph page follows `@odata.nextLink`. */
  first: number;
  /** Opaque cursor from a previous `Page.endCursor` (it wraps Graph's `@odata.nextLink`). */
  after?: string | null;
}

export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page, or null when Graph returned no `@odata.nextLink`. */
  endCursor: string | null;
  /** `@odata.count`, present only when `count: true` was asked for. */
  totalCount?: number;
}

export interface ListOptions {
  select: readonly string[];
  page: PageRequest;
  /** A complete OData `$filter` expression, built with the escaping helpers of `graph/odata`. */
  filter?: string;
  /** A complete `$search` expression, e.g. `"displayName:ada"` (built with `graph/odata`). */
  search?: string;
  /** Ask Graph for `@odata.count` (sends `$count=true` with `ConsistencyLevel: eventual`). */
  count?: boolean;
}

export interface GraphRequestStats {
  /** HTTP requests sent to Graph (a `$batch` POST counts once). */
  httpRequests: number;
  batchRequests: number;
  /** Steps inside `$batch` requests. */
  subRequests: number;
  /** Reads re-sent after 429/503/504. */
  retries: number;
  /** Dispatches of the batcher: reads that could go out together went out in one wave. */
  waves: number;
}

export interface GraphClient {
  /** `GET /me`: the signed-in user (delegated tokens only). */
  getMe(select: readonly string[]): Promise<GraphUser>;
  /** `GET /users/{id | userPrincipalName}`; null when Graph answers 404. */
  getUser(idOrUpn: string, select: readonly string[]): Promise<GraphUser | null>;
  /** `GET /users` */
  listUsers(options: ListOptions): Promise<Page<GraphUser>>;
  /** `GET /users/{id}/manager`; null when the user has no manager (Graph answers 404). */
  getManager(userId: string, select: readonly string[]): Promise<GraphUser | null>;
  /** `GET /users/{id}/directReports/microsoft.graph.user` */
  listDirectReports(userId: string, options: Pick<ListOptions, 'select' | 'page'>): Promise<Page<GraphUser>>;
  /** `GET /users/{id}/memberOf/microsoft.graph.group` (groups only). */
  listMemberOf(userId: string, options: Pick<ListOptions, 'select' | 'page'>): Promise<Page<GraphGroup>>;
  /** `GET /users/{id}/transitiveMemberOf/microsoft.graph.group` (groups only). */
  listTransitiveMemberOf(userId: string, options: Pick<ListOptions, 'select' | 'page'>): Promise<Page<GraphGroup>>;
  /** `GET /groups/{id}`; null when Graph answers 404. */
  getGroup(id: string, select: readonly string[]): Promise<GraphGroup | null>;
  /** `GET /groups` */
  listGroups(options: ListOptions): Promise<Page<GraphGroup>>;
  /** `GET /groups/{id}/members`: users, groups and other directory objects. */
  listGroupMembers(groupId: string, options: Pick<ListOptions, 'select' | 'page'>): Promise<Page<GraphDirectoryObject>>;
  /** `GET /groups/{id}/owners` */
  listGroupOwners(groupId: string, options: Pick<ListOptions, 'select' | 'page'>): Promise<Page<GraphDirectoryObject>>;

  /** Counters for this client's operation so far (for `extensions.graphStats`). */
  stats(): GraphRequestStats;
}
