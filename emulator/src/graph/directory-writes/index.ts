import type { Route } from '../../http/types';
import { groupMemberWriteRoutes } from './group-members';
import { userWriteRoutes } from './user-update';

/** Directory writes Graph tracks as changes: user updates and group membership. */
export const directoryWriteRoutes: Route[] = [...userWriteRoutes, ...groupMemberWriteRoutes];
