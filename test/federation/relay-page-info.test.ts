/**
 * A subgraph with Relay connections composes with ours: both declare `PageInfo @shareable` with
 * Relay's four fields, so a real `@apollo/gateway` composes them and answers `pageInfo` of either
 * subgraph's connections (ours: forward only, `hasPreviousPage` false, `startCursor` the first edge's).
 */
import { ApolloGateway, IntrospectAndCompose, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { Kind, parse, print, type ObjectTypeDefinitionNode } from 'graphql';
import { post, useGateway } from '../kit';
import { startTicketsSubgraph, type TicketsSubgraph } from './tickets-subgraph';

interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };

describe('composition with a Relay-style subgraph', () => {
  const directory = useGateway({ users: 20, serve: true });
  let tickets: TicketsSubgraph;
  let supergraph: ApolloServer;
  let url: string;
  let supergraphSdl: string;

  beforeAll(async () => {
    const reporters = [...directory.emulator.tenant.users.keys()];
    tickets = await startTicketsSubgraph(
      ['Printer jams', 'VPN drops', 'New laptop'].map((title, index) => ({
        id: `T-${index + 1}`,
        title,
        reporterId: reporters[index],
      })),
    );
    // Composed once here, so a composition error (SATISFIABILITY_ERROR...) fails the suite with its message.
    const composition = await new IntrospectAndCompose({
      subgraphs: [
        { name: 'msgraph', url: directory.url },
        { name: 'tickets', url: tickets.url },
      ],
    }).initialize({
      update() {},
      async healthCheck() {},
      getDataSource: ({ url: subgraphUrl }) => new RemoteGraphQLDataSource({ url: subgraphUrl }),
    });
    await composition.cleanup?.();
    supergraphSdl = composition.supergraphSdl;
    const gateway = new ApolloGateway({ supergraphSdl, logger: silentLogger });
    supergraph = new ApolloServer({ gateway, logger: silentLogger, stopOnTerminationSignals: false });
    ({ url } = await startStandaloneServer(supergraph, { listen: { host: '127.0.0.1', port: 0 } }));
  });

  afterAll(async () => {
    await supergraph?.stop();
    await tickets?.close();
  });

  it('composes: both subgraphs resolve PageInfo’s four fields', () => {
    const pageInfo = parse(supergraphSdl).definitions.find(
      (node): node is ObjectTypeDefinitionNode =>
        node.kind === Kind.OBJECT_TYPE_DEFINITION && node.name.value === 'PageInfo',
    );
    const graphs = (pageInfo?.directives ?? [])
      .filter((directive) => directive.name.value === 'join__type')
      .map((directive) => print(directive));
    expect(graphs).toEqual(['@join__type(graph: MSGRAPH)', '@join__type(graph: TICKETS)']);
    expect(pageInfo?.fields?.map((field) => `${field.name.value}: ${print(field.type)}`)).toEqual([
      'hasNextPage: Boolean!',
      'hasPreviousPage: Boolean!',
      'startCursor: String',
      'endCursor: String',
    ]);
  });

  it('answers pageInfo of both subgraphs’ connections in one query', async () => {
    const answer = await post<{
      users: { edges: { cursor: string }[]; pageInfo: PageInfo };
      tickets: { edges: { node: { title: string; reporter: { displayName: string } } }[]; pageInfo: PageInfo };
    }>(url, {
      query: `{
        users(first: 2) { edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
        tickets(first: 2, after: "T-1") {
          edges { node { title reporter { displayName } } }
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        }
      }`,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    const { users, tickets: page } = answer.body.data ?? {};
    expect(users?.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: users?.edges[0].cursor,
      endCursor: expect.any(String),
    });
    const [second, third] = [...directory.emulator.tenant.users.values()].slice(1, 3);
    expect(page).toEqual({
      edges: [
        { node: { title: 'VPN drops', reporter: { displayName: second.displayName } } },
        { node: { title: 'New laptop', reporter: { displayName: third.displayName } } },
      ],
      pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: 'T-2', endCursor: 'T-3' },
    });
  });
});
