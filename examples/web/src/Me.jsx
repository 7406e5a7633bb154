import { useQuery } from '@apollo/client/react';
import { ME } from './operations.js';
import { TaskBoard } from './TaskBoard.jsx';

function Group({ group }) {
  return (
    <li className="group">
      <h3>{group.displayName}</h3>
      {group.owners.nodes.length > 0 && (
        <p className="muted owners">
          Owners: {group.owners.nodes.map((owner) => owner?.displayName ?? owner?.id).join(', ')}
        </p>
      )}
      {group.plannerPlans.length === 0 ? (
        <p className="muted">No plans</p>
      ) : (
        group.plannerPlans.map((plan) => <TaskBoard key={plan.id} plan={plan} />)
      )}
    </li>
  );
}

export function Me() {
  const { data, loading, error } = useQuery(ME);
  if (loading) return <p>Loading the signed-in user…</p>;
  if (error) return <p className="error">Could not load the signed-in user: {error.message}</p>;
  const { me } = data;
  return (
    <section id="me">
      <h2>
        Signed in as <span id="me-name">{me.displayName}</span>
      </h2>
      <p className="muted">
        {me.mail} {me.jobTitle && `· ${me.jobTitle}`}
      </p>
      <h2>Groups</h2>
      <ul id="groups">
        {me.memberOf.nodes.map((group) => group && <Group key={group.id} group={group} />)}
      </ul>
    </section>
  );
}
