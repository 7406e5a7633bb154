import type { Route } from '../../http/types';
import { outlookTaskRoutes } from './outlook-tasks';
import { plannerRoutes } from './planner';
import { todoRoutes } from './todo';

/** Planner, To Do and the retired Outlook tasks endpoints. */
export const taskRoutes: Route[] = [...plannerRoutes, ...todoRoutes, ...outlookTaskRoutes];
