/**
 * GraphQL subscriptions as a browser would open them: `graphql-ws`'s own client over a real
 * WebSocket (`ws`) to the served gateway, never retrying, so a refused or closed connection shows
 * as it is.
 *
 *   const client = liveClient(gw.url, { authorization: `Bearer ${token}` });
 *   const changes = client.subscribe<{ plannerTaskChanged: Change }>(query, { planId });
 *   await waitFor(() => changes.results.length >= 1);
 *   await client.dispose();
 */
import type { GraphQLFormattedError } from 'graphql';
import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import { waitFor } from './wait';

export interface CloseEventSeen {
  code: number;
  reason: string;
}

export interface LiveSubscriptionRun<TData> {
  /** Every `next` payload, in order. */
  results: Array<FormattedExecutionResult<TData, unknown>>;
  /** The operation's `error` payload, when the server refused or ended it with errors. */
  errors: readonly GraphQLFormattedError[] | null;
  /** Whether the server completed the operation. */
  completed: boolean;
  /** Ends the subscription from the client's side. */
  unsubscribe(): void;
}

export interface LiveClient {
  client: Client;
  /** Close events of the connection, in order. */
  closes: CloseEventSeen[];
  /** Resolves once the server acknowledged `connection_init`. */
  connected: Promise<void>;
  subscribe<TData = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): LiveSubscriptionRun<TData>;
  dispose(): Promise<void>;
}

export function liveClient(httpUrl: string, connectionParams: Record<string, string> = {}): LiveClient {
  const closes: CloseEventSeen[] = [];
  let acknowledged: () => void = () => undefined;
  const connected = new Promise<void>((resolve) => {
    acknowledged = resolve;
  });
  const client = createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams,
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => undefined,
    on: {
      connected: () => acknowledged(),
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        closes.push({ code, reason: String(reason) });
      },
    },
  });
  return {
    client,
    closes,
    connected,
    subscribe<TData>(query: string, variables: Record<string, unknown> = {}) {
      const run: LiveSubscriptionRun<TData> = {
        results: [],
        errors: null,
        completed: false,
        unsubscribe: () => undefined,
      };
      run.unsubscribe = client.subscribe<TData>(
        { query, variables },
        {
          next: (result) => run.results.push(result),
          error: (error) => {
            run.errors = Array.isArray(error) ? (error as GraphQLFormattedError[]) : [{ message: String(error) }];
          },
          complete: () => {
            run.completed = true;
          },
        },
      );
      return run;
    },
    dispose: async () => client.dispose(),
  };
}

/** A Graph subscription as the emulator's `/_emulator/subscriptions` lists it. */
export interface EmulatorSubscription {
  id: string;
  resource: string;
  changeType: string;
  expirationDateTime: string;
  clientState: string | null;
}

/** The emulator's test controls for change notifications: its subscriptions, lifecycle events and faults. */
export function emulatorNotifications(gateway: { readonly emulatorUrl: string }) {
  const post = (path: string, body: unknown) =>
    fetch(`${gateway.emulatorUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const listing = async () =>
    (await (await fetch(`${gateway.emulatorUrl}/_emulator/subscriptions`)).json()) as {
      subscriptions: EmulatorSubscription[];
      delivery: { suppressed: number };
    };
  /** The share of Graph calls the emulator fails with 503 (0 to 1). */
  const faults = (errorRate: number) => post('/_emulator/faults', { errorRate });
  return {
    subscriptions: async (): Promise<EmulatorSubscription[]> => (await listing()).subscriptions,
    /** Notifications held back because their subscription was paused (`reauthorizationRequired`). */
    suppressed: async (): Promise<number> => (await listing()).delivery.suppressed,
    /** Has the emulator send one lifecycle event for a subscription. */
    lifecycle: (subscriptionId: string, lifecycleEvent: string) =>
      post(`/_emulator/subscriptions/${subscriptionId}/lifecycle`, { lifecycleEvent }),
    faults,
    /**
     * Leaves the subscription paused as a failed reauthorization does: Graph sends
     * `reauthorizationRequired` while every Graph call fails with 503, until the gateway has tried
     * the reauthorization and then a renewal (`graphLines`: the Graph requests seen). Graph then
     * answers again, and delivers nothing for the subscription until a renewal succeeds.
     */
    async pauseAfterFailedReauthorization(subscriptionId: string, graphLines: () => readonly string[]) {
      try {
        const faulted = await faults(1);
        if (faulted.status !== 200) throw new Error(`Setting faults answered ${faulted.status}`);
        await post(`/_emulator/subscriptions/${subscriptionId}/lifecycle`, {
          lifecycleEvent: 'reauthorizationRequired',
        });
        await waitFor(() => graphLines().includes(`PATCH /v1.0/subscriptions/${subscriptionId}`), {
          what: 'the renewal tried after the failed reauthorization',
        });
      } finally {
        await faults(0);
      }
    },
  };
}

/** Expires every delta and skip token the emulator issued so far: Graph answers them 410 from now on. */
export async function expireDeltaTokens(gateway: { readonly emulatorUrl: string }): Promise<void> {
  const response = await fetch(`${gateway.emulatorUrl}/_emulator/delta/expire`, { method: 'POST' });
  if (response.status !== 200) throw new Error(`Expiring the delta tokens answered ${response.status}`);
}

/** Where tests write to the emulator's Graph as another client would: its URL and its token minting. */
export interface EmulatorTarget {
  readonly emulatorUrl: string;
  readonly emulator: { mintAppToken(options: { roles: string[] }): string };
}

/** A write to the emulator's Graph (`/v1.0{path}`) as an app holding `roles`, as another Graph client makes it; resolves with the status. */
export async function graphWrite(
  target: EmulatorTarget,
  method: string,
  path: string,
  roles: string[],
  body?: unknown,
): Promise<number> {
  const response = await fetch(`${target.emulatorUrl}/v1.0${path}`, {
    method,
    headers: {
      authorization: `Bearer ${target.emulator.mintAppToken({ roles })}`,
      'content-type': 'application/json',
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  await response.arrayBuffer();
  return response.status;
}
