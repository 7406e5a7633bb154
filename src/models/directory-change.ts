/** A change to a user or group as the subscription carries it: what happened and to which entity (read later, per subscriber). */
import type { ChangeType } from '../live/etag-changes';

export interface UserChangeModel {
  changeType: ChangeType;
  userId: string;
}

export interface GroupChangeModel {
  changeType: ChangeType;
  groupId: string;
}
