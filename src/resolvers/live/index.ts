/** Live data: the `Subscription` root and the change types it delivers. */
export { GroupChange } from './GroupChange';
export { OutlookTaskChange } from './OutlookTaskChange';
export { PlannerTaskChange } from './PlannerTaskChange';
export { Subscription } from './Subscription';
export { UserChange } from './UserChange';
