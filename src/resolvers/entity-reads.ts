/**
 * Reading one entity by its key, for every field that does so: `user(id:)`, `group(id:)`,
 * `plannerPlan(id:)`, `plannerTask(id:)` and the matching federation references. Each read starts
 * the prefetch of what the selection asks below the entity right after it, in the same tick, so
 * the entity and its relationships go to Graph in one wave (`prefetch.ts`).
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context';
import {
  prefetchGroupChildren,
  prefetchPlannerPlanChildren,
  prefetchPlannerTaskChildren,
  prefetchUserChildren,
} from './prefetch';

export type EntityRead<Entity> = (key: string, context: Context, info: GraphQLResolveInfo) => Promise<Entity>;

type Prefetch = (key: string, context: Context, info: GraphQLResolveInfo) => void;

function readThenPrefetch<Entity>(read: EntityRead<Entity>, prefetch: Prefetch): EntityRead<Entity> {
  return (key, context, info) => {
    // The read first: the prefetched relationships join the wave the entity's read opened.
    const entity = read(key, context, info);
    prefetch(key, context, info);
    return entity;
  };
}

export const entityReads = {
  user: readThenPrefetch(
    (key, { graph, analysis }, info) => graph.getUser(key, analysis.of(info).selects.user),
    prefetchUserChildren,
  ),
  group: readThenPrefetch(
    (id, { graph, analysis }, info) => graph.getGroup(id, analysis.of(info).selects.group),
    prefetchGroupChildren,
  ),
  plannerPlan: readThenPrefetch(
    (id, { graph, analysis }, info) => graph.getPlannerPlan(id, analysis.of(info).selects.plannerPlan),
    prefetchPlannerPlanChildren,
  ),
  plannerTask: readThenPrefetch(
    (id, { graph, analysis }, info) => graph.getPlannerTask(id, analysis.of(info).selects.plannerTask),
    prefetchPlannerTaskChildren,
  ),
};
