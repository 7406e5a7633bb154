/**
 * The emulator `npm start` embeds when no Azure settings are given: started in-process on
 * 127.0.0.1 (an ephemeral port), reached over HTTP like any Graph, with its default user as the
 * identity of requests that bring no credential.
 */
import { createEmulator, type Emulator, type EmulatorOptions } from '@msgraph-graphql/emulator';
import { listen } from '@msgraph-graphql/emulator/listen';
import type { AnonymousIdentity } from './auth/caller-auth';
import type { AzureApp } from './config';

export interface EmbeddedEmulator {
  emulator: Emulator;
  /** `http://127.0.0.1:<port>`: Graph root and identity platform host at once. */
  url: string;
  app: AzureApp;
  defaultUser: { id: string; userPrincipalName: string };
  anonymous: AnonymousIdentity;
  close(): Promise<void>;
}

// Re-minted well before the emulator's 3599 s lifetime; reusing one assertion lets MSAL's OBO
// cache (keyed by assertion) answer later requests without a token request.
const DEFAULT_USER_TOKEN_REUSE_MS = 30 * 60 * 1000;

export async function startEmbeddedEmulator(options: EmulatorOptions = {}): Promise<EmbeddedEmulator> {
  const emulator = createEmulator(options);
  const listening = await listen(emulator, { host: '127.0.0.1', port: 0 });
  const endpoints = emulator.endpoints(listening.url);
  const { info } = emulator;

  const minted = new Map<'api' | 'graph', { token: string; at: number }>();
  const anonymous: AnonymousIdentity = {
    async userToken(audience) {
      const cached = minted.get(audience);
      if (cached && Date.now() - cached.at < DEFAULT_USER_TOKEN_REUSE_MS) return cached.token;
      const token = emulator.mintUserToken(info.defaultUserId, { audience });
      minted.set(audience, { token, at: Date.now() });
      return token;
    },
  };

  return {
    emulator,
    url: listening.url,
    app: {
      tenantId: info.tenantId,
      clientId: info.clientId,
      clientSecret: info.clientSecret,
      authorityHost: endpoints.authorityHost,
    },
    defaultUser: { id: info.defaultUserId, userPrincipalName: info.defaultUserPrincipalName },
    anonymous,
    close: () => listening.close(),
  };
}
