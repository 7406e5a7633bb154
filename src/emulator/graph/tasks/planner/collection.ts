/**
 * Planner collections. Planner pages at a fixed size the client cannot change (about 400 items,
 * per the Planner team in microsoft-graph-docs#6438) and ignores `$top` and `$filter`
 * (microsoft-graph-docs#5099, #18071), so both are dropped before the shared OData paging.
 */
import { collectionPage } from '../../../http/odata';
import type { GraphCall, GraphReply } from '../../../http/types';
import { selected } from './render';

const PLANNER_PAGE_SIZE = 400;

export function plannerCollection(call: GraphCall, rendered: readonly Record<string, unknown>[], contextPath: string): GraphReply {
  const query = new URLSearchParams(call.query);
  query.delete('$top');
  query.delete('$filter');
  const pagingCall: GraphCall = { ...call, query };
  return collectionPage(pagingCall, rendered.map((item) => selected(call, item)), {
    defaultPageSize: PLANNER_PAGE_SIZE,
    maxPageSize: PLANNER_PAGE_SIZE,
    contextPath,
  });
}
