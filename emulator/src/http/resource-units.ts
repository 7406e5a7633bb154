/**
 * What the directory (identity and access) service charges a request, in resource units, as
 * Graph reports it in `x-ms-resource-unit` (graph-api.md, Part 2 §4.3; concepts/throttling-limits.md):
 * - base costs: `GET /users` 2; `GET /groups/{id}/members` 3, `/transitiveMembers` 5;
 *   `GET /users/{id}/memberOf`, `/transitiveMemberOf`, `/ownedObjects`, `/licenseDetails` 2 (the
 *   `me/` costs, which apply under `users/{id}/` too); `POST /directoryObjects/getByIds` 5 (2 with
 *   `$select`); any other directory request 1;
 * - modifiers: `$select` −1, `$expand` +1, `$top` under 20 −1; never less than 1.
 * Planner and To Do are other services and send no such header (null here).
 * Choices (the docs are silent): an OData cast or `/$count` costs what its list costs.
 */
import { splitPath } from './router';

const DIRECTORY_ROOTS = new Set([
  'users',
  'groups',
  'directoryobjects',
  'organization',
  'applications',
  'serviceprincipals',
]);
const OTHER_SERVICES = new Set(['planner', 'todo', 'outlook']);

/** Base GET costs by route pattern (lower case, casts and `/$count` removed); the rest cost 1. */
const GET_COSTS: ReadonlyMap<string, number> = new Map([
  ['/users', 2],
  ['/groups/:id/members', 3],
  ['/groups/:id/transitivemembers', 5],
  ['/users/:id/memberof', 2],
  ['/users/:id/transitivememberof', 2],
  ['/users/:id/ownedobjects', 2],
  ['/users/:id/licensedetails', 2],
]);

const GET_BY_IDS = '/directoryobjects/getbyids';

// The dispatcher has already spelled beta's unprefixed options `$name` (query-options.ts); on
// v1.0 an unprefixed `select=` is a custom parameter, ignored, and so not a `$select` discount.
function has(query: URLSearchParams, option: string): boolean {
  return query.has(`$${option}`);
}

function topOf(query: URLSearchParams): number | null {
  const raw = query.get('$top');
  const top = raw === null ? NaN : Number(raw);
  return Number.isInteger(top) ? top : null;
}

/** The pattern a cost is listed under: lower case, without a trailing OData cast or `/$count`. */
function costKey(pattern: string): string[] {
  const segments = splitPath(pattern.toLowerCase());
  if (segments[segments.length - 1] === '$count') segments.pop();
  const last = segments[segments.length - 1] ?? '';
  if (segments.length > 1 && /^(microsoft\.)?graph\./.test(last)) segments.pop();
  return segments;
}

/** The resource units of a routed call, or null when the route is not the directory service's. */
export function resourceUnits(method: string, pattern: string, query: URLSearchParams): number | null {
  const segments = costKey(pattern);
  if (!DIRECTORY_ROOTS.has(segments[0] ?? '') || segments.some((segment) => OTHER_SERVICES.has(segment))) return null;
  const key = `/${segments.join('/')}`;
  if (method === 'POST' && key === GET_BY_IDS) return has(query, 'select') ? 2 : 5;
  if (method !== 'GET') return 1;
  let units = GET_COSTS.get(key) ?? 1;
  if (has(query, 'select')) units -= 1;
  if (has(query, 'expand')) units += 1;
  const top = topOf(query);
  if (top !== null && top < 20) units -= 1;
  return Math.max(1, units);
}

export const RESOURCE_UNIT_HEADER = 'x-ms-resource-unit';
