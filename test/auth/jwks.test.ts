/**
 * The signing-key cache under a key outage and a flood of forged key ids: the last good keys
 * survive a failed refresh, refreshes are rate limited (and back off after failures), and
 * concurrent lookups share one fetch. An injected clock and a counting fetch; no sleeps.
 */
import crypto from 'node:crypto';
import { GraphAuthError } from '../../src/auth/errors';
import { createKeySet, type KeySetOptions } from '../../src/auth/jwks';

function jwk(kid: string) {
  const { publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });
  return { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig' };
}

const KEY_A = jwk('key-a');
const KEY_B = jwk('key-b');

/** A JWKS endpoint whose answer the test changes: a key list, or an outage. */
function authority() {
  let answer: 'down' | object[] = [KEY_A];
  const calls = { count: 0 };
  const fetchFn: KeySetOptions['fetch'] = async () => {
    calls.count += 1;
    if (answer === 'down') return new Response('unavailable', { status: 503 });
    return Response.json({ keys: answer });
  };
  return {
    calls,
    serve(keys: 'down' | object[]) {
      answer = keys;
    },
    fetch: fetchFn,
  };
}

function keySet(source: ReturnType<typeof authority>, clock: { now: number }, extra: Partial<KeySetOptions> = {}) {
  return createKeySet({
    jwksUri: async () => 'https://login.example.test/tenant/discovery/v2.0/keys',
    fetch: source.fetch,
    now: () => clock.now,
    ...extra,
  });
}

async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => new Error('expected a failure'),
    (caught: unknown) => caught,
  );
  if (!(error instanceof GraphAuthError)) throw error;
  return error.reason;
}

describe('JWKS key set', () => {
  it('keeps the last good keys when a refresh fails, so a forged key id during an outage locks nobody out', async () => {
    const source = authority();
    const clock = { now: 1_000_000 };
    const keys = keySet(source, clock);
    expect(await keys.key('key-a')).not.toBeNull();

    source.serve('down');
    clock.now += 10_000;
    expect(await keys.key('forged')).toBeNull();
    expect(source.calls.count).toBe(2);

    clock.now += 60_000;
    expect(await keys.key('key-a')).not.toBeNull();
  });

  it('costs at most one fetch per interval for a flood of unknown key ids', async () => {
    const source = authority();
    const clock = { now: 1_000_000 };
    const keys = keySet(source, clock);
    await keys.key('key-a');

    for (let i = 0; i < 50; i++) expect(await keys.key(`forged-${i}`)).toBeNull();
    expect(source.calls.count).toBe(1);

    clock.now += 10_000;
    for (let i = 0; i < 50; i++) expect(await keys.key(`forged-again-${i}`)).toBeNull();
    expect(source.calls.count).toBe(2);
  });

  it('backs off exponentially after failed refreshes, up to a cap, and fails closed while it knows no key', async () => {
    const source = authority();
    source.serve('down');
    const clock = { now: 1_000_000 };
    const keys = keySet(source, clock, { failureBackoffMs: 1_000, maxBackoffMs: 8_000 });

    expect(await failure(keys.key('key-a'))).toBe('keys_unavailable');
    expect(await failure(keys.key('key-a'))).toBe('keys_unavailable');
    expect(source.calls.count).toBe(1);

    const fetchTimes: number[] = [];
    for (let step = 0; step < 40; step++) {
      clock.now += 500;
      const before = source.calls.count;
      expect(await failure(keys.key(`forged-${step}`))).toBe('keys_unavailable');
      if (source.calls.count > before) fetchTimes.push(clock.now - 1_000_000);
    }
    // Waits of 1 s, 2 s, 4 s, then 8 s (the cap) after each failure.
    expect(fetchTimes).toEqual([1_000, 3_000, 7_000, 15_000]);
  });

  it('serves keys again after the authority recovers, and finds a rotated key once the interval has passed', async () => {
    const source = authority();
    source.serve('down');
    const clock = { now: 1_000_000 };
    const keys = keySet(source, clock);
    expect(await failure(keys.key('key-a'))).toBe('keys_unavailable');

    source.serve([KEY_A]);
    clock.now += 1_000;
    expect(await keys.key('key-a')).not.toBeNull();

    source.serve([KEY_A, KEY_B]);
    expect(await keys.key('key-b')).toBeNull();
    clock.now += 10_000;
    expect(await keys.key('key-b')).not.toBeNull();
    expect(source.calls.count).toBe(3);
  });

  it('shares one in-flight fetch among concurrent lookups', async () => {
    const source = authority();
    const clock = { now: 1_000_000 };
    const keys = keySet(source, clock);

    const found = await Promise.all(
      Array.from({ length: 25 }, (_, i) => keys.key(i % 2 === 0 ? 'key-a' : `forged-${i}`)),
    );

    expect(found.filter((key) => key !== null)).toHaveLength(13);
    expect(source.calls.count).toBe(1);
  });
});
