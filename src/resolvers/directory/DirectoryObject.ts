import type { DirectoryObjectResolvers } from '../../__generated__/resolvers-types';
import { odataTypeOf } from './odata-type';

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
