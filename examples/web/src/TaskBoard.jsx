import { useMutation } from '@apollo/client/react';
import { COMPLETE_TASK } from './operations.js';
import { PLAN_TASKS, useTaskChanges } from './taskChanges.js';

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

/** A plan's tasks, kept current by the plan's `plannerTaskChanged` events (written to the cache). */
export function TaskBoard({ plan }) {
  const { error } = useTaskChanges(PLAN_TASKS, plan.id);
  return (
    <section className="plan" data-plan-id={plan.id}>
      <h4>{plan.title}</h4>
      {error && <p className="error">Live updates stopped: {error.message}</p>}
      <ul>{plan.tasks.nodes.map((task) => task && <Task key={task.id} task={task} />)}</ul>
    </section>
  );
}
