import type { Route } from '../../http/types';
import { groupDeleteRoute } from './group-delete';
import { groupMemberWriteRoutes } from './group-members';
import { userWriteRoutes } from './user-update';

/** Directory writes Graph tracks as changes: user updates, group membership and group deletion. */
export const directoryWriteRoutes: Route[] = [...userWriteRoutes, ...groupMemberWriteRoutes, groupDeleteRoute];
