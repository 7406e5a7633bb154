import type { Route } from '../../../http/types';
import { todoListRoutes } from './list-routes';
import { todoTaskItemRoutes } from './item-routes';
import { todoTaskRoutes } from './task-routes';

export const todoRoutes: Route[] = [...todoListRoutes, ...todoTaskRoutes, ...todoTaskItemRoutes];
