/**
 * What the Planner and To Do parts of the client share: their dependencies, their collections,
 * and checking answers.
 */
import type { EntityCache, Identified } from './entity-cache';
import type { HttpSender } from './http';
import type { Collection, ListReader } from './list-reader';
import { MAX_PAGE_SIZE } from './paging';
import { errorFromAnswer, type GraphAnswer } from './response';
import type { OwnerPaths } from './task-owner';
import type { Writer } from './writer';

export interface ReadCaches {
  entities: EntityCache;
  lists: ListReader;
}

export interface TaskApiDeps {
  /** The operation's current read caches (a write replaces them: reads after it see the change). */
  reads(): ReadCaches;
  /** Direct reads that must bypass the caches and the wave (the current etag after a refusal). */
  http: HttpSender;
  writer: Writer;
  owners: OwnerPaths;
  /** Called after every successful write. */
  afterWrite(): void;
}

/** A Planner or To Do collection of `T`s whose items prime their by-id path `itemPath`. */
export function collection<T extends Identified>(path: string, itemPath: (id: string) => string): Collection<T> {
  return { path, itemKind: null, itemPath };
}

/** Throws Graph's error unless the answer's status is one of `expected`. */
export function expectStatus(answer: GraphAnswer, ...expected: number[]): void {
  if (!expected.includes(answer.status)) throw errorFromAnswer(answer);
}

/** The first `MAX_PAGE_SIZE` items of a small collection (plans of a group, buckets, To Do lists). */
export const WHOLE_SMALL_COLLECTION = { first: MAX_PAGE_SIZE } as const;
