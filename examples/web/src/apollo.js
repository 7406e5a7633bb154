import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';

/** Appends each page of `users` to the ones already shown ("load more" with connection cursors). */
function appendPages(existing, incoming) {
  if (!existing) return incoming;
  // Graph counts only on the first page (`$count` is not repeated in nextLinks).
  return { ...incoming, totalCount: incoming.totalCount ?? existing.totalCount, nodes: [...existing.nodes, ...incoming.nodes] };
}

export const client = new ApolloClient({
  link: new HttpLink({ uri: '/graphql' }),
  cache: new InMemoryCache({
    typePolicies: {
      Query: {
        fields: {
          users: { keyArgs: ['filter', 'search'], merge: appendPages },
        },
      },
    },
  }),
});
