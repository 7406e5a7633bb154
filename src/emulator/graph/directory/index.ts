import type { Route } from '../../http/types';

/** Users, groups and directory-object navigation endpoints. */
export const directoryRoutes: Route[] = [];
