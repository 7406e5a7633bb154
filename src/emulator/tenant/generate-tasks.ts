/** Planner plans, buckets, tasks and details, and To Do lists and tasks, for a generated directory. */
import type { Tenant } from './model';
import type { SeededRandom } from './random';

export function addTaskData(_tenant: Tenant, _random: SeededRandom): void {
  // Skeleton: the tasks generator fills this in.
}
