/**
 * Graph change-notification subscriptions (`/subscriptions`; subscription-post-subscriptions.md,
 * subscription-update.md, subscription-reauthorize.md, subscription-delete.md). Writes go out
 * alone like every write; none of them touches the operation's read caches.
 */
import type { GraphClient, GraphSubscription } from './client';
import { entityPath } from './odata';
import { entityOf } from './response';
import { expectStatus, type TaskApiDeps } from './task-api';

export type SubscriptionApi = Pick<
  GraphClient,
  'createSubscription' | 'renewSubscription' | 'reauthorizeSubscription' | 'deleteSubscription'
>;

function subscriptionOf(entity: Record<string, unknown> & { id: string }): GraphSubscription {
  return { id: entity.id, expirationDateTime: String(entity.expirationDateTime ?? '') };
}

export function createSubscriptionApi(deps: Pick<TaskApiDeps, 'writer'>): SubscriptionApi {
  const { writer } = deps;
  const subscriptionPath = (id: string) => entityPath('subscriptions', id, 'subscriptionId');
  return {
    async createSubscription(subscription) {
      const answer = await writer.send({ method: 'POST', path: '/subscriptions', body: subscription });
      expectStatus(answer, 201);
      return subscriptionOf(entityOf(answer, 'POST /subscriptions'));
    },
    async renewSubscription(id, expirationDateTime) {
      const path = subscriptionPath(id);
      const answer = await writer.send({ method: 'PATCH', path, body: { expirationDateTime } });
      expectStatus(answer, 200);
      return subscriptionOf(entityOf(answer, `PATCH ${path}`));
    },
    async reauthorizeSubscription(id) {
      const answer = await writer.send({ method: 'POST', path: `${subscriptionPath(id)}/reauthorize` });
      expectStatus(answer, 204, 200);
    },
    async deleteSubscription(id) {
      const answer = await writer.send({ method: 'DELETE', path: subscriptionPath(id) });
      expectStatus(answer, 204, 200);
    },
  };
}
