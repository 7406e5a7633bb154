/**
 * Nested reads through the real context factory (OBO as the embedded emulator's default user)
 * return exactly what Graph's REST API returns for the same objects.
 */
import { getNamedType, isLeafType, isObjectType } from 'graphql';
import { buildGatewaySchema } from '../../src/server';
import { type GraphCollection, useGateway } from '../kit';

type GraphObject = Record<string, unknown> & { id: string };

/** The properties `typeName` shows: its fields that take no argument and answer a scalar or an enum. */
function propertiesOf(typeName: string): string[] {
  const type = SCHEMA.getType(typeName);
  if (!isObjectType(type)) throw new Error(`${typeName} is not an object type of the schema`);
  return Object.values(type.getFields())
    .filter((field) => field.args.length === 0 && isLeafType(getNamedType(field.type)))
    .map((field) => field.name);
}

const SCHEMA = buildGatewaySchema();
const USER_FIELDS = propertiesOf('User');
const GROUP_FIELDS = propertiesOf('Group');

const VISIBILITY: Record<string, string> = {
  public: 'PUBLIC',
  private: 'PRIVATE',
  hiddenmembership: 'HIDDEN_MEMBERSHIP',
};

/** A Graph user as the schema shows it (every selected property, null when Graph has none). */
function asUser(graph: GraphObject): Record<string, unknown> {
  return Object.fromEntries(
    USER_FIELDS.map((field) => [field, graph[field] ?? (field === 'businessPhones' ? [] : null)]),
  );
}

function asGroup(graph: GraphObject): Record<string, unknown> {
  const group: Record<string, unknown> = Object.fromEntries(GROUP_FIELDS.map((field) => [field, graph[field] ?? null]));
  group.groupTypes = graph.groupTypes ?? [];
  group.visibility = typeof graph.visibility === 'string' ? VISIBILITY[graph.visibility.toLowerCase()] : null;
  return group;
}

const gw = useGateway({ users: 40 });

