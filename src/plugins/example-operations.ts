/**
 * The operations preloaded in Apollo Sandbox at `/graphql`: the signed-in user with groups and
 * tasks, users with paging, and a Planner update. Also the curl example printed at start-up.
 */
export const EXAMPLE_OPERATIONS = `# Run an operation with the ▶ button; put cursors and ids from one result into the variables of the next.

query Me {
  me {
    displayName
    mail
    memberOf(first: 10) {
      nodes {
        displayName
        plannerPlans { id title }
      }
    }
    plannerTasks(first: 10) {
      nodes { id etag title percentComplete status plan { title } }
    }
  }
}

query Users($after: String) {
  users(first: 5, after: $after) {
    totalCount
    nodes { displayName userPrincipalName jobTitle }
    pageInfo { hasNextPage endCursor }
  }
}

# Take id and etag from a task of "Me".
mutation CompleteTask($id: ID!, $etag: String!) {
  updatePlannerTask(input: { id: $id, etag: $etag, percentComplete: 100 }) {
    task { id etag title percentComplete status completedDateTime }
  }
}
`;

export const EXAMPLE_VARIABLES = { after: null, id: '<task id>', etag: '<task etag>' };

export const CURL_EXAMPLE_QUERY =
  '{ me { displayName mail manager { displayName } memberOf(first: 5) { nodes { displayName } } } }';

/** A curl command that works as pasted in a POSIX shell. */
export function curlExample(
  graphqlUrl: string,
  query = CURL_EXAMPLE_QUERY,
  extraHeaders: readonly string[] = [],
): string {
  const body = JSON.stringify({ query });
  const headers = [...extraHeaders, "-H 'content-type: application/json'"].join(' ');
  return `curl -s ${graphqlUrl} ${headers} -d '${body.replace(/'/g, `'\\''`)}'`;
}
