import { GraphQLError } from 'graphql';
import type { Context } from '../../context';
import type { SubscriptionResolvers } from '../../__generated__/resolvers-types';
import { ErrorCode } from '../../errors';
import { liveSessionOf } from '../../live/session';
import { createPlannerTaskPoller } from '../../live/planner-task-poller';
import type { PlannerTaskChangeModel } from '../../models/planner-task-change';
import type { OutlookTaskChangeModel } from '../../models/outlook-task-change';
import { createTodoTaskSource } from '../../live/todo-task-source';
import { createDirectoryObjectSource, type DirectoryObjectKind } from '../../live/directory-object-source';
import type { EntityChange } from '../../live/etag-changes';
import type { GroupChangeModel, UserChangeModel } from '../../models/directory-change';
import { taskOwnerOf } from '../todo/task-input';

/** Watches one user or group for the subscriber's identity scope, after the subscriber's own read proved access. */
async function watchDirectoryObject<TPayload>(
  kind: DirectoryObjectKind,
  id: string,
  context: Context,
  toPayload: (change: EntityChange) => TPayload,
) {
  const session = liveSessionOf(context);
  // The subscriber's own read decides whether it may watch the entity (a 403 becomes FORBIDDEN).
  const found = kind === 'user' ? await context.graph.getUser(id, ['id']) : await context.graph.getGroup(id, ['id']);
  if (!found) {
    throw new GraphQLError(`The ${kind} ${id} does not exist.`, { extensions: { code: ErrorCode.NOT_FOUND } });
  }
  const { settings } = session;
  return session.watch(
    `${kind}:${found.id.toLowerCase()}`,
    () =>
      createDirectoryObjectSource({
        kind,
        id: found.id,
        pollIntervalMs: settings.pollIntervalMs,
        notifications: settings.notifications ?? null,
        ...(settings.subscriptionMinutes !== undefined ? { subscriptionMinutes: settings.subscriptionMinutes } : {}),
        logger: settings.logger,
      }),
    toPayload,
  );
}

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
  outlookTaskChanged: {
    async subscribe(_root, { listId, userId }, context) {
      const session = liveSessionOf(context);
      const owner = taskOwnerOf(userId, context, 'outlookTaskChanged');
      // The subscriber's own read decides whether it may watch the list (a 403 becomes FORBIDDEN).
      const list = await context.graph.getTodoTaskList(owner, listId, ['id']);
      if (!list) {
        throw new GraphQLError(`The task list ${listId} does not exist.`, {
          extensions: { code: ErrorCode.NOT_FOUND },
        });
      }
      const { settings } = session;
      return session.watch(
        `todo-list:${typeof owner === 'string' ? owner.toLowerCase() : 'me'}:${list.id}`,
        () =>
          createTodoTaskSource({
            owner,
            listId: list.id,
            pollIntervalMs: settings.pollIntervalMs,
            notifications: settings.notifications ?? null,
            ...(settings.subscriptionMinutes !== undefined
              ? { subscriptionMinutes: settings.subscriptionMinutes }
              : {}),
            logger: settings.logger,
          }),
        (change): OutlookTaskChangeModel => ({
          changeType: change.changeType,
          taskId: change.id,
          owner,
          listId: list.id,
        }),
      );
    },
    resolve: (change: OutlookTaskChangeModel) => change,
  },
  userChanged: {
    subscribe: (_root, { id }, context) =>
      watchDirectoryObject('user', id, context, (change): UserChangeModel => ({
        changeType: change.changeType,
        userId: change.id,
      })),
    resolve: (change: UserChangeModel) => change,
  },
  groupChanged: {
    subscribe: (_root, { id }, context) =>
      watchDirectoryObject('group', id, context, (change): GroupChangeModel => ({
        changeType: change.changeType,
        groupId: change.id,
      })),
    resolve: (change: GroupChangeModel) => change,
  },
};
