import type { GraphQLResolveInfo } from 'graphql';
import type { QueryResolvers } from '../../__generated__/resolvers-types';
import type { Context } from '../../context';
import { badUserInput } from '../../errors';
import type { ListOptions, Page } from '../../graph/client';
import { displayNameSearchExpression, groupFilterExpression, userFilterExpression } from './filters';
import { loadConnection, ROOT_LIST_DEFAULT_FIRST } from '../paging';
import { entityReads } from '../entity-reads';
import { prefetchSignedInUserChildren } from '../prefetch';

interface RootListArgs {
  first?: number | null;
  after?: string | null;
  search?: string | null;
}

/**
 * `users` and `groups`: one page of a root directory list, with `totalCount` asked of Graph only
 * when the operation selects it (it needs an advanced query).
 */
function rootList<T>(
  args: RootListArgs,
  filter: string | undefined,
  { analysis }: Context,
  info: GraphQLResolveInfo,
  list: (options: Omit<ListOptions, 'select'>) => Promise<Page<T>>,
) {
  const search = displayNameSearchExpression(args.search);
  const count = analysis.of(info).fields.includes(info.fieldNodes, 'totalCount');
  return loadConnection(args, ROOT_LIST_DEFAULT_FIRST, (page) => list({ page, filter, search, count }));
}

export const Query: Pick<QueryResolvers, 'me' | 'user' | 'users' | 'group' | 'groups'> = {
  me: (_root, _args, context, info) => {
    const { graph, graphIdentity, analysis } = context;
    if (graphIdentity === 'app') {
      throw badUserInput(
        '`me` needs a signed-in user, but this gateway calls Microsoft Graph with an app-only token ' +
          '(GRAPH_AUTH_MODE=app), which has no signed-in user. Query `user(id:)` instead.',
      );
    }
    const me = graph.getMe(analysis.of(info).selects.user);
    prefetchSignedInUserChildren(context, info);
    return me;
  },
  user: (_root, { id }, context, info) => entityReads.user(id, context, info),
  users: (_root, args, context, info) =>
    rootList(args, userFilterExpression(args.filter), context, info, (options) =>
      context.graph.listUsers({ ...options, select: context.analysis.of(info).selects.user }),
    ),
  group: (_root, { id }, context, info) => entityReads.group(id, context, info),
  groups: (_root, args, context, info) =>
    rootList(args, groupFilterExpression(args.filter), context, info, (options) =>
      context.graph.listGroups({ ...options, select: context.analysis.of(info).selects.group }),
    ),
};
