import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, type Env } from '../src/config';
import { DEFAULT_OPERATION_LIMITS } from '../src/limits';

function problemsOf(env: Env): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('loadConfig accepted the settings');
}

const externalApp = {
  AZURE_TENANT_ID: '11111111-2222-3333-4444-555555555555',
  AZURE_CLIENT_ID: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
  AZURE_CLIENT_SECRET: 'not-a-real-secret',
};

describe('loadConfig', () => {
  it('uses the embedded emulator with every default when nothing is set', () => {
    expect(loadConfig({})).toEqual({
      port: 4000,
      logLevel: 'info',
      authMode: 'on-behalf-of',
      maxConcurrency: 32,
      apiKeys: [],
      target: { kind: 'embedded' },
      limits: DEFAULT_OPERATION_LIMITS,
      redisUrl: null,
      host: '127.0.0.1',
      authorization: { requiredScopes: ['access_as_user'], requiredRoles: ['Gateway.Access'], allowedClientIds: null },
      cursorSecret: null,
      metricsPort: null,
      landingPage: true,
      corsOrigins: ['http://localhost:*', 'http://127.0.0.1:*', 'http://[::1]:*'],
      pollIntervalMs: 30_000,
      notificationUrl: null,
    });
  });

  it('reads an external app registration with Graph and authority defaults', () => {
    expect(loadConfig({ ...externalApp, PORT: '8080', GRAPH_MAX_CONCURRENCY: '4', LOG_LEVEL: 'warn' })).toEqual({
      port: 8080,
      logLevel: 'warn',
      authMode: 'on-behalf-of',
      maxConcurrency: 4,
      apiKeys: [],
      target: {
        kind: 'external',
        graphUrl: 'https://graph.microsoft.com',
        app: {
          tenantId: externalApp.AZURE_TENANT_ID,
          clientId: externalApp.AZURE_CLIENT_ID,
          clientSecret: externalApp.AZURE_CLIENT_SECRET,
          authorityHost: 'https://login.microsoftonline.com',
        },
      },
      limits: DEFAULT_OPERATION_LIMITS,
      redisUrl: null,
      host: null,
      authorization: { requiredScopes: ['access_as_user'], requiredRoles: ['Gateway.Access'], allowedClientIds: null },
      cursorSecret: null,
      metricsPort: null,
      landingPage: true,
      corsOrigins: [],
      pollIntervalMs: 30_000,
      notificationUrl: null,
    });
  });

  it('reads the caller policy, bind address, cursor secret and metrics port', () => {
    const config = loadConfig({
      ...externalApp,
      HOST: '0.0.0.0',
      METRICS_PORT: '9464',
      GATEWAY_REQUIRED_SCOPES: 'access_as_user, Tasks.Read',
      GATEWAY_REQUIRED_ROLES: 'Gateway.Access',
      GATEWAY_ALLOWED_CLIENT_IDS: '11111111-0000-0000-0000-000000000001,11111111-0000-0000-0000-000000000002',
      GATEWAY_CURSOR_SECRET: 'x'.repeat(32),
    });
    expect(config.host).toBe('0.0.0.0');
    expect(config.metricsPort).toBe(9464);
    expect(config.authorization).toEqual({
      requiredScopes: ['access_as_user', 'Tasks.Read'],
      requiredRoles: ['Gateway.Access'],
      allowedClientIds: ['11111111-0000-0000-0000-000000000001', '11111111-0000-0000-0000-000000000002'],
    });
    expect(config.cursorSecret).toBe('x'.repeat(32));
  });

  it('turns the landing page off with GATEWAY_LANDING_PAGE=off (or false, 0) and refuses other values', () => {
    for (const off of ['off', 'false', '0', 'OFF'])
      expect(loadConfig({ GATEWAY_LANDING_PAGE: off }).landingPage).toBe(false);
    for (const on of ['on', 'true', '1']) expect(loadConfig({ GATEWAY_LANDING_PAGE: on }).landingPage).toBe(true);
    expect(problemsOf({ GATEWAY_LANDING_PAGE: 'maybe' })).toEqual([
      "GATEWAY_LANDING_PAGE must be on or off (got 'maybe'). Set GATEWAY_LANDING_PAGE=off to serve no browser page, or remove it.",
    ]);
  });

  it('refuses a short cursor secret without echoing it, empty scope entries and a metrics port equal to PORT', () => {
    const problems = problemsOf({
      GATEWAY_CURSOR_SECRET: 'short-secret',
      GATEWAY_REQUIRED_SCOPES: 'a,,b',
      PORT: '4100',
      METRICS_PORT: '4100',
    });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).not.toContain('short-secret');
    expect(problems.find((p) => p.startsWith('GATEWAY_CURSOR_SECRET'))).toMatch(/at least 32 characters/);
    expect(problems.find((p) => p.startsWith('GATEWAY_REQUIRED_SCOPES'))).toMatch(/comma-separated/);
    expect(problems.find((p) => p.startsWith('METRICS_PORT'))).toMatch(/same as PORT/);
  });

  it('points at a separately started emulator with only the documented variables', () => {
    const config = loadConfig({
      ...externalApp,
      GRAPH_API_URL: 'http://127.0.0.1:4001/',
      AZURE_AUTHORITY_HOST: 'http://127.0.0.1:4001',
      GRAPH_AUTH_MODE: 'app',
      GATEWAY_API_KEYS: '0123456789abcdef0123, fedcba9876543210fedc',
    });
    expect(config.authMode).toBe('app');
    expect(config.apiKeys).toEqual(['0123456789abcdef0123', 'fedcba9876543210fedc']);
    expect(config.target).toEqual({
      kind: 'external',
      graphUrl: 'http://127.0.0.1:4001',
      app: {
        tenantId: externalApp.AZURE_TENANT_ID,
        clientId: externalApp.AZURE_CLIENT_ID,
        clientSecret: externalApp.AZURE_CLIENT_SECRET,
        authorityHost: 'http://127.0.0.1:4001',
      },
    });
  });

  it('accepts passthrough mode without an app registration', () => {
    expect(loadConfig({ GRAPH_API_URL: 'https://graph.microsoft.com', GRAPH_AUTH_MODE: 'passthrough' }).target).toEqual(
      {
        kind: 'external',
        graphUrl: 'https://graph.microsoft.com',
        app: null,
      },
    );
  });

  it('lists every problem at once, each with how to fix it', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      GRAPH_AUTH_MODE: 'magic',
      GRAPH_MAX_CONCURRENCY: '0',
      GRAPH_API_URL: 'http://graph.example.com',
      AZURE_AUTHORITY_HOST: 'not a url',
    });
    expect(problems).toEqual([
      "PORT must be a number (got 'eighty'). Set PORT to a free port such as 4000, or remove it.",
      "LOG_LEVEL must be one of debug, info, warn, error, silent (got 'loud'). Set LOG_LEVEL=info or remove it.",
      "GRAPH_AUTH_MODE must be one of on-behalf-of, app, passthrough (got 'magic'). Set GRAPH_AUTH_MODE=on-behalf-of or remove it.",
      "GRAPH_MAX_CONCURRENCY must be between 1 and 64 (got '0'). Set GRAPH_MAX_CONCURRENCY=32 or remove it.",
      "AZURE_AUTHORITY_HOST must be an absolute URL such as https://login.microsoftonline.com (got 'not a url'). Use https://login.microsoftonline.com (the default) or your emulator's root URL.",
      "GRAPH_API_URL must use https:// (plain http:// is allowed only for 127.0.0.1 or localhost) (got 'http://graph.example.com'). Use https://graph.microsoft.com (the default; /v1.0 is appended by the gateway) or your emulator's root URL.",
      'AZURE_TENANT_ID is missing: GRAPH_AUTH_MODE=on-behalf-of needs the app registration. Set it to the Directory (tenant) ID, or unset AZURE_CLIENT_ID and GRAPH_API_URL to use the embedded emulator.',
      'AZURE_CLIENT_ID is missing: GRAPH_AUTH_MODE=on-behalf-of needs the app registration. Set it to the Application (client) ID, or unset AZURE_TENANT_ID and GRAPH_API_URL to use the embedded emulator.',
      "AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH is missing: GRAPH_AUTH_MODE=on-behalf-of signs in to Microsoft Entra as the app. Set AZURE_CLIENT_SECRET to a client secret of the app registration, or AZURE_CLIENT_CERTIFICATE_PATH to a PEM file with the app's certificate and private key.",
    ]);
  });

  it('puts every problem in the error message', () => {
    expect(() => loadConfig({ PORT: '70000', AZURE_CLIENT_SECRET: 's' })).toThrow(
      [
        "The gateway's settings have 2 problems:",
        "  - PORT must be between 0 and 65535 (got '70000'). Set PORT to a free port such as 4000, or remove it.",
        '  - AZURE_CLIENT_SECRET is set but AZURE_TENANT_ID, AZURE_CLIENT_ID and GRAPH_API_URL are not, so the embedded emulator would be used and AZURE_CLIENT_SECRET ignored. Set AZURE_TENANT_ID and AZURE_CLIENT_ID too, or remove it.',
      ].join('\n'),
    );
  });

  it('refuses a Graph URL with a version path, two credentials, a missing certificate file and weak API keys', () => {
    const problems = problemsOf({
      ...externalApp,
      GRAPH_API_URL: 'https://graph.microsoft.com/v1.0',
      AZURE_CLIENT_CERTIFICATE_PATH: join(tmpdir(), 'no-such-dir-h5', 'app.pem'),
      GRAPH_AUTH_MODE: 'app',
      GATEWAY_API_KEYS: 'short,,',
    });
    expect(problems).toHaveLength(4);
    expect(problems[0]).toBe(
      'GATEWAY_API_KEYS must be a comma-separated list of keys of at least 16 characters each (no empty entries). ' +
        'Generate long random keys, e.g. `openssl rand -hex 32`.',
    );
    expect(problems[1]).toMatch(/^GRAPH_API_URL must be the root URL only \(scheme, host and port\)/);
    expect(problems[2]).toBe(
      'AZURE_CLIENT_SECRET and AZURE_CLIENT_CERTIFICATE_PATH are both set. Keep only one of them.',
    );
    expect(problems[3]).toMatch(
      /^AZURE_CLIENT_CERTIFICATE_PATH points to '.*app\.pem', which is not a readable file\./,
    );
  });

  it('accepts a certificate file instead of a secret', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'h5-config-')), 'app.pem');
    writeFileSync(path, '-----BEGIN CERTIFICATE-----\n');
    const { AZURE_CLIENT_SECRET: _secret, ...withoutSecret } = externalApp;
    const config = loadConfig({ ...withoutSecret, AZURE_CLIENT_CERTIFICATE_PATH: path });
    expect(config.target.kind === 'external' && config.target.app?.clientCertificatePath).toBe(path);
  });

  it('refuses API keys outside app mode', () => {
    expect(problemsOf({ GATEWAY_API_KEYS: '0123456789abcdef0123' })).toEqual([
      'GATEWAY_API_KEYS is set but GRAPH_AUTH_MODE is on-behalf-of; API keys are accepted only with GRAPH_AUTH_MODE=app. Set GRAPH_AUTH_MODE=app or remove GATEWAY_API_KEYS.',
    ]);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', AZURE_TENANT_ID: ' ', GRAPH_API_URL: '' }).target).toEqual({ kind: 'embedded' });
  });
});

