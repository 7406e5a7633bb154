import type { UserResolvers } from '../__generated__/resolvers-types';
import { loadConnection, NESTED_LIST_DEFAULT_FIRST } from './paging';

export const User: UserResolvers = {
  __resolveReference: (reference, { graph, selects }, info) => graph.getUser(reference.id, selects(info).user),
  businessPhones: (user) => user.businessPhones ?? [],
  manager: (user, _args, { graph, selects }, info) => graph.getManager(user.id, selects(info).user),
  directReports: (user, args, { graph, selects }, info) =>
    loadConnection(args, NESTED_LIST_DEFAULT_FIRST, (page) =>
      graph.listDirectReports(user.id, { select: selects(info).user, page }),
    ),
  memberOf: (user, args, { graph, selects }, info) =>
    loadConnection(args, NESTED_LIST_DEFAULT_FIRST, (page) =>
      graph.listMemberOf(user.id, { select: selects(info).group, page }),
    ),
  transitiveMemberOf: (user, args, { graph, selects }, info) =>
    loadConnection(args, NESTED_LIST_DEFAULT_FIRST, (page) =>
      graph.listTransitiveMemberOf(user.id, { select: selects(info).group, page }),
    ),
};
