/** Every Graph endpoint the emulator serves (`$batch` is handled by the dispatcher itself). */
import type { Route } from '../http/types';
import { directoryRoutes } from './directory';
import { directoryWriteRoutes } from './directory-writes';
import { deltaRoutes } from './delta';
import { subscriptionRoutes } from './subscriptions/routes';
import { taskRoutes } from './tasks';

export function graphRoutes(): Route[] {
  return [...directoryRoutes, ...directoryWriteRoutes, ...deltaRoutes, ...subscriptionRoutes, ...taskRoutes];
}
