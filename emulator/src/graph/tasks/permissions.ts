/** Permissions of the Planner, To Do and Outlook tasks endpoints (graph-api.md §§7, 8). */
import type { RoutePermissions } from '../../http/types';

export const PLANNER_READ: RoutePermissions = {
  delegated: ['Tasks.Read', 'Tasks.ReadWrite', 'Group.Read.All', 'Group.ReadWrite.All'],
  application: ['Tasks.Read.All', 'Tasks.ReadWrite.All', 'Group.Read.All', 'Group.ReadWrite.All'],
};

/** `planneruser-list-plans.md`: application permissions are not supported. */
export const PLANNER_USER_PLANS: RoutePermissions = {
  delegated: PLANNER_READ.delegated,
  application: [],
};

export const PLANNER_WRITE: RoutePermissions = {
  delegated: ['Tasks.ReadWrite', 'Group.ReadWrite.All'],
  application: ['Tasks.ReadWrite.All'],
};

export const TODO_READ: RoutePermissions = {
  delegated: ['Tasks.Read', 'Tasks.ReadWrite'],
  application: ['Tasks.Read.All', 'Tasks.ReadWrite.All'],
};

export const TODO_WRITE: RoutePermissions = {
  delegated: ['Tasks.ReadWrite'],
  application: ['Tasks.ReadWrite.All'],
};

/** The retired beta Outlook tasks API never supported application permissions. */
export const OUTLOOK_TASKS_READ: RoutePermissions = {
  delegated: ['Tasks.Read', 'Tasks.ReadWrite'],
  application: [],
};
