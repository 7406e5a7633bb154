/**
 * Entity fetches as a router sends them to our subgraph (`_entities(representations:)` over
 * HTTP): users by `id` or by `userPrincipalName`, groups by `id`. References are read from Graph
 * in one wave of `$batch` requests; an unknown key resolves to null and its neighbours keep
 * their data.
 */
import type { FormattedExecutionResult } from 'graphql';
import type { GraphRequestStats } from '../../src/graph/client';
import type { UserRecord } from '@msgraph-graphql/emulator/tenant/model';
import { post, startTestGateway, type TestGateway } from '../kit';

let gw: TestGateway;
let url: string;
beforeAll(async () => {
  gw = await startTestGateway({ users: 60 });
  url = await gw.listen();
});
afterAll(async () => {
  await gw?.close();
});

type Representation =
  | { __typename: 'User'; id: string }
  | { __typename: 'User'; userPrincipalName: string }
  | { __typename: 'Group'; id: string }
  | Record<string, unknown>;

const ENTITIES = `
  query($representations: [_Any!]!) {
    _entities(representations: $representations) {
      __typename
      ... on User { id displayName userPrincipalName }
      ... on Group { id displayName }
    }
  }
`;

async function resolveEntities(representations: Representation[]) {
  gw.emulator.resetStats();
  gw.emulator.requestLog.clear();
  const response = await post(
    url,
    { query: ENTITIES, variables: { representations } },
    { headers: { 'x-graph-stats': '1' } },
  );
  expect(response.status).toBe(200);
  const body = response.body as FormattedExecutionResult<{ _entities: unknown[] }>;
  return { ...body, graphStats: body.extensions?.graphStats as GraphRequestStats | undefined };
}

const users = (): UserRecord[] => [...gw.emulator.tenant.users.values()];
const groups = () => [...gw.emulator.tenant.groups.values()];
const unknownId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const asUser = (user: UserRecord) => ({
  __typename: 'User',
  id: user.id,
  displayName: user.displayName,
  userPrincipalName: user.userPrincipalName,
});

/** Steps of the `$batch` requests, with ids and sign-in names replaced by `{key}`. */
function batchStepShapes(): string[] {
  return gw.emulator.requestLog
    .entries()
    .filter((entry) => entry.kind === 'batchStep')
    .map((entry) => entry.url.replace(/^\/(users|groups)\/[^/?]+/, '/$1/{key}'));
}

describe('_entities with references by id (and a mix of both keys)', () => {
  it('answers known users and groups with their data and unknown ones with null, in one $batch', async () => {
    const [ada, bob, cy] = users();
    const [team] = groups();
    const result = await resolveEntities([
      { __typename: 'User', id: ada.id },
      { __typename: 'User', id: unknownId(1) },
      { __typename: 'User', userPrincipalName: bob.userPrincipalName },
      { __typename: 'User', userPrincipalName: `nobody@${gw.emulator.tenant.domain}` },
      { __typename: 'Group', id: team.id },
      { __typename: 'Group', id: unknownId(2) },
      { __typename: 'User', id: cy.id },
    ]);

    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      _entities: [
        asUser(ada),
        null,
        asUser(bob),
        null,
        { __typename: 'Group', id: team.id, displayName: team.displayName },
        null,
        asUser(cy),
      ],
    });
    expect(result.graphStats).toEqual({ httpRequests: 1, batchRequests: 1, subRequests: 7, retries: 0, waves: 1 });
  });

  it('reads 50 user references in one wave of ceil(50/20) = 3 $batch requests, selecting only what was asked', async () => {
    const fifty = users().slice(0, 50);
    const result = await resolveEntities(fifty.map((user) => ({ __typename: 'User', id: user.id })));

    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ _entities: fifty.map(asUser) });
    expect(result.graphStats).toEqual({ httpRequests: 3, batchRequests: 3, subRequests: 50, retries: 0, waves: 1 });
    expect(new Set(batchStepShapes())).toEqual(new Set(['/users/{key}?$select=id,displayName,userPrincipalName']));
  });

  it('reads a user referenced twice in one fetch once', async () => {
    const [ada, bob] = users();
    const result = await resolveEntities([
      { __typename: 'User', id: ada.id },
      { __typename: 'User', id: bob.id },
      { __typename: 'User', id: ada.id },
    ]);

    expect(result.data).toEqual({ _entities: [asUser(ada), asUser(bob), asUser(ada)] });
    expect(result.graphStats).toEqual({ httpRequests: 1, batchRequests: 1, subRequests: 2, retries: 0, waves: 1 });
  });

  it('answers BAD_USER_INPUT for a reference whose id cannot name a directory object, and resolves its neighbours', async () => {
    const [ada] = users();
    const result = await resolveEntities([
      { __typename: 'User', id: 'a/../../me' },
      { __typename: 'User', id: ada.id },
    ]);

    expect(result.data).toEqual({ _entities: [null, asUser(ada)] });
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]).toMatchObject({ path: ['_entities', 0], extensions: { code: 'BAD_USER_INPUT' } });
    expect(result.graphStats).toEqual({ httpRequests: 1, batchRequests: 0, subRequests: 0, retries: 0, waves: 1 });
  });

  it('answers BAD_USER_INPUT for a user reference that carries neither key, and resolves its neighbours', async () => {
    const [ada] = users();
    const result = await resolveEntities([
      { __typename: 'User', displayName: 'Ada' },
      { __typename: 'User', id: ada.id },
    ]);

    expect(result.data).toEqual({ _entities: [null, asUser(ada)] });
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]).toMatchObject({ path: ['_entities', 0], extensions: { code: 'BAD_USER_INPUT' } });
    expect(result.errors?.[0].message).toContain('id or userPrincipalName');
  });
});

describe('_entities with users referenced by userPrincipalName', () => {
  it('reads 50 references by userPrincipalName in one wave of 3 $batch requests, like references by id', async () => {
    const fifty = users().slice(10, 60);
    const result = await resolveEntities(
      fifty.map((user) => ({ __typename: 'User', userPrincipalName: user.userPrincipalName })),
    );

    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ _entities: fifty.map(asUser) });
    expect(result.graphStats).toEqual({ httpRequests: 3, batchRequests: 3, subRequests: 50, retries: 0, waves: 1 });
    const steps = gw.emulator.requestLog
      .entries()
      .filter((entry) => entry.kind === 'batchStep')
      .map((entry) => entry.url);
    expect(steps.sort()).toEqual(
      // A guest's `#EXT#` must be escaped, or the rest of the URL would read as a fragment.
      fifty
        .map(
          (user) => `/users/${user.userPrincipalName.replaceAll('#', '%23')}?$select=id,displayName,userPrincipalName`,
        )
        .sort(),
    );
  });

  it('matches a sign-in name whatever its case, as Graph does', async () => {
    const [, , cy] = users();
    const result = await resolveEntities([
      { __typename: 'User', userPrincipalName: cy.userPrincipalName.toUpperCase() },
    ]);

    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ _entities: [asUser(cy)] });
  });

  it('answers an unknown userPrincipalName with null beside known ones', async () => {
    const [ada, bob] = users();
    const result = await resolveEntities([
      { __typename: 'User', userPrincipalName: ada.userPrincipalName },
      { __typename: 'User', userPrincipalName: `nobody@${gw.emulator.tenant.domain}` },
      { __typename: 'User', id: bob.id },
    ]);

    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ _entities: [asUser(ada), null, asUser(bob)] });
    expect(result.graphStats).toEqual({ httpRequests: 1, batchRequests: 1, subRequests: 3, retries: 0, waves: 1 });
  });
});
