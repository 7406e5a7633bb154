/**
 * Routes of a directory relationship (`/users/{id}/memberOf`, `/groups/{id}/members`...): the
 * `directoryObject` collection, its `/$count`, and one OData cast per member kind
 * (`.../microsoft.graph.group`, with its own `/$count`), whose items drop `@odata.type`.
 * Each cast is also served under the `graph` alias Graph's CSDL declares (`Alias="graph"`),
 * which Microsoft's Kiota SDKs build (`/users/{id}/memberOf/graph.group`).
 */
import { graphError } from '../../http/errors';
import { isGraphReply } from '../../http/odata';
import type { GraphReply, Route, RouteContext, RoutePermissions } from '../../http/types';
import type { DirectoryObject, DirectoryObjectKind } from '../../tenant/model';
import { ofKind } from './lookup';
import { countDirectoryObjects, hasEventualConsistency, listDirectoryObjects, type DirectoryQuery } from './query';
import { DIRECTORY_OBJECT_SUPPORT, SUPPORT_BY_KIND } from './query-support';

/** The entity set Graph names in `@odata.context` for each kind (contacts: `contacts`). */
export const ENTITY_SET_OF: Record<DirectoryObjectKind, string> = {
  user: 'users',
  group: 'groups',
  device: 'devices',
  servicePrincipal: 'servicePrincipals',
  orgContact: 'contacts',
  directoryRole: 'directoryRoles',
};

export const MIXED_RELATIONSHIP: DirectoryQuery = {
  resource: DIRECTORY_OBJECT_SUPPORT,
  entitySet: 'directoryObjects',
  withType: true,
  relationship: true,
  expandable: [],
};

export function castRelationship(kind: DirectoryObjectKind): DirectoryQuery {
  return {
    resource: SUPPORT_BY_KIND[kind],
    entitySet: ENTITY_SET_OF[kind],
    withType: false,
    relationship: true,
    expandable: [],
  };
}

/** The namespace and its CSDL alias: Graph accepts a cast spelled with either. */
const CAST_PREFIXES = ['microsoft.graph', 'graph'] as const;

export interface RelationshipSpec {
  pattern: string;
  permissions: RoutePermissions;
  /** The related objects in listing order, or the reply (404, 403) that stops the call. */
  source(ctx: RouteContext): readonly DirectoryObject[] | GraphReply;
  casts: readonly DirectoryObjectKind[];
  /**
   * Types Graph lists here that the emulated tenant never holds (administrative units among a
   * user's memberships, user-list-memberof.md): their casts answer an empty collection rather
   * than an unknown segment, as Graph does for a user in no administrative unit.
   */
  absentCasts?: readonly string[];
  /**
   * A transitive list: its casts are advanced queries ("Use of OData cast with transitive members
   * list", aad-advanced-queries.md), answered only with `ConsistencyLevel: eventual` and
   * `$count=true` (`$search` needs only the header).
   */
  transitive?: boolean;
}

/**
 * Graph documents that the call fails without the advanced query parameters but not its body
 * for a cast; this one follows the documented body for `endsWith` (README choices).
 */
function castNeedsAdvancedQuery(ctx: RouteContext): GraphReply | null {
  const { query } = ctx.call;
  const counted = query.get('$count')?.trim().toLowerCase() === 'true';
  if (hasEventualConsistency(ctx.call) && (counted || query.has('$search'))) return null;
  return graphError(
    400,
    'Request_UnsupportedQuery',
    'OData cast on a transitive list is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information',
  );
}

export function relationshipRoutes(spec: RelationshipSpec): Route[] {
  const route = (
    pattern: string,
    answer: (ctx: RouteContext, objects: readonly DirectoryObject[]) => GraphReply,
  ): Route => ({
    method: 'GET',
    pattern,
    permissions: spec.permissions,
    handler: (ctx) => {
      const objects = spec.source(ctx);
      return isGraphReply(objects) ? objects : answer(ctx, objects);
    },
  });
  const routes = [
    route(spec.pattern, (ctx, objects) => listDirectoryObjects(ctx, objects, MIXED_RELATIONSHIP)),
    route(`${spec.pattern}/$count`, (ctx, objects) => countDirectoryObjects(ctx, objects, MIXED_RELATIONSHIP)),
  ];
  for (const kind of spec.casts) {
    for (const prefix of CAST_PREFIXES) {
      const cast = `${spec.pattern}/${prefix}.${kind}`;
      routes.push(
        route(
          cast,
          (ctx, objects) =>
            (spec.transitive ? castNeedsAdvancedQuery(ctx) : null) ??
            listDirectoryObjects(ctx, ofKind(objects, kind), castRelationship(kind)),
        ),
        route(`${cast}/$count`, (ctx, objects) =>
          countDirectoryObjects(ctx, ofKind(objects, kind), castRelationship(kind)),
        ),
      );
    }
  }
  for (const type of spec.absentCasts ?? []) {
    const query = absentCastQuery(type);
    for (const prefix of CAST_PREFIXES) {
      const cast = `${spec.pattern}/${prefix}.${type}`;
      routes.push(
        route(
          cast,
          (ctx) => (spec.transitive ? castNeedsAdvancedQuery(ctx) : null) ?? listDirectoryObjects(ctx, [], query),
        ),
        route(`${cast}/$count`, (ctx) => countDirectoryObjects(ctx, [], query)),
      );
    }
  }
  return routes;
}

/** The query rules of a cast to a type with no objects: a directoryObject's, under the type's own name. */
function absentCastQuery(type: string): DirectoryQuery {
  return {
    resource: { ...DIRECTORY_OBJECT_SUPPORT, typeName: `microsoft.graph.${type}` },
    entitySet: `${type}s`,
    withType: false,
    relationship: true,
    expandable: [],
  };
}
