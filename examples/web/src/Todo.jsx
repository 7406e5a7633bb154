import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { COMPLETE_TODO_TASK, TODO_LIST_TASKS, TODO_LISTS } from './operations.js';
import { TODO_TASKS, useTaskChanges } from './taskChanges.js';

const STATUS_LABELS = {
  NOT_STARTED: 'not started',
  IN_PROGRESS: 'in progress',
  WAITING_ON_OTHERS: 'waiting on others',
  DEFERRED: 'deferred',
};

function TodoTask({ listId, task }) {
  const [complete, { loading, error }] = useMutation(COMPLETE_TODO_TASK, { variables: { listId, id: task.id } });
  const done = task.status === 'COMPLETED';
  const importance = task.importance.toLowerCase();
  return (
    <li className="todo-task" data-task-id={task.id} data-status={task.status}>
      <span className="task-title">{task.title}</span>
      {' · '}
      <span className={`task-importance importance-${importance}`}>{importance}</span>
      {/* A due date is a day in To Do (its time is midnight): the day, in UTC as the gateway gives it. */}
      {task.dueDateTime && (
        <>
          {' · '}
          <span className="task-due muted">due {task.dueDateTime.slice(0, 10)}</span>
        </>
      )}
      {' · '}
      {done ? (
        <span className="task-done">✓ completed</span>
      ) : (
        <>
          <span className="task-status muted">{STATUS_LABELS[task.status] ?? task.status}</span>{' '}
          <button type="button" disabled={loading} onClick={() => complete()}>
            Mark complete
          </button>
        </>
      )}
      {error && <span className="error"> {error.message}</span>}
    </li>
  );
}

/** One list's tasks, kept current by the list's `outlookTaskChanged` events (written to the cache). */
function TodoTasks({ listId }) {
  // Read again whenever the list is picked: while another list was shown, this one had no subscription.
  const { data, error } = useQuery(TODO_LIST_TASKS, { variables: { listId }, fetchPolicy: 'cache-and-network' });
  const live = useTaskChanges(TODO_TASKS, listId);
  if (error) return <p className="error">Could not load the list's tasks: {error.message}</p>;
  const list = data?.me.outlookTaskLists[0];
  if (!list) return <p>Loading tasks…</p>;
  return (
    <div className="todo-tasks" data-list-id={listId}>
      {live.error && <p className="error">Live updates stopped: {live.error.message}</p>}
      {list.tasks.nodes.length === 0 && <p className="muted">No tasks</p>}
      <ul>{list.tasks.nodes.map((task) => task && <TodoTask key={task.id} listId={listId} task={task} />)}</ul>
    </div>
  );
}

/** The signed-in user's To Do lists: pick one to see its tasks (the built-in "Tasks" list first). */
export function Todo() {
  const { data, loading, error } = useQuery(TODO_LISTS);
  const [picked, setPicked] = useState(null);
  if (loading) return <p>Loading the To Do lists…</p>;
  if (error) return <p className="error">Could not load the To Do lists: {error.message}</p>;
  const lists = data.me.outlookTaskLists;
  const listId = picked ?? (lists.find((list) => list.wellknownListName === 'DEFAULT_LIST') ?? lists[0])?.id;
  return (
    <section id="todo">
      <h2>To Do</h2>
      {listId === undefined ? (
        <p className="muted">No lists</p>
      ) : (
        <>
          <label>
            List{' '}
            <select id="todo-list" value={listId} onChange={(event) => setPicked(event.target.value)}>
              {lists.map((list) => (
                <option key={list.id} value={list.id}>
                  {list.displayName}
                </option>
              ))}
            </select>
          </label>
          <TodoTasks key={listId} listId={listId} />
        </>
      )}
    </section>
  );
}
