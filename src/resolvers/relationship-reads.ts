/**
 * The client call behind each relationship that the wave prefetch (`prefetch.ts`) starts early:
 * one function per parent type and field, used both by the child field's resolver and by the
 * prefetch. The prefetch only saves a read when it asks exactly what the resolver will ask (same
 * path, `$select`, page request and `$count`), so neither side may spell the call on its own.
 */
import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context';
import type { Page, PageRequest, UserRef } from '../graph/client';
import {
  connectionRequest,
  loadConnection,
  NESTED_LIST_DEFAULT_FIRST,
  type Connection,
  type PagingArgs,
} from './paging';

/**
 * A relationship's client call for the parent `key`, given the child field's arguments. `fieldNodes`
 * are the child field's nodes: the resolver's own `info.fieldNodes` by default, while a prefetch,
 * which runs with its parent's `info`, passes the child's node it found.
 */
export type RelationshipRead<Key, Args, Result> = (
  key: Key,
  args: Args,
  context: Context,
  info: GraphQLResolveInfo,
  fieldNodes?: readonly FieldNode[],
) => Promise<Result>;

/** What a connection asks of its client call: the page, and whether `totalCount` is selected. */
interface ListRequest {
  page: PageRequest;
  count: boolean;
}

type ListCall<Key, T> = (
  key: Key,
  request: ListRequest,
  context: Context,
  info: GraphQLResolveInfo,
) => Promise<Page<T>>;

export interface ConnectionRead<Key, T> {
  /** The page read a connection with these arguments makes: what a prefetch starts. */
  read: RelationshipRead<Key, PagingArgs, Page<T>>;
  /** The connection its resolver answers, built over that same read. */
  connection: RelationshipRead<Key, PagingArgs, Connection<T>>;
}

/** A read answered as the client returns it: an entity, or a list that the resolver does not page. */
function plainRead<Key, Result>(read: RelationshipRead<Key, unknown, Result>): RelationshipRead<Key, unknown, Result> {
  return read;
}

/** A nested connection (`first` defaults to `NESTED_LIST_DEFAULT_FIRST`) over one client list call. */
function nestedConnection<Key, T>(list: ListCall<Key, T>): ConnectionRead<Key, T> {
  const count = (context: Context, info: GraphQLResolveInfo, fieldNodes: readonly FieldNode[] = info.fieldNodes) =>
    context.analysis.of(info).fields.includes(fieldNodes, 'totalCount');
  return {
    read: (key, args, context, info, fieldNodes) =>
      list(
        key,
        { page: connectionRequest(args, NESTED_LIST_DEFAULT_FIRST), count: count(context, info, fieldNodes) },
        context,
        info,
      ),
    connection: (key, args, context, info, fieldNodes) =>
      loadConnection(args, NESTED_LIST_DEFAULT_FIRST, (page) =>
        list(key, { page, count: count(context, info, fieldNodes) }, context, info),
      ),
  };
}

/**
 * Keyed by a user id, or by `SIGNED_IN_USER` when `me` prefetches before its id is known: the
 * client reads both the signed-in user's id and `SIGNED_IN_USER` at `/me/...`, so they share a read.
 */
export const userReads = {
  manager: plainRead((ref: UserRef, _args, { graph, analysis }, info) =>
    graph.getManager(ref, analysis.of(info).selects.user),
  ),
  directReports: nestedConnection((ref: UserRef, { page, count }, { graph, analysis }, info) =>
    graph.listDirectReports(ref, { select: analysis.of(info).selects.user, page, count }),
  ),
  memberOf: nestedConnection((ref: UserRef, { page, count }, { graph, analysis }, info) =>
    graph.listMemberOf(ref, { select: analysis.of(info).selects.group, page, count }),
  ),
  transitiveMemberOf: nestedConnection((ref: UserRef, { page, count }, { graph, analysis }, info) =>
    graph.listTransitiveMemberOf(ref, { select: analysis.of(info).selects.group, page, count }),
  ),
  // Planner cannot count: its connection has no `totalCount`.
  plannerTasks: nestedConnection((ref: UserRef, { page }, { graph, analysis }, info) =>
    graph.listUserPlannerTasks(ref, { select: analysis.of(info).selects.plannerTask, page }),
  ),
  outlookTaskLists: plainRead((ref: UserRef, _args, { graph, analysis }, info) =>
    graph.listTodoTaskLists(ref, analysis.of(info).selects.todoTaskList),
  ),
};

export const groupReads = {
  members: nestedConnection((id: string, { page, count }, { graph, analysis }, info) =>
    graph.listGroupMembers(id, { select: analysis.of(info).selects.directoryObject, page, count }),
  ),
  owners: nestedConnection((id: string, { page, count }, { graph, analysis }, info) =>
    graph.listGroupOwners(id, { select: analysis.of(info).selects.directoryObject, page, count }),
  ),
};

export const plannerPlanReads = {
  buckets: plainRead((id: string, _args, { graph, analysis }, info) =>
    graph.listPlannerBuckets(id, analysis.of(info).selects.plannerBucket),
  ),
  tasks: nestedConnection((id: string, { page }, { graph, analysis }, info) =>
    graph.listPlannerPlanTasks(id, { select: analysis.of(info).selects.plannerTask, page }),
  ),
};

export const plannerTaskReads = {
  details: plainRead((id: string, _args, { graph, analysis }, info) =>
    graph.getPlannerTaskDetails(id, analysis.of(info).selects.plannerTaskDetails),
  ),
};
