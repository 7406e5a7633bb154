/**
 * Entity fetches as a router sends them to our subgraph (`_entities(representations:)` over
 * HTTP): users by `id` or by `userPrincipalName`, groups by `id`. References are read from Graph
 * in one wave, merged into `/users?$filter=id in (...)` steps of at most 15 keys (Graph meters
 * every step); an unknown key resolves to null and its neighbours keep their data.
 */
import type { FormattedExecutionResult } from 'graphql';
import type { GraphRequestStats } from '../../src/graph/client';
import type { UserRecord } from '@msgraph-graphql/emulator/tenant/model';
import { graphStats, post, startTestGateway, type TestGateway } from '../kit';

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

const batchSteps = (): string[] =>
  gw.emulator.requestLog
    .entries()
    .filter((entry) => entry.kind === 'batchStep')
    .map((entry) => entry.url);

/** Steps of the `$batch` requests, decoded, with the quoted keys of `in (...)` replaced by `{keys}`. */
function batchStepShapes(): string[] {
  return batchSteps().map((url) => decodeURIComponent(url).replace(/ in \((?:'(?:[^']|'')*',?)+\)/, ' in ({keys})'));
}

/** How many keys each `in (...)` step carries. */
function keysPerStep(): number[] {
  return batchSteps().map((url) => (/ in \(([^)]*)\)/.exec(decodeURIComponent(url))?.[1] ?? '').split(',').length);
}

describe('_entities with references by id (and a mix of both keys)', () => {
  it('answers known users and groups with their data and unknown ones with null, in one $batch of three in (...) steps', async () => {
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
    expect(result.graphStats).toEqual(
      graphStats({ httpRequests: 1, batchRequests: 1, subRequests: 3, waves: 1, resourceUnits: 3 }),
    );
    expect(batchStepShapes().sort()).toEqual([
      '/groups?$filter=id in ({keys})&$select=id,displayName',
      '/users?$filter=id in ({keys})&$select=id,displayName,userPrincipalName',
      '/users?$filter=userPrincipalName in ({keys})&$select=id,displayName,userPrincipalName',
    ]);
  });

  it('reads 50 user references as 4 in (...) reads of at most 15 ids in one $batch, selecting only what was asked', async () => {
    const fifty = users().slice(0, 50);
    const result = await resolveEntities(fifty.map((user) => ({ __typename: 'User', id: user.id })));

    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ _entities: fifty.map(asUser) });
    // Each step costs 1 resource unit (`GET /users` 2, `$select` -1), as much as one read by id.
    expect(result.graphStats).toEqual(
      graphStats({ httpRequests: 1, batchRequests: 1, subRequests: 4, waves: 1, resourceUnits: 4 }),
    );
    expect(new Set(batchStepShapes())).toEqual(
      new Set(['/users?$filter=id in ({keys})&$select=id,displayName,userPrincipalName']),
    );
    expect(keysPerStep()).toEqual([12, 12, 13, 13]);
  });

  it('resolves unknown ids in an in (...) read to null and known ones to their users', async () => {
    const known = users().slice(0, 3);
    const result = await resolveEntities([
      { __typename: 'User', id: unknownId(3) },
      ...known.map((user) => ({ __typename: 'User', id: user.id.toUpperCase() })),
      { __typename: 'User', id: unknownId(4) },
    ]);

    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ _entities: [null, ...known.map(asUser), null] });
    expect(result.graphStats).toEqual(
      graphStats({ httpRequests: 1, batchRequests: 0, subRequests: 0, waves: 1, resourceUnits: 1 }),
    );
  });

  it('reads a user referenced twice in one fetch once', async () => {
    const [ada, bob] = users();
    const result = await resolveEntities([
      { __typename: 'User', id: ada.id },
      { __typename: 'User', id: bob.id },
      { __typename: 'User', id: ada.id },
    ]);

    expect(result.data).toEqual({ _entities: [asUser(ada), asUser(bob), asUser(ada)] });
    expect(result.graphStats).toEqual(
      graphStats({ httpRequests: 1, batchRequests: 0, subRequests: 0, waves: 1, resourceUnits: 1 }),
    );
    expect(gw.graphLines().map(decodeURIComponent)).toEqual([
      `GET /v1.0/users?$filter=id in ('${ada.id}','${bob.id}')&$select=id,displayName,userPrincipalName`,
    ]);
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
    expect(result.graphStats).toEqual(
      graphStats({ httpRequests: 1, batchRequests: 0, subRequests: 0, waves: 1, resourceUnits: 1 }),
    );
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
  it('reads 50 references by userPrincipalName as 4 userPrincipalName in (...) reads, like references by id', async () => {
    const fifty = users().slice(10, 60);
    const result = await resolveEntities(
      fifty.map((user) => ({ __typename: 'User', userPrincipalName: user.userPrincipalName })),
    );

    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ _entities: fifty.map(asUser) });
    expect(result.graphStats).toEqual(
      graphStats({ httpRequests: 1, batchRequests: 1, subRequests: 4, waves: 1, resourceUnits: 4 }),
    );
    expect(new Set(batchStepShapes())).toEqual(
      new Set(['/users?$filter=userPrincipalName in ({keys})&$select=id,displayName,userPrincipalName']),
    );
    const sent = batchSteps().flatMap((url) =>
      [...decodeURIComponent(url).matchAll(/'((?:[^']|'')*)'/g)].map((match) => match[1]),
    );
    expect(sent.sort()).toEqual(fifty.map((user) => user.userPrincipalName).sort());
    // A guest's `#EXT#` must be escaped, or the rest of the URL would read as a fragment.
    expect(fifty.some((user) => user.userPrincipalName.includes('#EXT#'))).toBe(true);
    expect(batchSteps().filter((url) => url.includes('#'))).toEqual([]);
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
    expect(result.graphStats).toEqual(
      graphStats({ httpRequests: 1, batchRequests: 1, subRequests: 2, waves: 1, resourceUnits: 2 }),
    );
  });
});
