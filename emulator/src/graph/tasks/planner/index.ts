import type { Route } from '../../../http/types';
import { plannerDetailsRoutes } from './details-routes';
import { plannerOwnerRoutes } from './owner-routes';
import { plannerPlanDetailsRoutes } from './plan-details-routes';
import { plannerPlanRoutes } from './plan-routes';
import { plannerReadRoutes } from './read-routes';
import { plannerTaskWriteRoutes } from './task-write-routes';

export const plannerRoutes: Route[] = [
  ...plannerReadRoutes,
  ...plannerTaskWriteRoutes,
  ...plannerDetailsRoutes,
  ...plannerOwnerRoutes,
  ...plannerPlanRoutes,
  ...plannerPlanDetailsRoutes,
];
