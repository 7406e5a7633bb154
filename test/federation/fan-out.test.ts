/**
 * Queries that cross subgraphs through a real `@apollo/gateway`: they start in the projects
 * subgraph and fan out into our users and groups (or the other way round). The answers must
 * match Graph's REST API, and every entity fetch the gateway sends us must be read from Graph
 * in batches: one wave per level of dependent data, `ceil(reads / 20)` `$batch` requests each
 * (users referenced by key merged into `in (...)` reads of at most 15), also when the `$batch`
 * answers of a wave arrive one after another.
 */
import { ATLAS_MEMBER_COUNT, DEPARTED_USER_ID, projectsOfUser, RETIRED_GROUP_ID } from './projects-data';
import { staggeredBatchAnswers, startSupergraph, type Supergraph } from './supergraph';
import { graphStats } from '../kit';

interface RestUser {
  id: string;
  displayName: string | null;
  mail: string | null;
}
interface RestGroup {
  id: string;
  displayName: string | null;
}
interface RestCollection<T> {
  value: T[];
  '@odata.nextLink'?: string;
}

let sg: Supergraph;
beforeAll(async () => {
  sg = await startSupergraph({ graphFetch: staggeredBatchAnswers() });
});
afterAll(async () => {
  await sg?.close();
});

const atlas = () => {
  const project = sg.projects.projects.find((candidate) => candidate.id === 'prj-atlas');
  if (!project) throw new Error('prj-atlas is missing from the projects data');
  return project;
};

const STAFFING = `
  query Staffing($id: ID!) {
    project(id: $id) {
      name
      members {
        id
        displayName
        mail
        memberOf(first: 100) { nodes { id displayName } }
      }
    }
  }
`;

/** What Graph's REST API says about the members: the user and the groups among its memberships. */
async function restMember(id: string) {
  const user = await sg.directory.rest<RestUser>(`/users/${id}?$select=id,displayName,mail`);
  const groups = await sg.directory.rest<RestCollection<RestGroup>>(
    `/users/${id}/memberOf/microsoft.graph.group?$select=id,displayName&$top=100`,
  );
  expect(groups['@odata.nextLink']).toBeUndefined();
  return {
    id: user.id,
    displayName: user.displayName ?? null,
    mail: user.mail ?? null,
    memberOf: { nodes: groups.value.map((group) => ({ id: group.id, displayName: group.displayName ?? null })) },
  };
}

/** How many requests or batch steps reached each kind of Graph path. */
function countByPathShape(byPath: Readonly<Record<string, number>>) {
  const shapes: Record<string, number> = {};
  for (const [path, count] of Object.entries(byPath)) {
    const shape = path.replace(/\/(users|groups)\/[^/]+/g, '/$1/{id}');
    shapes[shape] = (shapes[shape] ?? 0) + count;
  }
  return shapes;
}

describe('a query that starts in the projects subgraph and fans out into 50 users and their groups', () => {
  it('answers with the users and groups Graph has', async () => {
    const result = await sg.query<{ project: { name: string; members: unknown[] } }>(STAFFING, { id: 'prj-atlas' });

    expect(result.errors).toBeUndefined();
    const expectedMembers = await Promise.all(atlas().memberIds.map(restMember));
    expect(expectedMembers).toHaveLength(ATLAS_MEMBER_COUNT);
    expect(result.data).toEqual({ project: { name: 'Atlas: directory migration', members: expectedMembers } });
  });

  it('reads the 50 user references (4 in (...) reads) and their groups in one wave of 3 $batch requests (the keys are known before the users are read)', async () => {
    sg.resetCounters();
    const result = await sg.query(STAFFING, { id: 'prj-atlas' });

    expect(result.errors).toBeUndefined();
    expect(sg.fetchesTo('projects')).toHaveLength(1);
    const entityFetches = sg.fetchesTo('msgraph');
    expect(entityFetches.map(({ representations, graphStats }) => ({ representations, graphStats }))).toEqual([
      {
        representations: 50,
        // 1 resource unit per step: `GET /users` 2 and `memberOf` 2, both `$select` -1.
        graphStats: graphStats({ httpRequests: 3, batchRequests: 3, subRequests: 54, waves: 1, resourceUnits: 54 }),
      },
    ]);
    const graph = sg.directory.emulator.stats();
    expect({
      httpRequests: graph.httpRequests,
      batchRequests: graph.batchRequests,
      subRequests: graph.subRequests,
    }).toEqual({
      httpRequests: 3,
      batchRequests: 3,
      subRequests: 54,
    });
    expect(countByPathShape(graph.byPath)).toEqual({
      'POST /$batch': 3,
      'GET /users': 4,
      'GET /users/{id}/memberOf/microsoft.graph.group': 50,
    });
  });

  it('asks Graph for exactly the properties the gateway selected through _entities', async () => {
    sg.resetCounters();
    await sg.query(STAFFING, { id: 'prj-atlas' });

    const steps = sg.directory.emulator.requestLog
      .entries()
      .filter((entry) => entry.kind === 'batchStep')
      .map((entry) =>
        decodeURIComponent(entry.url)
          .replace(/\/users\/[^/?]+/, '/users/{id}')
          .replace(/ in \([^)]*\)/, ' in ({ids})'),
      );
    expect(new Set(steps)).toEqual(
      new Set([
        '/users?$filter=id in ({ids})&$select=id,displayName,mail',
        '/users/{id}/memberOf/microsoft.graph.group?$select=id,displayName&$top=100',
      ]),
    );
  });
});

