/**
 * Every refused caller (HTTP 401 or 403) leaves exactly one `info` log line with the reason, the
 * caller's IP and the request id, and never the token. Over real HTTP against an emulator
 * listening on its own port, with the gateway's log captured.
 */
import { post as postTo, startAppModeGateway, TEST_API_KEY as API_KEY, type TestGateway } from '../kit';

describe('audit of refused callers', () => {
  let gw: TestGateway;
  let lines: string[];
  beforeAll(async () => {
    gw = await startAppModeGateway({ logLevel: 'info' });
    lines = gw.log;
  });
  afterAll(() => gw.close());

  async function post(headers: Record<string, string>) {
    const response = await postTo(gw.url, '{ users(first: 1) { nodes { id } } }', { headers });
    return { status: response.status, requestId: response.headers.get('x-request-id'), body: response.body };
  }

  function refusals(): Array<Record<string, unknown>> {
    return lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.msg === 'caller refused');
  }

  it.each([
    ['no credential', () => ({}), 401, 'UNAUTHENTICATED'],
    [
      'an expired bearer',
      (g: TestGateway) => ({
        authorization: `Bearer ${g.emulator.mintUserToken(g.emulator.info.defaultUserId, { expiresInSeconds: -600 })}`,
      }),
      401,
      'UNAUTHENTICATED',
    ],
    ['an unknown API key', () => ({ 'x-api-key': 'not-the-key-but-long-enough' }), 401, 'UNAUTHENTICATED'],
    [
      'a bearer without the required scope',
      (g: TestGateway) => ({
        authorization: `Bearer ${g.emulator.mintUserToken(g.emulator.info.defaultUserId, { scopes: ['User.Read'] })}`,
      }),
      403,
      'FORBIDDEN',
    ],
  ])(
    'logs one info line for %s, with the reason, the caller IP and the request id',
    async (_case, headersFor, status, code) => {
      lines.length = 0;
      const headers = headersFor(gw) as Record<string, string>;

      const response = await post({ ...headers, 'x-request-id': `audit-${status}-${code}` });

      expect(response.status).toBe(status);
      expect(response.requestId).toBe(`audit-${status}-${code}`);
      expect(lines).toHaveLength(1);
      expect(refusals()).toEqual([
        {
          time: expect.any(String),
          level: 'info',
          msg: 'caller refused',
          requestId: `audit-${status}-${code}`,
          status,
          code,
          reason: response.body.errors?.[0]?.message,
          callerIp: expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$/),
        },
      ]);
      const credential = headers.authorization ?? headers['x-api-key'];
      if (credential)
        expect(lines.join('\n')).not.toContain(
          credential
            .replace(/^Bearer /, '')
            .split('.')
            .slice(-1)[0],
        );
      expect(lines.join('\n')).not.toMatch(/eyJ[A-Za-z0-9_-]+\.eyJ/);
    },
  );

  it('gives a refused request without x-request-id a new request id, in the response header and the log line', async () => {
    lines.length = 0;

    const response = await post({});

    expect(response.status).toBe(401);
    expect(response.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(refusals().map((entry) => entry.requestId)).toEqual([response.requestId]);
  });

  it('logs no refusal for a served caller', async () => {
    lines.length = 0;

    const response = await post({ 'x-api-key': API_KEY });

    expect(response.status).toBe(200);
    expect(refusals()).toEqual([]);
  });
});
