/** Finding directory objects by key and walking the tenant's relationship indexes. */
import type { DirectoryObject, DirectoryObjectKind, GroupRecord, Tenant, UserRecord } from '../../tenant/model';

/** A user by object id or userPrincipalName; both compare case-insensitively, as in Graph. */
export function findUser(tenant: Tenant, idOrUpn: string): UserRecord | undefined {
  const key = idOrUpn.toLowerCase();
  const id = tenant.users.has(key) ? key : tenant.userIdsByUpn.get(key);
  return id === undefined ? undefined : tenant.users.get(id);
}

export function findGroup(tenant: Tenant, id: string): GroupRecord | undefined {
  return tenant.groups.get(id.toLowerCase());
}

export function findObject(tenant: Tenant, id: string): DirectoryObject | undefined {
  return tenant.directoryObjects.get(id.toLowerCase());
}

/** The objects behind a list of ids, skipping any that no longer exist. */
export function objectsOf(tenant: Tenant, ids: readonly string[] | undefined): DirectoryObject[] {
  const objects: DirectoryObject[] = [];
  for (const id of ids ?? []) {
    const object = tenant.directoryObjects.get(id);
    if (object) objects.push(object);
  }
  return objects;
}

export function ofKind(objects: readonly DirectoryObject[], kind: DirectoryObjectKind): DirectoryObject[] {
  return objects.filter((o) => o.kind === kind);
}

/**
 * Groups and roles an object belongs to at any depth, breadth first (direct ones first),
 * each once: what `/transitiveMemberOf` lists.
 */
export function transitiveMembershipIds(tenant: Tenant, objectId: string): string[] {
  return breadthFirst(objectId, (id) => tenant.memberships.get(id));
}

/** Members of a group at any depth, each once, the group itself excluded. */
export function transitiveMemberIds(tenant: Tenant, groupId: string): string[] {
  return breadthFirst(groupId, (id) => (tenant.groups.has(id) ? tenant.membersOf.get(id) : undefined));
}

function breadthFirst(start: string, next: (id: string) => readonly string[] | undefined): string[] {
  const seen = new Set<string>([start]);
  const order: string[] = [];
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    for (const id of next(queue[i] as string) ?? []) {
      if (seen.has(id)) continue;
      seen.add(id);
      order.push(id);
      queue.push(id);
    }
  }
  return order;
}
