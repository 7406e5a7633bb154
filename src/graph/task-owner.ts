/**
 * The path prefix of a user's relationships, Planner tasks and To Do: `/me` or `/users/{id}`.
 * `/me` needs a delegated token (Graph answers 400 to app-only callers), so it is used only for
 * `SIGNED_IN_USER` and for the id the operation has seen `/me` answer with; everything else
 * goes to `/users/{id}`.
 */
import { SIGNED_IN_USER, type UserRef } from './client';
import { GraphInputError } from './errors';
import { entityPath } from './odata';

export interface OwnerPaths {
  /** `/me` or `/users/{id}` (the id escaped as one path segment). */
  pathOf(owner: UserRef): string;
  /** Records who the signed-in user is, once `/me` has answered. */
  signedIn(userId: string): void;
}

/** `identity` is whose token the client carries; undefined leaves the choice to Graph's answer. */
export function createOwnerPaths(identity: 'user' | 'app' | undefined): OwnerPaths {
  let signedInUserId: string | null = null;
  return {
    pathOf(owner) {
      if (owner === SIGNED_IN_USER) {
        if (identity === 'app') {
          throw new GraphInputError(
            'userId',
            'There is no signed-in user with an app-only token (GRAPH_AUTH_MODE=app): name the user whose tasks are meant.',
          );
        }
        return '/me';
      }
      if (signedInUserId !== null && owner.toLowerCase() === signedInUserId) return '/me';
      return entityPath('users', owner, 'userId');
    },
    signedIn(userId) {
      if (identity !== 'app') signedInUserId = userId.toLowerCase();
    },
  };
}
