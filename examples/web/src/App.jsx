import { Me } from './Me.jsx';
import { Users } from './Users.jsx';

export function App() {
  return (
    <main>
      <h1>msgraph-graphql</h1>
      <Me />
      <Users />
    </main>
  );
}
