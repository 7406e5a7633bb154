import {
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  type FieldNode,
  type GraphQLResolveInfo,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

type SelectionContext = Pick<GraphQLResolveInfo, 'fragments' | 'variableValues'>;

/**
 * Whether the field being resolved selects `childName` directly on its result (through aliases,
 * inline fragments and fragment spreads, minus what `@skip`/`@include` leave out), e.g. whether
 * a connection's `totalCount` is asked for.
 */
export function selectsField(info: GraphQLResolveInfo, childName: string): boolean {
  return fieldNodesSelect(info.fieldNodes, info, childName);
}

/** `selectsField` for given nodes of a field, e.g. a child field found by its parent's resolver. */
export function fieldNodesSelect(
  fieldNodes: readonly FieldNode[],
  info: SelectionContext,
  childName: string,
): boolean {
  return fieldNodes.some((node) => node.selectionSet !== undefined && containsField(info, node.selectionSet, childName, 0));
}

function containsField(
  info: SelectionContext,
  selectionSet: SelectionSetNode,
  childName: string,
  depth: number,
): boolean {
  if (depth > 32) return false;
  return selectionSet.selections.some((selection) => {
    if (!isIncluded(info, selection)) return false;
    switch (selection.kind) {
      case 'Field':
        return selection.name.value === childName;
      case 'InlineFragment':
        return containsField(info, selection.selectionSet, childName, depth + 1);
      case 'FragmentSpread': {
        const fragment = info.fragments[selection.name.value];
        return fragment !== undefined && containsField(info, fragment.selectionSet, childName, depth + 1);
      }
    }
  });
}

/** Whether `@skip`/`@include` (with these variables) keep a selection in. */
export function isIncluded(info: Pick<GraphQLResolveInfo, 'variableValues'>, node: SelectionNode): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.if !== false;
}
