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

/** What the task board shows of a task: the same fields from the query, the mutation and live changes. */
export const BOARD_TASK = gql`
  fragment BoardTask on PlannerTask { id etag title percentComplete status }
`;

export const ME = gql`
  ${DIRECTORY_NAME}
  ${BOARD_TASK}
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
              nodes { ...BoardTask }
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
  ${BOARD_TASK}
  mutation CompleteTask($id: ID!, $etag: String!) {
    updatePlannerTask(input: { id: $id, etag: $etag, percentComplete: 100 }) {
      task { ...BoardTask }
    }
  }
`;

/**
 * A plan's task changes, over WebSocket (the gateway polls Planner, which has no change
 * notifications). `task` is null for a deleted task.
 */
export const PLAN_TASK_CHANGED = gql`
  ${BOARD_TASK}
  subscription PlanTaskChanged($planId: ID!) {
    plannerTaskChanged(planId: $planId) {
      changeType
      taskId
      task { ...BoardTask }
    }
  }
`;
