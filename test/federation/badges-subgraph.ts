/**
 * A small "badges" subgraph, as a facilities system would run it: it knows people only by their
 * sign-in name, so it references users by `userPrincipalName` (the second key of `User`) and
 * cannot resolve users itself. Served by Apollo Server on 127.0.0.1 (an ephemeral port).
 */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';

export interface BadgeRecord {
  number: string;
  /** The holder's sign-in name, as the badge system stores it. */
  holderUserPrincipalName: string;
}

/** One badge per sign-in name, numbered from 1000 in the order given. */
export function buildBadges(userPrincipalNames: readonly string[]): BadgeRecord[] {
  return userPrincipalNames.map((upn, index) => ({ number: `B-${1000 + index}`, holderUserPrincipalName: upn }));
}

export const BADGES_TYPE_DEFS = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

type Query {
  """
  Every badge issued, in number order.
  """
  badges: [Badge!]!
}

"""
A building access badge.
"""
type Badge {
  number: String!
  """
  The person the badge was issued to.
  """
  holder: User!
}

"""
A directory user (owned by the msgraph subgraph), known here only by sign-in name.
"""
type User @key(fields: "userPrincipalName", resolvable: false) {
  userPrincipalName: String!
}
`;

export interface BadgesSubgraph {
  url: string;
  badges: readonly BadgeRecord[];
  close(): Promise<void>;
}

export async function startBadgesSubgraph(badges: readonly BadgeRecord[]): Promise<BadgesSubgraph> {
  const resolvers = {
    Query: { badges: () => badges },
    Badge: { holder: (badge: BadgeRecord) => ({ userPrincipalName: badge.holderUserPrincipalName }) },
  };
  const server = new ApolloServer({
    schema: buildSubgraphSchema([{ typeDefs: parse(BADGES_TYPE_DEFS), resolvers }]),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    stopOnTerminationSignals: false,
  });
  const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: 0 } });
  return { url, badges, close: () => server.stop() };
}
