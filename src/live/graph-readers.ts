/**
 * How a live source reaches Graph: with the identities of its current subscribers, newest first,
 * so a watch outlives any one subscriber's token.
 */
import { GraphQLError } from 'graphql';
import type { GraphClient } from '../graph/client';
import { GraphApiError } from '../graph/errors';
import { ErrorCode } from '../errors';

/** Opens a Graph client with one subscriber's identity (a fresh one per read: no cache outlives it). */
export type GraphReader = () => Promise<GraphClient>;

/** Whether a reader failed to authenticate (that subscriber's token expired): the next reader is tried. */
export function isCallerRefusal(error: unknown): boolean {
  const code = error instanceof GraphQLError ? error.extensions.code : undefined;
  return code === ErrorCode.UNAUTHENTICATED || (error instanceof GraphApiError && error.status === 401);
}

/** Runs `use` with the first reader whose identity still authenticates (the newest subscriber first). */
export async function withAnyReader<T>(
  readers: readonly GraphReader[],
  use: (graph: GraphClient) => Promise<T>,
): Promise<T> {
  let lastRefusal: unknown = new Error('No subscriber is left to reach Graph with.');
  for (const reader of readers) {
    try {
      return await use(await reader());
    } catch (error) {
      if (!isCallerRefusal(error)) throw error;
      lastRefusal = error;
    }
  }
  throw lastRefusal;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
