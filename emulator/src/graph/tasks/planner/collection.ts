/**
 * Planner collections. Planner pages at a fixed size the client cannot change (about 400 items,
 * per the Planner team in microsoft-graph-docs#6438) and ignores `$top` and `$filter`
 * (microsoft-graph-docs#5099, #18071), so both are dropped before the shared OData paging.
 */
import { collectionPage } from '../../../http/odata';
import type { GraphCall, GraphReply } from '../../../http/types';
import { selectedWithEtag } from '../select';

const PLANNER_PAGE_SIZE = 400;

/** One page of `items`; only the page's items are rendered (then reduced to the `$select`). */
export function plannerCollection<T>(
  call: GraphCall,
  items: readonly T[],
  contextPath: string,
  render: (item: T) => Record<string, unknown>,
): GraphReply {
  const query = new URLSearchParams(call.query);
  query.delete('$top');
  query.delete('$filter');
  const pagingCall: GraphCall = { ...call, query };
  return collectionPage(pagingCall, items, {
    defaultPageSize: PLANNER_PAGE_SIZE,
    maxPageSize: PLANNER_PAGE_SIZE,
    contextPath,
    render: (item) => selectedWithEtag(call, render(item)),
  });
}
