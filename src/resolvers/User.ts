import type { FederationReferenceTypes, UserResolvers } from '../__generated__/resolvers-types';
import { badUserInput } from '../errors';
import { loadConnection, NESTED_LIST_DEFAULT_FIRST } from './paging';
import { prefetchUserChildren } from './prefetch';

/** The key a reference carries: `id` or `userPrincipalName` (Graph's `/users/{key}` takes either). */
function userKey(reference: FederationReferenceTypes['User']): string {
  const fields: Record<string, unknown> = reference;
  for (const key of ['id', 'userPrincipalName']) {
    const value = fields[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  throw badUserInput('A User reference needs one of its keys: id or userPrincipalName.');
}

export const User: UserResolvers = {
  // Async, so a reference without a usable key fails as this entity only, not the whole `_entities` field.
  __resolveReference: async (reference, context, info) => {
    const key = userKey(reference);
    const user = context.graph.getUser(key, context.selects(info).user);
    prefetchUserChildren(key, context, info);
    return user;
  },
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
