import type { Resolvers } from '../__generated__/resolvers-types';
import { DateTime } from './DateTime';
import { DirectoryObject, OtherDirectoryObject } from './directory/DirectoryObject';
import { Group } from './directory/Group';
import { Mutation } from './planner/Mutation';
import { outlookUserFields } from './todo/User';
import { OutlookTask, OutlookTaskList } from './todo/OutlookTask';
import { PlannerBucket, PlannerPlan } from './planner/PlannerPlan';
import { plannerGroupFields, plannerQueryFields, plannerUserFields } from './planner/Query';
import { PlannerTask, PlannerTaskDetails } from './planner/PlannerTask';
import { Query } from './directory/Query';
import { User } from './directory/User';

export const resolvers: Resolvers = {
  Query: { ...Query, ...plannerQueryFields },
  Mutation,
  User: { ...User, ...plannerUserFields, ...outlookUserFields },
  Group: { ...Group, ...plannerGroupFields },
  DirectoryObject,
  OtherDirectoryObject,
  PlannerPlan,
  PlannerBucket,
  PlannerTask,
  PlannerTaskDetails,
  OutlookTaskList,
  OutlookTask,
  DateTime,
};
