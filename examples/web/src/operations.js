import { gql } from '@apollo/client';

export const ME = gql`
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
