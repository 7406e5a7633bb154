/**
 * The OData pipeline of directory collections (graph-api.md §2): `$skip` refused, advanced
 * query detection (`ConsistencyLevel: eventual` with `$count`, or with `$search`), `$search`,
 * `$filter` (parsed, bound, checked against the resource's support table), `$orderby`,
 * `$count` (`@odata.count` and the `/$count` segment), `$expand`, `$select`, and paging.
 */
import { graphError } from '../../http/errors';
import { bindFilter, evaluateFilter, FilterSyntaxError, parseFilter, type FilterNode } from '../../http/filter';
import { collectionPage, entityReply, isGraphReply, parseSelect, withSelection } from '../../http/odata';
import {
  mapSearchProperties,
  matchesSearch,
  parseSearch,
  searchProperties,
  SearchSyntaxError,
  type SearchNode,
} from '../../http/search';
import type { Caller, GraphCall, GraphReply, RouteContext } from '../../http/types';
import type { DirectoryObject } from '../../tenant/model';
import { expansionsOf, parseExpand, type ExpandItem } from './expand';
import { checkFilterSupport, findFilterProperty, withoutUpnIdentities, type ResourceSupport } from './query-support';
import { recordOf, serializeObject } from './serialize';
import { refuseUnknownSelected } from './select-check';
import { checkFilterAccess, checkSelection, checkUserPropertyAccess } from './property-access';

export interface DirectoryQuery {
  /** Filter, sort and search rules of the items' type. */
  resource: ResourceSupport;
  /** Entity set named by `@odata.context`: `users`, `groups`, `directoryObjects`... */
  entitySet: string;
  /** Items carry `@odata.type` (collections typed `directoryObject`). */
  withType: boolean;
  /** A relationship (memberOf, members...) rather than an entity set: sorting needs advanced queries. */
  relationship: boolean;
  /** Navigation properties `$expand` may name here. */
  expandable: readonly string[];
}

export const DIRECTORY_PAGE_SIZE = 100;
export const DIRECTORY_MAX_PAGE_SIZE = 999;
/** Observed: an `$expand`ed directory collection pages at 100 whatever `$top` says. */
const EXPANDED_PAGE_SIZE = 100;

interface PreparedQuery {
  filter: FilterNode | null;
  search: SearchNode | null;
  orderBy: Array<{ property: string; descending: boolean }>;
  countRequested: boolean;
  advanced: boolean;
  expand: ExpandItem[];
  select: readonly string[] | null;
  /** Selected properties shown as null for this caller or on this list (property-access.ts). */
  withheld: ReadonlySet<string>;
}

export function hasEventualConsistency(call: GraphCall): boolean {
  return call.headers.get('ConsistencyLevel')?.trim().toLowerCase() === 'eventual';
}

/** `GET` of a directory collection. */
export function listDirectoryObjects(
  ctx: RouteContext,
  objects: readonly DirectoryObject[],
  query: DirectoryQuery,
): GraphReply {
  const prepared = prepare(ctx.call, ctx.caller, query, false);
  if (isGraphReply(prepared)) return prepared;
  const items = applyQuery(objects, prepared);
  return collectionPage(ctx.call, items, {
    defaultPageSize: DIRECTORY_PAGE_SIZE,
    maxPageSize: DIRECTORY_MAX_PAGE_SIZE,
    contextPath: contextSelection(query.entitySet, prepared.select, prepared.expand),
    ...(prepared.expand.length > 0 ? { pageSizeCap: EXPANDED_PAGE_SIZE } : {}),
    ...(prepared.countRequested && prepared.advanced ? { count: items.length } : {}),
    render: (object) => ({
      ...serializeObject(object, prepared.select, { withType: query.withType, withheld: prepared.withheld }),
      ...expansionsOf(ctx.tenant, object, prepared.expand),
    }),
  });
}

/** `GET .../$count`: a bare `text/plain` integer, only in advanced queries. */
export function countDirectoryObjects(
  ctx: RouteContext,
  objects: readonly DirectoryObject[],
  query: DirectoryQuery,
): GraphReply {
  if (!hasEventualConsistency(ctx.call))
    return graphError(400, 'Request_BadRequest', '$count is not currently supported.');
  const prepared = prepare(ctx.call, ctx.caller, query, true);
  if (isGraphReply(prepared)) return prepared;
  return { status: 200, headers: { 'Content-Type': 'text/plain' }, body: String(applyQuery(objects, prepared).length) };
}

