/** Planner's types, and the Planner fields of `Query`, `Mutation`, `User` and `Group`. */
export { Group } from './Group';
export { Mutation } from './Mutation';
export { PlannerBucket } from './PlannerBucket';
export { PlannerPlan } from './PlannerPlan';
export { PlannerTask } from './PlannerTask';
export { PlannerTaskDetails } from './PlannerTaskDetails';
export { Query } from './Query';
export { User } from './User';
