/**
 * OData query options shared by every collection and entity endpoint of the emulator.
 * (Skeleton with the signatures the route modules code against; the directory work fills
 * in the bodies.)
 */
import type { GraphCall, GraphReply } from './types';

/** Properties named by `$select`, or null when the call has no `$select`. */
export function parseSelect(call: GraphCall): string[] | null {
  const raw = call.query.get('$select');
  return raw ? raw.split(',').map((s) => s.trim()).filter(Boolean) : null;
}

/**
 * Keeps the properties a response shows: the `$select`ed ones when given (plus `id`, which
 * Graph always returns), otherwise `defaults`. Unknown selected names are ignored.
 */
export function project(record: object, select: readonly string[] | null, defaults: readonly string[]): Record<string, unknown> {
  void record; void select; void defaults;
  throw new Error('not implemented yet');
}

export interface CollectionOptions {
  /** Default page size when no `$top` is given. */
  defaultPageSize: number;
  /** Largest `$top` accepted (Graph: 999 for directory objects); larger answers 400. */
  maxPageSize: number;
  /** `@odata.context` fragment after `$metadata#`, e.g. `users` or `directoryObjects`. */
  contextPath: string;
}

/**
 * Answers one page of an already filtered and projected collection: `$top`, an opaque
 * `$skiptoken` and `@odata.nextLink` built from the call's own origin and query options.
 */
export function collectionPage(call: GraphCall, items: readonly unknown[], options: CollectionOptions): GraphReply {
  void call; void items; void options;
  throw new Error('not implemented yet');
}
