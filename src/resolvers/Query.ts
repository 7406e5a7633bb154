import type { QueryResolvers } from '../__generated__/resolvers-types';
import { badUserInput } from '../errors';
import { selectsField } from '../selection/selects-field';
import { displayNameSearchExpression, groupFilterExpression, userFilterExpression } from './filters';
import { loadConnection, ROOT_LIST_DEFAULT_FIRST } from './paging';

export const Query: QueryResolvers = {
  me: (_root, _args, { graph, graphIdentity, selects }, info) => {
    if (graphIdentity === 'app') {
      throw badUserInput(
        '`me` needs a signed-in user, but this gateway calls Microsoft Graph with an app-only token ' +
          '(GRAPH_AUTH_MODE=app), which has no signed-in user. Query `user(id:)` instead.',
      );
    }
    return graph.getMe(selects(info).user);
  },
  user: (_root, { id }, { graph, selects }, info) => graph.getUser(id, selects(info).user),
  users: (_root, args, { graph, selects }, info) => {
    const filter = userFilterExpression(args.filter);
    const search = displayNameSearchExpression(args.search);
    const count = selectsField(info, 'totalCount');
    return loadConnection(args, ROOT_LIST_DEFAULT_FIRST, (page) =>
      graph.listUsers({ select: selects(info).user, page, filter, search, count }),
    );
  },
  group: (_root, { id }, { graph, selects }, info) => graph.getGroup(id, selects(info).group),
  groups: (_root, args, { graph, selects }, info) => {
    const filter = groupFilterExpression(args.filter);
    const search = displayNameSearchExpression(args.search);
    const count = selectsField(info, 'totalCount');
    return loadConnection(args, ROOT_LIST_DEFAULT_FIRST, (page) =>
      graph.listGroups({ select: selects(info).group, page, filter, search, count }),
    );
  },
};