describe('operation limits and REDIS_URL', () => {
  it('reads GATEWAY_MAX_* over the defaults and REDIS_URL', () => {
    const config = loadConfig({
      GATEWAY_MAX_DEPTH: '8',
      GATEWAY_MAX_COST: '1000',
      REDIS_URL: 'redis://127.0.0.1:6380',
    });
    expect(config.limits).toEqual({ ...DEFAULT_OPERATION_LIMITS, maxDepth: 8, maxCost: 1000 });
    expect(config.redisUrl).toBe('redis://127.0.0.1:6380');
  });

  it('names a bad limit and a bad REDIS_URL without echoing the URL', () => {
    expect(problemsOf({ GATEWAY_MAX_ALIASES: '0', REDIS_URL: 'http://user:hunter2@cache:6379' })).toEqual([
      "GATEWAY_MAX_ALIASES must be at least 1 (got '0'). Set GATEWAY_MAX_ALIASES=100 (the default) or remove it.",
      'REDIS_URL must be a redis:// or rediss:// URL with a host. Use redis://host:6379 (or rediss:// for TLS), or remove it.',
    ]);
  });

  it('reads GRAPH_POLL_INTERVAL_SECONDS in milliseconds, fractions included, and names a value out of range', () => {
    expect(loadConfig({ GRAPH_POLL_INTERVAL_SECONDS: '120' }).pollIntervalMs).toBe(120_000);
    expect(loadConfig({ GRAPH_POLL_INTERVAL_SECONDS: '0.25' }).pollIntervalMs).toBe(250);
    expect(problemsOf({ GRAPH_POLL_INTERVAL_SECONDS: '0' })).toEqual([
      "GRAPH_POLL_INTERVAL_SECONDS must be between 0.05 and 86400 seconds (got '0'). Set GRAPH_POLL_INTERVAL_SECONDS=30 or remove it.",
    ]);
  });

  it('reads GRAPH_NOTIFICATION_URL as an https root (http only on loopback), and leaves it null when unset', () => {
    expect(loadConfig({}).notificationUrl).toBeNull();
    expect(loadConfig({ GRAPH_NOTIFICATION_URL: 'https://gateway.contoso.com/' }).notificationUrl).toBe(
      'https://gateway.contoso.com',
    );
    expect(loadConfig({ GRAPH_NOTIFICATION_URL: 'http://127.0.0.1:4000' }).notificationUrl).toBe(
      'http://127.0.0.1:4000',
    );
    expect(problemsOf({ GRAPH_NOTIFICATION_URL: 'http://gateway.contoso.com' })).toHaveLength(1);
    expect(problemsOf({ GRAPH_NOTIFICATION_URL: 'http://gateway.contoso.com' })[0]).toMatch(
      /^GRAPH_NOTIFICATION_URL must use https:\/\//,
    );
  });
});

