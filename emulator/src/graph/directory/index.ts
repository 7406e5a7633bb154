import type { Route } from '../../http/types';
import { metadataRoute } from '../metadata';
import { directoryObjectRoutes } from './directory-objects';
import { groupRoutes } from './groups';
import { userRoutes } from './users';

/** Users, groups and directory-object navigation endpoints, plus `$metadata`. */
export const directoryRoutes: Route[] = [...userRoutes, ...groupRoutes, ...directoryObjectRoutes, metadataRoute];
