import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApolloProvider } from '@apollo/client/react';
import { createClient, GRAPHQL_URL, loadPossibleTypes } from './apollo.js';
import { createLiveConnection, webSocketUrl } from './live.js';
import { App } from './App.jsx';
import './style.css';

const root = createRoot(document.getElementById('root'));
loadPossibleTypes().then(
  (possibleTypes) => {
    const live = createLiveConnection(webSocketUrl(GRAPHQL_URL));
    const client = createClient(possibleTypes, live.client);
    // Changes made while the socket was down arrive as no event: read the live views again.
    live.onReconnected(() => client.refetchQueries({ include: ['Me', 'TodoListTasks'] }));
    root.render(
      <StrictMode>
        <ApolloProvider client={client}>
          <App live={live} />
        </ApolloProvider>
      </StrictMode>,
    );
  },
  (error) => root.render(<p className="error">Could not reach the gateway: {error.message}</p>),
);
