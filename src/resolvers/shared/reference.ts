/** Federation references: the key an entity reference carries, and the `__resolveReference` every entity type shares. */
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../../context';
import { badUserInput } from '../../errors';

type ByKey<T> = (key: string, context: Context, info: GraphQLResolveInfo) => T;

export function referenceId(reference: { id?: unknown }, typeName: string): string {
  if (typeof reference.id === 'string' && reference.id !== '') return reference.id;
  throw badUserInput(`A ${typeName} reference needs its key: id.`);
}

/**
 * An entity's `__resolveReference`: its key from the reference, its read by that key, and the
 * prefetch of what the router's selection asks below it (issued after the read, in the same tick).
 */
export function referenceResolver<Reference, Entity>(entity: {
  key: (reference: Reference) => string;
  read: ByKey<Promise<Entity>>;
  prefetch: ByKey<void>;
}): (reference: Reference, context: Context, info: GraphQLResolveInfo) => Promise<Entity> {
  // Async, so a reference without a usable key fails as this entity only, not the whole `_entities` field.
  return async (reference, context, info) => {
    const key = entity.key(reference);
    const read = entity.read(key, context, info);
    entity.prefetch(key, context, info);
    return read;
  };
}
