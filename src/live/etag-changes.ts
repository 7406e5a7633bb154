/** The changes between two observations of a collection, by each item's version (`@odata.etag`). */

export type ChangeType = 'CREATED' | 'UPDATED' | 'DELETED';

export interface EntityChange {
  changeType: ChangeType;
  id: string;
}

/** Item id → version. */
export type Versions = ReadonlyMap<string, string>;

/** Each item's version: its `@odata.etag`; an item without one still counts, its id appearing or going is a change. */
export function versionsOf(items: readonly { id: string; '@odata.etag'?: string | null }[]): Map<string, string> {
  return new Map(items.map((item) => [item.id, item['@odata.etag'] ?? '']));
}

/** Created and updated items in the order of `current`, then deleted ones in the order of `previous`. */
export function changesBetween(previous: Versions, current: Versions): EntityChange[] {
  const changes: EntityChange[] = [];
  for (const [id, version] of current) {
    const before = previous.get(id);
    if (before === undefined) changes.push({ changeType: 'CREATED', id });
    else if (before !== version) changes.push({ changeType: 'UPDATED', id });
  }
  for (const id of previous.keys()) if (!current.has(id)) changes.push({ changeType: 'DELETED', id });
  return changes;
}
