/**
 * The page sizes a connection gets when its `first` is left out or null. The schema declares
 * them as `first`'s default (which graphql-js applies when `first` is left out, and which the
 * cost reads); the resolvers apply them to an explicit `first: null`. A test holds the two equal.
 */

/** `first` of root lists (`users`, `groups`): Graph's own default page size. */
export const ROOT_LIST_DEFAULT_FIRST = 100;
/** `first` of nested lists (`directReports`, `memberOf`, `members`...). */
export const NESTED_LIST_DEFAULT_FIRST = 25;
