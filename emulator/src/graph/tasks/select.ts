/**
 * `$select` on Planner and To Do resources, which always keep their annotations (`@odata.etag`
 * first, `@odata.type` where the resource shows one) and `id`.
 */
import { parseSelect, project } from '../../http/odata';
import type { GraphCall } from '../../http/types';

/** The rendered resource reduced to the call's `$select`, its annotations first. */
export function selectedWithEtag(call: GraphCall, rendered: Record<string, unknown>): Record<string, unknown> {
  const select = parseSelect(call);
  if (select === null) return rendered;
  const annotations: Record<string, unknown> = {};
  const properties: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(rendered)) {
    if (name.startsWith('@odata.')) annotations[name] = value;
    else properties[name] = value;
  }
  return { ...annotations, ...project(properties, select, Object.keys(properties)) };
}
