/**
 * Runs queries compiled to JavaScript (graphql-jit) instead of through graphql-js's interpreter.
 * graphql-js allocates an arguments object, a resolve-info object and a null-prototype result
 * object for every field it executes; a page of 100 users with their groups and tasks is some
 * 10,000 fields, and that work and its garbage were a fifth of the gateway's CPU time per
 * operation. The compiled form of an operation walks the same resolvers with none of it.
 *
 * Handed to Apollo Server as a gateway executor, so Apollo still parses, validates, runs every
 * plugin hook and formats errors; only execution changes. graphql-js still runs where the compiled
 * form would not answer exactly as it does:
 * - what `compiled-operations.ts` does not compile: an operation's first use (one-off documents,
 *   an attacker's or a developer's typing, never pay for compilation), long documents, and
 *   anything past the compile budget;
 * - mutations: their input objects must keep absent fields absent, which graphql-jit fills with
 *   null (a PATCH would clear them), and they are few;
 * - a declared variable the request leaves out without a default (the same filling, in filters);
 * - variables graphql-js refuses (its errors carry the nodes Apollo needs for BAD_USER_INPUT);
 * - a federation router's request for an inline trace (ftv1), which Apollo records through
 *   graphql-js's per-field hooks.
 */
import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import {
  execute,
  getVariableValues,
  GraphQLError,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { CompiledQuery } from 'graphql-jit';
import { compiledOperations } from './compiled-operations';

type ExecutorGateway = ApolloServerOptionsWithGateway<Record<string, unknown>>['gateway'];
type Executor = NonNullable<Awaited<ReturnType<ExecutorGateway['load']>>['executor']>;
type ExecutorRequest = Parameters<Executor>[0];

/** How an operation was executed: its compiled form, or graphql-js (see the module comment for when). */
export type ExecutionEngine = 'compiled' | 'graphql-js';

const TRACE_HEADER = 'apollo-federation-include-trace';

/** Every declared variable has a value or a default (see the module comment on absent variables). */
function variablesComplete(operation: OperationDefinitionNode, inputs: Readonly<Record<string, unknown>>): boolean {
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue === undefined && !Object.hasOwn(inputs, definition.variable.name.value)) return false;
  }
  return true;
}

/**
 * graphql-jit's errors share graphql-js's prototype but not its shape (no `nodes`, `extensions`
 * left undefined), which Apollo's error formatting does not expect: each becomes a graphql-js
 * error with the same message, path, locations, extensions and original error. As graphql-js's
 * `locatedError` does, a thrown graphql-js error that already has its path is passed on as it is:
 * the result-node cap fails thousands of fields with one shared error, which must not become
 * thousands of new ones (each with a stack trace) on the way to the response guard.
 */
function asGraphQLJsError(error: GraphQLError): GraphQLError {
  const original = error.originalError;
  if (original instanceof GraphQLError && Array.isArray(original.path)) return original;
  const converted = new GraphQLError(error.message, {
    path: error.path,
    originalError: original ?? undefined,
    extensions: error.extensions ?? undefined,
  });
  return error.locations ? Object.assign(converted, { locations: error.locations }) : converted;
}

function withGraphQLJsErrors(result: ExecutionResult): ExecutionResult {
  return result.errors ? { ...result, errors: result.errors.map(asGraphQLJsError) } : result;
}

/** Apollo Server's `gateway` option: `schema` served, executed compiled where that answers as graphql-js would. */
export function compiledExecution(
  schema: GraphQLSchema,
  observe: (engine: ExecutionEngine) => void = () => {},
): ExecutorGateway {
  const operations = compiledOperations(schema);

  /** The compiled form to run `request` with, or null where graphql-js runs it. */
  function compiledFor(request: ExecutorRequest): CompiledQuery | null {
    const { document, operation } = request;
    if (!document || !operation || operation.operation !== 'query') return null;
    if (request.request.http?.headers.get(TRACE_HEADER) === 'ftv1') return null;
    const inputs = request.request.variables ?? {};
    if (!variablesComplete(operation, inputs)) return null;
    const compiled = operations.forUse(document, request.operationName, request.source);
    if (compiled === null) return null;
    if (
      operation.variableDefinitions?.length &&
      getVariableValues(schema, operation.variableDefinitions, inputs).errors
    )
      return null;
    return compiled;
  }

  const executor: Executor = async (request) => {
    const compiled = compiledFor(request);
    if (compiled) {
      observe('compiled');
      return withGraphQLJsErrors(await compiled.query(undefined, request.context, request.request.variables ?? {}));
    }
    observe('graphql-js');
    const { document } = request;
    // Apollo hands an executor only operations it has parsed and validated.
    if (!document) throw new Error('Apollo Server asked to execute an operation without its document.');
    return execute({
      schema,
      document,
      contextValue: request.context,
      variableValues: request.request.variables,
      // The name the caller sent: an unknown one must fail here, as Apollo expects.
      operationName: request.request.operationName,
    });
  };

  return {
    async load() {
      return { executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async stop() {},
  };
}
