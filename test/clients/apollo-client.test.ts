/**
 * Apollo Client 4 (`@apollo/client` with `rxjs`) with its defaults (POST, JSON), against
 * `npm start` and against on-behalf-of mode: its cache built with the `possibleTypes` the gateway
 * serves at `/possible-types.json`, so fragments on the `DirectoryObject` interface keep their fields.
 */
import { ApolloClient, gql, HttpLink, InMemoryCache, type PossibleTypesMap } from '@apollo/client';
import { useGateway } from '../kit';
import { CLIENT_SETUPS, MY_TASK_QUERY, recordingFetch, RENAME_TASK, type MyTask, type SentRequest } from './gateways';

const MEMBERS = gql`
  query Members($id: ID!) {
    group(id: $id) {
      id
      members(first: 10) {
        nodes {
          ...Member
        }
      }
    }
  }
  fragment Member on DirectoryObject {
    id
    ... on User {
      displayName
    }
  }
`;

interface MembersData {
  group: { id: string; members: { nodes: { __typename: string; id: string; displayName?: string }[] } };
}

interface RestMember {
  '@odata.type': string;
  id: string;
  displayName?: string;
}

describe.each(CLIENT_SETUPS)('Apollo Client against $name', (setup) => {
  const gw = useGateway(setup.options);
  const sent: SentRequest[] = [];
  const client = (possibleTypes?: PossibleTypesMap) =>
    new ApolloClient({
      link: new HttpLink({ uri: gw.url, fetch: recordingFetch(sent), headers: setup.headers(gw) }),
      cache: new InMemoryCache(possibleTypes ? { possibleTypes } : {}),
    });
  const servedPossibleTypes = async () =>
    ((await (await fetch(`${gw.origin}/possible-types.json`)).json()) as { possibleTypes: PossibleTypesMap })
      .possibleTypes;

  beforeEach(() => {
    sent.length = 0;
  });

  it('reads a fragment on DirectoryObject whole with the served possibleTypes, over POST', async () => {
    const groupId = [...gw.emulator.tenant.groups.keys()][0];
    const result = await client(await servedPossibleTypes()).query<MembersData>({
      query: MEMBERS,
      variables: { id: groupId },
    });
    const rest = await gw.rest<{ value: RestMember[] }>(`/groups/${groupId}/members?$select=id,displayName&$top=10`);
    const typeNames: Record<string, string> = { '#microsoft.graph.user': 'User', '#microsoft.graph.group': 'Group' };
    expect(result.data?.group.members.nodes).toEqual(
      rest.value.map((member) => {
        const __typename = typeNames[member['@odata.type']] ?? 'OtherDirectoryObject';
        return __typename === 'User'
          ? { __typename, id: member.id, displayName: member.displayName }
          : { __typename, id: member.id };
      }),
    );
    expect(result.data?.group.members.nodes.some((node) => node.__typename === 'User')).toBe(true);
    expect(sent.map((request) => [request.method, request.contentType])).toEqual([['POST', 'application/json']]);
  });

  it('loses the fragment’s fields without possibleTypes (why the map is served)', async () => {
    const groupId = [...gw.emulator.tenant.groups.keys()][0];
    const result = await client().query<MembersData>({ query: MEMBERS, variables: { id: groupId } });
    const nodes = result.data?.group.members.nodes ?? [];
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.filter((node) => 'id' in node || 'displayName' in node)).toEqual([]);
  });

  it('runs a mutation', async () => {
    const apollo = client();
    const read = await apollo.query<MyTask>({ query: gql(MY_TASK_QUERY) });
    const [task] = read.data?.me.plannerTasks.nodes ?? [];
    const renamed = await apollo.mutate({
      mutation: gql(RENAME_TASK),
      variables: { id: task.id, etag: task.etag, title: 'Renamed by Apollo Client' },
    });
    expect(renamed.data).toEqual({
      updatePlannerTask: {
        __typename: 'UpdatePlannerTaskPayload',
        task: { __typename: 'PlannerTask', id: task.id, title: 'Renamed by Apollo Client' },
      },
    });
  });
});
