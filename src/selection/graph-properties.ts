/**
 * Which Graph property backs each field of the directory types. `null` marks a field with no
 * property of its own: relationships (read through another endpoint, which needs only the
 * parent's `id`) and annotations Graph always returns (`@odata.type`). Typed against the
 * generated schema types, so a field added to the schema must be given an entry here.
 */
import type { Group, OtherDirectoryObject, User } from '../__generated__/resolvers-types';

type FieldTable<T> = { readonly [K in Exclude<keyof T, '__typename'>]-?: string | null };

const user: FieldTable<User> = {
  id: 'id',
  displayName: 'displayName',
  givenName: 'givenName',
  surname: 'surname',
  mail: 'mail',
  userPrincipalName: 'userPrincipalName',
  jobTitle: 'jobTitle',
  department: 'department',
  officeLocation: 'officeLocation',
  mobilePhone: 'mobilePhone',
  businessPhones: 'businessPhones',
  accountEnabled: 'accountEnabled',
  manager: null,
  directReports: null,
  memberOf: null,
  transitiveMemberOf: null,
};

const group: FieldTable<Group> = {
  id: 'id',
  displayName: 'displayName',
  description: 'description',
  mail: 'mail',
  mailNickname: 'mailNickname',
  mailEnabled: 'mailEnabled',
  securityEnabled: 'securityEnabled',
  groupTypes: 'groupTypes',
  visibility: 'visibility',
  createdDateTime: 'createdDateTime',
  members: null,
  owners: null,
};

const otherDirectoryObject: FieldTable<OtherDirectoryObject> = {
  id: 'id',
  odataType: null,
  displayName: 'displayName',
};

/** The GraphQL object types whose fields are read from Graph with `$select`. */
export const GRAPH_PROPERTY_TABLES = {
  User: user,
  Group: group,
  OtherDirectoryObject: otherDirectoryObject,
} as const;

export type SelectableType = keyof typeof GRAPH_PROPERTY_TABLES;

export function isSelectableType(typeName: string): typeName is SelectableType {
  return Object.hasOwn(GRAPH_PROPERTY_TABLES, typeName);
}

/** The Graph property behind `typeName.fieldName`, or null when the field has none. */
export function graphPropertyOf(typeName: SelectableType, fieldName: string): string | null {
  const table: Readonly<Record<string, string | null>> = GRAPH_PROPERTY_TABLES[typeName];
  return Object.hasOwn(table, fieldName) ? table[fieldName] : null;
}

/** Every property of a type in table order: the canonical order of `$select` lists. */
export function propertyOrder(typeName: SelectableType): readonly string[] {
  return Object.values(GRAPH_PROPERTY_TABLES[typeName]).filter((property): property is string => property !== null);
}
