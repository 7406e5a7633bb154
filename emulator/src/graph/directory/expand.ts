/**
 * `$expand` on users (`manager`, `directReports`, `memberOf`) and groups (`members`, `owners`),
 * graph-api.md §2: one level, at most 20 items per expanded collection and no nextLink there;
 * nested `$select` is honoured, and `manager($levels=n|max)` walks up the management chain.
 */
import { graphError } from '../../http/errors';
import type { GraphReply } from '../../http/types';
import type { DirectoryObject, Tenant } from '../../tenant/model';
import { objectsOf } from './lookup';
import type { ResourceSupport } from './query-support';
import { serializeObject } from './serialize';

export interface ExpandItem {
  /** Canonical navigation property name. */
  name: string;
  select: string[] | null;
  /** How many managers up `manager` goes (1 unless `$levels`). */
  levels: number;
  /** Selected properties the caller may not read, shown as null (property-access.ts). */
  withheld?: ReadonlySet<string>;
}

/** Graph returns at most this many items in an expanded directory collection. */
export const EXPANDED_ITEMS_LIMIT = 20;
const MAX_LEVELS = 1000;

/** Splits on commas outside parentheses: `manager($select=a,b),memberOf`. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === separator && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

export function parseExpand(
  raw: string | null,
  resource: ResourceSupport,
  expandable: readonly string[],
  /** Beta: nested options may drop their `$` (`manager(select=id)`), as top-level ones may. */
  dollarOptional = false,
): ExpandItem[] | GraphReply {
  if (raw === null || raw.trim() === '') return [];
  const items: ExpandItem[] = [];
  const parts = splitTopLevel(raw, ',');
  // Users and groups expand one relationship per request (query-parameters.md; the body is the
  // one Graph's OData layer gives, microsoftgraph/microsoft-graph-docs#96).
  if (parts.length > 1) {
    return graphError(
      400,
      'BadRequest',
      'The result of parsing $expand contained at least 2 items, but the maximum allowed is 1.',
    );
  }
  for (const part of parts) {
    const match = /^([^()]+?)\s*(?:\((.*)\))?$/s.exec(part);
    if (!match) return graphError(400, 'BadRequest', `Syntax error in $expand at '${part}'.`);
    const requested = (match[1] as string).trim();
    const name = expandable.find((n) => n.toLowerCase() === requested.toLowerCase());
    if (!name) {
      const navigation = resource.entityType.navigation.find((n) => n.name.toLowerCase() === requested.toLowerCase());
      if (navigation) {
        const shown = navigation.name.charAt(0).toUpperCase() + navigation.name.slice(1);
        return graphError(
          400,
          'ExpandNotSupported',
          `Expand is not allowed for property '${shown}' according to the entity schema.`,
        );
      }
      return graphError(
        400,
        'BadRequest',
        `Could not find a property named '${requested}' on type '${resource.typeName}'.`,
      );
    }
    const item: ExpandItem = { name, select: null, levels: 1 };
    for (const option of splitTopLevel(match[2] ?? '', ';')) {
      const [key = '', value = ''] = option.split(/=(.*)/s) as [string?, string?];
      const written = key.trim().toLowerCase();
      const optionName = dollarOptional && !written.startsWith('$') ? `$${written}` : written;
      if (optionName === '$select') {
        item.select = value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
      } else if (optionName === '$levels' && name === 'manager') {
        const levels = value.trim().toLowerCase() === 'max' ? MAX_LEVELS : Number(value.trim());
        if (!Number.isInteger(levels) || levels < 1 || levels > MAX_LEVELS) {
          return graphError(
            400,
            'BadRequest',
            `Invalid value '${value}' for $levels; use 'max' or an integer from 1 to ${MAX_LEVELS}.`,
          );
        }
        item.levels = levels;
      } else {
        return graphError(
          400,
          'Request_UnsupportedQuery',
          `The query option '${key.trim()}' is not supported inside $expand on directory objects; only $select (and $levels on manager) are.`,
        );
      }
    }
    items.push(item);
  }
  return items;
}

/** The expanded navigation properties of one object, ready to merge into its JSON. */
export function expansionsOf(
  tenant: Tenant,
  object: DirectoryObject,
  items: readonly ExpandItem[],
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const item of items) {
    if (item.name === 'manager') {
      const manager = managerChain(tenant, object.record.id, item);
      if (manager) result.manager = manager;
      continue;
    }
    const ids =
      item.name === 'directReports'
        ? tenant.directReportsOf.get(object.record.id)
        : item.name === 'memberOf'
          ? tenant.memberships.get(object.record.id)
          : item.name === 'members'
            ? tenant.membersOf.get(object.record.id)
            : tenant.ownersOf.get(object.record.id);
    result[item.name] = objectsOf(tenant, ids)
      .slice(0, EXPANDED_ITEMS_LIMIT)
      .map((related) => serializeObject(related, item.select, { withType: true, withheld: item.withheld }));
  }
  return result;
}

function managerChain(tenant: Tenant, userId: string, item: ExpandItem): Record<string, unknown> | null {
  let current: Record<string, unknown> | null = null;
  let holder: Record<string, unknown> | null = null;
  let id = userId;
  for (let level = 0; level < item.levels; level++) {
    const managerId = tenant.managerOf.get(id);
    const manager = managerId === undefined ? undefined : tenant.directoryObjects.get(managerId);
    if (!manager) break;
    const rendered = serializeObject(manager, item.select, { withType: true, withheld: item.withheld });
    if (holder) holder.manager = rendered;
    else current = rendered;
    holder = rendered;
    id = manager.record.id;
  }
  return current;
}
