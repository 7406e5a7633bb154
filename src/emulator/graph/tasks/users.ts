import type { Tenant } from '../../tenant/model';

/** The object id of the user a `/users/{id | userPrincipalName}` segment names, or null. */
export function resolveUserId(tenant: Tenant, idOrUpn: string): string | null {
  if (tenant.users.has(idOrUpn)) return idOrUpn;
  return tenant.userIdsByUpn.get(idOrUpn.toLowerCase()) ?? null;
}
