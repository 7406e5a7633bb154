import type { DirectoryObjectResolvers, OtherDirectoryObjectResolvers } from '../../__generated__/resolvers-types';

/** Graph's `@odata.type`, present on every item of a directoryObject collection. */
function odataTypeOf(object: object): string | undefined {
  const value: unknown = (object as { '@odata.type'?: unknown })['@odata.type'];
  return typeof value === 'string' ? value : undefined;
}

export const DirectoryObject: DirectoryObjectResolvers = {
  __resolveType: (object) => {
    switch (odataTypeOf(object)?.toLowerCase()) {
      case '#microsoft.graph.user':
        return 'User';
      case '#microsoft.graph.group':
        return 'Group';
      default:
        return 'OtherDirectoryObject';
    }
  },
};

export const OtherDirectoryObject: OtherDirectoryObjectResolvers = {
  odataType: (object) => odataTypeOf(object) ?? '#microsoft.graph.directoryObject',
  displayName: (object) => (typeof object.displayName === 'string' ? object.displayName : null),
};
