/**
 * What the Planner and To Do parts of the client share: their dependencies, the collection
 * patterns their cursors must stay on, and reading entities out of answers.
 */
import type { EntityCache, GraphEntity } from './entity-cache';
import { protocolError } from './errors';
import type { HttpSender } from './http';
import type { Collection, ListReader } from './list-reader';
import { MAX_PAGE_SIZE } from './paging';
import { errorFromAnswer, objectBody, type GraphAnswer } from './response';
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
  /** Throws once the operation was aborted. */
  ensureOpen(): void;
}

/** Any key segment: `/{id}` or key syntax `('{id}')`. */
export const KEY = `(?:/[^/]+|\\('[^/]*'\\))`;
/** `/me` or `/users/{id}`: Graph may answer a `/me/...` read with `/users/{id}/...` nextLinks. */
export const OWNER = `(?:/me|/users${KEY})`;

/** A collection whose cursors must match `pattern` (a regular expression source over the path). */
export function collection(path: string, pattern: string): Collection {
  return { path, linkPattern: new RegExp(`^${pattern}$`, 'i'), itemKind: null };
}


/** The entity in a successful write's answer, without the response's `@odata.context`. */
export function entityOf(answer: GraphAnswer, what: string): GraphEntity {
  const { '@odata.context': _context, ...entity } = objectBody(answer);
  if (typeof entity.id !== 'string') throw protocolError(`Microsoft Graph answered ${what} without an id.`);
  return entity as GraphEntity;
}

/** Throws Graph's error unless the answer's status is one of `expected`. */
export function expectStatus(answer: GraphAnswer, ...expected: number[]): void {
  if (!expected.includes(answer.status)) throw errorFromAnswer(answer);
}

/** Remembers list items under their by-id paths, so a later by-id read of the same properties is free. */
export function primeItems(entities: EntityCache, items: readonly GraphEntity[], select: readonly string[], pathOf: (id: string) => string): void {
  entities.primeAll(
    items.map((item) => [pathOf(item.id), item] as const),
    select,
  );
}

/** The first `MAX_PAGE_SIZE` items of a small collection (plans of a group, buckets, To Do lists). */
export const WHOLE_SMALL_COLLECTION = { first: MAX_PAGE_SIZE } as const;
