/**
 * The gateway as an Apollo Federation 2 subgraph: its SDL for a router, and entity fetches
 * (`_entities`) for users and groups, batched like any other read.
 */
import { oneBatchedWave, useGateway } from '../kit';

const gw = useGateway({ users: 20 });

describe('federation subgraph', () => {
  it('publishes its SDL with @key on User and Group', async () => {
    const result = await gw.execute<{ _service: { sdl: string } }>('{ _service { sdl } }');
    const sdl = result.data?._service.sdl ?? '';
    expect(sdl).toContain(
      '@link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable", "@listSize"])',
    );
    expect(sdl).toMatch(/type User implements DirectoryObject\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Group implements DirectoryObject\s+@key\(fields: "id"\)/);
  });

  it('resolves user and group references in one wave, null for an unknown id', async () => {
    const user = [...gw.emulator.tenant.users.values()][2];
    const group = [...gw.emulator.tenant.groups.values()][1];
    gw.emulator.resetStats();
    const result = await gw.execute(
      'query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on User { id mail } ... on Group { id displayName } } }',
      {
        variables: {
          r: [
            { __typename: 'User', id: user.id },
            { __typename: 'Group', id: group.id },
            { __typename: 'User', id: '00000000-0000-0000-0000-000000000000' },
          ],
        },
      },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      _entities: [
        { __typename: 'User', id: user.id, mail: user.mail ?? null },
        { __typename: 'Group', id: group.id, displayName: group.displayName },
        null,
      ],
    });
    // The two users in one `id in (...)` read, the group in another.
    expect(result.extensions?.graphStats).toEqual(oneBatchedWave(2));
  });
});
