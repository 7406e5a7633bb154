import type { FederationReferenceTypes, UserResolvers } from '../../__generated__/resolvers-types';
import { badUserInput } from '../../errors';
import { entityReads } from '../entity-reads';
import { referenceResolver } from '../shared/reference';
import { userReads } from '../relationship-reads';

/** The key a reference carries: `id` or `userPrincipalName` (Graph's `/users/{key}` takes either). */
function userKey(reference: FederationReferenceTypes['User']): string {
  const fields: Record<string, unknown> = reference;
  for (const key of ['id', 'userPrincipalName']) {
    const value = fields[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  throw badUserInput('A User reference needs one of its keys: id or userPrincipalName.');
}

export const User: Pick<
  UserResolvers,
  '__resolveReference' | 'businessPhones' | 'manager' | 'directReports' | 'memberOf' | 'transitiveMemberOf'
> = {
  __resolveReference: referenceResolver(userKey, entityReads.user),
  businessPhones: (user) => user.businessPhones ?? [],
  manager: (user, args, context, info) => userReads.manager(user.id, args, context, info),
  directReports: (user, args, context, info) => userReads.directReports.connection(user.id, args, context, info),
  memberOf: (user, args, context, info) => userReads.memberOf.connection(user.id, args, context, info),
  transitiveMemberOf: (user, args, context, info) =>
    userReads.transitiveMemberOf.connection(user.id, args, context, info),
};
