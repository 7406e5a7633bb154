import type { Route } from '../../http/types';
import { directoryDeltaRoutes } from './directory';
import { plannerDeltaRoutes } from './planner';
import { todoDeltaRoutes } from './todo';

/** Delta queries: users, groups, To Do lists and tasks, and (beta) Planner. */
export const deltaRoutes: Route[] = [...directoryDeltaRoutes, ...todoDeltaRoutes, ...plannerDeltaRoutes];
