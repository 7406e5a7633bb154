import { useQuery } from '@apollo/client/react';
import { USERS } from './operations.js';

export function Users() {
  const { data, loading, error, fetchMore } = useQuery(USERS, { notifyOnNetworkStatusChange: true });
  if (!data && loading) return <p>Loading users…</p>;
  if (error) return <p className="error">Could not load users: {error.message}</p>;
  const { nodes, pageInfo, totalCount } = data.users;
  return (
    <section id="users">
      <h2>
        Users <span className="muted">({totalCount == null ? nodes.length : `${nodes.length} of ${totalCount}`})</span>
      </h2>
      <ul id="user-list">
        {nodes.map((user) => user && (
          <li key={user.id}>
            {user.displayName} <span className="muted">{user.userPrincipalName}</span>
          </li>
        ))}
      </ul>
      {pageInfo.hasNextPage && (
        <button type="button" id="load-more" disabled={loading} onClick={() => fetchMore({ variables: { after: pageInfo.endCursor } })}>
          Load more
        </button>
      )}
    </section>
  );
}
