/** A Graph client wired to an in-process emulator (no socket), as the gateway wires it per operation. */
import { createGraphClient, type GraphClientOptions } from '../../src/graph/create-graph-client';
import type { GraphClient } from '../../src/graph/client';
import { appToken, TEST_ORIGIN, type Emulator } from '@msgraph-graphql/emulator/testing';

export const USER_SELECT = ['id', 'displayName', 'userPrincipalName'] as const;
export const GROUP_SELECT = ['id', 'displayName', 'groupTypes'] as const;

export function clientFor(emulator: Emulator, options: Partial<GraphClientOptions> = {}): GraphClient {
  const token = appToken(emulator);
  return createGraphClient({
    graphUrl: TEST_ORIGIN,
    getToken: async () => token,
    fetch: (request) => emulator.fetch(request),
    ...options,
  });
}

/** The emulator's Graph traffic counters (what reached "Graph"). */
export function traffic(emulator: Emulator): { httpRequests: number; batchRequests: number; subRequests: number } {
  const { httpRequests, batchRequests, subRequests } = emulator.stats();
  return { httpRequests, batchRequests, subRequests };
}

/** Request lines and batch step URLs the emulator received since the last `clear()`. */
export function received(emulator: Emulator): string[] {
  return emulator.requestLog.lines();
}

export function userIds(emulator: Emulator): string[] {
  return [...emulator.tenant.users.keys()];
}

export function resetTraffic(emulator: Emulator): void {
  emulator.resetStats();
  emulator.requestLog.clear();
}
