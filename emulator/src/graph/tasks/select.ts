/** `$select` on Planner and To Do resources, which always keep `@odata.etag` (first) and `id`. */
import { parseSelect, project } from '../../http/odata';
import type { GraphCall } from '../../http/types';

/** The rendered resource reduced to the call's `$select`, keeping `@odata.etag` first. */
export function selectedWithEtag(call: GraphCall, rendered: Record<string, unknown>): Record<string, unknown> {
  const select = parseSelect(call);
  if (select === null) return rendered;
  const { '@odata.etag': etag, ...properties } = rendered;
  return { '@odata.etag': etag, ...project(properties, select, Object.keys(properties)) };
}
