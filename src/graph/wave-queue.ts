/**
 * The operation's wave queue. A read joins the current wave; the wave goes to the sender on the
 * next tick — after pending promise callbacks have run, hence `setImmediate` — so the reads that
 * resolvers issue while one level settles all go out together.
 */
import { abortedError } from './errors';
import type { GraphAnswer } from './response';
import type { ReadOutcome } from './retry';

/** One GET of the operation. */
export interface Read {
  /** Relative to the version root (`/users/42?$select=id`). */
  readonly url: string;
  /** Per-read headers such as `ConsistencyLevel: eventual` (batch steps carry their own). */
  readonly headers: Readonly<Record<string, string>>;
  /** Set on a read of one user or group by key: it may share an `in (...)` step with others (`keyed-reads.ts`). */
  readonly byKey?: KeyedRead;
}

/** What makes a read mergeable: one user or group named by a key Graph can filter on. */
export interface EntityKey {
  /** The collection the entity is listed in. */
  readonly collection: '/users' | '/groups';
  /** The property the key is a value of (`userPrincipalName` for users only). */
  readonly property: 'id' | 'userPrincipalName';
  readonly value: string;
}

/** A read by key, with its `$select` (what a merged read selects too). */
export interface KeyedRead extends EntityKey {
  readonly select: readonly string[];
}

/** A read in the queue: `read` is what goes out (it can change until its wave does). */
export interface QueuedRead {
  readonly read: Read;
  readonly answer: Promise<GraphAnswer>;
}

/** A read of a wave handed to the sender, and where its outcome goes. */
export interface WaveRead {
  readonly read: Read;
  settle(outcome: ReadOutcome): void;
}

/** Sends one wave; settles every read of it, in any order and at any time. */
export type WaveSender = (wave: readonly WaveRead[]) => void;

export interface WaveQueue {
  /** Adds `read` to the current wave; once the operation is aborted, answers at once with an aborted error. */
  enqueue(read: Read): QueuedRead;
  /** Whether `queued` still waits for its wave. */
  waiting(queued: QueuedRead): boolean;
  /** Replaces the read of `queued` while it still waits (true); once its wave went out, changes nothing (false). */
  replace(queued: QueuedRead, read: Read): boolean;
}

export interface WaveQueueOptions {
  send: WaveSender;
  signal?: AbortSignal;
  /** Runs `flush` once the current tick's reads are in; default `setImmediate`. */
  schedule?: (flush: () => void) => void;
}

interface Entry {
  read: Read;
  readonly answer: Promise<GraphAnswer>;
  settle(outcome: ReadOutcome): void;
}

function newEntry(read: Read): Entry {
  let settle!: (outcome: ReadOutcome) => void;
  const answer = new Promise<GraphAnswer>((resolve, reject) => {
    settle = (outcome) => ('answer' in outcome ? resolve(outcome.answer) : reject(outcome.error));
  });
  return { read, answer, settle };
}

export function createWaveQueue(options: WaveQueueOptions): WaveQueue {
  const schedule = options.schedule ?? ((flush: () => void) => setImmediate(flush));
  // The reads of the wave being gathered, in arrival order; an entry leaves when its wave goes.
  let gathering = new Map<QueuedRead, Entry>();

  const flush = () => {
    const wave = [...gathering.values()];
    gathering = new Map();
    options.send(wave);
  };

  return {
    enqueue(read) {
      if (options.signal?.aborted) return { read, answer: Promise.reject(abortedError()) };
      const entry = newEntry(read);
      if (gathering.size === 0) schedule(flush);
      gathering.set(entry, entry);
      return entry;
    },
    waiting: (queued) => gathering.has(queued),
    replace(queued, read) {
      const entry = gathering.get(queued);
      if (!entry) return false;
      entry.read = read;
      return true;
    },
  };
}
