/**
 * The one app registration the emulator knows: the gateway's. Its ids and secret derive from
 * the tenant seed (so a `.env` written for `--seed 7` keeps working across restarts); the
 * signing key does not, so tokens never survive a restart.
 */
import { SeededRandom } from '../tenant/random';

/** Microsoft Graph's resource: its app id and identifier URI (both appear as `aud`). */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';

/** Application permissions admin-consented for the app (what `.default` gives client credentials). */
export const GRANTED_APPLICATION_PERMISSIONS: readonly string[] = [
  'Directory.Read.All',
  'Group.Read.All',
  'GroupMember.Read.All',
  'Tasks.ReadWrite.All',
  'User.Read.All',
];

/** Delegated permissions consented for every user (what `.default` gives on-behalf-of). */
export const CONSENTED_DELEGATED_PERMISSIONS: readonly string[] = [
  'Directory.Read.All',
  'Group.Read.All',
  'GroupMember.Read.All',
  'Tasks.ReadWrite',
  'User.Read',
  'User.Read.All',
  'User.ReadBasic.All',
];

/** The scope this API exposes to its own clients (the `scp` of tokens for the API). */
export const API_SCOPE = 'access_as_user';

/** The app role this API defines for applications (the `roles` of app-only tokens for the API). */
export const API_APP_ROLE = 'Gateway.Access';

export interface AppRegistration {
  clientId: string;
  clientSecret: string;
  /** The API's identifier URI, the `aud` of user tokens issued for it. */
  apiAudience: string;
  /** Object id of the app's service principal: the `oid` and `sub` of its app-only tokens. */
  servicePrincipalId: string;
  displayName: string;
}

export function createAppRegistration(seed: number): AppRegistration {
  // A stream of its own, so the app's ids never shift the tenant's generated data.
  const random = new SeededRandom((seed ^ 0x5eed_a99) >>> 0);
  const clientId = random.guid();
  const servicePrincipalId = random.guid();
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const body = Array.from({ length: 34 }, () => random.pick([...alphabet])).join('');
  // Entra ID client secrets look like `abc8Q~...`: three characters, a digit-letter pair, a tilde.
  const clientSecret = `${body.slice(0, 3)}8Q~${body.slice(3)}`;
  return {
    clientId,
    clientSecret,
    apiAudience: `api://${clientId}`,
    servicePrincipalId,
    displayName: 'msgraph-graphql (emulated app)',
  };
}
