import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';

/**
 * Where the gateway is: `VITE_GRAPHQL_URL` at build time (a gateway on another origin, called
 * with CORS; the gateway must allow this app's origin, as `npm start` allows every localhost page),
 * or `/graphql` on the app's own origin (Vite's proxy forwards it to the gateway).
 */
export const GRAPHQL_URL = import.meta.env.VITE_GRAPHQL_URL || '/graphql';

/** The gateway's `possibleTypes` map (which types implement `DirectoryObject`), for the cache. */
export async function loadPossibleTypes() {
  const url = new URL('/possible-types.json', new URL(GRAPHQL_URL, window.location.href));
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return (await response.json()).possibleTypes;
}

/** Appends each page of `users` to the ones already shown ("load more" with connection cursors). */
function appendPages(existing, incoming) {
  if (!existing) return incoming;
  // Graph counts only on the first page (`$count` is not repeated in nextLinks).
  return { ...incoming, totalCount: incoming.totalCount ?? existing.totalCount, nodes: [...existing.nodes, ...incoming.nodes] };
}

/**
 * The app's client: subscriptions over the `graphql-ws` connection `live` (see live.js), queries
 * and mutations over HTTP POST (the gateway serves only subscriptions over WebSocket).
 */
export function createClient(possibleTypes, live) {
  return new ApolloClient({
    link: ApolloLink.split(
      (operation) => operation.operationType === 'subscription',
      new GraphQLWsLink(live),
      new HttpLink({ uri: GRAPHQL_URL }),
    ),
    cache: new InMemoryCache({
      possibleTypes,
      typePolicies: {
        Query: {
          fields: {
            users: { keyArgs: ['filter', 'search'], merge: appendPages },
          },
        },
      },
    }),
  });
}
