/** A change to a To Do task as the subscription carries it: what happened, to which task, and where to read it (per subscriber). */
import type { UserRef } from '../graph/client';
import type { ChangeType } from '../live/etag-changes';

export interface OutlookTaskChangeModel {
  changeType: ChangeType;
  taskId: string;
  owner: UserRef;
  listId: string;
}
