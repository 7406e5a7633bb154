import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { loadConfig } from '../../src/config';
import { startupBanner } from '../../src/startup-banner';
import { serveGateway } from './served-gateway';

const embedded = { url: 'http://127.0.0.1:41234', defaultUser: { userPrincipalName: 'adele@contoso.test', id: '11111111-2222-3333-4444-555555555555' } };

describe('the start-up banner', () => {
  it('states embedded mode, the default user, a curl example and the operational endpoints', () => {
    const lines = startupBanner({ origin: 'http://localhost:4000', graphqlPath: '/graphql', config: loadConfig({}), graphUrl: embedded.url, embedded });

    expect(lines).toEqual([
      'GraphQL API ready at http://localhost:4000/graphql',
      'Mode: embedded Graph emulator (no Azure settings given; set AZURE_TENANT_ID and AZURE_CLIENT_ID for a real tenant)',
      'Graph emulator (embedded) at http://127.0.0.1:41234',
      'Requests without an Authorization header act as the default signed-in user: adele@contoso.test (id 11111111-2222-3333-4444-555555555555)',
      'Try it:',
      `  curl -s http://localhost:4000/graphql -H 'content-type: application/json' -d '{"query":"{ me { displayName mail manager { displayName } memberOf(first: 5) { nodes { displayName } } } }"}'`,
      'Listening on 127.0.0.1 only (HOST)',
      'Apollo Sandbox: open http://localhost:4000/graphql in a browser',
      'Health: http://localhost:4000/healthz, readiness: http://localhost:4000/readyz, metrics: http://localhost:4000/metrics (JSON logs on stderr)',
    ]);
  });

  it('states the tenant and auth mode and asks for a token in the curl example on a real tenant', () => {
    const config = loadConfig({ AZURE_TENANT_ID: 'contoso.onmicrosoft.com', AZURE_CLIENT_ID: 'abc-123', AZURE_CLIENT_SECRET: 's3cret-value' });
    const lines = startupBanner({ origin: 'http://localhost:4000', graphqlPath: '/graphql', config, graphUrl: 'https://graph.microsoft.com', embedded: null });

    expect(lines.slice(0, 3)).toEqual([
      'GraphQL API ready at http://localhost:4000/graphql',
      'Mode: Microsoft Graph at https://graph.microsoft.com, tenant contoso.onmicrosoft.com (GRAPH_AUTH_MODE=on-behalf-of)',
      'Try it (set TOKEN to a user token for api://abc-123):',
    ]);
    expect(lines[3]).toBe(
      `  curl -s http://localhost:4000/graphql -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' -d '{"query":"{ me { displayName mail } }"}'`,
    );
    expect(lines.join('\n')).not.toContain('s3cret-value');
  });

  it('says every interface outside embedded mode, warns when embedded mode is opened up, and names a separate metrics listener', () => {
    const tenant = loadConfig({ AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_SECRET: 's' });
    const tenantLines = startupBanner({ origin: 'http://localhost:4000', graphqlPath: '/graphql', config: tenant, graphUrl: 'https://graph.microsoft.com', embedded: null, metricsOrigin: 'http://localhost:9464' });
    expect(tenantLines).toContain('Listening on every interface (set HOST=127.0.0.1 to accept connections from this machine only)');
    expect(tenantLines.at(-1)).toContain('metrics: http://localhost:9464/metrics');

    const opened = startupBanner({ origin: 'http://localhost:4000', graphqlPath: '/graphql', config: loadConfig({ HOST: '0.0.0.0' }), graphUrl: embedded.url, embedded });
    expect(opened).toContain('Listening on 0.0.0.0 (HOST): anyone who reaches this port acts as the default user and can change the emulated tenant');
  });

  it('offers an x-api-key curl example under GRAPH_AUTH_MODE=app with API keys', () => {
    const config = loadConfig({
      AZURE_TENANT_ID: 't',
      AZURE_CLIENT_ID: 'c',
      AZURE_CLIENT_SECRET: 's',
      GRAPH_AUTH_MODE: 'app',
      GATEWAY_API_KEYS: '0123456789abcdef0123',
    });
    const lines = startupBanner({ origin: 'http://localhost:4000', graphqlPath: '/graphql', config, graphUrl: 'https://graph.microsoft.com', embedded: null });
    expect(lines[2]).toBe('Try it (set API_KEY to one of GATEWAY_API_KEYS):');
    expect(lines[3]).toContain(`-H "x-api-key: $API_KEY"`);
    expect(lines.join('\n')).not.toContain('0123456789abcdef0123');
  });

  it('prints a curl example that answers with data when pasted into a shell', async () => {
    const gw = await serveGateway();
    try {
      const [, , , , , curlLine] = startupBanner({
        origin: gw.origin,
        graphqlPath: '/graphql',
        config: loadConfig({}),
        graphUrl: gw.prepared.graphUrl,
        embedded: gw.prepared.embedded,
      });
      const { stdout } = await promisify(execFile)('sh', ['-c', curlLine.trim()]);
      const answer = JSON.parse(stdout) as { data: { me: { displayName: string } }; errors?: unknown };
      expect(answer.errors).toBeUndefined();
      expect(answer.data.me.displayName.length).toBeGreaterThan(0);
    } finally {
      await gw.close();
    }
  });
});
