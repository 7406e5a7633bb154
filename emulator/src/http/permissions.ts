/**
 * The permission check every route shares: a caller is let in by any one permission of the list
 * for its token kind (delegated scopes, application roles), and refused with Graph's 403.
 */
import { graphError } from './errors';
import type { Caller, GraphReply, RoutePermissions } from './types';

export function holdsAnyPermission(permissions: RoutePermissions, caller: Caller): boolean {
  const accepted = caller.kind === 'app' ? permissions.application : permissions.delegated;
  return accepted.some((permission) => caller.permissions.has(permission));
}

/** Graph's answer to a caller without the permission the operation needs. */
export function insufficientPrivileges(): GraphReply {
  return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
}
