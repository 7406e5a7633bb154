/**
 * Applies a plannerPlanDetails body (plannerplandetails-update.md) to a draft: `sharedWith` is an
 * open type keyed by user id with boolean values (false unshares), `categoryDescriptions` names
 * category1 to category25 with a string, or null to clear a name.
 */
import type { GraphReply } from '../../../http/types';
import type { PlannerPlanDetailsRecord } from '../../../tenant/model';
import { isJsonObject } from '../json';
import { plannerBadRequest, unknownProperty } from './errors';
import type { ChangeContext } from './task-input';
import { GUID } from './values';

export const CATEGORY_COUNT = 25;
const CATEGORY = /^category([1-9]|1[0-9]|2[0-5])$/;

export function applyPlanDetailsInput(
  draft: PlannerPlanDetailsRecord,
  body: Record<string, unknown>,
  change: ChangeContext,
): GraphReply | null {
  for (const [name, value] of Object.entries(body)) {
    if (name.startsWith('@odata.') || name === 'id') continue;
    switch (name) {
      case 'sharedWith': {
        const refused = applySharedWith(draft, value, change);
        if (refused) return refused;
        break;
      }
      case 'categoryDescriptions': {
        const refused = applyCategoryDescriptions(draft, value);
        if (refused) return refused;
        break;
      }
      default:
        return unknownProperty(name, 'plannerPlanDetails');
    }
  }
  return null;
}

function applySharedWith(draft: PlannerPlanDetailsRecord, value: unknown, change: ChangeContext): GraphReply | null {
  if (!isJsonObject(value)) return plannerBadRequest('The sharedWith value must be an object keyed by user id.');
  const sharedWith = { ...(draft.sharedWith as Record<string, boolean> | undefined) };
  for (const [userId, shared] of Object.entries(value)) {
    if (userId.startsWith('@odata.')) continue;
    if (!GUID.test(userId) || !change.tenant.users.has(userId))
      return plannerBadRequest(`The sharedWith key '${userId}' is not the id of a user.`);
    if (typeof shared !== 'boolean') return plannerBadRequest(`The sharedWith value of '${userId}' must be a boolean.`);
    sharedWith[userId] = shared;
  }
  draft.sharedWith = sharedWith;
  return null;
}

function applyCategoryDescriptions(draft: PlannerPlanDetailsRecord, value: unknown): GraphReply | null {
  if (!isJsonObject(value)) return plannerBadRequest('The categoryDescriptions value must be an object.');
  const descriptions = { ...(draft.categoryDescriptions as Record<string, string | null> | undefined) };
  for (const [key, text] of Object.entries(value)) {
    if (key.startsWith('@odata.')) continue;
    if (!CATEGORY.test(key))
      return plannerBadRequest(`The category '${key}' is not valid; use category1 to category${CATEGORY_COUNT}.`);
    if (text !== null && typeof text !== 'string')
      return plannerBadRequest(`The description of '${key}' must be a string or null.`);
    descriptions[key] = text;
  }
  draft.categoryDescriptions = descriptions;
  return null;
}
