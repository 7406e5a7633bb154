import type { Resolvers } from '../__generated__/resolvers-types';
import { DateTime } from './DateTime';
import { DirectoryObject, OtherDirectoryObject } from './DirectoryObject';
import { Group } from './Group';
import { Mutation } from './Mutation';
import { outlookUserFields } from './OutlookRoots';
import { OutlookTask, OutlookTaskList } from './OutlookTask';
import { PlannerBucket, PlannerPlan } from './PlannerPlan';
import { plannerGroupFields, plannerQueryFields, plannerUserFields } from './PlannerRoots';
import { PlannerTask, PlannerTaskDetails } from './PlannerTask';
import { Query } from './Query';
import { User } from './User';

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
