import type { OtherDirectoryObjectResolvers } from '../../__generated__/resolvers-types';
import { odataTypeOf } from './odata-type';

export const OtherDirectoryObject: OtherDirectoryObjectResolvers = {
  odataType: (object) => odataTypeOf(object) ?? '#microsoft.graph.directoryObject',
  displayName: (object) => (typeof object.displayName === 'string' ? object.displayName : null),
};
