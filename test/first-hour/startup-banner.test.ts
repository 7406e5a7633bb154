import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { loadConfig } from '../../src/config';
import { startupBanner, type BannerFacts } from '../../src/startup-banner';
import { asNpmStart, emulatorSettings, startTestGateway } from '../kit';

/** The banner's commands under its "Try it" line, as a user copies them. */
function tryItCommands(lines: string[]): string[] {
  const start = lines.findIndex((line) => line.startsWith('Try it'));
  const commands: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('  ')) break;
    commands.push(line.trim());
  }
  return commands;
}

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

  it('names the playground, and leaves it out with GATEWAY_LANDING_PAGE=off', () => {
    expect(bannerAt(loadConfig({}), { graphUrl: embedded.url, embedded })).toContain(
      'Playground: open http://localhost:4000/graphql in a browser (Apollo Sandbox; GraphiQL at http://localhost:4000/graphiql works offline)',
    );
    const off = bannerAt(loadConfig({ GATEWAY_LANDING_PAGE: 'off' }), { graphUrl: embedded.url, embedded });
    expect(off.join('\n')).not.toMatch(/Playground|Sandbox|graphiql/);
  });

  it('tells how to get the TOKEN from a separately started emulator, for the token each mode takes', () => {
    const emulatorUrl = 'http://127.0.0.1:4001';
    const app = { AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_SECRET: 's', GRAPH_API_URL: emulatorUrl };
    const node = `| node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).access_token')`;
    const cases = [
      [
        'on-behalf-of',
        'a user token for api://c',
        `export TOKEN=$(curl -s -X POST ${emulatorUrl}/_emulator/token ${node}`,
      ],
      [
        'passthrough',
        'a Microsoft Graph access token',
        `export TOKEN=$(curl -s -X POST ${emulatorUrl}/_emulator/token -H 'content-type: application/json' -d '{"audience":"graph"}' ${node}`,
      ],
      [
        'app',
        'an app-only token for this API',
        `export TOKEN=$(curl -s -X POST ${emulatorUrl}/_emulator/token -H 'content-type: application/json' -d '{"kind":"app"}' ${node}`,
      ],
    ] as const;
    for (const [mode, what, command] of cases) {
      const lines = bannerAt(loadConfig({ ...app, GRAPH_AUTH_MODE: mode }), { graphUrl: emulatorUrl });
      expect(lines.find((line) => line.startsWith('Try it'))).toBe(
        `Try it (TOKEN: ${what}, minted by the Graph emulator at ${emulatorUrl}):`,
      );
      expect(tryItCommands(lines)[0]).toBe(command);
      expect(tryItCommands(lines)[1]).toMatch(
        /^curl -s http:\/\/localhost:4000\/graphql -H "authorization: Bearer \$TOKEN" /,
      );
    }
  });

  it('prints commands that answer with data when pasted into a shell, against a separately started emulator', async () => {
    const gw = await startTestGateway({ users: 20, external: { GRAPH_AUTH_MODE: 'on-behalf-of' }, serve: true });
    try {
      const lines = startupBanner({
        origin: gw.origin,
        graphqlPath: '/graphql',
        config: loadConfig(emulatorSettings(gw.emulator, gw.emulatorUrl)),
        graphUrl: gw.prepared.graphUrl,
        embedded: null,
      });
      const { stdout } = await promisify(execFile)('sh', ['-c', tryItCommands(lines).join('\n')]);
      const answer = JSON.parse(stdout) as { data: { me: { displayName: string } }; errors?: unknown };
      expect(answer.errors).toBeUndefined();
      const me = await gw.rest<{ displayName: string }>(`/users/${gw.emulator.info.defaultUserId}?$select=displayName`);
      expect(answer.data.me.displayName).toBe(me.displayName);
    } finally {
      await gw.close();
    }
  });
});
