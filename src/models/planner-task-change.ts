/** A change to a plan's task as the subscription carries it: what happened and to which task (read later, per subscriber). */
import type { ChangeType } from '../live/etag-changes';

export interface PlannerTaskChangeModel {
  changeType: ChangeType;
  taskId: string;
}