describe('nested reads', () => {
  it('returns me with manager, direct reports and groups exactly as Graph does', async () => {
    const userId = gw.emulator.info.defaultUserId;
    const result = await gw.execute(`{
      me {
        ${USER_FIELDS.join(' ')}
        manager { id displayName jobTitle }
        directReports(first: 10) { nodes { id displayName mail } pageInfo { hasNextPage } }
        memberOf(first: 50) { nodes { ${GROUP_FIELDS.join(' ')} } }
      }
    }`);

    const select = USER_FIELDS.join(',');
    const me = await gw.rest<GraphObject>(`/users/${userId}?$select=${select}`);
    const manager = await gw.rest<GraphObject>(`/users/${userId}/manager?$select=id,displayName,jobTitle`);
    const reports = await gw.rest<GraphCollection<GraphObject>>(
      `/users/${userId}/directReports/microsoft.graph.user?$select=id,displayName,mail&$top=10`,
    );
    const groups = await gw.rest<GraphCollection<GraphObject>>(
      `/users/${userId}/memberOf/microsoft.graph.group?$select=${GROUP_FIELDS.join(',')}&$top=50`,
    );

    expect(reports.value.length).toBeGreaterThanOrEqual(3);
    expect(groups.value.length).toBeGreaterThanOrEqual(3);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      me: {
        ...asUser(me),
        manager: { id: manager.id, displayName: manager.displayName, jobTitle: manager.jobTitle ?? null },
        directReports: {
          nodes: reports.value.map((user) => ({ id: user.id, displayName: user.displayName, mail: user.mail ?? null })),
          pageInfo: { hasNextPage: reports['@odata.nextLink'] !== undefined },
        },
        memberOf: { nodes: groups.value.map(asGroup) },
      },
    });
  });

  it('returns a group with its members of every kind and its owners as Graph does', async () => {
    const group = [...gw.emulator.tenant.groups.values()].find((candidate) =>
      (gw.emulator.tenant.membersOf.get(candidate.id) ?? []).some((id) => {
        const kind = gw.emulator.tenant.directoryObjects.get(id)?.kind;
        return kind !== 'user' && kind !== 'group';
      }),
    );
    if (!group) throw new Error('the tenant has no group with a non-user member');

    const result = await gw.execute(
      `query($id: ID!) {
        group(id: $id) {
          id displayName
          members(first: 100) {
            nodes {
              __typename id
              ... on User { displayName userPrincipalName }
              ... on Group { displayName mailNickname }
              ... on OtherDirectoryObject { odataType displayName }
            }
          }
          owners { nodes { __typename id } }
        }
      }`,
      { variables: { id: group.id } },
    );

    const members = await gw.rest<GraphCollection<GraphObject>>(
      `/groups/${group.id}/members?$select=id,displayName,userPrincipalName,mailNickname&$top=100`,
    );
    const owners = await gw.rest<GraphCollection<GraphObject>>(`/groups/${group.id}/owners?$select=id&$top=25`);
    const typename = (object: GraphObject) =>
      object['@odata.type'] === '#microsoft.graph.user'
        ? 'User'
        : object['@odata.type'] === '#microsoft.graph.group'
          ? 'Group'
          : 'OtherDirectoryObject';
    const asMember = (object: GraphObject) => {
      switch (typename(object)) {
        case 'User':
          return {
            __typename: 'User',
            id: object.id,
            displayName: object.displayName ?? null,
            userPrincipalName: object.userPrincipalName ?? null,
          };
        case 'Group':
          return {
            __typename: 'Group',
            id: object.id,
            displayName: object.displayName ?? null,
            mailNickname: object.mailNickname ?? null,
          };
        default:
          return {
            __typename: 'OtherDirectoryObject',
            id: object.id,
            odataType: object['@odata.type'],
            displayName: object.displayName ?? null,
          };
      }
    };

    expect(members.value.some((object) => typename(object) === 'OtherDirectoryObject')).toBe(true);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      group: {
        id: group.id,
        displayName: group.displayName,
        members: { nodes: members.value.map(asMember) },
        owners: { nodes: owners.value.map((owner) => ({ __typename: typename(owner), id: owner.id })) },
      },
    });
  });

  it('pages users with cursors: endCursor continues where the page ended, an edge cursor (and startCursor, the first edge’s) after that edge', async () => {
    const all = await gw.rest<GraphCollection<GraphObject>>('/users?$select=id&$top=12');
    const ids = all.value.map((user) => user.id);

    const first = await gw.execute<{
      users: {
        nodes: { id: string }[];
        edges: { cursor: string }[];
        pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string };
      };
    }>(
      '{ users(first: 5) { nodes { id } edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }',
    );
    expect(first.errors).toBeUndefined();
    expect(first.data?.users.nodes.map((user) => user.id)).toEqual(ids.slice(0, 5));
    expect(first.data?.users.pageInfo.hasNextPage).toBe(true);
    expect(first.data?.users.pageInfo.hasPreviousPage).toBe(false);
    expect(first.data?.users.pageInfo.startCursor).toBe(first.data?.users.edges[0].cursor);

    const query = 'query($after: String) { users(first: 4, after: $after) { nodes { id } } }';
    const next = await gw.execute<{ users: { nodes: { id: string }[] } }>(query, {
      variables: { after: first.data?.users.pageInfo.endCursor },
    });
    expect(next.data?.users.nodes.map((user) => user.id)).toEqual(ids.slice(5, 9));

    const afterThird = await gw.execute<{ users: { nodes: { id: string }[] } }>(query, {
      variables: { after: first.data?.users.edges[2].cursor },
    });
    expect(afterThird.data?.users.nodes.map((user) => user.id)).toEqual(ids.slice(3, 7));

    const afterStart = await gw.execute<{ users: { nodes: { id: string }[] } }>(query, {
      variables: { after: first.data?.users.pageInfo.startCursor },
    });
    expect(afterStart.data?.users.nodes.map((user) => user.id)).toEqual(ids.slice(1, 5));
  });

  it('filters and searches users through escaped OData and counts them only when totalCount is asked for', async () => {
    const someone = [...gw.emulator.tenant.users.values()][3];
    const department = someone.department as string;
    const expected = await gw.rest<GraphCollection<GraphObject>>(
      `/users?$select=id,department&$filter=${encodeURIComponent(`department eq '${department}'`)}&$count=true&$top=100`,
    );

    gw.emulator.resetStats();
    const result = await gw.execute(
      'query($department: String!) { users(filter: { department: { eq: $department } }) { totalCount nodes { id department } } }',
      { variables: { department } },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      users: {
        totalCount: expected['@odata.count'],
        nodes: expected.value.map((user) => ({ id: user.id, department })),
      },
    });

    const word = (someone.displayName.split(' ')[0] ?? '').trim();
    const searched = await gw.execute<{ users: { totalCount: number | null; nodes: { displayName: string }[] } }>(
      'query($q: String!) { users(search: $q, first: 50) { totalCount nodes { displayName } } }',
      { variables: { q: word } },
    );
    expect(searched.errors).toBeUndefined();
    expect(searched.data?.users.nodes.map((user) => user.displayName)).toContain(someone.displayName);

    gw.emulator.requestLog.clear();
    const uncounted = await gw.execute('{ users(first: 1) { nodes { id } } }');
    expect(uncounted.errors).toBeUndefined();
    const lines = gw.emulator.requestLog.lines().filter((line) => /users\?.*\$top=1(&|$)/.test(line));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.at(-1)).not.toContain('$count');
  });

  it('answers user(id) for an unknown id with null and no error', async () => {
    const result = await gw.execute('{ user(id: "unknown") { id } byUpn: user(id: "nobody@example.com") { id } }');
    expect(result).toEqual({ data: { user: null, byUpn: null }, extensions: { graphStats: expect.any(Object) } });
  });

  it('finds a user by userPrincipalName', async () => {
    const someone = [...gw.emulator.tenant.users.values()][5];
    const result = await gw.execute('query($upn: ID!) { user(id: $upn) { id userPrincipalName } }', {
      variables: { upn: someone.userPrincipalName },
    });
    expect(result.data).toEqual({ user: { id: someone.id, userPrincipalName: someone.userPrincipalName } });
  });
});
