import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApolloProvider } from '@apollo/client/react';
import { createClient, loadPossibleTypes } from './apollo.js';
import { App } from './App.jsx';
import './style.css';

const root = createRoot(document.getElementById('root'));
loadPossibleTypes().then(
  (possibleTypes) =>
    root.render(
      <StrictMode>
        <ApolloProvider client={createClient(possibleTypes)}>
          <App />
        </ApolloProvider>
      </StrictMode>,
    ),
  (error) => root.render(<p className="error">Could not reach the gateway: {error.message}</p>),
);
