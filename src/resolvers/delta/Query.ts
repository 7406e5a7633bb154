import type { QueryResolvers } from '../../__generated__/resolvers-types';

/**
 * `usersDelta` and `groupsDelta`: one Graph page of the round, selecting (and so tracking) the
 * properties the operation needs of users or groups. The changed entities resolve their nested
 * fields like any user or group, batched in the operation's waves.
 */
export const Query: Pick<QueryResolvers, 'usersDelta' | 'groupsDelta'> = {
  usersDelta: (_root, { token }, { graph, analysis }, info) =>
    graph.usersDelta({ token: token ?? null, select: analysis.of(info).selects.user }),
  groupsDelta: (_root, { token }, { graph, analysis }, info) =>
    graph.groupsDelta({ token: token ?? null, select: analysis.of(info).selects.group }),
};
