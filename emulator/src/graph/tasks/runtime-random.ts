/**
 * Randomness for ids minted by writes (new Planner tasks, To Do lists and tasks). Seeded from
 * the tenant, so a fresh emulator with the same seed mints the same ids for the same sequence
 * of writes; kept apart from generation so writes never change generated data.
 */
import type { Tenant } from '../../tenant/model';
import { SeededRandom } from '../../tenant/random';

const streams = new WeakMap<Tenant, SeededRandom>();

export function runtimeRandom(tenant: Tenant): SeededRandom {
  let random = streams.get(tenant);
  if (!random) {
    random = new SeededRandom((tenant.seed ^ 0x7a5c_0de5) >>> 0);
    streams.set(tenant, random);
  }
  return random;
}
