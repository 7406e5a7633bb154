/** Routes of a root directory collection (`/users`, `/groups`): the collection and its `/$count`. */
import type { Route, RouteContext, RoutePermissions } from '../../http/types';
import type { DirectoryObject } from '../../tenant/model';
import { countDirectoryObjects, listDirectoryObjects, type DirectoryQuery } from './query';

export interface CollectionSpec {
  pattern: string;
  permissions: RoutePermissions;
  /** Every object of the collection, in listing order. */
  objects(ctx: RouteContext): readonly DirectoryObject[];
  query: DirectoryQuery;
}

export function collectionRoutes(spec: CollectionSpec): Route[] {
  return [
    {
      method: 'GET',
      pattern: spec.pattern,
      permissions: spec.permissions,
      handler: (ctx) => listDirectoryObjects(ctx, spec.objects(ctx), spec.query),
    },
    {
      method: 'GET',
      pattern: `${spec.pattern}/$count`,
      permissions: spec.permissions,
      handler: (ctx) => countDirectoryObjects(ctx, spec.objects(ctx), spec.query),
    },
  ];
}
