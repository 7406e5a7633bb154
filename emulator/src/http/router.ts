/**
 * Matches a Graph path against the route table. Literal segments match case-insensitively
 * (as Graph's do) and win over `:name` segments, so `/users/$count` is never taken for a user
 * id. A path no pattern can start with names the first segment that fails, which is what
 * Graph's "Resource not found for the segment" message reports.
 */
import type { Route } from './types';

type Segment = { literal: string } | { param: string };

interface CompiledRoute {
  route: Route;
  segments: Segment[];
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'methodNotAllowed' }
  | { kind: 'unknownSegment'; segment: string };

export function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}

function compile(route: Route): CompiledRoute {
  const segments = splitPath(route.pattern).map((part): Segment =>
    part.startsWith(':') ? { param: part.slice(1) } : { literal: part.toLowerCase() },
  );
  return { route, segments };
}

function segmentMatches(segment: Segment, value: string): boolean {
  return 'param' in segment || segment.literal === value.toLowerCase();
}

/** Compares two routes matching the same path: the one with a literal earlier wins. */
function specificity(a: CompiledRoute, b: CompiledRoute): number {
  for (let i = 0; i < a.segments.length; i++) {
    const aLiteral = 'literal' in (a.segments[i] as Segment);
    const bLiteral = 'literal' in (b.segments[i] as Segment);
    if (aLiteral !== bLiteral) return aLiteral ? -1 : 1;
  }
  return 0;
}

export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map(compile);
  }

  /** `values` are the decoded path segments (see `canonicalPath`). */
  match(method: string, values: readonly string[]): RouteMatch {
    const candidates = this.compiled
      .filter(
        (c) =>
          c.segments.length === values.length && c.segments.every((s, i) => segmentMatches(s, values[i] as string)),
      )
      .sort(specificity);
    if (candidates.length === 0) return { kind: 'unknownSegment', segment: this.firstUnknownSegment(values) };
    // The most specific shape decides; a less specific one with the method does not rescue it
    // (GET /users/delta must not fall through to GET /users/:id).
    const best = candidates.filter((c) => specificity(c, candidates[0] as CompiledRoute) === 0);
    const chosen = best.find((c) => c.route.method === method.toUpperCase());
    if (!chosen) return { kind: 'methodNotAllowed' };
    const params: Record<string, string> = {};
    chosen.segments.forEach((segment, i) => {
      if ('param' in segment) params[segment.param] = values[i] as string;
    });
    return { kind: 'found', route: chosen.route, params };
  }

  private firstUnknownSegment(values: readonly string[]): string {
    for (let depth = 1; depth <= values.length; depth++) {
      const known = this.compiled.some(
        (c) =>
          c.segments.length >= depth &&
          values.slice(0, depth).every((v, i) => segmentMatches(c.segments[i] as Segment, v)),
      );
      if (!known) return values[depth - 1] as string;
    }
    // Every segment is known but the path stops short of (or runs past) any endpoint.
    return values[values.length - 1] ?? '';
  }
}
