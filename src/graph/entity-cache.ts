/**
 * The operation's by-path cache of single-entity reads (`/users/{id}`, `/groups/{id}`,
 * `/users/{id}/manager`, `/me`). It remembers which properties each cached answer holds: a
 * read whose `select` is covered reuses the answer; a read that needs more properties widens
 * the still-queued read of the same path, or else sends one new read for the union. List
 * results and reads by another key (UPN, `/me`, `/manager`) prime the canonical by-id entries
 * (list pages lazily: see `pendingPages`).
 */
import { entityPath, queryString } from './odata';
import { entityOf, errorFromAnswer, type GraphAnswer } from './response';
import type { EntityKey, QueuedRead, Read, WaveQueue } from './wave-queue';

/** What the client needs of every Graph entity it caches, lists or pages. */
export interface Identified {
  id: string;
}

/** An entity as the caches hold it: Graph's JSON with an id. */
export type GraphEntity = Record<string, unknown> & Identified;

/** `$select` for a read: the caller's properties in their order, with `id` first when missing. */
export function selectWithId(select: readonly string[]): string[] {
  const properties = select.includes('id') ? [] : ['id'];
  for (const name of select) if (!properties.includes(name)) properties.push(name);
  return properties;
}

const NO_HEADERS = {};

function entityRead(path: string, properties: readonly string[], key: EntityKey | undefined): Read {
  const url = `${path}${queryString([['$select', properties.join(',')]])}`;
  return key ? { url, headers: NO_HEADERS, byKey: { ...key, select: properties } } : { url, headers: NO_HEADERS };
}

/** The read of an entry: while it waits in the queue, a read needing more properties widens it. */
interface PendingRead {
  readonly path: string;
  readonly key: EntityKey | undefined;
  properties: string[];
  readonly queued: QueuedRead;
}

interface Entry {
  /** Shared by every entity primed from one list page: only entries with an open read add to theirs. */
  properties: Set<string>;
  read?: PendingRead;
  result: Promise<GraphEntity | null>;
}

/** A primed entity: its promise is made only when a read asks (most primed entities are never read by id). */
interface PrimedEntry {
  properties: Set<string>;
  read?: undefined;
  entity: GraphEntity;
}

const covers = (held: ReadonlySet<string>, wanted: readonly string[]) => wanted.every((name) => held.has(name));

function holdsAll(held: ReadonlySet<string>, wanted: ReadonlySet<string>): boolean {
  if (held === wanted) return true;
  for (const name of wanted) if (!held.has(name)) return false;
  return true;
}

/** The by-id path of a directory object, from its `@odata.type` or the kind its list holds. */
export function canonicalPath(entity: Record<string, unknown>, defaultKind: 'user' | 'group' | null): string | null {
  if (typeof entity.id !== 'string') return null;
  const type = typeof entity['@odata.type'] === 'string' ? entity['@odata.type'] : null;
  const kind =
    type === '#microsoft.graph.user' ? 'user' : type === '#microsoft.graph.group' ? 'group' : type ? null : defaultKind;
  if (!kind) return null;
  try {
    return entityPath(kind === 'user' ? 'users' : 'groups', entity.id);
  } catch {
    return null;
  }
}

/** How a by-path read goes, and (`T`) the type of what it answers: declared once per kind of entity. */
export interface EntityRead<T extends Identified> {
  /** What a 404 means: `null` (no such entity, no manager) or an error (`/me`). */
  notFound: 'null' | 'error';
  /** Kind of entity the path answers when the answer carries no `@odata.type`. */
  kind: 'user' | 'group' | null;
  /** Type only, never set: what the read answers. */
  readonly answers?: T;
}

/**
 * A write's answer with the typed face its `EntityRead` names. The client checks the id and
 * trusts Graph for the rest, here and in `EntityCache.read` (the only places it does).
 */
export function typedAs<T extends Identified>(_read: EntityRead<T>, entity: GraphEntity): T {
  return entity as T;
}

/** A list page whose items are to be primed, all holding the same properties. */
interface PendingPage {
  readonly items: readonly GraphEntity[];
  readonly held: Set<string>;
  readonly pathOf: (item: GraphEntity) => string | null;
}

export class EntityCache {
  private readonly entries = new Map<string, Entry | PrimedEntry>();
  /**
   * List pages not yet indexed by path, in the order they arrived. Most operations never read by
   * path after their lists (a page of users with their groups primes thousands of entities and
   * looks up none), so a page is indexed only when the cache is next asked or written.
   */
  private pendingPages: PendingPage[] = [];
  private readonly heldBySelect = new WeakMap<readonly string[], Set<string>>();
  private readonly withIdBySelect = new WeakMap<readonly string[], string[]>();

  constructor(private readonly queue: WaveQueue) {}

