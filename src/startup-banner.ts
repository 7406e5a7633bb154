/**
 * What `npm start` prints once it accepts requests: where GraphQL is, whether Graph is the
 * embedded emulator or a tenant, the signed-in default user (embedded), a curl example that
 * works as pasted (against a separately started emulator, with the command that gets its token),
 * the browser playground and the operational endpoints.
 */
import { isLoopbackHost } from './auth/authority';
import type { AuthMode } from './auth/auth-mode';
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

/**
 * The shell command that sets `TOKEN` from a Graph emulator's `POST /_emulator/token` (`body`:
 * which token, README "The Graph emulator"), with Node (always there) reading the JSON answer.
 */
export function emulatorTokenCommand(emulatorUrl: string, body: Record<string, string> = {}): string {
  const data = Object.keys(body).length > 0 ? ` -H 'content-type: application/json' -d '${JSON.stringify(body)}'` : '';
  return (
    `export TOKEN=$(curl -s -X POST ${emulatorUrl}/_emulator/token${data}` +
    ` | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).access_token')`
  );
}

/** Graph on this machine is a separately started emulator (real Graph is never on loopback). */
function isLocalEmulator(graphUrl: string): boolean {
  try {
    return isLoopbackHost(new URL(graphUrl).hostname);
  } catch {
    return false;
  }
}

function tenantCurl(config: Config, graphUrl: string, graphqlUrl: string): { note: string; commands: string[] } {
  const bearer = '-H "authorization: Bearer $TOKEN"';
  const usersQuery = '{ users(first: 5) { nodes { displayName } } }';
  if (config.authMode === 'app' && config.apiKeys.length > 0) {
    return {
      note: 'Try it (set API_KEY to one of GATEWAY_API_KEYS):',
      commands: [curlExample(graphqlUrl, usersQuery, ['-H "x-api-key: $API_KEY"'])],
    };
  }
  const app = config.target.kind === 'external' ? config.target.app : null;
  const tokens: Record<AuthMode, { what: string; emulatorBody: Record<string, string> }> = {
    app: { what: 'an app-only token for this API', emulatorBody: { kind: 'app' } },
    passthrough: { what: 'a Microsoft Graph access token', emulatorBody: { audience: 'graph' } },
    'on-behalf-of': { what: `a user token for api://${app?.clientId ?? '<client id>'}`, emulatorBody: {} },
  };
  const token = tokens[config.authMode];
  const curl = curlExample(graphqlUrl, config.authMode === 'app' ? usersQuery : '{ me { displayName mail } }', [
    bearer,
  ]);
  if (isLocalEmulator(graphUrl)) {
    return {
      note: `Try it (TOKEN: ${token.what}, minted by the Graph emulator at ${graphUrl}):`,
      commands: [emulatorTokenCommand(graphUrl, token.emulatorBody), curl],
    };
  }
  return { note: `Try it (set TOKEN to ${token.what}):`, commands: [curl] };
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
    const { note, commands } = tenantCurl(facts.config, facts.graphUrl, graphqlUrl);
    lines.push(note, ...commands.map((command) => `  ${command}`));
  }
  lines.push(bindLine(facts.config, facts.embedded !== null));
  if (facts.config.landingPage) {
    lines.push(
      `Playground: open ${graphqlUrl} in a browser (Apollo Sandbox; GraphiQL at ${facts.origin}/graphiql works offline)`,
    );
  }
  lines.push(
    `Health: ${facts.origin}/healthz, readiness: ${facts.origin}/readyz, metrics: ${facts.metricsOrigin ?? facts.origin}/metrics (JSON logs on stderr)`,
  );
  return lines;
}
