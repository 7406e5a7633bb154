/**
 * The projects service's data: project assignments stored by directory object id, the way a
 * team's own service would keep them. Built deterministically from the emulated tenant's ids,
 * so tests can compute the expected answer from the same inputs.
 */

export interface ProjectRecord {
  id: string;
  name: string;
  /** The accountable person (a user id), or null when nobody is. */
  ownerId: string | null;
  leadId: string | null;
  /** User ids, in assignment order. */
  memberIds: string[];
  /** The Microsoft 365 group the project works in (a group id). */
  groupId: string | null;
}

/** Ids that exist in no tenant: a project still points at an employee and a group that were deleted. */
export const DEPARTED_USER_ID = '00000000-0000-4000-8000-00000000dead';
export const RETIRED_GROUP_ID = '00000000-0000-4000-8000-0000000000ff';

/** How many members the big project has: the fan-out that reaches 50 users. */
export const ATLAS_MEMBER_COUNT = 50;

export interface DirectoryIds {
  /** At least `ATLAS_MEMBER_COUNT` user ids, in the tenant's listing order. */
  userIds: readonly string[];
  /** At least two group ids. */
  groupIds: readonly string[];
}

function pick<T>(items: readonly T[], index: number, what: string): T {
  const item = items[index];
  if (item === undefined) throw new Error(`The projects data needs at least ${index + 1} ${what}.`);
  return item;
}

export function buildProjects({ userIds, groupIds }: DirectoryIds): ProjectRecord[] {
  const user = (index: number) => pick(userIds, index, 'users');
  const group = (index: number) => pick(groupIds, index, 'groups');
  user(ATLAS_MEMBER_COUNT - 1);
  return [
    {
      id: 'prj-atlas',
      name: 'Atlas: directory migration',
      ownerId: user(0),
      leadId: user(1),
      memberIds: userIds.slice(0, ATLAS_MEMBER_COUNT),
      groupId: group(0),
    },
    {
      id: 'prj-beacon',
      name: 'Beacon: onboarding portal',
      ownerId: user(2),
      leadId: user(3),
      memberIds: [user(2), user(3), user(4), user(5), user(6)],
      groupId: group(1),
    },
    {
      id: 'prj-cobalt',
      name: 'Cobalt: legacy archive',
      ownerId: DEPARTED_USER_ID,
      leadId: null,
      memberIds: [user(7)],
      groupId: RETIRED_GROUP_ID,
    },
  ];
}

/** The projects a user is assigned to, in project order. */
export function projectsOfUser(projects: readonly ProjectRecord[], userId: string): ProjectRecord[] {
  return projects.filter((project) => project.memberIds.includes(userId));
}
