/**
 * Delta state tokens. Graph's tokens are opaque and carry the query options of the round's
 * first call; the emulator's are sealed (HMAC) JSON, so a client can neither forge one nor
 * move one to another resource:
 *
 * - a **position** (`$deltatoken`, and Planner's first `$skiptoken`): the change-log sequence
 *   number the next round starts after, with the selection and the time it was issued;
 * - a **page** (`$skiptoken`): a page of a round whose entries are held by the emulator (a
 *   bounded cache: an evicted round can no longer be continued, as Graph evicts sync states).
 *
 * Both carry the change log's generation, so `POST /_emulator/delta/expire` can expire every
 * token at once.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

const TOKEN_KEY = 'msgraph-graphql emulator delta token v1';

/** Directory delta tokens live 7 days (delta-query-overview.md, "duration of change tracking tokens"). */
export const DELTA_TOKEN_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

export interface PositionToken {
  type: 'position';
  /** The feed the token belongs to (`users`, `todoTasks:<listId>`...). */
  feed: string;
  generation: number;
  seq: number;
  issuedAt: number;
  /** The query options of the round's first call, which every later round keeps. */
  options: TrackedOptions;
}

/** The query options a delta round is defined by, carried from call to call in its tokens. */
export interface TrackedOptions {
  select: string[] | null;
  filter: string | null;
}

export interface PageToken {
  type: 'page';
  feed: string;
  generation: number;
  round: string;
  offset: number;
}

export type DeltaToken = PositionToken | PageToken;

function mac(text: string): string {
  return createHmac('sha256', TOKEN_KEY).update(text).digest('base64url');
}

export function sealToken(token: DeltaToken): string {
  const payload = Buffer.from(JSON.stringify(token)).toString('base64url');
  return `${payload}.${mac(payload)}`;
}

/** The token, or null when it was not issued by this emulator for `feed`. */
export function openToken(text: string, feed: string): DeltaToken | null {
  const dot = text.lastIndexOf('.');
  if (dot <= 0) return null;
  const payload = text.slice(0, dot);
  const given = Buffer.from(text.slice(dot + 1));
  const expected = Buffer.from(mac(payload));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const token = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as DeltaToken;
    return token.feed === feed ? token : null;
  } catch {
    return null;
  }
}

/** One round's entries beyond its first page, kept until the client has paged through them. */
export interface HeldRound<E> {
  entries: readonly E[];
  /** The position the round ends at: its deltaLink. */
  seq: number;
  options: TrackedOptions;
}

export const HELD_ROUNDS_CAPACITY = 1_000;

/** A bounded cache of rounds in progress; the oldest round is evicted first. */
export class HeldRounds {
  private readonly rounds = new Map<string, HeldRound<unknown>>();

  constructor(private readonly capacity = HELD_ROUNDS_CAPACITY) {}

  hold<E>(round: HeldRound<E>): string {
    const id = randomUUID();
    this.rounds.set(id, round);
    if (this.rounds.size > this.capacity) {
      const oldest = this.rounds.keys().next().value as string;
      this.rounds.delete(oldest);
    }
    return id;
  }

  get<E>(id: string): HeldRound<E> | undefined {
    return this.rounds.get(id) as HeldRound<E> | undefined;
  }
}
