import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { loadConfig } from '../../src/config';
import { startupBanner, type BannerFacts } from '../../src/startup-banner';
import { asNpmStart, startTestGateway } from '../kit';

/** The banner's curl example, as a user copies it. */
function curlOf(lines: string[]): string {
  return lines.find((line) => line.trimStart().startsWith('curl '))?.trim() ?? '';
}

const embedded = {
  url: 'http://127.0.0.1:41234',
  defaultUser: { userPrincipalName: 'adele@contoso.test', id: '11111111-2222-3333-4444-555555555555' },
};

/** The banner of a gateway served at http://localhost:4000/graphql, against Microsoft Graph unless `facts` say otherwise. */
function bannerAt(config: BannerFacts['config'], facts: Partial<BannerFacts> = {}): string[] {
  return startupBanner({
    origin: 'http://localhost:4000',
    graphqlPath: '/graphql',
    config,
    graphUrl: 'https://graph.microsoft.com',
    embedded: null,
    ...facts,
  });
}

describe('the start-up banner', () => {
  it('states embedded mode, the default user, a curl example and the operational endpoints', () => {
    const lines = bannerAt(loadConfig({}), { graphUrl: embedded.url, embedded });

    // The lines a user relies on, not the wording of every hint around them.
    expect(lines[0]).toBe('GraphQL API ready at http://localhost:4000/graphql');
    expect(lines.find((line) => line.startsWith('Mode: '))).toMatch(/^Mode: embedded Graph emulator\b/);
    expect(lines).toContain('Graph emulator (embedded) at http://127.0.0.1:41234');
    expect(lines.find((line) => line.includes('default signed-in user'))).toMatch(
      /adele@contoso\.test \(id 11111111-2222-3333-4444-555555555555\)$/,
    );
    expect(curlOf(lines)).toBe(
      `curl -s http://localhost:4000/graphql -H 'content-type: application/json' -d '{"query":"{ me { displayName mail manager { displayName } memberOf(first: 5) { nodes { displayName } } } }"}'`,
    );
    expect(lines).toContain('Listening on 127.0.0.1 only (HOST)');
    expect(lines.find((line) => line.startsWith('Health: '))).toMatch(
      /^Health: http:\/\/localhost:4000\/healthz, readiness: http:\/\/localhost:4000\/readyz, metrics: http:\/\/localhost:4000\/metrics\b/,
    );
  });

  it('states the tenant and auth mode and asks for a token in the curl example on a real tenant', () => {
    const config = loadConfig({
      AZURE_TENANT_ID: 'contoso.onmicrosoft.com',
      AZURE_CLIENT_ID: 'abc-123',
      AZURE_CLIENT_SECRET: 's3cret-value',
    });
    const lines = bannerAt(config);

    expect(lines[0]).toBe('GraphQL API ready at http://localhost:4000/graphql');
    expect(lines).toContain(
      'Mode: Microsoft Graph at https://graph.microsoft.com, tenant contoso.onmicrosoft.com (GRAPH_AUTH_MODE=on-behalf-of)',
    );
    expect(lines.find((line) => line.startsWith('Try it'))).toContain('a user token for api://abc-123');
    expect(curlOf(lines)).toBe(
      `curl -s http://localhost:4000/graphql -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' -d '{"query":"{ me { displayName mail } }"}'`,
    );
    expect(lines.join('\n')).not.toContain('s3cret-value');
  });

  it('says every interface outside embedded mode, warns when embedded mode is opened up, and names a separate metrics listener', () => {
    const tenant = loadConfig({ AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_SECRET: 's' });
    const tenantLines = bannerAt(tenant, { metricsOrigin: 'http://localhost:9464' });
    expect(tenantLines).toContain(
      'Listening on every interface (set HOST=127.0.0.1 to accept connections from this machine only)',
    );
    expect(tenantLines.at(-1)).toContain('metrics: http://localhost:9464/metrics');

    const opened = bannerAt(loadConfig({ HOST: '0.0.0.0' }), { graphUrl: embedded.url, embedded });
    expect(opened).toContain(
      'Listening on 0.0.0.0 (HOST): anyone who reaches this port acts as the default user and can change the emulated tenant',
    );
  });

  it('offers an x-api-key curl example under GRAPH_AUTH_MODE=app with API keys', () => {
    const config = loadConfig({
      AZURE_TENANT_ID: 't',
      AZURE_CLIENT_ID: 'c',
      AZURE_CLIENT_SECRET: 's',
      GRAPH_AUTH_MODE: 'app',
      GATEWAY_API_KEYS: '0123456789abcdef0123',
    });
    const lines = bannerAt(config);
    expect(lines.find((line) => line.startsWith('Try it'))).toContain('API_KEY');
    expect(curlOf(lines)).toContain(`-H "x-api-key: $API_KEY"`);
    expect(lines.join('\n')).not.toContain('0123456789abcdef0123');
  });

  it('prints a curl example that answers with data when pasted into a shell', async () => {
    const gw = await startTestGateway(asNpmStart());
    try {
      const lines = startupBanner({
        origin: gw.origin,
        graphqlPath: '/graphql',
        config: loadConfig({}),
        graphUrl: gw.prepared.graphUrl,
        embedded: gw.prepared.embedded,
      });
      const curlLine = curlOf(lines);
      const { stdout } = await promisify(execFile)('sh', ['-c', curlLine]);
      const answer = JSON.parse(stdout) as { data: { me: { displayName: string } }; errors?: unknown };
      expect(answer.errors).toBeUndefined();
      expect(answer.data.me.displayName.length).toBeGreaterThan(0);
    } finally {
      await gw.close();
    }
  });
});
