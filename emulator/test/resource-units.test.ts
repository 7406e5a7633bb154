/**
 * `x-ms-resource-unit`: what the directory service charged a request, per request and per `$batch`
 * step, following Graph's published costs (concepts/throttling-limits.md, "Identity and access
 * service limits"; graph-api.md Part 2 §4.3): base costs `GET users` 2, `groups/{id}/members` 3,
 * `transitiveMembers` 5, `users/{id}/memberOf` 2, `POST directoryObjects/getByIds` 5 (2 with
 * `$select`), 1 otherwise; `$select` −1, `$expand` +1, `$top` under 20 −1, never below 1.
 */
import { createTestEmulator, graphBatch, graphGet, graphPost, type Emulator } from '../src/testing';

let emu: Emulator;
let userId: string;
let groupId: string;
beforeAll(() => {
  emu = createTestEmulator({ users: 30 });
  userId = emu.info.defaultUserId;
  groupId = [...emu.tenant.membersOf.keys()][0] as string;
});

const ADVANCED = { headers: { ConsistencyLevel: 'eventual' } };

describe('x-ms-resource-unit on directory requests', () => {
  it.each([
    ['/users/{user}', 1],
    ['/users/{user}?$select=id,displayName', 1],
    ['/users', 2],
    ['/users?$select=id', 1],
    ['/users?$top=5', 1],
    ['/users?$select=id&$top=100', 1],
    ["/users?$filter=id in ('{user}')&$select=id", 1],
    ['/users/{user}/memberOf', 2],
    ['/users/{user}/memberOf/microsoft.graph.group?$select=id', 1],
    ['/users/{user}/transitiveMemberOf', 2],
    ['/users/{user}/manager', 1],
    ['/groups', 1],
    ['/groups/{group}', 1],
    ['/groups/{group}/members', 3],
    ['/groups/{group}/members?$select=id', 2],
    ['/groups/{group}/members?$select=id&$top=5', 1],
    ['/groups/{group}/transitiveMembers', 5],
    ['/groups/{group}/owners', 1],
  ])('charges GET %s %i', async (path, units) => {
    const url = `/v1.0${path.replaceAll('{user}', userId).replaceAll('{group}', groupId)}`;
    const answer = await graphGet(emu, url);

    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-ms-resource-unit')).toBe(String(units));
  });

  it("discounts beta's unprefixed select=, but not v1.0's, where it is a custom parameter (query-parameters.md)", async () => {
    const beta = await graphGet(emu, '/beta/users?select=id');
    expect(beta.status).toBe(200);
    expect(beta.headers.get('x-ms-resource-unit')).toBe('1');
    const v1 = await graphGet(emu, '/v1.0/users?select=id&top=5');
    expect(v1.status).toBe(200);
    expect(v1.headers.get('x-ms-resource-unit')).toBe('2');
  });

  it('charges a list its cost also for /$count and an advanced query', async () => {
    const count = await graphGet(emu, '/v1.0/users/$count', ADVANCED);
    expect(count.status).toBe(200);
    expect(count.headers.get('x-ms-resource-unit')).toBe('2');
  });

  it('charges POST /directoryObjects/getByIds 5, and 2 with $select', async () => {
    const body = { ids: [userId], types: ['user'] };
    const plain = await graphPost(emu, '/v1.0/directoryObjects/getByIds', body);
    const selected = await graphPost(emu, '/v1.0/directoryObjects/getByIds?$select=id', body);

    expect([plain.status, plain.headers.get('x-ms-resource-unit')]).toEqual([200, '5']);
    expect([selected.status, selected.headers.get('x-ms-resource-unit')]).toEqual([200, '2']);
  });

  it('charges a read of a missing user like any other', async () => {
    const answer = await graphGet(emu, '/v1.0/users/00000000-0000-4000-8000-000000000000');
    expect([answer.status, answer.headers.get('x-ms-resource-unit')]).toEqual([404, '1']);
  });

  it('names no resource units for Planner and To Do, which are not the directory service', async () => {
    const tasks = await graphGet(emu, `/v1.0/users/${userId}/planner/tasks`);
    const lists = await graphGet(emu, `/v1.0/users/${userId}/todo/lists`);

    expect(tasks.status).toBe(200);
    expect(tasks.headers.has('x-ms-resource-unit')).toBe(false);
    expect(lists.status).toBe(200);
    expect(lists.headers.has('x-ms-resource-unit')).toBe(false);
  });

  it('charges each $batch step in its own headers, and nothing on the envelope', async () => {
    const batch = await graphBatch(emu, [
      { id: '1', method: 'GET', url: `/users/${userId}?$select=id` },
      { id: '2', method: 'GET', url: `/groups/${groupId}/members` },
      { id: '3', method: 'GET', url: `/users/${userId}/planner/tasks` },
    ]);

    expect(batch.status).toBe(200);
    expect(batch.headers.has('x-ms-resource-unit')).toBe(false);
    expect(batch.answers.get('1')?.headers['x-ms-resource-unit']).toBe('1');
    expect(batch.answers.get('2')?.headers['x-ms-resource-unit']).toBe('3');
    expect(batch.answers.get('3')?.headers).not.toHaveProperty('x-ms-resource-unit');
  });

  it('charges a throttled request too: Graph keeps counting while it throttles', async () => {
    const throttling = createTestEmulator({ users: 5, throttleRate: 1, retryAfterSeconds: 1 });
    const answer = await graphGet(throttling, '/v1.0/users?$select=id');

    expect(answer.status).toBe(429);
    expect(answer.headers.get('x-ms-resource-unit')).toBe('1');
  });
});
