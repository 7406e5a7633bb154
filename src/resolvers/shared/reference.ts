/** Federation references: the key an entity reference carries, and the `__resolveReference` every entity type shares. */
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../../context';
import { badUserInput } from '../../errors';
import type { EntityRead } from '../entity-reads';

export function referenceId(reference: { id?: unknown }, typeName: string): string {
  if (typeof reference.id === 'string' && reference.id !== '') return reference.id;
  throw badUserInput(`A ${typeName} reference needs its key: id.`);
}

/** An entity's `__resolveReference`: its key from the reference, then the entity's read by that key (`entity-reads.ts`). */
export function referenceResolver<Reference, Entity>(
  key: (reference: Reference) => string,
  read: EntityRead<Entity>,
): (reference: Reference, context: Context, info: GraphQLResolveInfo) => Promise<Entity> {
  // Async, so a reference without a usable key fails as this entity only, not the whole `_entities` field.
  return async (reference, context, info) => read(key(reference), context, info);
}
