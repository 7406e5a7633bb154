/**
 * The fields a field selects directly on its result (through aliases, inline fragments and
 * fragment spreads, minus what `@skip`/`@include` leave out), as graphql-js collects them for
 * execution: which relationships a prefetch starts, whether a connection asks for `totalCount`.
 * One level only (nested fields are the walk's), computed on demand and remembered per
 * selection set and type, so a fragment spread many times is collected once.
 */
import {
  isAbstractType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { isIncluded } from './included';

export interface SelectedFields {
  /** The child fields of `fieldNodes` that apply when their result is a `type`; with no `type`, those of every fragment. */
  of(fieldNodes: readonly FieldNode[], type?: GraphQLObjectType): readonly FieldNode[];
  /** Whether `fieldNodes` select `childName` on their result (under any alias). */
  includes(fieldNodes: readonly FieldNode[], childName: string): boolean;
}

const ANY_TYPE = '';

export function selectedFields(
  schema: GraphQLSchema,
  fragments: Readonly<Record<string, FragmentDefinitionNode | undefined>>,
  variables: Readonly<Record<string, unknown>>,
): SelectedFields {
  const collected = new Map<SelectionSetNode, Map<string, readonly FieldNode[]>>();

  function applies(condition: string | undefined, type: GraphQLObjectType | undefined): boolean {
    if (type === undefined || condition === undefined || condition === type.name) return true;
    const conditionType = schema.getType(condition);
    return conditionType !== undefined && isAbstractType(conditionType) && schema.isSubType(conditionType, type);
  }

  function collect(selectionSet: SelectionSetNode, type: GraphQLObjectType | undefined): readonly FieldNode[] {
    const key = type?.name ?? ANY_TYPE;
    let byType = collected.get(selectionSet);
    const known = byType?.get(key);
    if (known) return known;
    if (!byType) collected.set(selectionSet, (byType = new Map()));
    // Fragments cannot spread themselves in a valid operation; an empty answer ends a cycle anyway.
    byType.set(key, []);
    const fields = new Set<FieldNode>();
    for (const selection of selectionSet.selections) {
      if (!isIncluded(selection, variables)) continue;
      if (selection.kind === 'Field') {
        fields.add(selection);
      } else if (selection.kind === 'InlineFragment') {
        if (applies(selection.typeCondition?.name.value, type))
          for (const field of collect(selection.selectionSet, type)) fields.add(field);
      } else {
        const fragment = fragments[selection.name.value];
        if (fragment && applies(fragment.typeCondition.name.value, type))
          for (const field of collect(fragment.selectionSet, type)) fields.add(field);
      }
    }
    const list = [...fields];
    byType.set(key, list);
    return list;
  }

  const of = (fieldNodes: readonly FieldNode[], type?: GraphQLObjectType): readonly FieldNode[] => {
    if (fieldNodes.length === 1) return fieldNodes[0].selectionSet ? collect(fieldNodes[0].selectionSet, type) : [];
    return fieldNodes.flatMap((node) => (node.selectionSet ? collect(node.selectionSet, type) : []));
  };
  return {
    of,
    includes: (fieldNodes, childName) => of(fieldNodes).some((field) => field.name.value === childName),
  };
}
