import type { Tenant } from '../../tenant/model';
import { findUser } from '../directory/lookup';

/** The object id of the user a `/users/{id | userPrincipalName}` segment names, or null. */
export function resolveUserId(tenant: Tenant, idOrUpn: string): string | null {
  return findUser(tenant, idOrUpn)?.id ?? null;
}