describe('CORS_ORIGINS', () => {
  it('reads origins as browsers send them, and any port of a host with :*', () => {
    const config = loadConfig({
      ...externalApp,
      CORS_ORIGINS: 'https://App.Contoso.com/, https://intranet.contoso.com:8443 ,http://localhost:*',
    });
    expect(config.corsOrigins).toEqual([
      'https://app.contoso.com',
      'https://intranet.contoso.com:8443',
      'http://localhost:*',
    ]);
  });

  it('replaces the loopback default of embedded mode, and accepts * there (the data is the emulator’s)', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://app.contoso.com' }).corsOrigins).toEqual(['https://app.contoso.com']);
    expect(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
  });

  it.each(['on-behalf-of', 'app', 'passthrough'])('refuses * with GRAPH_AUTH_MODE=%s', (mode) => {
    const env = mode === 'app' ? { GATEWAY_API_KEYS: 'k'.repeat(32) } : {};
    expect(
      problemsOf({ ...externalApp, ...env, GRAPH_AUTH_MODE: mode, CORS_ORIGINS: 'https://app.contoso.com,*' }),
    ).toEqual([
      `CORS_ORIGINS=* would let a page of any website call the gateway with the credentials its users hold ` +
        `(GRAPH_AUTH_MODE=${mode}). List the origins of your frontends instead, e.g. CORS_ORIGINS=https://app.contoso.com.`,
    ]);
  });

  it.each([
    ['app.contoso.com', "'app.contoso.com' is not an origin"],
    ['https://app.contoso.com/graphql', "'https://app.contoso.com/graphql' has more than scheme, host and port"],
    ['ftp://files.contoso.com', "'ftp://files.contoso.com' is not an http:// or https:// origin"],
    ['http://localhost:3000:*', "'http://localhost:3000:*' names two ports"],
    ['https://a.contoso.com,,https://b.contoso.com', "'' is not an origin"],
  ])('refuses %s, naming the entry', (value, why) => {
    expect(problemsOf({ CORS_ORIGINS: value })).toEqual([
      `CORS_ORIGINS must be a comma-separated list of origins such as https://app.contoso.com or http://localhost:* (${why}) (got '${value}'). ` +
        'List the origins of your frontends, e.g. CORS_ORIGINS=https://app.contoso.com,http://localhost:5173, or remove it.',
    ]);
  });
});
