import type { GraphQLResolveInfo } from 'graphql';
import { planSelects, type GraphSelects } from './plan-selects';

export type SelectPlanner = (info: GraphQLResolveInfo) => GraphSelects;

/**
 * Plans `$select` lists once per operation: the first resolver that asks walks the whole
 * operation, later ones get the cached answer. Keyed by the operation node, so a planner shared
 * by several operations would still answer each correctly.
 */
export function createSelectPlanner(): SelectPlanner {
  const plans = new WeakMap<object, GraphSelects>();
  return (info) => {
    const cached = plans.get(info.operation);
    if (cached) return cached;
    const plan = planSelects({
      schema: info.schema,
      operation: info.operation,
      fragments: info.fragments,
      variableValues: info.variableValues,
    });
    plans.set(info.operation, plan);
    return plan;
  };
}
