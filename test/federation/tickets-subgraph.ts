/**
 * A small "tickets" subgraph with Relay connections, as most subgraphs page: its own `PageInfo`
 * (`hasNextPage hasPreviousPage startCursor endCursor`, `@shareable`) beside ours, and tickets
 * that reference their reporter by user id. Served by Apollo Server on 127.0.0.1 (an ephemeral port).
 */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';

export interface TicketRecord {
  id: string;
  title: string;
  reporterId: string;
}

export const TICKETS_TYPE_DEFS = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])

type Query {
  """
  Tickets in id order, paged forward from \`after\` (a ticket id).
  """
  tickets(first: Int!, after: String): TicketConnection!
}

"""
A support ticket.
"""
type Ticket {
  id: ID!
  title: String!
  """
  The directory user who reported it.
  """
  reporter: User!
}

"""
A page of tickets (Relay's connection shape).
"""
type TicketConnection {
  edges: [TicketEdge!]!
  pageInfo: PageInfo!
}

"""
A ticket and its cursor.
"""
type TicketEdge {
  cursor: String!
  node: Ticket!
}

"""
Relay's page information, shared with every subgraph that pages the same way.
"""
type PageInfo @shareable {
  hasNextPage: Boolean!
  hasPreviousPage: Boolean!
  startCursor: String
  endCursor: String
}

"""
A directory user (owned by the msgraph subgraph).
"""
type User @key(fields: "id", resolvable: false) {
  id: ID!
}
`;

export interface TicketsSubgraph {
  url: string;
  close(): Promise<void>;
}

export async function startTicketsSubgraph(tickets: readonly TicketRecord[]): Promise<TicketsSubgraph> {
  const resolvers = {
    Query: {
      tickets: (_: unknown, { first, after }: { first: number; after?: string | null }) => {
        const start = after ? tickets.findIndex((ticket) => ticket.id === after) + 1 : 0;
        const page = tickets.slice(start, start + first);
        return {
          edges: page.map((ticket) => ({ cursor: ticket.id, node: ticket })),
          pageInfo: {
            hasNextPage: start + first < tickets.length,
            hasPreviousPage: start > 0,
            startCursor: page[0]?.id ?? null,
            endCursor: page.at(-1)?.id ?? null,
          },
        };
      },
    },
    Ticket: { reporter: (ticket: TicketRecord) => ({ id: ticket.reporterId }) },
  };
  const server = new ApolloServer({
    schema: buildSubgraphSchema([{ typeDefs: parse(TICKETS_TYPE_DEFS), resolvers }]),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    stopOnTerminationSignals: false,
  });
  const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: 0 } });
  return { url, close: () => server.stop() };
}
