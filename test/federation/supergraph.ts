/**
 * A real federated deployment on 127.0.0.1: the emulator, our gateway serving its subgraph over
 * HTTP, the projects subgraph (users and groups by id), the badges subgraph (users by sign-in
 * name), and `@apollo/gateway` composing them (`IntrospectAndCompose`) behind an Apollo Server.
 *
 *   const sg = await startSupergraph();
 *   sg.resetCounters();
 *   const result = await sg.query('{ projects { members { displayName } } }');
 *   sg.fetchesTo('msgraph');            // what the gateway sent our subgraph, with its graphStats
 *   sg.directory.emulator.stats();      // what reached Graph
 *   await sg.close();
 */
import { ApolloGateway, IntrospectAndCompose, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import type { FormattedExecutionResult } from 'graphql';
import type { GraphRequestStats } from '../../src/graph/client';
import type { FetchLike } from '../../src/graph/create-graph-client';
import { post, startTestGateway, type TestGateway } from '../kit';
import { buildBadges, startBadgesSubgraph, type BadgesSubgraph } from './badges-subgraph';
import { buildProjects } from './projects-data';
import { startProjectsSubgraph, type ProjectsSubgraph } from './projects-subgraph';

/** The subgraph names of the supergraph (as a `supergraph.yaml` would name them). */
export const DIRECTORY_SUBGRAPH = 'msgraph';
export const PROJECTS_SUBGRAPH = 'projects';
export const BADGES_SUBGRAPH = 'badges';
export type SubgraphName = typeof DIRECTORY_SUBGRAPH | typeof PROJECTS_SUBGRAPH | typeof BADGES_SUBGRAPH;

/** Which users hold badges (in the tenant's listing order): 50 of them, the 11th to the 60th. */
const BADGE_HOLDERS = { from: 10, count: 50 };

/** One request the federation gateway sent to a subgraph, as it went out and came back. */
export interface SubgraphFetch {
  subgraph: SubgraphName;
  query: string;
  /** How many entity representations an `_entities` fetch carried; null for other operations. */
  representations: number | null;
  /** The `extensions.graphStats` our subgraph answered with (null from the other subgraphs). */
  graphStats: GraphRequestStats | null;
}

export interface Supergraph {
  /** The federation gateway's URL. */
  url: string;
  /** Our subgraph's `/graphql` URL (what the federation gateway calls). */
  directoryUrl: string;
  directory: TestGateway;
  projects: ProjectsSubgraph;
  badges: BadgesSubgraph;
  /** The composed supergraph SDL the gateway runs on. */
  supergraphSdl: string;
  /** Sends an operation to the federation gateway over HTTP. */
  query<TData = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<FormattedExecutionResult<TData>>;
  fetchesTo(subgraph: SubgraphName): SubgraphFetch[];
  /** Forgets the recorded subgraph fetches and resets the emulator's request counters and log. */
  resetCounters(): void;
  close(): Promise<void>;
}

const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };

function isStats(value: unknown): value is GraphRequestStats {
  return typeof value === 'object' && value !== null && typeof (value as { waves?: unknown }).waves === 'number';
}

function recordingDataSource(subgraph: SubgraphName, url: string, log: SubgraphFetch[]): RemoteGraphQLDataSource {
  return new RemoteGraphQLDataSource({
    url,
    willSendRequest({ request }) {
      request.http?.headers.set('x-graph-stats', '1');
    },
    didReceiveResponse({ request, response }) {
      const representations = request.variables?.representations;
      const graphStats = response.extensions?.graphStats;
      log.push({
        subgraph,
        query: request.query ?? '',
        representations: Array.isArray(representations) ? representations.length : null,
        graphStats: isStats(graphStats) ? graphStats : null,
      });
      return response;
    },
  });
}

async function closeAll(closers: ReadonlyArray<() => Promise<void>>): Promise<void> {
  for (const close of [...closers].reverse()) await close();
}

export interface SupergraphOptions {
  /** Users in the emulated tenant (at least 60: the projects and badges data need them). */
  users?: number;
  /** How our gateway reaches Graph (default: the global fetch). */
  graphFetch?: FetchLike;
}

/**
 * Graph access whose `$batch` answers arrive one after another, as over a real network: within
 * each run of three, the second answer is held 15 ms and the third 30 ms. Exposes resolvers that
 * would let an entity's children start before its siblings' answers are in.
 */
export function staggeredBatchAnswers(): FetchLike {
  let batchesSent = 0;
  return async (request) => {
    const isBatch = new URL(request.url).pathname.endsWith('/$batch');
    const holdMs = isBatch ? (batchesSent++ % 3) * 15 : 0;
    const response = await fetch(request);
    if (holdMs > 0) await new Promise((resolve) => setTimeout(resolve, holdMs));
    return response;
  };
}

export async function startSupergraph(options: SupergraphOptions = {}): Promise<Supergraph> {
  const closers: Array<() => Promise<void>> = [];
  try {
    const directory = await startTestGateway({
      users: options.users ?? 60,
      ...(options.graphFetch ? { graphFetch: options.graphFetch } : {}),
    });
    closers.push(() => directory.close());
    const directoryUrl = await directory.listen();

    const { tenant } = directory.emulator;
    const projects = await startProjectsSubgraph(
      buildProjects({ userIds: [...tenant.users.keys()], groupIds: [...tenant.groups.keys()] }),
    );
    closers.push(() => projects.close());
    const holders = [...tenant.users.values()].slice(BADGE_HOLDERS.from, BADGE_HOLDERS.from + BADGE_HOLDERS.count);
    const badges = await startBadgesSubgraph(buildBadges(holders.map((user) => user.userPrincipalName)));
    closers.push(() => badges.close());

    const fetches: SubgraphFetch[] = [];
    const endpoints: Record<SubgraphName, string> = {
      [DIRECTORY_SUBGRAPH]: directoryUrl,
      [PROJECTS_SUBGRAPH]: projects.url,
      [BADGES_SUBGRAPH]: badges.url,
    };
    const gateway = new ApolloGateway({
      supergraphSdl: new IntrospectAndCompose({
        subgraphs: Object.entries(endpoints).map(([name, url]) => ({ name, url })),
      }),
      buildService: ({ name, url }) =>
        recordingDataSource(name as SubgraphName, url ?? endpoints[name as SubgraphName], fetches),
      logger: silentLogger,
    });
    let supergraphSdl = '';
    gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
      supergraphSdl = coreSupergraphSdl;
    });
    const server = new ApolloServer({ gateway, logger: silentLogger, stopOnTerminationSignals: false });
    const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: 0 } });
    closers.push(() => server.stop());

    return {
      url,
      directoryUrl,
      directory,
      projects,
      badges,
      supergraphSdl,
      async query<TData>(query: string, variables?: Record<string, unknown>) {
        const response = await post(url, { query, ...(variables ? { variables } : {}) });
        return response.body as FormattedExecutionResult<TData>;
      },
      fetchesTo: (subgraph) => fetches.filter((fetch) => fetch.subgraph === subgraph),
      resetCounters() {
        fetches.length = 0;
        directory.emulator.resetStats();
        directory.emulator.requestLog.clear();
      },
      close: () => closeAll(closers),
    };
  } catch (error) {
    await closeAll(closers);
    throw error;
  }
}
