/**
 * The minimal plan of a scenario, computed from the data an operation returned.
 *
 * Rule (the same for every scenario; each scenario file lists its reads per wave):
 * 1. A read is one Graph request for one entity, or for one relationship of one parent
 *    (`/users/{id}/memberOf`, `/planner/plans/{id}/tasks`), counted once however often the
 *    operation needs it, and not at all when an earlier read already returned that entity
 *    with the needed properties (a list's items, `me` among the assignees) or when data
 *    already read shows its answer is empty (the plans of a group that is not a Microsoft 365
 *    group: only those own plans).
 * 2. A read joins the earliest wave in which everything it depends on is known: reads whose
 *    ids come from the operation's arguments (or `/me/...`) go in wave 1; a relationship of
 *    items returned in wave n goes in wave n + 1.
 * 3. A single-valued relationship Graph can `$expand` on the request that reads its subject
 *    (`/users/{id}?$expand=manager`) costs no read of its own. Collections are not expanded:
 *    Graph caps an expanded directory collection at 20 items without a nextLink, fewer than the
 *    25 a connection asks for by default, and `memberOf` would also bring directory roles.
 * 4. A wave of n reads costs ceil(n / 20) HTTP requests (`$batch` holds at most 20; a single
 *    read goes as a plain GET), all sent at once.
 *
 * Not counted (possible further savings beyond this rule, see bench/README.md): `id in (...)`
 * filters and `directoryObjects/getByIds`, which read up to 15 (or 1000) entities in one read.
 */

export const BATCH_LIMIT = 20;

/**
 * @param {number[]} readsPerWave
 * @returns {{ waves: number, httpRequests: number, reads: number, readsPerWave: number[] }}
 */
export function planFromReads(readsPerWave) {
  const waves = readsPerWave.filter((reads) => reads > 0);
  return {
    waves: waves.length,
    httpRequests: waves.reduce((sum, reads) => sum + Math.ceil(reads / BATCH_LIMIT), 0),
    reads: waves.reduce((sum, reads) => sum + reads, 0),
    readsPerWave: waves,
  };
}
