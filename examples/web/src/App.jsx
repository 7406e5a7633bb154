import { LiveIndicator } from './LiveIndicator.jsx';
import { Me } from './Me.jsx';
import { Todo } from './Todo.jsx';
import { Users } from './Users.jsx';

export function App({ live }) {
  return (
    <main>
      <h1>
        msgraph-graphql <LiveIndicator connection={live} />
      </h1>
      <Me />
      <Todo />
      <Users />
    </main>
  );
}
