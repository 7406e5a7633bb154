/**
 * Prints what the federation scenarios of the tests cost in Graph requests (the README's table):
 *
 *   npx tsx test/federation/measure.ts
 *
 * Each line: the scenario, the fetches the federation gateway sent our subgraph (representations
 * and `extensions.graphStats` of each), and the emulator's counters for the whole operation.
 */
import type { GraphRequestStats } from '../../src/graph/client';
import { post } from '../kit';
import { DEPARTED_USER_ID, RETIRED_GROUP_ID } from './projects-data';
import { staggeredBatchAnswers, startSupergraph, type Supergraph } from './supergraph';

const FAN_OUT = `{ project(id: "prj-atlas") { members { id displayName mail memberOf(first: 100) { nodes { id displayName } } } } }`;
const BADGES = '{ badges { number holder { userPrincipalName id displayName } } }';
const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on User { id displayName } ... on Group { id displayName } }
}`;

function emulatorCounters(sg: Supergraph) {
  const { httpRequests, batchRequests, subRequests } = sg.directory.emulator.stats();
  return { httpRequests, batchRequests, subRequests };
}

async function throughGateway(sg: Supergraph, name: string, query: string) {
  sg.resetCounters();
  const result = await sg.query(query);
  const fetches = sg.fetchesTo('msgraph').map(({ representations, graphStats }) => ({ representations, graphStats }));
  console.log(
    JSON.stringify({ scenario: name, errors: result.errors?.length ?? 0, fetches, graph: emulatorCounters(sg) }),
  );
}

async function straightToSubgraph(sg: Supergraph, name: string, representations: object[]) {
  sg.resetCounters();
  const response = await post(
    sg.directoryUrl,
    { query: ENTITIES, variables: { representations } },
    { headers: { 'x-graph-stats': '1' } },
  );
  const data = response.body.data as { _entities: unknown[] } | undefined;
  const graphStats = response.body.extensions?.graphStats as GraphRequestStats | undefined;
  const nulls = data?._entities.filter((entity) => entity === null).length;
  console.log(
    JSON.stringify({
      scenario: name,
      entities: data?._entities.length,
      nulls,
      graphStats,
      graph: emulatorCounters(sg),
    }),
  );
}

async function main(): Promise<void> {
  const sg = await startSupergraph({ graphFetch: staggeredBatchAnswers() });
  try {
    const users = [...sg.directory.emulator.tenant.users.values()];
    const [group] = sg.directory.emulator.tenant.groups.values();
    await throughGateway(sg, 'projects → 50 members → memberOf', FAN_OUT);
    await throughGateway(sg, 'badges → 50 holders by userPrincipalName', BADGES);
    await straightToSubgraph(
      sg,
      '_entities: 3 known users (2 by id, 1 by userPrincipalName), 2 unknown users, 1 known and 1 unknown group',
      [
        { __typename: 'User', id: users[0].id },
        { __typename: 'User', id: DEPARTED_USER_ID },
        { __typename: 'User', userPrincipalName: users[1].userPrincipalName },
        { __typename: 'User', userPrincipalName: `nobody@${sg.directory.emulator.tenant.domain}` },
        { __typename: 'Group', id: group.id },
        { __typename: 'Group', id: RETIRED_GROUP_ID },
        { __typename: 'User', id: users[2].id },
      ],
    );
    await straightToSubgraph(
      sg,
      '_entities: 50 users by userPrincipalName',
      users.slice(10, 60).map((user) => ({ __typename: 'User', userPrincipalName: user.userPrincipalName })),
    );
  } finally {
    await sg.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
