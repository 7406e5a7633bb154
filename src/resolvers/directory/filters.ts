/**
 * `UserFilter` / `GroupFilter` / `search` arguments → OData expressions, built only through the
 * escaping helpers of `graph/odata` (values never reach an expression any other way).
 */
import type { GroupFilter, InputMaybe, StringFilter, UserFilter } from '../../__generated__/resolvers-types';
import { and, filterFor, searchFor, type FilterBuilder, type ODataFilter } from '../../graph/odata';

const USER_STRING_PROPERTIES = [
  'displayName',
  'givenName',
  'surname',
  'mail',
  'userPrincipalName',
  'jobTitle',
  'department',
] as const;
const GROUP_STRING_PROPERTIES = ['displayName', 'mail', 'mailNickname'] as const;

const userFilter = filterFor(['id', 'accountEnabled', ...USER_STRING_PROPERTIES]);
const groupFilter = filterFor(['id', 'mailEnabled', 'securityEnabled', 'groupTypes', ...GROUP_STRING_PROPERTIES]);
const displayNameSearch = searchFor(['displayName']);

function stringClauses<P extends string>(
  builder: FilterBuilder<P>,
  property: P,
  filter: InputMaybe<StringFilter> | undefined,
): ODataFilter[] {
  if (!filter) return [];
  const clauses: ODataFilter[] = [];
  if (filter.eq != null) clauses.push(builder.eq(property, filter.eq));
  if (filter.startsWith != null) clauses.push(builder.startsWith(property, filter.startsWith));
  if (filter.in != null) clauses.push(builder.in(property, filter.in));
  return clauses;
}

function combine(clauses: ODataFilter[]): string | undefined {
  return clauses.length === 0 ? undefined : and(...clauses);
}

export function userFilterExpression(filter: InputMaybe<UserFilter> | undefined): string | undefined {
  if (!filter) return undefined;
  const clauses: ODataFilter[] = [];
  if (filter.ids != null) clauses.push(userFilter.in('id', filter.ids));
  for (const property of USER_STRING_PROPERTIES) {
    clauses.push(...stringClauses(userFilter, property, filter[property]));
  }
  if (filter.accountEnabled != null) clauses.push(userFilter.eq('accountEnabled', filter.accountEnabled));
  return combine(clauses);
}

export function groupFilterExpression(filter: InputMaybe<GroupFilter> | undefined): string | undefined {
  if (!filter) return undefined;
  const clauses: ODataFilter[] = [];
  if (filter.ids != null) clauses.push(groupFilter.in('id', filter.ids));
  for (const property of GROUP_STRING_PROPERTIES) {
    clauses.push(...stringClauses(groupFilter, property, filter[property]));
  }
  if (filter.mailEnabled != null) clauses.push(groupFilter.eq('mailEnabled', filter.mailEnabled));
  if (filter.securityEnabled != null) clauses.push(groupFilter.eq('securityEnabled', filter.securityEnabled));
  if (filter.groupType != null) clauses.push(groupFilter.anyEq('groupTypes', filter.groupType));
  return combine(clauses);
}

/** `search: "ada"` → `"displayName:ada"` (Graph's tokenised displayName search). */
export function displayNameSearchExpression(search: string | null | undefined): string | undefined {
  return search == null ? undefined : displayNameSearch.clause('displayName', search);
}
