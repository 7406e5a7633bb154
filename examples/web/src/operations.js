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

/** What the To Do view shows of a task: the same fields from the query, the mutation and live changes. */
export const TODO_TASK = gql`
  fragment TodoTask on OutlookTask { id title status importance dueDateTime }
`;

/** The signed-in user's To Do lists (`GET /me/todo/lists`), for the list picker. */
export const TODO_LISTS = gql`
  query TodoLists {
    me {
      id
      outlookTaskLists { id displayName wellknownListName }
    }
  }
`;

/** One list's tasks: `outlookTaskLists(id:)` reads the lists again and only this one's tasks. */
export const TODO_LIST_TASKS = gql`
  ${TODO_TASK}
  query TodoListTasks($listId: ID!) {
    me {
      id
      outlookTaskLists(id: $listId) {
        id
        tasks(first: 25) {
          nodes { ...TodoTask }
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

export const COMPLETE_TODO_TASK = gql`
  ${TODO_TASK}
  mutation CompleteTodoTask($listId: ID!, $id: ID!) {
    updateOutlookTask(input: { listId: $listId, id: $id, status: COMPLETED }) {
      task { ...TodoTask }
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

/**
 * A To Do list's task changes, over WebSocket (the gateway holds a Graph change-notification
 * subscription on the list, or polls it when Graph cannot reach it). `task` is null for a deleted task.
 */
export const TODO_TASK_CHANGED = gql`
  ${TODO_TASK}
  subscription TodoTaskChanged($listId: ID!) {
    outlookTaskChanged(listId: $listId) {
      changeType
      taskId
      task { ...TodoTask }
    }
  }
`;
