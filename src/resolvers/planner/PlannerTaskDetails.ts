import type { PlannerChecklistItem, PlannerTaskDetailsResolvers } from '../../__generated__/resolvers-types';
import { etagOf } from '../shared/graph-answers';

interface ChecklistValue {
  title?: string | null;
  isChecked?: boolean | null;
  orderHint?: string | null;
}

export const PlannerTaskDetails: PlannerTaskDetailsResolvers = {
  etag: (details) => etagOf(details, `the details of task '${details.id}'`),
  checklist: (details) => {
    const entries = Object.entries((details.checklist ?? {}) as Record<string, ChecklistValue | null>);
    // Planner orders by order hint, comparing ordinally.
    return entries
      .filter((entry): entry is [string, ChecklistValue] => entry[1] !== null && typeof entry[1] === 'object')
      .sort(([, a], [, b]) =>
        (a.orderHint ?? '') < (b.orderHint ?? '') ? -1 : (a.orderHint ?? '') > (b.orderHint ?? '') ? 1 : 0,
      )
      .map(([id, item]): PlannerChecklistItem => ({ id, title: item.title ?? '', isChecked: item.isChecked === true }));
  },
};
