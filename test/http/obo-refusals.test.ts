/**
 * A token the gateway accepts but the identity platform refuses to exchange (here: its user was
 * deleted from the directory after the token was issued, AADSTS50034) costs one token-endpoint
 * call, not one per request. Over real HTTP against an emulator listening on its own port.
 */
import { useGateway } from '../kit';

describe('on-behalf-of exchanges the identity platform refuses', () => {
  const gw = useGateway({ users: 20, external: { GRAPH_AUTH_MODE: 'on-behalf-of' }, serve: true });

  it('are remembered: 50 requests with the refused token cost one token-endpoint call and no Graph call', async () => {
    const users = gw.emulator.tenant.users;
    const deleted = [...users.values()][5];
    const token = gw.emulator.mintUserToken(deleted.id);
    users.delete(deleted.id);
    try {
      gw.emulator.resetStats();
      const responses = [];
      for (let i = 0; i < 50; i++)
        responses.push(await gw.post({ query: '{ me { id } }' }, { headers: { authorization: `Bearer ${token}` } }));

      for (const response of responses) {
        expect(response.status).toBe(401);
        expect(response.body).toEqual({
          errors: [
            {
              message:
                'No Microsoft Graph token could be obtained: Could not get a Microsoft Graph token: invalid_grant (AADSTS50034).',
              extensions: { code: 'UNAUTHENTICATED' },
            },
          ],
        });
      }
      expect(gw.emulator.stats().tokenRequests).toBe(1);
      expect(gw.emulator.stats().httpRequests).toBe(0);
    } finally {
      users.set(deleted.id, deleted);
    }
  });

  it('do not hold back other callers: a valid user token is still exchanged and served', async () => {
    gw.emulator.resetStats();
    const user = [...gw.emulator.tenant.users.values()][6];

    const response = await gw.post(
      { query: '{ me { id } }' },
      { headers: { authorization: `Bearer ${gw.emulator.mintUserToken(user.id)}` } },
    );

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { me: { id: user.id } } });
    expect(gw.emulator.stats().tokenRequests).toBe(1);
  });
});
