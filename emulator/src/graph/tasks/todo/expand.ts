/**
 * `$expand` on todoTasks. `checklistItems` and `linkedResources` are relationships of todoTask
 * (`todotask.md`, Relationships), so, like every navigation property, a task carries them only
 * when `$expand` names them; `*` names both.
 */
import type { GraphCall } from '../../../http/types';
import type { Result } from '../result';
import { todoBadRequest } from './errors';

export type TaskExpansion = 'linkedResources' | 'checklistItems';
const EXPANDABLE: readonly TaskExpansion[] = ['linkedResources', 'checklistItems'];

export function parseTaskExpand(call: GraphCall): Result<ReadonlySet<TaskExpansion>> {
  const raw = call.query.get('$expand');
  const expanded = new Set<TaskExpansion>();
  if (raw === null || raw.trim() === '') return { ok: true, value: expanded };
  for (const part of raw.split(',').map((p) => p.trim())) {
    if (part === '*') {
      for (const name of EXPANDABLE) expanded.add(name);
      continue;
    }
    const name = EXPANDABLE.find((candidate) => candidate.toLowerCase() === part.toLowerCase());
    if (!name)
      return {
        ok: false,
        reply: todoBadRequest(
          `The $expand item '${part}' is not supported on todoTask; expand linkedResources or checklistItems, without nested options.`,
        ),
      };
    expanded.add(name);
  }
  return { ok: true, value: expanded };
}
