import { OboTokenCache, type AcquiredToken } from '../../src/auth/obo-token-cache';

function tokenValidFor(ms: number, now: number, name = 'graph-token'): AcquiredToken {
  return { accessToken: name, expiresOn: new Date(now + ms) };
}

describe('OboTokenCache', () => {
  it('serves a token from the cache until shortly before it expires, then exchanges again', async () => {
    let now = 1_000_000;
    const cache = new OboTokenCache({ renewBeforeMs: 60_000, now: () => now });
    let exchanges = 0;
    const exchange = jest.fn(async (): Promise<AcquiredToken> =>
      tokenValidFor(10 * 60_000, now, `token-${++exchanges}`),
    );

    expect(await cache.get('assertion', exchange)).toBe('token-1');
    now += 8 * 60_000;
    expect(await cache.get('assertion', exchange)).toBe('token-1');
    now += 2 * 60_000;
    expect(await cache.get('assertion', exchange)).toBe('token-2');
    expect(exchange).toHaveBeenCalledTimes(2);
  });

  it('keeps identities apart: another assertion never gets the first one’s token', async () => {
    const cache = new OboTokenCache();
    expect(await cache.get('alice', async () => tokenValidFor(3_600_000, Date.now(), 'alice-token'))).toBe(
      'alice-token',
    );
    expect(await cache.get('bob', async () => tokenValidFor(3_600_000, Date.now(), 'bob-token'))).toBe('bob-token');
  });

  it('does not cache a failed exchange', async () => {
    const cache = new OboTokenCache();
    await expect(cache.get('assertion', async () => Promise.reject(new Error('invalid_grant')))).rejects.toThrow(
      'invalid_grant',
    );
    expect(cache.size).toBe(0);
    expect(await cache.get('assertion', async () => tokenValidFor(3_600_000, Date.now()))).toBe('graph-token');
  });

  it('drops the least recently used identity when full', async () => {
    const cache = new OboTokenCache({ maxEntries: 2 });
    const exchange = jest.fn(async () => tokenValidFor(3_600_000, Date.now()));
    await cache.get('a', exchange);
    await cache.get('b', exchange);
    await cache.get('a', exchange);
    await cache.get('c', exchange);
    expect(cache.size).toBe(2);
    await cache.get('a', exchange);
    expect(exchange).toHaveBeenCalledTimes(3);
    await cache.get('b', exchange);
    expect(exchange).toHaveBeenCalledTimes(4);
  });

  it('repeats a refusal by the identity platform without asking again until its time has passed', async () => {
    let now = 1_000_000;
    const refused = Object.assign(new Error('invalid_grant'), { refused: true });
    const cache = new OboTokenCache({
      now: () => now,
      refusalTtlMs: 60_000,
      isRefusal: (error) => (error as { refused?: boolean }).refused === true,
    });
    const exchange = jest.fn(async (): Promise<AcquiredToken> => Promise.reject(refused));

    for (let i = 0; i < 50; i++) await expect(cache.get('assertion', exchange)).rejects.toBe(refused);
    expect(exchange).toHaveBeenCalledTimes(1);

    now += 60_000;
    await expect(cache.get('assertion', exchange)).rejects.toBe(refused);
    expect(exchange).toHaveBeenCalledTimes(2);
    expect(await cache.get('another assertion', async () => tokenValidFor(3_600_000, now))).toBe('graph-token');
  });

  it('does not remember failures that are not refusals (network errors, 5xx, throttling)', async () => {
    const cache = new OboTokenCache({ isRefusal: (error) => (error as { refused?: boolean }).refused === true });
    const exchange = jest.fn(async (): Promise<AcquiredToken> => Promise.reject(new Error('network_error')));

    await expect(cache.get('assertion', exchange)).rejects.toThrow('network_error');
    await expect(cache.get('assertion', exchange)).rejects.toThrow('network_error');
    expect(exchange).toHaveBeenCalledTimes(2);
  });
});