  /**
   * The entity at `path` with (at least) `select`. `key` names it by a key Graph can filter on
   * (`/users/{id}`): the read may then share an `in (...)` step with others of its wave.
   */
  read<T extends Identified>(
    path: string,
    select: readonly string[],
    options: EntityRead<T>,
    key?: EntityKey,
  ): Promise<T | null> {
    // Graph is trusted to answer a path with what its `EntityRead` names (see `typedAs`).
    return this.lookup(path, select, options, key) as Promise<T | null>;
  }

  private lookup(
    path: string,
    select: readonly string[],
    options: EntityRead<Identified>,
    entityKey: EntityKey | undefined,
  ): Promise<GraphEntity | null> {
    this.indexPendingPages();
    const key = path.toLowerCase();
    const wanted = this.withId(select);
    const entry = this.entries.get(key);
    if (entry && covers(entry.properties, wanted)) return 'entity' in entry ? this.resultOf(key, entry) : entry.result;
    if (entry?.read && this.queue.waiting(entry.read.queued)) {
      const pending = entry.read;
      pending.properties = selectWithId([...pending.properties, ...wanted]);
      this.queue.replace(pending.queued, entityRead(pending.path, pending.properties, pending.key));
      for (const name of wanted) entry.properties.add(name);
      return entry.result;
    }
    const properties = entry ? selectWithId([...entry.properties, ...wanted]) : wanted;
    const read: PendingRead = {
      path,
      key: entityKey,
      properties,
      queued: this.queue.enqueue(entityRead(path, properties, entityKey)),
    };
    const result = read.queued.answer.then((answer) => this.settle(path, read, answer, options));
    this.entries.set(key, { properties: new Set(properties), read, result });
    return result;
  }

  /** Records an entity that arrived some other way (a list page, a read by UPN) under `path`. */
  prime(path: string, properties: readonly string[], entity: GraphEntity): void {
    this.indexPendingPages();
    this.primeHeld(path, new Set(selectWithId(properties)), entity);
  }

  /**
   * `prime` for the items of one list page, which all hold the same properties (`select`, as the
   * list read was given it): each under `pathOf(item)`, unless that is null.
   */
  primeAll<T extends GraphEntity>(
    items: readonly T[],
    select: readonly string[],
    pathOf: (item: T) => string | null,
  ): void {
    if (items.length === 0) return;
    // `pathOf` is only ever called with this page's items, which are `T`s.
    this.pendingPages.push({
      items,
      held: this.heldFor(select),
      pathOf: pathOf as (item: GraphEntity) => string | null,
    });
  }

  /** Primes the pending list pages' items, oldest page first (as if each had been primed on arrival). */
  private indexPendingPages(): void {
    if (this.pendingPages.length === 0) return;
    const pages = this.pendingPages;
    this.pendingPages = [];
    for (const { items, held, pathOf } of pages) {
      for (const item of items) {
        const path = pathOf(item);
        if (path !== null) this.primeHeld(path, held, item);
      }
    }
  }

  /**
   * `selectWithId(select)`, once per `select` array: the reads of an operation field share their
   * `$select` list (the operation's analysis makes one per type), so their entries can share
   * one set of held properties (`heldFor`). Never mutated: a widened read gets a new list.
   */
  private withId(select: readonly string[]): string[] {
    let properties = this.withIdBySelect.get(select);
    if (!properties) {
      properties = selectWithId(select);
      this.withIdBySelect.set(select, properties);
    }
    return properties;
  }

  /**
   * One set of held properties per `select` array: the lists of an operation field share it, so
   * an entity primed again from another parent's page is recognised as covered at once. Never
   * mutated (only entries with a read of their own add properties, to their own set).
   */
  private heldFor(select: readonly string[]): Set<string> {
    let held = this.heldBySelect.get(select);
    if (!held) {
      held = new Set(selectWithId(select));
      this.heldBySelect.set(select, held);
    }
    return held;
  }

  private primeHeld(path: string, held: Set<string>, entity: GraphEntity): void {
    const key = path.toLowerCase();
    const entry = this.entries.get(key);
    if (entry && ((entry.read && this.queue.waiting(entry.read.queued)) || holdsAll(entry.properties, held))) return;
    this.entries.set(key, { properties: held, entity });
  }

  private resultOf(key: string, primed: PrimedEntry): Promise<GraphEntity | null> {
    const entry: Entry = { properties: primed.properties, result: Promise.resolve(primed.entity) };
    this.entries.set(key, entry);
    return entry.result;
  }

  private settle(
    path: string,
    read: PendingRead,
    answer: GraphAnswer,
    options: EntityRead<Identified>,
  ): GraphEntity | null {
    if (answer.status === 404 && options.notFound === 'null') return null;
    if (answer.status < 200 || answer.status >= 300) throw errorFromAnswer(answer);
    // `@odata.context` describes the response, not the entity: without it a fetched entity
    // looks the same as one primed from a list page.
    const entity = entityOf(answer, path);
    const canonical = canonicalPath(entity, options.kind);
    if (canonical && canonical.toLowerCase() !== path.toLowerCase()) {
      this.indexPendingPages();
      this.primeHeld(canonical, this.heldFor(read.properties), entity);
    }
    return entity;
  }
}
