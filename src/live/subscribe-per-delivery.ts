/**
 * graphql-js's `subscribe` runs every event with the context the subscription started with. A
 * live subscription can last for hours, while a context is made for one operation (its Graph
 * client's caches and token belong to one moment), so here each delivery gets a new context with
 * the subscriber's identity: the entity under an event is read fresh, and the changes delivered
 * together (one poll) resolve in one context, so their reads share `$batch` requests.
 */
import { createSourceEventStream, execute, GraphQLError, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Context } from '../context';
import { LiveDelivery } from './session';

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

function asGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  return new GraphQLError(error instanceof Error ? error.message : String(error), {
    originalError: error instanceof Error ? error : null,
  });
}

function isAsyncIterator(value: unknown): value is AsyncIterator<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value && 'next' in value;
}

export interface DeliveryContexts {
  /** The context the subscription starts with (its field's `subscribe` resolver runs in it). */
  first: Context;
  /** A new context with the same identity, for one delivery. */
  open(): Promise<Context>;
}

/**
 * Like graphql-js's `subscribe`, with a new context per delivery. `onEnd` runs once when the
 * stream ends, however it ends (also when it never starts).
 */
export async function subscribePerDelivery(
  args: ExecutionArgs,
  contexts: DeliveryContexts,
  onEnd: () => void,
): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  let source: AsyncIterator<unknown>;
  try {
    const stream = await createSourceEventStream({ ...args, contextValue: contexts.first });
    if (!isAsyncIterator(stream)) {
      onEnd();
      return stream as ExecutionResult;
    }
    source = stream;
  } catch (error) {
    onEnd();
    return { errors: [asGraphQLError(error)] };
  }

  let ended = false;
  const end = async () => {
    if (ended) return;
    ended = true;
    onEnd();
    await source.return?.();
  };
  // Results of one delivery not yet handed out (they are sent one message each, in order).
  const ready: ExecutionResult[] = [];

  const results: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      const waiting = ready.shift();
      if (waiting) return { done: false, value: waiting };
      if (ended) return DONE;
      let next: IteratorResult<unknown>;
      try {
        next = await source.next();
      } catch (error) {
        await end();
        throw error;
      }
      if (next.done || ended) {
        await end();
        return DONE;
      }
      const payloads = next.value instanceof LiveDelivery ? next.value.payloads : [next.value];
      let context: Context;
      try {
        context = await contexts.open();
      } catch (error) {
        // The subscriber's identity no longer authenticates (its token expired): it must reconnect.
        await end();
        throw error;
      }
      // Executed together, so the reads of every change of the delivery join the same waves.
      const executed = await Promise.all(
        payloads.map(async (payload) => execute({ ...args, rootValue: payload, contextValue: context })),
      );
      ready.push(...executed);
      const first = ready.shift();
      return first ? { done: false, value: first } : results.next();
    },
    async return() {
      ready.length = 0;
      await end();
      return DONE;
    },
    async throw(error: unknown) {
      await end();
      throw error;
    },
    [Symbol.asyncIterator]: () => results,
  };
  return results;
}
