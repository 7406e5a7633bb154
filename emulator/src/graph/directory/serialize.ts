/** Directory objects as Graph shows them: default property sets, `$select`, `@odata.type`. */
import { resolveSelection } from '../../http/odata';
import type { DirectoryObject, DirectoryObjectKind } from '../../tenant/model';
import { allPropertiesOf, ENTITY_TYPE_BY_KIND, type PropertyDef } from './entity-types';

/** `GET /users` without `$select` (user-get.md): exactly these 11, in Graph's order. */
export const USER_DEFAULT_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
] as const;

/**
 * `GET /groups` without `$select` (graph-api.md §6, resources/group.md's "returned by default"
 * properties, in Graph's alphabetical order), nulls and `[]` included.
 */
export const GROUP_DEFAULT_PROPERTIES = [
  'id',
  'deletedDateTime',
  'classification',
  'createdDateTime',
  'description',
  'displayName',
  'expirationDateTime',
  'groupTypes',
  'isAssignableToRole',
  'mail',
  'mailEnabled',
  'mailNickname',
  'membershipRule',
  'membershipRuleProcessingState',
  'onPremisesDomainName',
  'onPremisesLastSyncDateTime',
  'onPremisesNetBiosName',
  'onPremisesSamAccountName',
  'onPremisesSecurityIdentifier',
  'onPremisesSyncEnabled',
  'preferredDataLocation',
  'preferredLanguage',
  'proxyAddresses',
  'renewedDateTime',
  'resourceBehaviorOptions',
  'resourceProvisioningOptions',
  'securityEnabled',
  'securityIdentifier',
  'theme',
  'visibility',
  'onPremisesProvisioningErrors',
] as const;

const propertiesByKind = new Map<DirectoryObjectKind, PropertyDef[]>(
  (Object.keys(ENTITY_TYPE_BY_KIND) as DirectoryObjectKind[]).map((kind) => [
    kind,
    allPropertiesOf(ENTITY_TYPE_BY_KIND[kind]),
  ]),
);

const collectionsByKind = new Map<DirectoryObjectKind, Set<string>>(
  [...propertiesByKind].map(([kind, props]) => [
    kind,
    new Set(props.filter((p) => p.type.startsWith('Collection(')).map((p) => p.name)),
  ]),
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

const propertyNamesByKind = new Map<DirectoryObjectKind, string[]>(
  [...propertiesByKind].map(([kind, props]) => [kind, props.map((p) => p.name)]),
);

/**
 * Resolved selections by kind and `$select` text: every item of a page, and every step of a
 * batch asking the same, share one. Bounded: a client can send any number of distinct selects.
 */
const resolvedSelections = new Map<string, readonly string[]>();
const RESOLVED_SELECTIONS_CAPACITY = 500;

/**
 * Canonical names of the selected properties the kind has (unknown names dropped). Exactly the
 * selection: Graph adds no `id` (user-get.md's non-truncated `$select` example). Shared: do not mutate.
 */
export function selectedProperties(kind: DirectoryObjectKind, select: readonly string[]): readonly string[] {
  const key = `${kind}\n${select.join(',')}`;
  const cached = resolvedSelections.get(key);
  if (cached) return cached;
  const names = resolveSelection(select, propertyNamesByKind.get(kind) ?? []);
  if (resolvedSelections.size >= RESOLVED_SELECTIONS_CAPACITY) resolvedSelections.clear();
  resolvedSelections.set(key, names);
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
  /** Canonical names of selected properties to show as null (not the caller's to read, or not on a list). */
  withheld?: ReadonlySet<string>;
}

/**
 * One directory object: the `$select`ed properties its type has or its default
 * set. A known property the record leaves unset shows as `null`, or `[]` for a collection.
 */
export function serializeObject(
  object: DirectoryObject,
  select: readonly string[] | null,
  options: SerializeOptions,
): Record<string, unknown> {
  const names = select ? selectedProperties(object.kind, select) : defaultPropertiesOf(object.kind);
  const collections = collectionsByKind.get(object.kind);
  const record = recordOf(object);
  const result: Record<string, unknown> = options.withType ? { '@odata.type': odataType(object.kind) } : {};
  for (const name of names) {
    const value = options.withheld?.has(name) ? null : record[name];
    result[name] = value !== undefined ? value : collections?.has(name) ? [] : null;
  }
  return result;
}
