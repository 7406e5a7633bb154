import {
  createTestEmulator,
  graphBatch,
  graphPost,
  graphRequest,
  appToken,
  type BatchStepRequest,
  type Emulator,
} from '../src/testing';
import { GRAPH_JSON_CONTENT_TYPE } from '../src/http/headers';
import { echoRoutes } from './fixtures/echo-routes';

function steps(count: number, url = (i: number) => `/users/u${i}`): BatchStepRequest[] {
  return Array.from({ length: count }, (_, i) => ({ id: String(i + 1), method: 'GET', url: url(i + 1) }));
}

describe('$batch', () => {
  let emu: Emulator;
  beforeEach(() => {
    emu = createTestEmulator({ users: 5, routes: echoRoutes });
  });

  describe('a malformed batch is one 400', () => {
    async function rejected(body: unknown): Promise<string> {
      const res = await graphPost(emu, '/v1.0/$batch', body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('BadRequest');
      expect(res.body.error.innerError['request-id']).toBe(res.headers.get('request-id'));
      return res.body.error.message as string;
    }

    it('refuses more than 20 steps and accepts exactly 20', async () => {
      expect(await rejected({ requests: steps(21) })).toBe(
        'Invalid batch payload: a batch can contain at most 20 requests (got 21).',
      );
      const twenty = await graphBatch(emu, steps(20));
      expect(twenty.status).toBe(200);
      expect(twenty.body.responses).toHaveLength(20);
    });

    it('refuses a body without a requests array, and an empty one', async () => {
      expect(await rejected({})).toBe("Invalid batch payload: the body must be a JSON object with a 'requests' array.");
      expect(await rejected({ requests: [] })).toBe('Invalid batch payload: the batch contains no requests.');
    });

    it('refuses duplicate ids, compared case-insensitively', async () => {
      const message = await rejected({
        requests: [
          { id: 'a', method: 'GET', url: '/users' },
          { id: 'A', method: 'GET', url: '/users' },
        ],
      });
      expect(message).toBe("Batch request ids must be unique: 'A' appears more than once.");
    });

    it('refuses steps without id, method or url', async () => {
      expect(await rejected({ requests: [{ method: 'GET', url: '/users' }] })).toBe(
        "Batch request at index 0 has no 'id'.",
      );
      expect(await rejected({ requests: [{ id: '1', url: '/users' }] })).toBe("Batch request '1' has no 'method'.");
      expect(await rejected({ requests: [{ id: '1', method: 'GET' }] })).toBe("Batch request '1' has no 'url'.");
    });

    it('refuses a step body without a Content-Type step header', async () => {
      const message = await rejected({
        requests: [{ id: '1', method: 'PATCH', url: '/users/u1', body: { jobTitle: 'x' } }],
      });
      expect(message).toBe("Batch request '1' has a body but no Content-Type header.");
    });

    it('refuses dependsOn naming an unknown id, several ids, or breaking the serial/same patterns', async () => {
      expect(await rejected({ requests: [{ id: '1', method: 'GET', url: '/users', dependsOn: ['9'] }] })).toBe(
        "Batch request '1' depends on '9', which is not in the batch.",
      );
      const several = [...steps(2), { id: '3', method: 'GET', url: '/users', dependsOn: ['1', '2'] }];
      expect(await rejected({ requests: several })).toBe(
        "Batch request '3' depends on more than one request; a request can depend on at most one other request.",
      );
      const mixed = [
        { id: '1', method: 'GET', url: '/users' },
        { id: '2', method: 'GET', url: '/users', dependsOn: ['1'] },
        { id: '3', method: 'GET', url: '/users' },
        { id: '4', method: 'GET', url: '/users', dependsOn: ['3'] },
      ];
      expect(await rejected({ requests: mixed })).toBe('Batch should be either fully sequential or fully parallel.');
    });

    it('answers 401 for the whole batch without a valid token', async () => {
      const res = await graphBatch(emu, steps(2), { token: 'none' });
      expect(res.status).toBe(401);
      expect(res.body.error?.code).toBe('InvalidAuthenticationToken');
    });

    it('answers 405 to GET /$batch', async () => {
      expect((await graphRequest(emu, 'GET', '/v1.0/$batch')).status).toBe(405);
    });
  });

  describe('steps', () => {
    it('answers every step with its own status, headers and body, the outer status staying 200', async () => {
      const res = await graphBatch(emu, [
        { id: 'user', method: 'GET', url: '/users/abc?$select=id' },
        { id: 'missing-manager', method: 'GET', url: 'users/abc/manager' },
        { id: 'task', method: 'GET', url: '/planner/tasks/t1' },
        { id: 'bad-segment', method: 'GET', url: '/calendarz' },
        { id: 'wrong-method', method: 'DELETE', url: '/users/abc' },
      ]);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(GRAPH_JSON_CONTENT_TYPE);
      expect(res.answers.get('user')).toMatchObject({
        status: 200,
        headers: { 'Cache-Control': 'no-cache', 'Content-Type': GRAPH_JSON_CONTENT_TYPE, 'OData-Version': '4.0' },
        body: { path: '/users/abc', query: { $select: 'id' } },
      });
      const manager = res.answers.get('missing-manager');
      expect(manager?.status).toBe(404);
      expect(manager?.body.error.code).toBe('Request_ResourceNotFound');
      expect(Object.keys(manager?.body.error.innerError ?? {}).sort()).toEqual([
        'client-request-id',
        'date',
        'request-id',
      ]);
      expect(res.answers.get('task')).toMatchObject({
        status: 200,
        headers: { 'Cache-Control': 'private', ETag: 'W/"JzEtVGFzayAgQEBAQEBAQEBAQEBAQEBARCc="' },
      });
      expect(res.answers.get('bad-segment')?.body.error.message).toBe(
        "Resource not found for the segment 'calendarz'.",
      );
      expect(res.answers.get('wrong-method')?.status).toBe(405);
    });

    it('gives every step its own request-id in error bodies, and echoes a step client-request-id', async () => {
      const res = await graphBatch(emu, [
        { id: '1', method: 'GET', url: '/nope' },
        { id: '2', method: 'GET', url: '/nope', headers: { 'client-request-id': 'step-two' } },
      ]);
      const one = res.answers.get('1')?.body.error.innerError;
      const two = res.answers.get('2')?.body.error.innerError;
      expect(one['request-id']).not.toBe(two['request-id']);
      expect(one['request-id']).not.toBe(res.headers.get('request-id'));
      expect(two['client-request-id']).toBe('step-two');
    });

    it('does not inherit outer headers: each step sees only its own', async () => {
      const res = await graphBatch(
        emu,
        [
          {
            id: '1',
            method: 'PATCH',
            url: '/users/abc',
            headers: { 'Content-Type': 'application/json' },
            body: { jobTitle: 'Engineer' },
          },
          { id: '2', method: 'GET', url: '/users/abc', headers: { ConsistencyLevel: 'eventual' } },
        ],
        { headers: { ConsistencyLevel: 'eventual' } },
      );
      expect(res.answers.get('1')).toMatchObject({
        status: 200,
        body: { method: 'PATCH', body: { jobTitle: 'Engineer' }, consistencyLevel: null },
      });
      expect(res.answers.get('2')?.body.consistencyLevel).toBe('eventual');
    });

    it('accepts urls with or without a leading slash, and with the version the JavaScript SDK leaves in', async () => {
      const res = await graphBatch(emu, [
        { id: '1', method: 'GET', url: '/users/a' },
        { id: '2', method: 'GET', url: 'users/b' },
        { id: '3', method: 'GET', url: '/v1.0/users/c' },
        { id: '4', method: 'get', url: "users('d@contoso.com')" },
      ]);
      expect(['1', '2', '3', '4'].map((id) => res.answers.get(id)?.body.path)).toEqual([
        '/users/a',
        '/users/b',
        '/users/c',
        '/users/d@contoso.com',
      ]);
    });

    it('refuses a nested $batch and an absolute step url at the step level', async () => {
      const res = await graphBatch(emu, [
        {
          id: 'nested',
          method: 'POST',
          url: '/$batch',
          headers: { 'Content-Type': 'application/json' },
          body: { requests: [] },
        },
        { id: 'absolute', method: 'GET', url: 'https://graph.microsoft.com/v1.0/users' },
        { id: 'fine', method: 'GET', url: '/users' },
      ]);
      expect(res.status).toBe(200);
      expect(res.answers.get('nested')).toMatchObject({
        status: 400,
        body: { error: { code: 'BadRequest', message: 'Nested batch requests are not supported.' } },
      });
      expect(res.answers.get('absolute')?.status).toBe(400);
      expect(res.answers.get('fine')?.status).toBe(200);
    });

    it('authorises each step on its own with the outer token', async () => {
      const res = await graphBatch(
        emu,
        [
          { id: 'users', method: 'GET', url: '/users' },
          { id: 'task', method: 'GET', url: '/planner/tasks/t1' },
          { id: 'me', method: 'GET', url: '/me' },
        ],
        { token: appToken(emu, ['Tasks.ReadWrite.All']) },
      );
      expect(res.answers.get('users')?.status).toBe(403);
      expect(res.answers.get('users')?.body.error.code).toBe('Authorization_RequestDenied');
      expect(res.answers.get('task')?.status).toBe(200);
      expect(res.answers.get('me')?.body.error.message).toBe(
        '/me request is only valid with delegated authentication flow.',
      );
    });

    it('rewrites /me inside a batch for delegated tokens', async () => {
      const res = await graphBatch(emu, [{ id: '1', method: 'GET', url: '/me' }], { token: 'user' });
      expect(res.answers.get('1')?.body.path).toBe(`/users/${emu.info.defaultUserId}`);
    });
  });

  describe('order and dependencies', () => {
    it('answers a parallel batch out of request order, the same order on every run', async () => {
      const first = await graphBatch(emu, steps(20));
      const second = await graphBatch(emu, steps(20));
      const order = first.body.responses.map((r) => r.id);
      expect(order).not.toEqual(steps(20).map((s) => s.id));
      expect([...order].sort()).toEqual(
        steps(20)
          .map((s) => s.id)
          .sort(),
      );
      expect(second.body.responses.map((r) => r.id)).toEqual(order);
      for (const answer of first.body.responses) expect(answer.body.path).toBe(`/users/u${answer.id}`);
    });

    it('runs a serial batch in dependency order', async () => {
      const serial = steps(5).map((s, i) => (i === 0 ? s : { ...s, dependsOn: [String(i)] }));
      const res = await graphBatch(emu, serial);
      expect(res.body.responses.map((r) => r.id)).toEqual(['1', '2', '3', '4', '5']);
      expect(res.body.responses.every((r) => r.status === 200)).toBe(true);
    });

    it('answers 424 for steps whose dependency failed, and for their dependents in turn', async () => {
      const res = await graphBatch(emu, [
        { id: '1', method: 'GET', url: '/users/abc/manager' },
        { id: '2', method: 'GET', url: '/users/abc', dependsOn: ['1'] },
        { id: '3', method: 'GET', url: '/users/def', dependsOn: ['2'] },
      ]);
      expect(res.body.responses.map((r) => [r.id, r.status])).toEqual([
        ['1', 404],
        ['2', 424],
        ['3', 424],
      ]);
      expect(res.answers.get('2')?.body.error.code).toBe('FailedDependency');
    });

    it("lets every step depend on the same one (the 'same' pattern), matching ids case-insensitively", async () => {
      const res = await graphBatch(emu, [
        { id: 'Root', method: 'GET', url: '/users' },
        { id: 'a', method: 'GET', url: '/users/a', dependsOn: ['root'] },
        { id: 'b', method: 'GET', url: '/users/b', dependsOn: ['ROOT'] },
      ]);
      expect(res.status).toBe(200);
      expect(res.body.responses[0]?.id).toBe('Root');
      expect(res.body.responses.map((r) => r.status)).toEqual([200, 200, 200]);
    });
  });

  describe('stats and log', () => {
    it('counts the batch once as an HTTP request and each step as a sub-request with its own path', async () => {
      emu.resetStats();
      await graphBatch(emu, [
        { id: '1', method: 'GET', url: '/users/a' },
        { id: '2', method: 'GET', url: 'users/a' },
        { id: '3', method: 'GET', url: '/users?$top=5' },
      ]);
      expect(emu.stats()).toEqual({
        httpRequests: 1,
        batchRequests: 1,
        subRequests: 3,
        tokenRequests: 0,
        byPath: { 'POST /$batch': 1, 'GET /users/a': 2, 'GET /users': 1 },
      });
    });

    it('logs each step url exactly as sent, in request order', async () => {
      emu.requestLog.clear();
      await graphBatch(emu, [
        { id: '1', method: 'GET', url: "/users?$filter=displayName eq 'O''Neil'" },
        { id: '2', method: 'GET', url: 'users/a%2Fb' },
      ]);
      expect(emu.requestLog.lines()).toEqual([
        'POST /v1.0/$batch',
        "GET /users?$filter=displayName eq 'O''Neil'",
        'GET users/a%2Fb',
      ]);
    });
  });
});
