/**
 * Planner's open types (assignments, appliedCategories, checklist, references) are typed `{}`
 * by @microsoft/microsoft-graph-types. These views give them the shapes the emulator stores;
 * every record is written through them, so the casts only restate what was stored.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { PlannerTaskDetailsRecord, PlannerTaskRecord } from '../../../tenant/model';

export interface StoredAssignment {
  '@odata.type': '#microsoft.graph.plannerAssignment';
  assignedBy: Graph.IdentitySet;
  assignedDateTime: string;
  orderHint: string;
}

export interface StoredChecklistItem {
  '@odata.type': '#microsoft.graph.plannerChecklistItem';
  isChecked: boolean;
  title: string;
  orderHint: string;
  lastModifiedDateTime: string;
  lastModifiedBy: Graph.IdentitySet;
}

export interface StoredReference {
  '@odata.type': '#microsoft.graph.plannerExternalReference';
  alias: string | null;
  type: string | null;
  previewPriority: string;
  lastModifiedDateTime: string;
  lastModifiedBy: Graph.IdentitySet;
}

export type StoredAssignments = Record<string, StoredAssignment>;
export type StoredCategories = Record<string, true>;
export type StoredChecklist = Record<string, StoredChecklistItem>;
export type StoredReferences = Record<string, StoredReference>;

export function assignmentsOf(task: PlannerTaskRecord): StoredAssignments {
  return (task.assignments ?? {}) as StoredAssignments;
}

export function categoriesOf(task: PlannerTaskRecord): StoredCategories {
  return (task.appliedCategories ?? {}) as StoredCategories;
}

export function checklistOf(details: PlannerTaskDetailsRecord): StoredChecklist {
  return (details.checklist ?? {}) as StoredChecklist;
}

export function referencesOf(details: PlannerTaskDetailsRecord): StoredReferences {
  return (details.references ?? {}) as StoredReferences;
}

export function userIdentity(userId: string): Graph.IdentitySet {
  return { user: { displayName: null, id: userId } };
}

export function appIdentity(appId: string): Graph.IdentitySet {
  return { application: { displayName: null, id: appId } };
}

/** The task's summary counters follow its details. */
export function detailsCounters(
  details: PlannerTaskDetailsRecord,
): Pick<PlannerTaskRecord, 'hasDescription' | 'checklistItemCount' | 'activeChecklistItemCount' | 'referenceCount'> {
  const items = Object.values(checklistOf(details));
  return {
    hasDescription: (details.description ?? '') !== '',
    checklistItemCount: items.length,
    activeChecklistItemCount: items.filter((item) => !item.isChecked).length,
    referenceCount: Object.keys(referencesOf(details)).length,
  };
}
