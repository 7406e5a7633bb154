import { getDirectiveValues, GraphQLIncludeDirective, GraphQLSkipDirective, type SelectionNode } from 'graphql';

/**
 * Whether `@skip`/`@include` (with these variables) keep a selection in. A directive whose
 * variable has no value keeps it: execution refuses such variables before any resolver runs,
 * and until then the selection counts against the limits.
 */
export function isIncluded(node: SelectionNode, variables: Readonly<Record<string, unknown>>): boolean {
  if (!node.directives?.length) return true;
  try {
    if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
    return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
  } catch {
    return true;
  }
}