describe('a query that starts in our subgraph and crosses into projects and back', () => {
  it('lists users with their projects and the groups those projects work in', async () => {
    sg.resetCounters();
    const result = await sg.query(`{
      users(first: 8) { nodes { id displayName projects { id name group { id displayName } } } }
    }`);

    expect(result.errors).toBeUndefined();
    const users = await sg.directory.rest<RestCollection<RestUser>>('/users?$top=8&$select=id,displayName');
    const groupNames = new Map<string, string | null>();
    for (const project of sg.projects.projects) {
      if (project.groupId === null || project.groupId === RETIRED_GROUP_ID || groupNames.has(project.groupId)) continue;
      const group = await sg.directory.rest<RestGroup>(`/groups/${project.groupId}?$select=id,displayName`);
      groupNames.set(group.id, group.displayName ?? null);
    }
    expect(result.data).toEqual({
      users: {
        nodes: users.value.map((user) => ({
          id: user.id,
          displayName: user.displayName ?? null,
          projects: projectsOfUser(sg.projects.projects, user.id).map((project) => ({
            id: project.id,
            name: project.name,
            group:
              project.groupId === null
                ? null
                : { id: project.groupId, displayName: groupNames.get(project.groupId) ?? null },
          })),
        })),
      },
    });
  });

  it('reads the three distinct groups behind all those projects (the retired one too) in one wave', async () => {
    sg.resetCounters();
    await sg.query('{ users(first: 8) { nodes { projects { group { displayName } } } } }');

    const [listFetch, groupFetch, ...others] = sg.fetchesTo('msgraph');
    expect(others).toEqual([]);
    expect(listFetch.graphStats).toEqual(graphStats({ httpRequests: 1, batchRequests: 0, subRequests: 0, waves: 1 }));
    // One `/groups?$filter=id in (...)` read for the three.
    expect(groupFetch.graphStats).toEqual(
      graphStats({ httpRequests: 1, batchRequests: 0, subRequests: 0, waves: 1, resourceUnits: 1 }),
    );
    expect(sg.fetchesTo('projects').map((fetch) => fetch.representations)).toEqual([8]);
  });
});

describe('a query that starts in the badges subgraph, which knows users only by userPrincipalName', () => {
  const BADGES = '{ badges { number holder { userPrincipalName id displayName } } }';

  it('answers with the badge holders Graph has', async () => {
    const result = await sg.query(BADGES);

    expect(result.errors).toBeUndefined();
    const holders = await Promise.all(
      sg.badges.badges.map(async (badge) => {
        const user = await sg.directory.rest<RestUser & { userPrincipalName: string }>(
          `/users/${encodeURIComponent(badge.holderUserPrincipalName)}?$select=id,displayName,userPrincipalName`,
        );
        return {
          number: badge.number,
          holder: { userPrincipalName: user.userPrincipalName, id: user.id, displayName: user.displayName },
        };
      }),
    );
    expect(holders).toHaveLength(50);
    expect(result.data).toEqual({ badges: holders });
  });

  it('reads the 50 references by userPrincipalName as 4 in (...) reads in one $batch', async () => {
    sg.resetCounters();
    await sg.query(BADGES);

    expect(sg.fetchesTo('msgraph').map(({ representations, graphStats }) => ({ representations, graphStats }))).toEqual(
      [
        {
          representations: 50,
          graphStats: graphStats({ httpRequests: 1, batchRequests: 1, subRequests: 4, waves: 1, resourceUnits: 4 }),
        },
      ],
    );
    expect(countByPathShape(sg.directory.emulator.stats().byPath)).toEqual({
      'POST /$batch': 1,
      'GET /users': 4,
    });
  });
});

describe('references to objects that left the directory', () => {
  it('keeps a project whose owner and group were deleted, with null directory fields and no error', async () => {
    const [member] = sg.projects.projects.find((project) => project.id === 'prj-cobalt')?.memberIds ?? [];
    const result = await sg.query(`{
      project(id: "prj-cobalt") { name owner { id displayName } lead { id } members { id displayName } group { id displayName } }
    }`);

    expect(result.errors).toBeUndefined();
    const memberFromRest = await sg.directory.rest<RestUser>(`/users/${member}?$select=id,displayName`);
    expect(result.data).toEqual({
      project: {
        name: 'Cobalt: legacy archive',
        owner: { id: DEPARTED_USER_ID, displayName: null },
        lead: null,
        members: [{ id: memberFromRest.id, displayName: memberFromRest.displayName }],
        group: { id: RETIRED_GROUP_ID, displayName: null },
      },
    });
  });
});
