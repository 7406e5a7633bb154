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

/** The clauses users and groups filter alike: `ids`, then one `StringFilter` per string property. */
function idAndStringClauses<P extends string>(
  builder: FilterBuilder<NoInfer<'id' | P>>,
  properties: readonly P[],
  filter: { ids?: InputMaybe<string[]> } & { [K in P]?: InputMaybe<StringFilter> },
): ODataFilter[] {
  const clauses: ODataFilter[] = [];
  if (filter.ids != null) clauses.push(builder.in('id', filter.ids));
  for (const property of properties) {
    clauses.push(...stringClauses(builder, property, filter[property]));
  }
  return clauses;
}

function combine(clauses: ODataFilter[]): string | undefined {
  return clauses.length === 0 ? undefined : and(...clauses);
}

export function userFilterExpression(filter: InputMaybe<UserFilter> | undefined): string | undefined {
  if (!filter) return undefined;
  const clauses = idAndStringClauses(userFilter, USER_STRING_PROPERTIES, filter);
  if (filter.accountEnabled != null) clauses.push(userFilter.eq('accountEnabled', filter.accountEnabled));
  return combine(clauses);
}

export function groupFilterExpression(filter: InputMaybe<GroupFilter> | undefined): string | undefined {
  if (!filter) return undefined;
  const clauses = idAndStringClauses(groupFilter, GROUP_STRING_PROPERTIES, filter);
  if (filter.mailEnabled != null) clauses.push(groupFilter.eq('mailEnabled', filter.mailEnabled));
  if (filter.securityEnabled != null) clauses.push(groupFilter.eq('securityEnabled', filter.securityEnabled));
  if (filter.groupType != null) clauses.push(groupFilter.anyEq('groupTypes', filter.groupType));
  return combine(clauses);
}

/** `search: "ada"` → `"displayName:ada"` (Graph's tokenised displayName search). */
export function displayNameSearchExpression(search: string | null | undefined): string | undefined {
  return search == null ? undefined : displayNameSearch.clause('displayName', search);
}
