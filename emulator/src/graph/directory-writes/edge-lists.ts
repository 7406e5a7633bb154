/**
 * The tenant's relationship indexes (`membersOf`, `memberships`, `ownersOf`) map an object id to
 * a list of ids; writes add to and remove from those lists in place.
 */

/** The list `index` holds for `key`, created empty on first use. */
export function listIn(index: Map<string, string[]>, key: string): string[] {
  let list = index.get(key);
  if (!list) {
    list = [];
    index.set(key, list);
  }
  return list;
}

/** Removes `id` from `list` (absent list or id: nothing to do). */
export function removeFrom(list: string[] | undefined, id: string): void {
  const at = list ? list.indexOf(id) : -1;
  if (list && at >= 0) list.splice(at, 1);
}