/** `GET` of one directory object (`/users/{id}`, `/groups/{id}`, `/users/{id}/manager`...). */
export function directoryEntity(
  ctx: RouteContext,
  object: DirectoryObject,
  query: Pick<DirectoryQuery, 'resource' | 'entitySet' | 'withType' | 'expandable'>,
): GraphReply {
  const expand = guardExpansions(
    parseExpand(ctx.call.query.get('$expand'), query.resource, query.expandable, ctx.call.version === 'beta'),
    ctx.caller,
  );
  if (isGraphReply(expand)) return expand;
  const select = parseSelect(ctx.call);
  const refused = refuseUnknownSelected(select, query.resource);
  if (refused) return refused;
  const withheld = checkSelection(select, query.resource, ctx.caller, true);
  if (isGraphReply(withheld)) return withheld;
  return entityReply(ctx.call, `${contextSelection(query.entitySet, select, expand)}/$entity`, {
    ...serializeObject(object, select, { withType: query.withType, withheld }),
    ...expansionsOf(ctx.tenant, object, expand),
  });
}

/**
 * `users(displayName,manager(id))`: with a `$select`, the context URL names the selection and
 * each expanded navigation property with its own selection (`manager()` without one), as
 * OData's context URL rules have it. Without `$select` it is the bare entity set.
 */
function contextSelection(entitySet: string, select: readonly string[] | null, expand: readonly ExpandItem[]): string {
  if (!select || select.length === 0) return entitySet;
  const expanded = expand.map((item) => `${item.name}(${(item.select ?? []).join(',')})`);
  return withSelection(entitySet, [...select, ...expanded]);
}

/** The expansions with what their nested `$select` may show this caller, or the 403 that refuses one. */
function guardExpansions(expand: ExpandItem[] | GraphReply, caller: Caller): ExpandItem[] | GraphReply {
  if (isGraphReply(expand)) return expand;
  const guarded: ExpandItem[] = [];
  for (const item of expand) {
    const withheld = checkUserPropertyAccess(item.select, caller);
    if (isGraphReply(withheld)) return withheld;
    guarded.push({ ...item, withheld });
  }
  return guarded;
}

const EXPAND_IN_ADVANCED_QUERY = graphError(
  400,
  'Request_UnsupportedQuery',
  "'$expand' is not supported with advanced query parameters: a request with the 'ConsistencyLevel:eventual' header and $count=true or $search can't expand a relationship. Refer to https://aka.ms/graph-docs/advanced-queries for more information",
);

function prepare(
  call: GraphCall,
  caller: Caller,
  query: DirectoryQuery,
  countSegment: boolean,
): PreparedQuery | GraphReply {
  if (call.query.has('$skip')) return graphError(400, 'Request_BadRequest', "'$skip' is not supported by the service.");

  const countParam = call.query.get('$count');
  if (countParam !== null && !['true', 'false'].includes(countParam.trim().toLowerCase())) {
    return graphError(
      400,
      'BadRequest',
      `Invalid value '${countParam}' for $count query option found. Valid values are 'true', 'false'.`,
    );
  }
  const countRequested = countParam?.trim().toLowerCase() === 'true';
  const eventual = hasEventualConsistency(call);
  const rawSearch = call.query.get('$search');
  const advanced = eventual && (countRequested || countSegment || rawSearch !== null);

  const search = prepareSearch(rawSearch, eventual, query.resource);
  if (isGraphReply(search)) return search;
  const filter = prepareFilter(call.query.get('$filter'), query.resource, advanced);
  if (isGraphReply(filter)) return filter;
  const orderBy = prepareOrderBy(call.query.get('$orderby'), query, advanced, filter !== null);
  if (isGraphReply(orderBy)) return orderBy;
  const denied = checkFilterAccess(filter, caller);
  if (denied) return denied;
  const expand = guardExpansions(
    parseExpand(call.query.get('$expand'), query.resource, query.expandable, call.version === 'beta'),
    caller,
  );
  if (isGraphReply(expand)) return expand;
  // The relationship pages (group-list-members.md and the like): "$expand isn't supported with
  // advanced query parameters".
  if (advanced && expand.length > 0) return EXPAND_IN_ADVANCED_QUERY;
  const select = parseSelect(call);
  const refused = refuseUnknownSelected(select, query.resource);
  if (refused) return refused;
  const withheld = checkSelection(select, query.resource, caller, false);
  if (isGraphReply(withheld)) return withheld;
  return { filter, search, orderBy, countRequested, advanced, expand, select, withheld };
}

