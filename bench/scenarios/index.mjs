/** The benchmark's scenarios, in the order the table shows them. */
import userManagerGroups from './user-manager-groups.mjs';
import usersMemberOfTasks from './users-memberof-tasks.mjs';
import groupsMembersManagers from './groups-members-managers.mjs';
import meGroupsPlansTasks from './me-groups-plans-tasks.mjs';
import federationUserReferences from './federation-user-references.mjs';

export const SCENARIOS = [
  userManagerGroups,
  usersMemberOfTasks,
  groupsMembersManagers,
  meGroupsPlansTasks,
  federationUserReferences,
];
