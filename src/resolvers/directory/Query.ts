import type { QueryResolvers } from '../../__generated__/resolvers-types';
import { badUserInput } from '../../errors';
import { displayNameSearchExpression, groupFilterExpression, userFilterExpression } from './filters';
import { loadConnection, ROOT_LIST_DEFAULT_FIRST } from '../paging';
import { prefetchGroupChildren, prefetchSignedInUserChildren, prefetchUserChildren } from '../prefetch';

export const Query: Pick<QueryResolvers, 'me' | 'user' | 'users' | 'group' | 'groups'> = {
  me: (_root, _args, context, info) => {
    const { graph, graphIdentity, selects } = context;
    if (graphIdentity === 'app') {
      throw badUserInput(
        '`me` needs a signed-in user, but this gateway calls Microsoft Graph with an app-only token ' +
          '(GRAPH_AUTH_MODE=app), which has no signed-in user. Query `user(id:)` instead.',
      );
    }
    const me = graph.getMe(selects(info).user);
    prefetchSignedInUserChildren(context, info);
    return me;
  },
  user: (_root, { id }, context, info) => {
    const user = context.graph.getUser(id, context.selects(info).user);
    prefetchUserChildren(id, context, info);
    return user;
  },
  users: (_root, args, { graph, selects, analysis }, info) => {
    const filter = userFilterExpression(args.filter);
    const search = displayNameSearchExpression(args.search);
    const count = analysis.of(info).fields.includes(info.fieldNodes, 'totalCount');
    return loadConnection(args, ROOT_LIST_DEFAULT_FIRST, (page) =>
      graph.listUsers({ select: selects(info).user, page, filter, search, count }),
    );
  },
  group: (_root, { id }, context, info) => {
    const group = context.graph.getGroup(id, context.selects(info).group);
    prefetchGroupChildren(id, context, info);
    return group;
  },
  groups: (_root, args, { graph, selects, analysis }, info) => {
    const filter = groupFilterExpression(args.filter);
    const search = displayNameSearchExpression(args.search);
    const count = analysis.of(info).fields.includes(info.fieldNodes, 'totalCount');
    return loadConnection(args, ROOT_LIST_DEFAULT_FIRST, (page) =>
      graph.listGroups({ select: selects(info).group, page, filter, search, count }),
    );
  },
};