function prepareSearch(
  raw: string | null,
  eventual: boolean,
  resource: ResourceSupport,
): SearchNode | null | GraphReply {
  if (raw === null) return null;
  if (!eventual) {
    return graphError(
      400,
      'Request_UnsupportedQuery',
      "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
    );
  }
  let node: SearchNode;
  try {
    node = parseSearch(raw.trim());
  } catch (error) {
    if (error instanceof SearchSyntaxError) return graphError(400, 'BadRequest', error.message);
    throw error;
  }
  for (const property of searchProperties(node)) {
    if (!resource.searchable.some((p) => p.toLowerCase() === property.toLowerCase())) {
      return graphError(
        400,
        'Request_UnsupportedQuery',
        `Unsupported or invalid query search clause specified for property '${property}' of resource '${resource.resourceName}'.`,
      );
    }
  }
  return mapSearchProperties(
    node,
    (property) => resource.searchable.find((p) => p.toLowerCase() === property.toLowerCase()) ?? property,
  );
}

function prepareFilter(
  raw: string | null,
  resource: ResourceSupport,
  advanced: boolean,
): FilterNode | null | GraphReply {
  if (raw === null || raw.trim() === '') return null;
  let bound: FilterNode;
  try {
    bound = bindFilter(parseFilter(raw), {
      property: (name) => findFilterProperty(resource, name),
      typeName: resource.typeName,
    });
  } catch (error) {
    if (error instanceof FilterSyntaxError) return graphError(400, 'BadRequest', error.message);
    throw error;
  }
  return checkFilterSupport(bound, resource, advanced) ?? withoutUpnIdentities(bound);
}

function prepareOrderBy(
  raw: string | null,
  query: DirectoryQuery,
  advanced: boolean,
  filtered: boolean,
): PreparedQuery['orderBy'] | GraphReply {
  if (raw === null || raw.trim() === '') return [];
  const { resource } = query;
  const sortingNotSupported = graphError(400, 'Request_UnsupportedQuery', 'Sorting not supported for current query.');
  const clauses: PreparedQuery['orderBy'] = [];
  for (const part of raw.split(',')) {
    const match = /^\s*([A-Za-z][A-Za-z0-9]*)(?:\s+(asc|desc))?\s*$/i.exec(part);
    if (!match) return graphError(400, 'BadRequest', `Syntax error in $orderby at '${part.trim()}'.`);
    const requested = match[1] as string;
    const byDefault = resource.sortableByDefault.find((p) => p.toLowerCase() === requested.toLowerCase());
    const inAdvanced = resource.sortableInAdvancedQueries.find((p) => p.toLowerCase() === requested.toLowerCase());
    const property = byDefault ?? inAdvanced;
    if (!property) {
      if (query.entitySet === 'directoryObjects') return sortingNotSupported;
      return graphError(
        400,
        'Request_UnsupportedQuery',
        `Unsupported sort property '${requested}' for '${resource.resourceName}'.`,
      );
    }
    if (!advanced && (query.relationship || filtered)) return sortingNotSupported;
    if (!advanced && !byDefault) {
      return graphError(
        400,
        'Request_UnsupportedQuery',
        `Unsupported sort property '${requested}' for '${resource.resourceName}'.`,
      );
    }
    clauses.push({ property, descending: (match[2] ?? '').toLowerCase() === 'desc' });
  }
  return clauses;
}

function applyQuery(objects: readonly DirectoryObject[], prepared: PreparedQuery): DirectoryObject[] {
  const { filter, search } = prepared;
  let items = objects.filter(
    (object) =>
      (filter === null || evaluateFilter(filter, object.record)) &&
      (search === null || matchesSearch(search, (property) => recordOf(object)[property])),
  );
  if (prepared.orderBy.length > 0) items = sortObjects(items, prepared.orderBy);
  return items;
}

/** Stable, case-insensitive; missing values sort last. */
function sortObjects(items: DirectoryObject[], orderBy: PreparedQuery['orderBy']): DirectoryObject[] {
  const keyed = items.map((object, index) => ({ object, index }));
  keyed.sort((a, b) => {
    for (const { property, descending } of orderBy) {
      const left = sortKey(a.object, property);
      const right = sortKey(b.object, property);
      if (left === right) continue;
      if (left === null) return 1;
      if (right === null) return -1;
      return (left < right ? -1 : 1) * (descending ? -1 : 1);
    }
    return a.index - b.index;
  });
  return keyed.map((k) => k.object);
}

function sortKey(object: DirectoryObject, property: string): string | null {
  const value = recordOf(object)[property];
  return typeof value === 'string' ? value.toLowerCase() : null;
}
