/** What every Planner PATCH does around its own input rules: the version check, the copy it edits, the reply. */
import type { GraphReply, RouteContext } from '../../../http/types';
import type { Result } from '../result';
import { isJsonObject } from '../json';
import { changeContext, wantsRepresentation } from './change-context';
import { plannerBadRequest } from './errors';
import { nextPlannerEtag, type PlannerEtagKind } from './etag';
import { checkIfMatch } from './if-match';
import { entityReply } from './render';
import type { ChangeContext } from './task-input';

type ApplyInput<R> = (draft: R, body: Record<string, unknown>, change: ChangeContext) => GraphReply | null;

/**
 * The next version of `current` that a PATCH body makes, not yet stored: `If-Match` must name the
 * current version, and the body applies to a copy, so a refused body leaves the resource as it was.
 */
export function patchedVersion<R extends { etag: string }>(
  ctx: RouteContext,
  current: R,
  kind: PlannerEtagKind,
  apply: ApplyInput<R>,
): Result<R> {
  const precondition = checkIfMatch(ctx.call, kind, current.etag);
  if (precondition) return { ok: false, reply: precondition };
  const body = ctx.call.body;
  // The resource's Graph type is `planner` + its etag kind: plannerTask, plannerTaskDetails...
  if (!isJsonObject(body))
    return { ok: false, reply: plannerBadRequest(`The request body must be a planner${kind} object.`) };

  const draft = structuredClone(current);
  const refused = apply(draft, body, changeContext(ctx));
  if (refused) return { ok: false, reply: refused };
  draft.etag = nextPlannerEtag(kind, current.etag);
  return { ok: true, value: draft };
}

/** A PATCH's answer: 204, or the updated resource when `Prefer: return=representation` asks for it. */
export function patchReply(ctx: RouteContext, odataContext: string, rendered: Record<string, unknown>): GraphReply {
  if (!wantsRepresentation(ctx.call.headers)) return { status: 204 };
  return entityReply(ctx.call, odataContext, rendered, 200, { 'Preference-Applied': 'return=representation' });
}
