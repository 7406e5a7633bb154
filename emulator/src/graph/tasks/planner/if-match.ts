/** Planner's optimistic concurrency: PATCH and DELETE name the version they change in `If-Match`. */
import type { GraphCall, GraphReply } from '../../../http/types';
import { IF_MATCH_INVALID, IF_MATCH_MISSING, IF_MATCH_STALE, plannerError } from './errors';
import { type PlannerEtagKind, plannerEtagVersion } from './etag';

/** Null when `If-Match` names the current version of the resource, else Planner's 412. */
export function checkIfMatch(call: GraphCall, kind: PlannerEtagKind, currentEtag: string): GraphReply | null {
  const sent = call.headers.get('If-Match');
  if (sent === null || sent.trim() === '') return plannerError(412, IF_MATCH_MISSING);
  const version = plannerEtagVersion(kind, sent);
  const current = plannerEtagVersion(kind, currentEtag) ?? 0;
  // Another resource's etag, a malformed one, `*`, or one the resource has never had.
  if (version === null || version > current) return plannerError(412, IF_MATCH_INVALID);
  if (version < current) return plannerError(412, IF_MATCH_STALE);
  return null;
}
