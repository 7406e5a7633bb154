/**
 * The compiled forms of the operations a process serves, bounded in every way a caller could
 * push: compiling costs milliseconds of one thread per operation (about 90 ms for a query of 200
 * aliased lists) and keeps generated code in memory, so
 * - an operation is compiled on its second use, never for a one-off document;
 * - a document longer than `maxSourceLength` is never compiled (an app's operations are short);
 * - compiling may take at most `budgetMs` of every `windowMs`: a caller sending a stream of new
 *   documents twice each gets graphql-js once the budget is spent, and so does everyone until
 *   the window passes, while operations compiled before keep running compiled;
 * - at most `maxDocuments` documents keep compiled forms, the least recently run dropped first
 *   (Apollo's document store keeps thousands of parsed documents; compiled code is larger).
 */
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

export interface CompileLimits {
  maxDocuments: number;
  maxSourceLength: number;
  budgetMs: number;
  windowMs: number;
}

export const DEFAULT_COMPILE_LIMITS: CompileLimits = {
  maxDocuments: 500,
  maxSourceLength: 10_000,
  // A twentieth of one core.
  budgetMs: 500,
  windowMs: 10_000,
};

/** Uses of an operation that graphql-js runs before it is compiled. */
const USES_BEFORE_COMPILING = 1;

export interface CompiledOperations {
  /**
   * The compiled form to run this use of an operation with, or null: graphql-js runs it (a first
   * use, a long document, a spent budget, an operation graphql-jit cannot compile).
   */
  forUse(document: DocumentNode, operationName: string | null, source: string | undefined): CompiledQuery | null;
}

export function compiledOperations(
  schema: GraphQLSchema,
  limits: CompileLimits = DEFAULT_COMPILE_LIMITS,
  now: () => number = () => performance.now(),
): CompiledOperations {
  /** Uses before compiling, per document and operation name; forgotten with the document. */
  const uses = new WeakMap<DocumentNode, Map<string, number>>();
  /** Compiled forms (null: graphql-jit refused the operation), least recently run first. */
  const compiled = new Map<DocumentNode, Map<string, CompiledQuery | null>>();
  let windowStart = -Infinity;
  let spentMs = 0;

  function recentlyRun(document: DocumentNode): Map<string, CompiledQuery | null> | undefined {
    const byName = compiled.get(document);
    if (byName) {
      compiled.delete(document);
      compiled.set(document, byName);
    }
    return byName;
  }

  function remember(document: DocumentNode, name: string, form: CompiledQuery | null): void {
    let byName = compiled.get(document);
    if (!byName) {
      compiled.set(document, (byName = new Map()));
      const oldest = compiled.keys().next();
      if (compiled.size > limits.maxDocuments && !oldest.done) compiled.delete(oldest.value);
    }
    byName.set(name, form);
  }

  function withinBudget(): boolean {
    const at = now();
    if (at - windowStart >= limits.windowMs) {
      windowStart = at;
      spentMs = 0;
    }
    return spentMs < limits.budgetMs;
  }

  return {
    forUse(document, operationName, source) {
      const name = operationName ?? '';
      const known = recentlyRun(document)?.get(name);
      if (known !== undefined) return known;
      let counts = uses.get(document);
      if (!counts) uses.set(document, (counts = new Map()));
      const used = counts.get(name) ?? 0;
      if (used < USES_BEFORE_COMPILING) {
        counts.set(name, used + 1);
        return null;
      }
      if ((source?.length ?? 0) > limits.maxSourceLength || !withinBudget()) return null;
      const started = now();
      const result = compileQuery(schema, document, operationName ?? undefined, {
        // Errors are rebuilt as graphql-js errors (with their own stack) where they are kept.
        disablingCapturingStackErrors: true,
      });
      spentMs += now() - started;
      const form = isCompiledQuery(result) ? result : null;
      remember(document, name, form);
      counts.delete(name);
      return form;
    },
  };
}
