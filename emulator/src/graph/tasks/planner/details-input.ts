/**
 * Applies a plannerTaskDetails body to a draft. `checklist` and `references` are open types
 * merged key by key: a value with `@odata.type` adds or updates an entry, `null` removes it.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import { graphError } from '../../../http/errors';
import type { GraphReply } from '../../../http/types';
import type { PlannerTaskDetailsRecord } from '../../../tenant/model';
import { plannerBadRequest, unknownProperty } from './errors';
import { type StoredChecklistItem, type StoredReference, checklistOf, referencesOf } from './open-types';
import { resolveOrderHint } from './order-hint';
import { isJsonObject } from '../json';
import type { ChangeContext } from './task-input';
import { GUID, PREVIEW_TYPES, isOdataType } from './values';

const MAX_CHECKLIST_ITEMS = 20;

export function applyDetailsInput(
  draft: PlannerTaskDetailsRecord,
  body: Record<string, unknown>,
  change: ChangeContext,
): GraphReply | null {
  for (const [name, value] of Object.entries(body)) {
    if (name.startsWith('@odata.') || name === 'id') continue;
    switch (name) {
      case 'description':
        if (value !== null && typeof value !== 'string') return plannerBadRequest('The description must be a string.');
        draft.description = value ?? '';
        break;
      case 'previewType':
        if (typeof value !== 'string' || !PREVIEW_TYPES.has(value))
          return plannerBadRequest(`The previewType '${String(value)}' is not valid.`);
        draft.previewType = value as Graph.PlannerPreviewType;
        break;
      case 'checklist': {
        const refused = applyChecklist(draft, value, change);
        if (refused) return refused;
        break;
      }
      case 'references': {
        const refused = applyReferences(draft, value, change);
        if (refused) return refused;
        break;
      }
      default:
        return unknownProperty(name, 'plannerTaskDetails');
    }
  }
  return null;
}

function applyChecklist(draft: PlannerTaskDetailsRecord, value: unknown, change: ChangeContext): GraphReply | null {
  if (!isJsonObject(value)) return plannerBadRequest('The checklist value must be an object keyed by item id.');
  const checklist = { ...checklistOf(draft) };
  for (const [key, item] of Object.entries(value)) {
    if (key.startsWith('@odata.')) continue;
    if (!GUID.test(key)) return plannerBadRequest(`The checklist item id '${key}' must be a GUID.`);
    if (item === null) {
      delete checklist[key];
      continue;
    }
    if (!isJsonObject(item) || !isOdataType(item['@odata.type'], 'plannerChecklistItem')) {
      return plannerBadRequest(
        'Each checklist item must be a #microsoft.graph.plannerChecklistItem with an @odata.type.',
      );
    }
    const existing = checklist[key];
    const title = item.title ?? existing?.title;
    if (typeof title !== 'string' || title === '') return plannerBadRequest('A checklist item needs a title.');
    if (item.isChecked !== undefined && typeof item.isChecked !== 'boolean')
      return plannerBadRequest('The isChecked value must be a boolean.');
    let orderHint = existing?.orderHint ?? change.freshOrderHint();
    if (item.orderHint !== undefined) {
      const hint = typeof item.orderHint === 'string' ? resolveOrderHint(item.orderHint, change.freshOrderHint) : null;
      if (hint === null) return plannerBadRequest('The orderHint of a checklist item is not valid.');
      orderHint = hint;
    }
    const next: StoredChecklistItem = {
      '@odata.type': '#microsoft.graph.plannerChecklistItem',
      isChecked: (item.isChecked as boolean | undefined) ?? existing?.isChecked ?? false,
      title,
      orderHint,
      lastModifiedDateTime: change.now,
      lastModifiedBy: change.actor,
    };
    checklist[key] = next;
  }
  // Planner's service limit (graph-api.md §7 lists the 403 code).
  if (Object.keys(checklist).length > MAX_CHECKLIST_ITEMS) {
    return graphError(
      403,
      'MaximumChecklistItemsOnTask',
      'The maximum number of checklist items on a task has been reached.',
    );
  }
  draft.checklist = checklist;
  return null;
}

/** Reference keys are URLs with `%`, `.`, `:`, `@` and `#` percent-encoded, as Planner requires. */
function applyReferences(draft: PlannerTaskDetailsRecord, value: unknown, change: ChangeContext): GraphReply | null {
  if (!isJsonObject(value)) return plannerBadRequest('The references value must be an object keyed by encoded URL.');
  const references = { ...referencesOf(draft) };
  for (const [key, reference] of Object.entries(value)) {
    if (key.startsWith('@odata.')) continue;
    if (key === '' || /[.:@#]/.test(key))
      return plannerBadRequest(`The reference key '${key}' must be a URL with '.', ':', '@' and '#' percent-encoded.`);
    if (reference === null) {
      delete references[key];
      continue;
    }
    if (!isJsonObject(reference) || !isOdataType(reference['@odata.type'], 'plannerExternalReference')) {
      return plannerBadRequest(
        'Each reference must be a #microsoft.graph.plannerExternalReference with an @odata.type.',
      );
    }
    const existing = references[key];
    const text = (name: string, fallback: string | null): string | null => {
      const given = reference[name];
      return typeof given === 'string' ? given : fallback;
    };
    // previewPriority is an order hint (plannerexternalreference.md): the service computes the
    // stored value from a placement request such as `" !"` (plannertaskdetails-update.md).
    let previewPriority = existing?.previewPriority ?? change.freshOrderHint();
    if (reference.previewPriority !== undefined) {
      const given = reference.previewPriority;
      const hint = typeof given === 'string' ? resolveOrderHint(given, change.freshOrderHint) : null;
      if (hint === null) return plannerBadRequest('The previewPriority of a reference is not a valid order hint.');
      previewPriority = hint;
    }
    const next: StoredReference = {
      '@odata.type': '#microsoft.graph.plannerExternalReference',
      alias: text('alias', existing?.alias ?? null),
      type: text('type', existing?.type ?? null),
      previewPriority,
      lastModifiedDateTime: change.now,
      lastModifiedBy: change.actor,
    };
    references[key] = next;
  }
  draft.references = references;
  return null;
}
