/**
 * By-key reads of users and groups merged into list reads. Graph meters and throttles every
 * `$batch` step on its own (graph-api.md, Part 2 §4.4), and `/users?$filter=id in ('a','b',...)`
 * answers up to 15 users in one step (§5.1: the `in` limit without advanced queries, well
 * within the 2,048-character URL). So reads of one wave that name users (or groups) by id, or
 * users by userPrincipalName, with the same `$select`, go out as `in (...)` steps of at most 15
 * values; the answer is split back by key, and a key Graph did not list gets a 404 of its own
 * (the by-key read's answer for a missing entity), so an unknown id never fails its neighbours.
 * A key that is alone in its wave keeps its plain by-key read.
 */
import { MAX_IN_VALUES, queryString, stringLiteral } from './odata';
import { isRecord, type GraphAnswer } from './response';
import type { EntityKey, KeyedRead, Read } from './wave-queue';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// What Graph accepts as a sign-in name in a filter literal; anything odder keeps its by-key read.
const SIGN_IN_NAME = /^[^\s'@]+@[^\s'@]+$/;

/**
 * The key of `/users/{idOrUpn}` or `/groups/{id}`, when it can share an `in (...)` step: an id
 * that is a GUID (any other would make Graph refuse the whole step) or a plain sign-in name.
 */
export function entityKeyOf(collection: EntityKey['collection'], key: string): EntityKey | undefined {
  if (GUID.test(key)) return { collection, property: 'id', value: key };
  if (collection === '/users' && SIGN_IN_NAME.test(key))
    return { collection, property: 'userPrincipalName', value: key };
  return undefined;
}

/** What a round is made of: anything carrying the read it stands for. */
export interface HasRead {
  readonly read: Read;
}

/** One request of a round: a read as queued, or a merged read standing for several. */
export interface RoundRead<T> {
  readonly read: Read;
  readonly members: readonly T[];
  /** Each member's answer, in `members` order, from the answer to `read`. */
  split(answer: GraphAnswer): GraphAnswer[];
}

const single = <T extends HasRead>(member: T): RoundRead<T> => ({
  read: member.read,
  members: [member],
  split: (answer) => [answer],
});

function notFound(answer: GraphAnswer, key: EntityKey): GraphAnswer {
  return {
    status: 404,
    headers: answer.headers,
    body: {
      error: {
        code: 'Request_ResourceNotFound',
        message: `Resource '${key.value}' does not exist or one of its queried reference-property objects are not present.`,
      },
    },
  };
}

function merged<T extends HasRead>(members: readonly T[], first: KeyedRead): RoundRead<T> {
  const { collection, property } = first;
  const select = first.select.includes(property) ? first.select : [...first.select, property];
  const values = members.map((member) => stringLiteral(member.read.byKey!.value)).join(',');
  const read: Read = {
    url: `${collection}${queryString([
      ['$filter', `${property} in (${values})`],
      ['$select', select.join(',')],
    ])}`,
    headers: {},
  };
  return {
    read,
    members,
    split(answer) {
      const items = answer.status === 200 && isRecord(answer.body) ? answer.body.value : undefined;
      if (!Array.isArray(items)) return members.map(() => answer);
      const byKey = new Map<string, unknown>();
      for (const item of items) {
        if (isRecord(item) && typeof item[property] === 'string') byKey.set(item[property].toLowerCase(), item);
      }
      return members.map((member) => {
        const item = byKey.get(member.read.byKey!.value.toLowerCase());
        return item === undefined
          ? notFound(answer, member.read.byKey!)
          : { status: 200, headers: answer.headers, body: item };
      });
    },
  };
}

/** Splits `size` items into the fewest groups of at most `max`, as even as can be. */
function evenSizes(size: number, max: number): number[] {
  const groups = Math.ceil(size / max);
  return Array.from({ length: groups }, (_, index) => Math.floor((size + index) / groups));
}

/**
 * The reads of a round as they go out: mergeable by-key reads merged, every other read as it
 * is, in the order of the reads (a merged read where its first member was).
 */
export function mergeKeyedReads<T extends HasRead>(reads: readonly T[]): RoundRead<T>[] {
  const groups = new Map<string, T[]>();
  const slots: Array<RoundRead<T> | T[]> = [];
  for (const member of reads) {
    const key = member.read.byKey;
    if (!key) {
      slots.push(single(member));
      continue;
    }
    const group = `${key.collection} ${key.property} ${key.select.join(',')}`;
    const members = groups.get(group);
    if (members) members.push(member);
    else {
      const first = [member];
      groups.set(group, first);
      slots.push(first);
    }
  }
  return slots.flatMap((slot) => (Array.isArray(slot) ? mergedReads(slot) : [slot]));
}

function mergedReads<T extends HasRead>(members: readonly T[]): RoundRead<T>[] {
  if (members.length === 1) return [single(members[0])];
  const result: RoundRead<T>[] = [];
  let start = 0;
  for (const size of evenSizes(members.length, MAX_IN_VALUES)) {
    const chunk = members.slice(start, start + size);
    start += size;
    result.push(chunk.length === 1 ? single(chunk[0]) : merged(chunk, chunk[0].read.byKey!));
  }
  return result;
}
