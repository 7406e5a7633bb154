import { gql } from '@apollo/client';

/**
 * A member or owner of a group: the interface `DirectoryObject`. Apollo Client matches this
 * fragment to a `User`, `Group` or `OtherDirectoryObject` only through the cache's `possibleTypes`
 * (see apollo.js); without them these fields would be dropped.
 */
const DIRECTORY_NAME = gql`
  fragment DirectoryName on DirectoryObject {
    id
    ... on User { displayName }
    ... on Group { displayName }
    ... on OtherDirectoryObject { displayName }
  }
`;

export const ME = gql`
  ${DIRECTORY_NAME}
  query Me {
    me {
      id
      displayName
      mail
      jobTitle
      memberOf(first: 20) {
        nodes {
          id
          displayName
          owners(first: 3) {
            nodes { ...DirectoryName }
          }
          plannerPlans {
            id
            title
            tasks(first: 10) {
              nodes { id etag title percentComplete status }
            }
          }
        }
      }
    }
  }
`;

export const USERS = gql`
  query Users($after: String) {
    users(first: 5, after: $after) {
      totalCount
      nodes { id displayName userPrincipalName jobTitle }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export const COMPLETE_TASK = gql`
  mutation CompleteTask($id: ID!, $etag: String!) {
    updatePlannerTask(input: { id: $id, etag: $etag, percentComplete: 100 }) {
      task { id etag title percentComplete status }
    }
  }
`;
