/**
 * A subscription POSTed over HTTP would run once with no event behind it: refused before it
 * executes (HTTP 400), naming where subscriptions are served (graphql-ws on the same URL).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Context } from '../context';

export const SUBSCRIPTION_OVER_HTTP_MESSAGE =
  'Subscriptions are served over WebSocket with the graphql-ws protocol on this same URL, not over HTTP.';

export function subscriptionsOverWebSocketPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'subscription') return;
          throw new GraphQLError(SUBSCRIPTION_OVER_HTTP_MESSAGE, {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        },
      };
    },
  };
}
