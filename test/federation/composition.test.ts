/**
 * Our gateway as a Federation 2 subgraph: a real `@apollo/gateway` composes it with a subgraph
 * that references users and groups by id (projects) and one that knows users only by sign-in name
 * (badges), and its `_service { sdl }` publishes the documented schema with its entity keys.
 */
import { Kind, parse, type ObjectTypeDefinitionNode } from 'graphql';
import { post } from '../kit';
import { startSupergraph, type Supergraph } from './supergraph';

let sg: Supergraph;
beforeAll(async () => {
  sg = await startSupergraph();
});
afterAll(async () => {
  await sg?.close();
});

async function serviceSdl(): Promise<string> {
  const response = await post(sg.directoryUrl, { query: '{ _service { sdl } }' });
  expect(response.status).toBe(200);
  expect(response.body.errors).toBeUndefined();
  return (response.body.data as { _service: { sdl: string } })._service.sdl;
}

function objectType(sdl: string, name: string): ObjectTypeDefinitionNode {
  const definition = parse(sdl).definitions.find(
    (node): node is ObjectTypeDefinitionNode => node.kind === Kind.OBJECT_TYPE_DEFINITION && node.name.value === name,
  );
  if (!definition) throw new Error(`type ${name} is not in the SDL`);
  return definition;
}

/** What `buildSubgraphSchema` adds: `_Entity`, `_Service`, `Query._entities`, `link__*`, `federation__*`. */
function isFederationMachinery(name: string): boolean {
  return name.startsWith('_') || name.startsWith('link__') || name.startsWith('federation__');
}

function keysOf(type: ObjectTypeDefinitionNode): string[] {
  return (type.directives ?? [])
    .filter((directive) => directive.name.value === 'key')
    .map((directive) => {
      const fields = directive.arguments?.find((argument) => argument.name.value === 'fields')?.value;
      return fields?.kind === Kind.STRING ? fields.value : '?';
    });
}

describe('composition with another subgraph', () => {
  it('composes the msgraph, projects and badges subgraphs into one supergraph with both entity keys of User', () => {
    const supergraph = sg.supergraphSdl;
    expect(supergraph).toContain('MSGRAPH @join__graph(name: "msgraph"');
    expect(supergraph).toContain('PROJECTS @join__graph(name: "projects"');
    expect(supergraph).toContain('BADGES @join__graph(name: "badges"');
    const user = objectType(supergraph, 'User');
    const joins = (user.directives ?? []).filter((directive) => directive.name.value === 'join__type');
    const described = joins.map((directive) =>
      Object.fromEntries(
        (directive.arguments ?? []).map((argument) => [
          argument.name.value,
          argument.value.kind === Kind.STRING ||
          argument.value.kind === Kind.ENUM ||
          argument.value.kind === Kind.BOOLEAN
            ? argument.value.value
            : '?',
        ]),
      ),
    );
    expect(described).toEqual(
      expect.arrayContaining([
        { graph: 'MSGRAPH', key: 'id' },
        { graph: 'MSGRAPH', key: 'userPrincipalName' },
        { graph: 'PROJECTS', key: 'id' },
        { graph: 'BADGES', key: 'userPrincipalName', resolvable: false },
      ]),
    );
    expect(described).toHaveLength(4);
  });

  it('serves one API schema in which User carries the fields of both subgraphs', async () => {
    const result = await sg.query<{ __type: { fields: Array<{ name: string }> } }>(
      '{ __type(name: "User") { fields { name } } }',
    );
    expect(result.errors).toBeUndefined();
    const fields = result.data?.__type.fields.map((field) => field.name) ?? [];
    expect(fields).toEqual(
      expect.arrayContaining(['id', 'userPrincipalName', 'displayName', 'memberOf', 'manager', 'projects']),
    );
    const badge = await sg.query<{ __type: { fields: Array<{ name: string }> } }>(
      '{ __type(name: "Badge") { fields { name } } }',
    );
    expect(badge.data?.__type.fields.map((field) => field.name)).toEqual(['number', 'holder']);
  });
});

describe('_service { sdl }', () => {
  it('declares User as an entity keyed by id and by userPrincipalName, and Group keyed by id', async () => {
    const sdl = await serviceSdl();
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.9"');
    expect(keysOf(objectType(sdl, 'User'))).toEqual(['id', 'userPrincipalName']);
    expect(keysOf(objectType(sdl, 'Group'))).toEqual(['id']);
  });

  it('publishes the list sizes for a router’s demand control', async () => {
    const sdl = await serviceSdl();
    expect(sdl).toContain('import: ["@key", "@shareable", "@listSize"]');
    expect(sdl).toContain('buckets: [PlannerBucket!]! @listSize(assumedSize: 10)');
    expect(sdl).toMatch(
      /\): UserConnection! @listSize\(slicingArguments: \["first"\], sizedFields: \["nodes", "edges"\], requireOneSlicingArgument: false\)/,
    );
  });

  it('tells other subgraphs in the docstrings how to reference users and groups', async () => {
    const sdl = await serviceSdl();
    expect(objectType(sdl, 'User').description?.value).toContain(
      'Federation entity: other subgraphs reference a user by `id` or by `userPrincipalName`',
    );
    expect(objectType(sdl, 'Group').description?.value).toContain(
      'Federation entity: other subgraphs reference a group by `id`',
    );
  });

  it('documents every type and field it publishes besides the federation machinery', async () => {
    const undocumented: string[] = [];
    for (const definition of parse(await serviceSdl()).definitions) {
      if (
        definition.kind === Kind.DIRECTIVE_DEFINITION ||
        !('name' in definition) ||
        !definition.name ||
        !('description' in definition)
      )
        continue;
      const typeName = definition.name.value;
      if (isFederationMachinery(typeName)) continue;
      if (!definition.description) undocumented.push(typeName);
      const members =
        'fields' in definition ? (definition.fields ?? []) : 'values' in definition ? (definition.values ?? []) : [];
      for (const member of members) {
        if (!member.description && !isFederationMachinery(member.name.value))
          undocumented.push(`${typeName}.${member.name.value}`);
      }
    }
    expect(undocumented).toEqual([]);
  });
});
