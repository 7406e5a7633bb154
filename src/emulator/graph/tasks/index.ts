import type { Route } from '../../http/types';

/** Planner and To Do endpoints. */
export const taskRoutes: Route[] = [];
