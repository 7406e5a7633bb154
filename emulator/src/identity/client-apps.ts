/**
 * The applications app-only tokens can be issued to: the gateway's own registration, the
 * tenant's service principals, or any other app id (a multi-tenant client consented into the
 * tenant). Each has a service principal here, whose object id is the token's `oid` and `sub`.
 */
import { createHash } from 'node:crypto';
import type { Tenant } from '../tenant/model';
import type { AppRegistration } from './app-registration';
import type { ClientApp } from './tokens';

/** A GUID derived from text: the stable service principal id of an app the tenant does not list. */
function derivedGuid(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function clientAppResolver(tenant: Tenant, app: AppRegistration): (appId: string) => ClientApp {
  return (appId) => {
    const wanted = appId.toLowerCase();
    if (wanted === app.clientId.toLowerCase()) {
      return { appId: app.clientId, servicePrincipalId: app.servicePrincipalId, displayName: app.displayName };
    }
    for (const object of tenant.directoryObjects.values()) {
      if (object.kind === 'servicePrincipal' && object.record.appId?.toLowerCase() === wanted) {
        return {
          appId: object.record.appId,
          servicePrincipalId: object.record.id,
          displayName: object.record.displayName ?? '',
        };
      }
    }
    return {
      appId: wanted,
      servicePrincipalId: derivedGuid(`${tenant.tenantId}|${wanted}`),
      displayName: `Client app ${wanted}`,
    };
  };
}
