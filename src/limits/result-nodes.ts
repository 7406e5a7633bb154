/**
 * The runtime cap GATEWAY_MAX_RESULT_NODES: how many objects an operation that passed the static
 * limits may really resolve. A list's declared size is an estimate (a plan may have 150 buckets),
 * so the gateway also counts while it runs.
 *
 * Objects are counted where they are produced: the resolvers of fields returning an object or a
 * list of objects are wrapped once, when the schema is built. Scalar fields (most of a response)
 * keep their resolvers untouched, so the hot path pays one counter update per object, not per
 * field. Once the count passes the cap, every further object field fails before its resolver
 * runs: no more Graph reads, no more memory; the response guard (`plugins/result-guard.ts`) then
 * sends only the refusal.
 */
import {
  defaultFieldResolver,
  getNamedType,
  GraphQLError,
  isCompositeType,
  isObjectType,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import { limitExtensions, limitMessage, type LimitExceeded } from './errors';

/** What one operation has resolved so far; keyed by its context object. */
interface Tally {
  objects: number;
  exceeded: LimitExceeded | null;
  /** The one error every field fails with once the cap is passed (see `refusal`). */
  error: GraphQLError | null;
}

const tallies = new WeakMap<object, Tally>();

function tallyOf(context: unknown): Tally | undefined {
  if (typeof context !== 'object' || context === null) return undefined;
  let tally = tallies.get(context);
  if (!tally) {
    tally = { objects: 0, exceeded: null, error: null };
    tallies.set(context, tally);
  }
  return tally;
}

/**
 * Once the cap is passed, every object field still to run fails, thousands of them: they share
 * one error, created once and already given a path so that graphql-js does not copy it per field
 * (capturing a stack trace per field costs more than resolving the field). The response guard
 * then replaces them all with one refusal.
 */
function refusal(tally: Tally, exceeded: LimitExceeded): GraphQLError {
  tally.error ??= new GraphQLError(limitMessage(exceeded), { extensions: limitExtensions(exceeded), path: [] });
  return tally.error;
}

function objectsIn(value: unknown): number {
  if (value === null || value === undefined) return 0;
  return Array.isArray(value) ? value.length : 1;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function counting(
  resolve: GraphQLFieldResolver<unknown, unknown>,
  max: number,
): GraphQLFieldResolver<unknown, unknown> {
  const count = (tally: Tally, value: unknown): unknown => {
    tally.objects += objectsIn(value);
    if (tally.objects > max && !tally.exceeded) tally.exceeded = { limit: 'maxResultNodes', value: tally.objects, max };
    if (tally.exceeded) throw refusal(tally, tally.exceeded);
    return value;
  };
  return (source, args, context, info) => {
    const tally = tallyOf(context);
    if (!tally) return resolve(source, args, context, info);
    if (tally.exceeded) throw refusal(tally, tally.exceeded);
    const value = resolve(source, args, context, info);
    // The resolver's own promise is chained, not wrapped in another (hundreds an operation).
    return isPromiseLike(value) ? value.then((resolved) => count(tally, resolved)) : count(tally, value);
  };
}

/**
 * Wraps the resolvers of every field returning objects so that they count them against
 * `maxResultNodes`. Mutates and returns `schema` (built for one gateway, before Apollo starts).
 */
export function countResultNodes(schema: GraphQLSchema, maxResultNodes: number): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!isCompositeType(getNamedType(field.type))) continue;
      field.resolve = counting(field.resolve ?? defaultFieldResolver, maxResultNodes);
    }
  }
  return schema;
}

/** The result-node cap this operation passed, if it did; keyed by the operation's context object. */
export function resultNodesExceeded(context: object): LimitExceeded | null {
  return tallies.get(context)?.exceeded ?? null;
}
