/** What the change resolvers share: the entity a change is about, read when the change is delivered. */
import { GraphApiError } from '../../graph/errors';

/**
 * The changed entity as `read` answers it now; null for a deletion (no read to spend) and when
 * the subscriber may no longer see it (403): the change is still reported, without the entity.
 */
export async function changedEntity<T>(change: { changeType: string }, read: () => Promise<T>): Promise<T | null> {
  if (change.changeType === 'DELETED') return null;
  try {
    return await read();
  } catch (error) {
    if (error instanceof GraphApiError && error.kind === 'http' && error.status === 403) return null;
    throw error;
  }
}
