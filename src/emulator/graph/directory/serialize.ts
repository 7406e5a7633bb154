/** Directory objects as Graph shows them: default property sets, `$select`, `@odata.type`. */
import { resolveSelection } from '../../http/odata';
import type { DirectoryObject, DirectoryObjectKind } from '../../tenant/model';
import { allPropertiesOf, ENTITY_TYPE_BY_KIND, type PropertyDef } from './entity-types';

/** `GET /users` without `$select` (user-get.md): exactly these 11, in Graph's order. */
export const USER_DEFAULT_PROPERTIES = [
  'businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone',
  'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName', 'id',
] as const;

/** `GET /groups` without `$select` (graph-api.md §6), nulls and `[]` included. */
export const GROUP_DEFAULT_PROPERTIES = [
  'id', 'deletedDateTime', 'classification', 'createdDateTime', 'description', 'displayName',
  'expirationDateTime', 'groupTypes', 'isAssignableToRole', 'mail', 'mailEnabled', 'mailNickname',
  'membershipRule', 'membershipRuleProcessingState', 'onPremisesLastSyncDateTime', 'onPremisesSamAccountName',
  'onPremisesSecurityIdentifier', 'onPremisesSyncEnabled', 'preferredDataLocation', 'preferredLanguage',
  'proxyAddresses', 'renewedDateTime', 'resourceBehaviorOptions', 'resourceProvisioningOptions',
  'securityEnabled', 'securityIdentifier', 'theme', 'visibility', 'onPremisesProvisioningErrors',
] as const;

const propertiesByKind = new Map<DirectoryObjectKind, PropertyDef[]>(
  (Object.keys(ENTITY_TYPE_BY_KIND) as DirectoryObjectKind[]).map((kind) => [kind, allPropertiesOf(ENTITY_TYPE_BY_KIND[kind])]),
);

const collectionsByKind = new Map<DirectoryObjectKind, Set<string>>(
  [...propertiesByKind].map(([kind, props]) => [kind, new Set(props.filter((p) => p.type.startsWith('Collection(')).map((p) => p.name))]),
);

function propertiesOf(kind: DirectoryObjectKind): PropertyDef[] {
  return propertiesByKind.get(kind) ?? [];
}

/** Devices, service principals, contacts and roles show every property by default. */
export function defaultPropertiesOf(kind: DirectoryObjectKind): readonly string[] {
  if (kind === 'user') return USER_DEFAULT_PROPERTIES;
  if (kind === 'group') return GROUP_DEFAULT_PROPERTIES;
  return propertiesOf(kind).map((p) => p.name);
}

/** Canonical names of the selected properties the kind has (unknown names dropped), `id` always. */
export function selectedProperties(kind: DirectoryObjectKind, select: readonly string[]): string[] {
  const names = resolveSelection(select, propertiesOf(kind).map((p) => p.name));
  if (!names.includes('id')) names.push('id');
  return names;
}

/** A record's properties by name (records are Graph shapes without an index signature). */
export function recordOf(object: DirectoryObject): Record<string, unknown> {
  return object.record as unknown as Record<string, unknown>;
}

/** The `@odata.type` of a kind, e.g. `#microsoft.graph.group`. */
export function odataType(kind: DirectoryObjectKind): string {
  return `#microsoft.graph.${kind}`;
}

export interface SerializeOptions {
  /** Prefix `@odata.type` (items of `directoryObject` collections and navigation targets). */
  withType: boolean;
}

/**
 * One directory object: the `$select`ed properties its type has (plus `id`) or its default
 * set. A known property the record leaves unset shows as `null`, or `[]` for a collection.
 */
export function serializeObject(object: DirectoryObject, select: readonly string[] | null, options: SerializeOptions): Record<string, unknown> {
  const names = select ? selectedProperties(object.kind, select) : defaultPropertiesOf(object.kind);
  const collections = collectionsByKind.get(object.kind);
  const record = recordOf(object);
  const result: Record<string, unknown> = options.withType ? { '@odata.type': odataType(object.kind) } : {};
  for (const name of names) {
    const value = record[name];
    result[name] = value !== undefined ? value : collections?.has(name) ? [] : null;
  }
  return result;
}
