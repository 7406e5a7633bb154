/**
 * What `npm start` prints once it accepts requests: where GraphQL is, whether Graph is the
 * embedded emulator or a tenant, the signed-in default user (embedded), a curl example that
 * works as pasted, and the operational endpoints.
 */
import { isLoopbackHost } from './auth/authority';
import type { Config } from './config';
import { curlExample } from './plugins/example-operations';

export interface BannerFacts {
  /** e.g. `http://localhost:4000` */
  origin: string;
  graphqlPath: string;
  config: Config;
  graphUrl: string;
  embedded: { url: string; defaultUser: { userPrincipalName: string; id: string } } | null;
  /** Where `/metrics` is served when it has its own listener (`METRICS_PORT`); null: on `origin`. */
  metricsOrigin?: string | null;
}

/** Which interfaces accept connections, and what that means in this mode. */
function bindLine(config: Config, embedded: boolean): string {
  if (config.host === null)
    return 'Listening on every interface (set HOST=127.0.0.1 to accept connections from this machine only)';
  const loopback = isLoopbackHost(config.host);
  if (embedded && !loopback) {
    return `Listening on ${config.host} (HOST): anyone who reaches this port acts as the default user and can change the emulated tenant`;
  }
  return `Listening on ${config.host} only (HOST)`;
}

function tenantCurl(config: Config, graphqlUrl: string): { note: string; command: string } {
  const tenantQuery = '{ me { displayName mail } }';
  if (config.authMode === 'app') {
    if (config.apiKeys.length > 0) {
      return {
        note: 'Try it (set API_KEY to one of GATEWAY_API_KEYS):',
        command: curlExample(graphqlUrl, '{ users(first: 5) { nodes { displayName } } }', ['-H "x-api-key: $API_KEY"']),
      };
    }
    return {
      note: 'Try it (set TOKEN to a token for this API):',
      command: curlExample(graphqlUrl, '{ users(first: 5) { nodes { displayName } } }', [
        '-H "authorization: Bearer $TOKEN"',
      ]),
    };
  }
  const app = config.target.kind === 'external' ? config.target.app : null;
  const what =
    config.authMode === 'passthrough'
      ? 'a Microsoft Graph access token'
      : `a user token for api://${app?.clientId ?? '<client id>'}`;
  return {
    note: `Try it (set TOKEN to ${what}):`,
    command: curlExample(graphqlUrl, tenantQuery, ['-H "authorization: Bearer $TOKEN"']),
  };
}

export function startupBanner(facts: BannerFacts): string[] {
  const graphqlUrl = `${facts.origin}${facts.graphqlPath}`;
  const lines = [`GraphQL API ready at ${graphqlUrl}`];
  if (facts.embedded) {
    const { userPrincipalName, id } = facts.embedded.defaultUser;
    lines.push(
      'Mode: embedded Graph emulator (no Azure settings given; set AZURE_TENANT_ID and AZURE_CLIENT_ID for a real tenant)',
      `Graph emulator (embedded) at ${facts.embedded.url}`,
      `Requests without an Authorization header act as the default signed-in user: ${userPrincipalName} (id ${id})`,
      'Try it:',
      `  ${curlExample(graphqlUrl)}`,
    );
  } else {
    const app = facts.config.target.kind === 'external' ? facts.config.target.app : null;
    const tenant = app ? `tenant ${app.tenantId}` : 'no app registration';
    lines.push(`Mode: Microsoft Graph at ${facts.graphUrl}, ${tenant} (GRAPH_AUTH_MODE=${facts.config.authMode})`);
    const { note, command } = tenantCurl(facts.config, graphqlUrl);
    lines.push(note, `  ${command}`);
  }
  lines.push(
    bindLine(facts.config, facts.embedded !== null),
    `Apollo Sandbox: open ${graphqlUrl} in a browser`,
    `Health: ${facts.origin}/healthz, readiness: ${facts.origin}/readyz, metrics: ${facts.metricsOrigin ?? facts.origin}/metrics (JSON logs on stderr)`,
  );
  return lines;
}
