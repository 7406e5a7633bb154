/**
 * The read-and-compare loop every live source shares, on a Graph client against the in-process
 * emulator: a resync that failed is tried again, and a watch that fell back to polling keeps
 * polling whatever was pending when it did.
 */
import { appToken, graphPatch, createTestEmulator, type Emulator } from '@msgraph-graphql/emulator/testing';
import { createBaselineWatch, type BaselineWatch } from '../../src/live/baseline-watch';
import type { LiveEnd } from '../../src/live/change-source';
import type { EntityChange } from '../../src/live/etag-changes';
import { createLogger } from '../../src/logger';
import { waitFor } from '../kit';
import { clientFor, received, resetTraffic } from '../kit/graph-client';

const INTERVAL_MS = 50;

function watchJobTitle(emulator: Emulator, userId: string) {
  const published: EntityChange[][] = [];
  const ended: LiveEnd[] = [];
  const watch: BaselineWatch<string | null> = createBaselineWatch<string | null>(
    {
      read: async (client) => (await client.getUser(userId, ['id', 'jobTitle']))?.jobTitle ?? null,
      changes: (previous, current) => (previous === current ? [] : [{ changeType: 'UPDATED', id: userId }]),
      endFor: () => null,
      intervalMs: INTERVAL_MS,
      logger: createLogger('silent'),
      failureMessage: 'Reading the user failed',
      context: { userId },
    },
    { publish: (changes) => published.push([...changes]), end: (reason) => ended.push(reason) },
    // A client per read, as a subscriber's reader gives: a client remembers the reads it made.
    () => [async () => clientFor(emulator, { retry: { maxRetries: 0 } })],
  );
  const reads = () => received(emulator).filter((line) => line.startsWith(`GET /v1.0/users/${userId}?`)).length;
  return { watch, published, ended, reads };
}

const setJobTitle = (emulator: Emulator, userId: string, jobTitle: string) =>
  graphPatch(emulator, `/v1.0/users/${userId}`, { jobTitle }, { token: appToken(emulator, ['User.ReadWrite.All']) });

describe('the baseline watch of a live source', () => {
  let emulator: Emulator;
  let stop: () => void = () => undefined;

  beforeEach(() => {
    emulator = createTestEmulator({ users: 5 });
    resetTraffic(emulator);
  });
  afterEach(() => stop());

  it('tries a failed resync again after an interval and publishes the change it then finds', async () => {
    const userId = emulator.info.defaultUserId;
    const { watch, published, ended, reads } = watchJobTitle(emulator, userId);
    stop = () => watch.stop();

    watch.resync();
    await waitFor(() => reads() >= 1, { what: 'the baseline read' });
    expect((await setJobTitle(emulator, userId, 'Changed unseen')).status).toBe(204);
    emulator.setFaults({ errorRate: 1 });
    watch.resync();
    await waitFor(() => reads() >= 3, { what: 'the failed resync tried again' });
    expect(published).toEqual([]);
    emulator.setFaults({ errorRate: 0 });

    await waitFor(() => published.length >= 1, { what: 'the change found by the retried resync' });
    expect(published).toEqual([[{ changeType: 'UPDATED', id: userId }]]);
    expect(ended).toEqual([]);
  });

  it('keeps polling when it fell back to polling while a failed resync waited to be tried again', async () => {
    const userId = emulator.info.defaultUserId;
    const { watch, published, ended, reads } = watchJobTitle(emulator, userId);
    stop = () => watch.stop();

    emulator.setFaults({ errorRate: 1 });
    watch.resync();
    await waitFor(() => reads() >= 1, { what: 'the failed resync' });
    // The notification path gave up (no subscription Graph can reach): the source polls from now on.
    watch.poll();
    await waitFor(() => reads() >= 3, { what: 'the failed poll and the retry' });
    emulator.setFaults({ errorRate: 0 });
    const baselineReads = reads();
    await waitFor(() => reads() >= baselineReads + 3, { what: 'polls after the baseline was read' });

    expect((await setJobTitle(emulator, userId, 'Polled on')).status).toBe(204);
    await waitFor(() => published.length >= 1, { what: 'the change found by a poll' });
    expect(published).toEqual([[{ changeType: 'UPDATED', id: userId }]]);
    expect(ended).toEqual([]);
  });
});
