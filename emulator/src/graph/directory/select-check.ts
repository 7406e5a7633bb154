/**
 * `$select` names on users and groups must be properties of the type: Graph refuses an unknown
 * name with 400 rather than ignoring it. The body is the one Graph's OData layer is observed to
 * give for other types (code `BadRequest`, "Parsing OData Select and Expand failed: Could not
 * find a property named 'x' on type 'microsoft.graph.mailFolder'."); no page documents it. Navigation properties are accepted (and show nothing).
 * Items of a mixed `directoryObject` collection are not checked: a name there belongs to one of
 * the derived types.
 */
import { graphError } from '../../http/errors';
import type { GraphReply } from '../../http/types';
import { allPropertiesOf, type EntityTypeDef } from './entity-types';
import type { ResourceSupport } from './query-support';

const CHECKED_TYPES = new Set(['microsoft.graph.user', 'microsoft.graph.group']);

const knownNamesByType = new Map<EntityTypeDef, Set<string>>();

function knownNames(type: EntityTypeDef): Set<string> {
  let names = knownNamesByType.get(type);
  if (!names) {
    names = new Set([...allPropertiesOf(type), ...type.navigation].map((p) => p.name.toLowerCase()));
    knownNamesByType.set(type, names);
  }
  return names;
}

/** The 400 for the first unknown selected name, or null when every name is known. */
export function refuseUnknownSelected(select: readonly string[] | null, resource: ResourceSupport): GraphReply | null {
  if (!select || !CHECKED_TYPES.has(resource.typeName)) return null;
  const names = knownNames(resource.entityType);
  const unknown = select.find((name) => !names.has(name.toLowerCase()));
  if (unknown === undefined) return null;
  return graphError(
    400,
    'BadRequest',
    `Parsing OData Select and Expand failed: Could not find a property named '${unknown}' on type '${resource.typeName}'.`,
  );
}
