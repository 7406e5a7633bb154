/**
 * The live hub on its own, with a source driven by the test: one source per topic shared by its
 * subscribers, started on the first and stopped a grace after the last; a source's end reaches
 * every subscriber; a subscriber that falls behind is ended, not buffered without bound.
 */
import type { ChangeSink, ChangeSource } from '../../src/live/change-source';
import { createDeliveryQueue, FELL_BEHIND_CODE, LiveEndError } from '../../src/live/delivery-queue';
import { changesBetween } from '../../src/live/etag-changes';
import { createLocalFanout } from '../../src/live/fanout';
import { createLiveHub, type TopicSubscriber } from '../../src/live/hub';
import { waitFor } from '../kit';

interface DrivenSource extends ChangeSource<string, string> {
  sink: ChangeSink<string> | null;
  readers: () => readonly string[];
  stopped: boolean;
}

function drivenSource(): DrivenSource {
  const source: DrivenSource = {
    sink: null,
    readers: () => [],
    stopped: false,
    start(sink, readers) {
      source.sink = sink;
      source.readers = readers;
    },
    stop() {
      source.stopped = true;
    },
  };
  return source;
}

function recorder(reader: string) {
  const seen: { events: string[][]; ends: unknown[] } = { events: [], ends: [] };
  const subscriber: TopicSubscriber<string, string> = {
    reader,
    deliver: (events) => seen.events.push([...events]),
    end: (reason) => seen.ends.push(reason),
  };
  return { seen, subscriber };
}

describe('the live hub', () => {
  it('shares one source among a topic’s subscribers, reads with the newest first, and stops it a grace after the last leaves', async () => {
    const hub = createLiveHub({ fanout: createLocalFanout(), graceMs: 20 });
    const sources: DrivenSource[] = [];
    const open = () => {
      const source = drivenSource();
      sources.push(source);
      return source;
    };
    const alice = recorder('alice');
    const bob = recorder('bob');

    const aliceLeaves = hub.join('plan:1|user', open, alice.subscriber);
    expect(sources[0].readers()).toEqual(['alice']);
    const bobLeaves = hub.join('plan:1|user', open, bob.subscriber);
    expect(sources).toHaveLength(1);
    expect(sources[0].readers()).toEqual(['bob', 'alice']);

    sources[0].sink!.publish(['task-1 created']);
    expect(alice.seen.events).toEqual([['task-1 created']]);
    expect(bob.seen.events).toEqual([['task-1 created']]);

    aliceLeaves();
    bobLeaves();
    expect(hub.stats()).toEqual({ topics: 1, subscribers: 0 });
    await waitFor(() => sources[0].stopped, { what: 'the source to stop after the grace' });
    expect(hub.stats()).toEqual({ topics: 0, subscribers: 0 });
    expect(alice.seen.ends).toEqual([]);
  });

  it('ends every subscriber with the source’s reason and opens a new source for the next one', () => {
    const hub = createLiveHub({ fanout: createLocalFanout(), graceMs: 1_000 });
    const sources: DrivenSource[] = [];
    const open = () => {
      const source = drivenSource();
      sources.push(source);
      return source;
    };
    const alice = recorder('alice');
    const bob = recorder('bob');
    hub.join('plan:1|user', open, alice.subscriber);
    hub.join('plan:1|user', open, bob.subscriber);

    sources[0].sink!.end({ code: 'FORBIDDEN', message: 'Access to the plan was refused.' });

    const reason = { code: 'FORBIDDEN', message: 'Access to the plan was refused.' };
    expect(alice.seen.ends).toEqual([reason]);
    expect(bob.seen.ends).toEqual([reason]);
    expect(sources[0].stopped).toBe(true);
    expect(hub.stats()).toEqual({ topics: 0, subscribers: 0 });
    hub.join('plan:1|user', open, recorder('carol').subscriber);
    expect(sources).toHaveLength(2);
    hub.close();
  });

  it('keeps topics of different identity scopes apart', () => {
    const hub = createLiveHub({ fanout: createLocalFanout() });
    const sources: DrivenSource[] = [];
    const open = () => {
      const source = drivenSource();
      sources.push(source);
      return source;
    };
    const alice = recorder('alice');
    const bob = recorder('bob');
    hub.join('plan:1|user:alice', open, alice.subscriber);
    hub.join('plan:1|user:bob', open, bob.subscriber);
    sources[0].sink!.publish(['seen by alice']);
    expect(alice.seen.events).toEqual([['seen by alice']]);
    expect(bob.seen.events).toEqual([]);
    hub.close();
    expect(alice.seen.ends).toEqual([null]);
    expect(sources.map((source) => source.stopped)).toEqual([true, true]);
  });
});

describe('a subscriber’s delivery queue', () => {
  it('hands out deliveries in order, then ends with a FELL_BEHIND error once too many wait', async () => {
    let closed = 0;
    const queue = createDeliveryQueue<string>(() => (closed += 1), 2);
    queue.push(['a']);
    queue.push(['b']);
    await expect(queue.next()).resolves.toEqual({ done: false, value: ['a'] });
    queue.push(['c']);
    queue.push(['d']);
    const error = await queue.next().catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(LiveEndError);
    expect(error).toMatchObject({
      code: FELL_BEHIND_CODE,
      message: 'The subscription fell behind (more than 2 deliveries waiting) and was ended; subscribe again.',
    });
    expect(closed).toBe(1);
  });

  it('lets a waiting reader go at once when the subscriber leaves', async () => {
    let closed = 0;
    const queue = createDeliveryQueue<string>(() => (closed += 1));
    const waiting = queue.next();
    await queue.return();
    await expect(waiting).resolves.toEqual({ done: true, value: undefined });
    expect(closed).toBe(1);
  });
});

describe('changes between two reads of a plan', () => {
  it('names created, updated (etag changed) and deleted tasks', () => {
    const before = new Map([
      ['kept', 'W/"1"'],
      ['changed', 'W/"1"'],
      ['gone', 'W/"1"'],
    ]);
    const after = new Map([
      ['kept', 'W/"1"'],
      ['changed', 'W/"2"'],
      ['new', 'W/"1"'],
    ]);
    expect(changesBetween(before, after)).toEqual([
      { changeType: 'UPDATED', id: 'changed' },
      { changeType: 'CREATED', id: 'new' },
      { changeType: 'DELETED', id: 'gone' },
    ]);
  });
});
