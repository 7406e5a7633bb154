/**
 * Builds the emulated tenant from a seed. (Skeleton: the directory generator replaces the
 * body; Planner and To Do data are added by `generate-tasks.ts`.)
 */
import type { Tenant } from './model';
import { SeededRandom } from './random';
import { addTaskData } from './generate-tasks';

export interface TenantOptions {
  seed: number;
  /** Number of users (default about 50). */
  users: number;
}

export function generateTenant(options: TenantOptions): Tenant {
  const random = new SeededRandom(options.seed);
  const tenant: Tenant = {
    tenantId: random.guid(),
    domain: 'contoso.onmicrosoft.com',
    seed: options.seed,
    users: new Map(),
    userIdsByUpn: new Map(),
    groups: new Map(),
    directoryObjects: new Map(),
    managerOf: new Map(),
    directReportsOf: new Map(),
    membersOf: new Map(),
    ownersOf: new Map(),
    memberships: new Map(),
    plans: new Map(),
    buckets: new Map(),
    tasks: new Map(),
    taskDetails: new Map(),
    todoListsOf: new Map(),
    todoTasksOf: new Map(),
  };
  addTaskData(tenant, random);
  return tenant;
}
