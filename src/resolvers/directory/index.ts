/** Users, groups and other directory objects, and their `Query` roots. */
export { DirectoryObject } from './DirectoryObject';
export { Group } from './Group';
export { OtherDirectoryObject } from './OtherDirectoryObject';
export { Query } from './Query';
export { User } from './User';
