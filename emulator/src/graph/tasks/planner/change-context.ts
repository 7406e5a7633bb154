/** What every Planner write needs: the acting identity, the time, fresh ids and order hints. */
import type { RouteContext } from '../../../http/types';
import { runtimeRandom } from '../runtime-random';
import { nowDateTimeOffset } from '../time';
import { appIdentity, userIdentity } from './open-types';
import { generatedOrderHint } from './order-hint';
import type { ChangeContext } from './task-input';

export function changeContext(ctx: RouteContext): ChangeContext {
  const { caller, tenant } = ctx;
  const random = runtimeRandom(tenant);
  return {
    tenant,
    actor: caller.kind === 'delegated' && caller.userId ? userIdentity(caller.userId) : appIdentity(caller.appId),
    now: nowDateTimeOffset(),
    freshOrderHint: () => generatedOrderHint(random.int(0, 999), random),
  };
}

/** `Prefer: return=representation` asks PATCH for the updated resource instead of 204. */
export function wantsRepresentation(headers: Headers): boolean {
  return /(^|[,;\s])return=representation(\s|,|;|$)/i.test(headers.get('Prefer') ?? '');
}
