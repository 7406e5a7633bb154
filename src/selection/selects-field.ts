import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * Whether the field being resolved selects `childName` directly on its result (through aliases,
 * inline fragments and fragment spreads), e.g. whether a connection's `totalCount` is asked for.
 */
export function selectsField(info: GraphQLResolveInfo, childName: string): boolean {
  return info.fieldNodes.some(
    (node) => node.selectionSet !== undefined && containsField(info, node.selectionSet, childName, 0),
  );
}

function containsField(
  info: GraphQLResolveInfo,
  selectionSet: SelectionSetNode,
  childName: string,
  depth: number,
): boolean {
  if (depth > 32) return false;
  return selectionSet.selections.some((selection) => {
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
