/**
 * A small "projects" subgraph, as another team would run beside ours: it owns `Project`,
 * references users and groups by id only, and adds `projects` to `User`. Served by Apollo
 * Server on 127.0.0.1 (an ephemeral port).
 *
 *   const projects = await startProjectsSubgraph(buildProjects({ userIds, groupIds }));
 *   projects.url;  // http://127.0.0.1:<port>/
 *   await projects.close();
 */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { projectsOfUser, type ProjectRecord } from './projects-data';

export const PROJECTS_TYPE_DEFS = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

type Query {
  """
  Every project, in id order.
  """
  projects: [Project!]!
  """
  One project; null when there is none with this id.
  """
  project(id: ID!): Project
}

"""
A project of the organization, staffed with directory users and run in a Microsoft 365 group.
"""
type Project @key(fields: "id") {
  id: ID!
  name: String!
  """
  The accountable person; null when nobody is (or the user left the directory).
  """
  owner: User
  """
  The project lead, if one is named.
  """
  lead: User
  """
  The people assigned to the project.
  """
  members: [User!]!
  """
  The group the project works in.
  """
  group: Group
}

"""
A directory user (owned by the msgraph subgraph); this service adds the user's projects.
"""
type User @key(fields: "id") {
  id: ID!
  """
  The projects the user is assigned to.
  """
  projects: [Project!]!
}

"""
A directory group (owned by the msgraph subgraph), referenced by id.
"""
type Group @key(fields: "id", resolvable: false) {
  id: ID!
}
`;

interface Reference {
  id: string;
}

const reference = (id: string | null): Reference | null => (id === null ? null : { id });

export function projectsResolvers(projects: readonly ProjectRecord[]) {
  const byId = new Map(projects.map((project) => [project.id, project] as const));
  return {
    Query: {
      projects: () => projects,
      project: (_root: unknown, { id }: { id: string }) => byId.get(id) ?? null,
    },
    Project: {
      __resolveReference: ({ id }: Reference) => byId.get(id) ?? null,
      owner: (project: ProjectRecord) => reference(project.ownerId),
      lead: (project: ProjectRecord) => reference(project.leadId),
      members: (project: ProjectRecord) => project.memberIds.map((id) => ({ id })),
      group: (project: ProjectRecord) => reference(project.groupId),
    },
    User: {
      // Every directory user exists here too: a user without assignments has no projects.
      __resolveReference: ({ id }: Reference) => ({ id }),
      projects: ({ id }: Reference) => projectsOfUser(projects, id),
    },
  };
}

export interface ProjectsSubgraph {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  projects: readonly ProjectRecord[];
  close(): Promise<void>;
}

export async function startProjectsSubgraph(projects: readonly ProjectRecord[]): Promise<ProjectsSubgraph> {
  const server = new ApolloServer({
    schema: buildSubgraphSchema([{ typeDefs: parse(PROJECTS_TYPE_DEFS), resolvers: projectsResolvers(projects) }]),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    stopOnTerminationSignals: false,
  });
  const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: 0 } });
  return { url, projects, close: () => server.stop() };
}
