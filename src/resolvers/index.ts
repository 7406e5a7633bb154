import type { Resolvers } from '../__generated__/resolvers-types';
import { DateTime } from './DateTime';
import * as delta from './delta';
import * as directory from './directory';
import * as live from './live';
import * as planner from './planner';
import * as todo from './todo';

// A type's fields may come from several domains (User has directory, Planner and To Do fields);
// they are merged here and nowhere else, so one look shows where every field of a type comes from.
export const resolvers: Resolvers = {
  Query: { ...directory.Query, ...planner.Query, ...delta.Query },
  Mutation: { ...planner.Mutation, ...todo.Mutation },
  Subscription: live.Subscription,
  User: { ...directory.User, ...planner.User, ...todo.User },
  Group: { ...directory.Group, ...planner.Group },
  DirectoryObject: directory.DirectoryObject,
  OtherDirectoryObject: directory.OtherDirectoryObject,
  PlannerPlan: planner.PlannerPlan,
  PlannerBucket: planner.PlannerBucket,
  PlannerTask: planner.PlannerTask,
  PlannerTaskDetails: planner.PlannerTaskDetails,
  OutlookTaskList: { ...todo.OutlookTaskList, ...delta.OutlookTaskList },
  OutlookTask: todo.OutlookTask,
  PlannerTaskChange: live.PlannerTaskChange,
  OutlookTaskChange: live.OutlookTaskChange,
  UserChange: live.UserChange,
  GroupChange: live.GroupChange,
  DateTime,
};
