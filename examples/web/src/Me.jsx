import { useMutation, useQuery } from '@apollo/client/react';
import { COMPLETE_TASK, ME } from './operations.js';

function Task({ task }) {
  const [complete, { loading, error }] = useMutation(COMPLETE_TASK, { variables: { id: task.id, etag: task.etag } });
  const done = task.status === 'COMPLETED';
  return (
    <li className="task" data-task-id={task.id} data-status={task.status}>
      <span className="task-title">{task.title}</span> <span className="task-progress">{task.percentComplete}%</span>{' '}
      {done ? (
        <span className="task-done">✓ completed</span>
      ) : (
        <button type="button" disabled={loading} onClick={() => complete()}>
          Mark complete
        </button>
      )}
      {error && <span className="error"> {error.message}</span>}
    </li>
  );
}

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
        group.plannerPlans.map((plan) => (
          <section className="plan" key={plan.id}>
            <h4>{plan.title}</h4>
            <ul>
              {plan.tasks.nodes.map((task) => task && <Task key={task.id} task={task} />)}
            </ul>
          </section>
        ))
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
