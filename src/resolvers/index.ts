import type { Resolvers } from '../__generated__/resolvers-types';
import { DateTime } from './DateTime';
import { DirectoryObject, OtherDirectoryObject } from './DirectoryObject';
import { Group } from './Group';
import { Query } from './Query';
import { User } from './User';

export const resolvers: Resolvers = { Query, User, Group, DirectoryObject, OtherDirectoryObject, DateTime };
