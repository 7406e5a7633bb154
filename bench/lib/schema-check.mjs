/**
 * Whether the project's schema can run an operation at all: fields of an issue that has not
 * landed yet make a scenario "pending" for the gateway and the naive baseline (both serve
 * `schema/*.graphql`) rather than a failure.
 */

/** @returns {Promise<string[]>} validation problems; empty when the operation fits the schema */
export async function projectSchemaProblems(query) {
  const { parse, validate } = await import('graphql');
  const { buildSubgraphSchema } = await import('@apollo/subgraph');
  const { loadProjectTypeDefs } = await import('./project-schema.mjs');
  const schema = buildSubgraphSchema([{ typeDefs: loadProjectTypeDefs() }]);
  return validate(schema, parse(query)).map((error) => error.message);
}
