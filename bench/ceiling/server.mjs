/**
 * The ceiling: the project's schema (`schema/*.graphql`, an Apollo Federation 2 subgraph) on a
 * bare Apollo Server that answers one operation from memory, through DataLoaders, with the
 * response the gateway returned for it. It does everything a GraphQL server over a data source
 * must (parse, validate, execute every field, batch the loads of a tick, serialize) and nothing
 * of the data source's, so its CPU time per operation is a floor for the gateway's.
 *
 * The response is captured from the gateway with `__typename` in every selection set (so that
 * abstract types resolve and federation references find their entity) and served as is: every
 * field returning objects loads its value from the parent object through a DataLoader of that
 * field; scalars use graphql-js's default resolver. Like the gateway, it runs without Apollo's
 * cache-control and inline-trace plugins.
 *
 * The same server is the I/O floor when it is given the Graph requests the gateway sent for the
 * operation: each operation then first sends them again to Graph (the emulator), round by round,
 * parses every answer and keeps them until its response is sent (`graph-replay.mjs`), then
 * answers from memory as the ceiling does. So the floor is the ceiling plus the gateway's Graph
 * I/O and nothing else of the gateway's (no auth, limits, metrics, cursors or result shaping):
 * what any server making those requests would pay. A request Graph fails fails the operation.
 *
 * Settings (environment): CEILING_RESPONSE_FILE (the captured `data`, JSON), PORT (0 picks a
 * free one); for the floor also CEILING_GRAPH_EXCHANGES_FILE (`{ rounds: [[{ method, target,
 * headers, body }]] }`, JSON), CEILING_GRAPH_URL (Graph's base, the emulator's URL) and
 * CEILING_GRAPH_TOKEN (the Graph token to send). Prints `Ceiling ready at <url>` (`I/O floor
 * ready at <url>`) once it accepts requests.
 */
import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import DataLoader from 'dataloader';
import { getNamedType, isAbstractType, isCompositeType, isObjectType } from 'graphql';
import { loadProjectTypeDefs } from '../lib/project-schema.mjs';
import { graphReplay } from './graph-replay.mjs';

/** Federation's own root fields, resolved by `buildSubgraphSchema` (references below). */
const FEDERATION_ROOT_FIELDS = new Set(['_entities', '_service']);

/** Every object of the captured response that has a type and an id, as `Type:id` (for references). */
function entitiesOf(data) {
  const entities = new Map();
  const visit = (value) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      if (typeof value.__typename === 'string' && typeof value.id === 'string') {
        const key = `${value.__typename}:${value.id}`;
        if (!entities.has(key)) entities.set(key, value);
      }
      Object.values(value).forEach(visit);
    }
  };
  visit(data);
  return entities;
}

/** A field returning objects: its value, from the parent, through the request's DataLoader of that field. */
function fromLoader(source, _args, context, info) {
  return context.loaderOf(info.path.key).load(source);
}

function resolversFor(schema) {
  const resolvers = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isAbstractType(type)) {
      resolvers[type.name] = { __resolveType: (value) => value.__typename };
      continue;
    }
    if (!isObjectType(type)) continue;
    const fields = {};
    for (const field of Object.values(type.getFields())) {
      if (type.name === 'Query' && FEDERATION_ROOT_FIELDS.has(field.name)) continue;
      if (isCompositeType(getNamedType(field.type))) fields[field.name] = fromLoader;
    }
    if ('id' in type.getFields())
      fields.__resolveReference = (reference, context) => context.references.load(`${type.name}:${reference.id}`);
    resolvers[type.name] = fields;
  }
  return resolvers;
}

function contextFor(entities) {
  const loaders = new Map();
  return {
    loaderOf(key) {
      let loader = loaders.get(key);
      if (!loader) {
        loader = new DataLoader(async (sources) => sources.map((source) => source[key] ?? null));
        loaders.set(key, loader);
      }
      return loader;
    },
    references: new DataLoader(async (keys) => keys.map((key) => entities.get(key) ?? null)),
  };
}

/** The floor's Graph I/O, or null for the ceiling. */
function graphReplayFromEnv() {
  const file = process.env.CEILING_GRAPH_EXCHANGES_FILE;
  if (!file) return null;
  const graphUrl = process.env.CEILING_GRAPH_URL;
  const token = process.env.CEILING_GRAPH_TOKEN;
  if (!graphUrl || !token) throw new Error('The I/O floor needs CEILING_GRAPH_URL and CEILING_GRAPH_TOKEN.');
  const { rounds } = JSON.parse(readFileSync(file, 'utf8'));
  return graphReplay({ rounds, graphUrl, token });
}

async function main() {
  const replay = graphReplayFromEnv();
  const file = process.env.CEILING_RESPONSE_FILE;
  if (!file) throw new Error('The ceiling needs CEILING_RESPONSE_FILE.');
  const data = JSON.parse(readFileSync(file, 'utf8'));
  const entities = entitiesOf(data);
  const typeDefs = loadProjectTypeDefs();
  const probe = buildSubgraphSchema([{ typeDefs }]);
  const server = new ApolloServer({
    schema: buildSubgraphSchema([{ typeDefs, resolvers: resolversFor(probe) }]),
    rootValue: data,
    plugins: [ApolloServerPluginCacheControlDisabled(), ApolloServerPluginInlineTraceDisabled()],
  });
  const { url } = await startStandaloneServer(server, {
    listen: { host: '127.0.0.1', port: Number(process.env.PORT ?? 0) },
    // The floor's answers stay referenced from the context until the response is sent.
    context: replay
      ? async () => ({ ...contextFor(entities), graphAnswers: await replay() })
      : async () => contextFor(entities),
  });
  process.stdout.write(`${replay ? 'I/O floor' : 'Ceiling'} ready at ${url.replace(/\/?$/, '/')}\n`);

  const stop = () => void server.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  const which = process.env.CEILING_GRAPH_EXCHANGES_FILE ? 'The I/O floor' : 'The ceiling';
  process.stderr.write(`${which} failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
