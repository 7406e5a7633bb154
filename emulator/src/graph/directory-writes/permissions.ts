/**
 * Permissions of the directory writes (user-update.md, group-post-members.md, group-delete-members.md,
 * group-delete.md).
 */
import type { RoutePermissions } from '../../http/types';

/**
 * `PATCH /users/{id}`: `User.ReadWrite` reaches only the signed-in user's own profile (the
 * handler checks that); the `.All` permissions reach any user.
 */
export const UPDATE_USER: RoutePermissions = {
  delegated: ['User.ReadWrite', 'User.ReadWrite.All', 'Directory.ReadWrite.All'],
  application: ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
};

/** Adding and removing group members. */
export const WRITE_MEMBERS: RoutePermissions = {
  delegated: ['GroupMember.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'],
  application: ['GroupMember.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'],
};

/** `DELETE /groups/{id}` (group-delete.md). */
export const DELETE_GROUPS: RoutePermissions = {
  delegated: ['Group.ReadWrite.All', 'Directory.AccessAsUser.All'],
  application: ['Group.ReadWrite.All'],
};
