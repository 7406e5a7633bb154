/** Federation references: the key an entity reference carries. */
import { badUserInput } from '../../errors';

export function referenceId(reference: { id?: unknown }, typeName: string): string {
  if (typeof reference.id === 'string' && reference.id !== '') return reference.id;
  throw badUserInput(`A ${typeName} reference needs its key: id.`);
}
