import { GraphQLError } from 'graphql';
import type { SubscriptionResolvers } from '../../__generated__/resolvers-types';
import { ErrorCode } from '../../errors';
import { liveSessionOf } from '../../live/session';
import { createPlannerTaskPoller } from '../../live/planner-task-poller';
import type { PlannerTaskChangeModel } from '../../models/planner-task-change';

export const Subscription: SubscriptionResolvers = {
  plannerTaskChanged: {
    async subscribe(_root, { planId }, context) {
      const session = liveSessionOf(context);
      // The subscriber's own read decides whether it may watch the plan (a 403 becomes FORBIDDEN):
      // the poller it joins may read with another identity of its scope.
      const plan = await context.graph.getPlannerPlan(planId, ['id']);
      if (!plan) {
        throw new GraphQLError(`The plan ${planId} does not exist.`, { extensions: { code: ErrorCode.NOT_FOUND } });
      }
      return session.watch(
        `planner-plan:${plan.id}`,
        () =>
          createPlannerTaskPoller({
            planId: plan.id,
            intervalMs: session.settings.pollIntervalMs,
            logger: session.settings.logger,
          }),
        (change): PlannerTaskChangeModel => ({ changeType: change.changeType, taskId: change.id }),
      );
    },
    // Each change is delivered as the root value of its own execution (see `live/subscribe-per-delivery.ts`).
    resolve: (change: PlannerTaskChangeModel) => change,
  },
};
