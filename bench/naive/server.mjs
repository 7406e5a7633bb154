/**
 * The naive baseline: the project's schema (`schema/*.graphql`, an Apollo Federation 2 subgraph)
 * served by a plain Apollo Server whose resolvers call Graph once per field and parent.
 *
 * Settings (environment): GRAPH_API_URL, AZURE_AUTHORITY_HOST, AZURE_TENANT_ID, AZURE_CLIENT_ID,
 * AZURE_CLIENT_SECRET (as for the gateway), NAIVE_AUTH_MODE `obo` (default) or `app`, PORT (0
 * picks a free one). Prints `Naive baseline ready at <url>` once it accepts requests.
 */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, isEnumType } from 'graphql';
import { loadProjectTypeDefs } from '../lib/project-schema.mjs';
import { GraphCaller, GraphStats } from './graph.mjs';
import { camelCaseEnumValues, resolvers } from './resolvers.mjs';
import { createTokenSource } from './token.mjs';

/** Enums whose Graph values are camelCase spellings of the schema's names (To Do). */
const CAMEL_CASE_ENUMS = ['TaskStatus', 'Importance', 'BodyType', 'WellknownListName'];

function setting(name) {
  const value = process.env[name];
  if (!value) throw new Error(`The naive baseline needs ${name}.`);
  return value;
}

/** Each resolver gets a Graph caller one level below its parent object (for the wave count). */
function withParentLevel(name, resolve) {
  if (typeof resolve !== 'function' || name === '__resolveType') return resolve;
  if (name === '__resolveReference')
    return (reference, context, info) =>
      resolve(reference, { ...context, graph: context.graph.below(reference) }, info);
  return (parent, args, context, info) =>
    resolve(parent, args, { ...context, graph: context.graph.below(parent) }, info);
}

/** `extensions.naiveStats = { httpRequests, waves }` when the caller sends `x-graph-stats: 1` (as for the gateway). */
const statsPlugin = {
  async requestDidStart({ request }) {
    if (request.http?.headers.get('x-graph-stats') !== '1') return {};
    return {
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== 'single') return;
        const { httpRequests, waves } = contextValue.stats;
        response.body.singleResult.extensions = {
          ...response.body.singleResult.extensions,
          naiveStats: { httpRequests, waves },
        };
      },
    };
  },
};

/** Keeps the resolvers of types and fields the schema has, so the baseline follows schema changes. */
function resolversFor(typeDefs) {
  const probe = buildSubgraphSchema([{ typeDefs }]);
  const kept = {};
  for (const [typeName, fields] of Object.entries(resolvers)) {
    const type = probe.getType(typeName);
    if (!type) continue;
    if (isEnumType(type)) {
      kept[typeName] = fields;
      continue;
    }
    const known = 'getFields' in type ? type.getFields() : {};
    kept[typeName] = Object.fromEntries(
      Object.entries(fields)
        .filter(([name]) => name.startsWith('__') || name in known)
        .map(([name, resolve]) => [name, withParentLevel(name, resolve)]),
    );
  }
  for (const name of CAMEL_CASE_ENUMS) {
    const type = probe.getType(name);
    if (type && isEnumType(type)) kept[name] = camelCaseEnumValues(type.getValues().map((value) => value.name));
  }
  return kept;
}

async function main() {
  const mode = process.env.NAIVE_AUTH_MODE ?? 'obo';
  if (mode !== 'obo' && mode !== 'app') throw new Error(`NAIVE_AUTH_MODE must be obo or app (got '${mode}').`);
  const graphRoot = `${setting('GRAPH_API_URL').replace(/\/+$/, '')}/v1.0`;
  const tokens = createTokenSource({
    authorityHost: setting('AZURE_AUTHORITY_HOST'),
    tenantId: setting('AZURE_TENANT_ID'),
    clientId: setting('AZURE_CLIENT_ID'),
    clientSecret: setting('AZURE_CLIENT_SECRET'),
  });
  if (mode === 'app') await tokens.app();

  const typeDefs = loadProjectTypeDefs();
  const server = new ApolloServer({
    schema: buildSubgraphSchema([{ typeDefs, resolvers: resolversFor(typeDefs) }]),
    plugins: [ApolloServerPluginInlineTraceDisabled(), statsPlugin],
  });
  const { url } = await startStandaloneServer(server, {
    listen: { host: '127.0.0.1', port: Number(process.env.PORT ?? 0) },
    context: async ({ req }) => {
      const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const stats = new GraphStats();
      if (mode === 'app') return { stats, graph: new GraphCaller(graphRoot, await tokens.app(), stats) };
      if (!bearer)
        throw new GraphQLError('A bearer token is needed.', {
          extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
        });
      return { stats, graph: new GraphCaller(graphRoot, await tokens.onBehalfOf(bearer), stats) };
    },
  });
  process.stdout.write(`Naive baseline ready at ${url.replace(/\/?$/, '/')}\n`);

  const stop = () => void server.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  process.stderr.write(`Naive baseline failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
