/**
 * Directory delta on chosen objects (`$filter=id eq '…' or …`), as the live sources watch one user
 * or group: the filter goes with the round's first call only (Graph keeps it in its tokens), and
 * the tokens are bound to the ids, so they are refused on the whole feed or on other ids.
 */
import { appToken, createTestEmulator, graphPatch, type Emulator } from '@msgraph-graphql/emulator/testing';
import { GraphInputError } from '../../src/graph/errors';
import { clientFor, received, resetTraffic, traffic, userIds } from '../kit/graph-client';

const SELECT = ['id', 'jobTitle'] as const;

describe('directory delta filtered on ids', () => {
  let emulator: Emulator;

  beforeEach(() => {
    emulator = createTestEmulator({ users: 10 });
    resetTraffic(emulator);
  });

  const setJobTitle = (id: string, jobTitle: string) =>
    graphPatch(emulator, `/v1.0/users/${id}`, { jobTitle }, { token: appToken(emulator, ['User.ReadWrite.All']) });

  it('reads the chosen users only, and then reports only their changes', async () => {
    const [watched, other] = userIds(emulator);
    const graph = clientFor(emulator);

    const first = await graph.usersDelta({ token: null, select: SELECT, ids: [watched] });
    expect(first.changed.map((user) => user.id)).toEqual([watched]);
    expect(first.hasMore).toBe(false);

    expect((await setJobTitle(watched, 'Watched')).status).toBe(204);
    expect((await setJobTitle(other, 'Not watched')).status).toBe(204);
    const next = await clientFor(emulator).usersDelta({ token: first.nextToken, select: SELECT, ids: [watched] });

    expect(next.changed).toEqual([expect.objectContaining({ id: watched, jobTitle: 'Watched' })]);
    expect(next.removedIds).toEqual([]);
    expect(received(emulator).filter((line) => line.startsWith('GET'))).toEqual([
      `GET /v1.0/users/delta?$select=id,jobTitle&$filter=id%20eq%20%27${watched}%27`,
      expect.stringMatching(/^GET \/v1\.0\/users\/delta\?\$select=id,jobTitle&\$deltatoken=/),
    ]);
  });

  it("refuses a filtered round's token on the whole feed and on other ids, before calling Graph", async () => {
    const [watched, other] = userIds(emulator);
    const { nextToken } = await clientFor(emulator).usersDelta({ token: null, select: SELECT, ids: [watched] });
    resetTraffic(emulator);

    for (const ids of [undefined, [other], [watched, other]]) {
      const refused = clientFor(emulator).usersDelta({ token: nextToken, select: SELECT, ...(ids ? { ids } : {}) });
      await expect(refused).rejects.toBeInstanceOf(GraphInputError);
      await expect(refused).rejects.toMatchObject({ argument: 'token' });
    }
    expect(traffic(emulator).httpRequests).toBe(0);
  });

  it('refuses more than 50 ids, as Graph does, before calling Graph', async () => {
    const ids = Array.from({ length: 51 }, (_, index) => `00000000-0000-0000-0000-${String(index).padStart(12, '0')}`);
    await expect(clientFor(emulator).usersDelta({ token: null, select: SELECT, ids })).rejects.toMatchObject({
      name: 'GraphInputError',
      argument: 'ids',
    });
    expect(traffic(emulator).httpRequests).toBe(0);
  });
});
