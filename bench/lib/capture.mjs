/**
 * The gateway's answer to a scenario, captured once per run for the ceiling (bench/ceiling/):
 * the same operation with `__typename` in every selection set, so that the ceiling can resolve
 * abstract types and federation references from the data alone.
 */
import { Kind, parse, print, visit } from 'graphql';
import { postOperation } from './measure.mjs';

export function withTypenames(query) {
  const document = visit(parse(query), {
    SelectionSet(node) {
      const has = node.selections.some(
        (selection) => selection.kind === Kind.FIELD && !selection.alias && selection.name.value === '__typename',
      );
      if (has) return undefined;
      const typename = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };
      return { ...node, selections: [...node.selections, typename] };
    },
  });
  return print(document);
}

/** The `data` the target answers the operation with (typenames added), or null when it fails. */
export async function captureResponse(target, operation) {
  const result = await postOperation(target, { ...operation, query: withTypenames(operation.query) });
  const failed = result.status !== 200 || (Array.isArray(result.body.errors) && result.body.errors.length > 0);
  return failed ? null : (result.body.data ?? null);
}
