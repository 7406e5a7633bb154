/**
 * Every setting of DESIGN §3, read and validated in one place (the only reader of
 * `process.env`). A bad or missing value stops start-up with one error listing every problem
 * and how to fix it.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { isLoopbackHost } from './auth/authority';
import { AUTH_MODES, type AuthMode } from './auth/auth-mode';
import type { CallerPolicy } from './auth/caller-policy';
import { LOG_LEVELS, type LogLevel } from './logger';
import { readOperationLimits } from './limits/read-settings';
import type { OperationLimits } from './limits/settings';
import { redisUrlSchema } from './cache/redis-url';
import { DEFAULT_MAX_CONCURRENCY } from './graph/defaults';
import { ANY_ORIGIN, LOOPBACK_ORIGINS, parseOriginPattern } from './http/origins';

export interface AzureApp {
  tenantId: string;
  clientId: string;
  clientSecret?: string;
  clientCertificatePath?: string;
  /** Identity platform root without a trailing slash, e.g. `https://login.microsoftonline.com`. */
  authorityHost: string;
}

/**
 * Where Graph is: the embedded emulator (started by `npm start` itself), or an external Graph
 * (real Microsoft Graph or a separately started emulator). `app` is null only in passthrough
 * mode without an app registration.
 */
export type GraphTarget = { kind: 'embedded' } | { kind: 'external'; graphUrl: string; app: AzureApp | null };

export interface Config {
  port: number;
  logLevel: LogLevel;
  authMode: AuthMode;
  maxConcurrency: number;
  /** Keys accepted in the `x-api-key` header under `GRAPH_AUTH_MODE=app`. */
  apiKeys: readonly string[];
  target: GraphTarget;
  /** Depth, alias, token, size and cost limits of operations (`GATEWAY_MAX_*`). */
  limits: OperationLimits;
  /** `REDIS_URL`: replicas share token and persisted-query caches there; null keeps them in memory. */
  redisUrl: string | null;
  /** `HOST`: the bind address; null listens on every interface (the default outside embedded mode). */
  host: string | null;
  /** Who may call: the scopes, roles and client ids a validated bearer must carry. */
  authorization: CallerPolicy;
  /** `GATEWAY_CURSOR_SECRET`: seals cursors; null draws a random one per process (or shares one through Redis). */
  cursorSecret: string | null;
  /** `METRICS_PORT`: serve `/metrics` on its own listener; null serves it on the GraphQL port. */
  metricsPort: number | null;
  /** `GATEWAY_LANDING_PAGE`: serve the browser playground (Apollo Sandbox at `/graphql`, GraphiQL at `/graphiql`). */
  landingPage: boolean;
  /**
   * `CORS_ORIGINS`: the browser origins whose pages may call the gateway (`*`, exact origins or
   * `scheme://host:*`); loopback origins in embedded mode, none otherwise, when unset.
   */
  corsOrigins: readonly string[];
  /** `GRAPH_POLL_INTERVAL_SECONDS`, in milliseconds: how often subscriptions without notifications poll Graph. */
  pollIntervalMs: number;
  /**
   * `GRAPH_NOTIFICATION_URL`: the public HTTPS base Graph delivers change notifications to
   * (`/graph/notifications`, `/graph/lifecycle` below it); null when unset (embedded mode then
   * uses the gateway's loopback address, otherwise live To Do data is polled).
   */
  notificationUrl: string | null;
}

export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(
      `The gateway's settings have ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((problem) => `  - ${problem}`).join('\n'),
    );
  }
}

export const DEFAULT_PORT = 4000;
export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';
export const DEFAULT_GRAPH_API_URL = 'https://graph.microsoft.com';
export const DEFAULT_REQUIRED_SCOPES: readonly string[] = ['access_as_user'];
export const DEFAULT_REQUIRED_ROLES: readonly string[] = ['Gateway.Access'];
/** Embedded mode trusts credential-less callers, so it listens on loopback unless told otherwise. */
export const EMBEDDED_DEFAULT_HOST = '127.0.0.1';
const MIN_API_KEY_LENGTH = 16;
const MIN_CURSOR_SECRET_LENGTH = 32;

const portSchema = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');
const concurrencySchema = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 64')
  .max(64, 'must be between 1 and 64');
export const DEFAULT_POLL_INTERVAL_SECONDS = 30;
// Fractions are allowed (tests poll many times a second); below that a poller would spend the
// tenant's throttling budget faster than any subscriber could use the answers.
const pollIntervalSchema = z.coerce
  .number({ error: 'must be a number of seconds' })
  .min(0.05, 'must be between 0.05 and 86400 seconds')
  .max(86_400, 'must be between 0.05 and 86400 seconds');
const logLevelSchema = z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` });
const authModeSchema = z.enum(AUTH_MODES, { error: `must be one of ${AUTH_MODES.join(', ')}` });
// A tenant is a GUID or a verified domain; a client id is a GUID (letters, digits and dashes).
const tenantSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, 'must be a tenant id (GUID) or domain name');
const clientIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, 'must be an application (client) id');

/** An `https://` root URL, or `http://` on a loopback address (a local emulator). */
function rootUrlSchema(what: string) {
  return z.string().transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `must be an absolute URL such as ${what}` });
      return z.NEVER;
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
      const message = 'must use https:// (plain http:// is allowed only for 127.0.0.1 or localhost)';
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
      ctx.addIssue({ code: 'custom', message: `must be the root URL only (scheme, host and port), such as ${what}` });
      return z.NEVER;
    }
    return url.origin;
  });
}

const apiKeysSchema = z.string().transform((value, ctx) => {
  const keys = value.split(',').map((key) => key.trim());
  if (keys.some((key) => key.length < MIN_API_KEY_LENGTH)) {
    ctx.addIssue({
      code: 'custom',
      message: `must be a comma-separated list of keys of at least ${MIN_API_KEY_LENGTH} characters each (no empty entries)`,
    });
    return z.NEVER;
  }
  return keys;
});

/** A comma-separated list of claim values (scopes, roles, client ids): no empty entries, no spaces inside one. */
const claimListSchema = z.string().transform((value, ctx) => {
  const entries = value.split(',').map((entry) => entry.trim());
  if (entries.some((entry) => entry === '' || /\s/.test(entry))) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be a comma-separated list of values without spaces (no empty entries)',
    });
    return z.NEVER;
  }
  return entries;
});

const hostSchema = z
  .string()
  .regex(/^[A-Za-z0-9.:%-]+$/, 'must be an IP address or host name such as 127.0.0.1 or 0.0.0.0');

const onOffSchema = z.string().transform((value, ctx) => {
  const normalized = value.toLowerCase();
  if (['on', 'true', '1'].includes(normalized)) return true;
  if (['off', 'false', '0'].includes(normalized)) return false;
  ctx.addIssue({ code: 'custom', message: 'must be on or off' });
  return z.NEVER;
});

const corsOriginsSchema = z.string().transform((value, ctx) => {
  const patterns: string[] = [];
  for (const entry of value.split(',').map((part) => part.trim())) {
    const parsed = parseOriginPattern(entry);
    if ('error' in parsed) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a comma-separated list of origins such as https://app.contoso.com or http://localhost:* (${parsed.error})`,
      });
      return z.NEVER;
    }
    patterns.push(parsed.pattern);
  }
  return patterns;
});

const cursorSecretSchema = z
  .string()
  .min(MIN_CURSOR_SECRET_LENGTH, `must be at least ${MIN_CURSOR_SECRET_LENGTH} characters long`);

/** Reads `env[name]` through `schema`; an empty string counts as unset. Secrets are never echoed. */
function reader(env: Env, problems: string[]) {
  return <T>(name: string, schema: z.ZodType<T>, fix: string, secret = false): T | undefined => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return undefined;
    const result = schema.safeParse(raw.trim());
    if (result.success) return result.data;
    const got = secret ? '' : ` (got '${raw}')`;
    problems.push(`${name} ${result.error.issues[0]?.message ?? 'is invalid'}${got}. ${fix}`);
    return undefined;
  };
}

export function loadConfig(env: Env): Config {
  const problems: string[] = [];
  const read = reader(env, problems);

  const port = read('PORT', portSchema, `Set PORT to a free port such as ${DEFAULT_PORT}, or remove it.`);
  const logLevel = read('LOG_LEVEL', logLevelSchema, 'Set LOG_LEVEL=info or remove it.');
  const authMode = read('GRAPH_AUTH_MODE', authModeSchema, 'Set GRAPH_AUTH_MODE=on-behalf-of or remove it.');
  const maxConcurrency = read(
    'GRAPH_MAX_CONCURRENCY',
    concurrencySchema,
    `Set GRAPH_MAX_CONCURRENCY=${DEFAULT_MAX_CONCURRENCY} or remove it.`,
  );
  const pollIntervalSeconds = read(
    'GRAPH_POLL_INTERVAL_SECONDS',
    pollIntervalSchema,
    `Set GRAPH_POLL_INTERVAL_SECONDS=${DEFAULT_POLL_INTERVAL_SECONDS} or remove it.`,
  );
  const notificationUrl = read(
    'GRAPH_NOTIFICATION_URL',
    rootUrlSchema('https://gateway.example.com'),
    'Set GRAPH_NOTIFICATION_URL to the public https:// address of this gateway that Microsoft Graph can reach, or remove it to poll.',
  );
  const apiKeys = read(
    'GATEWAY_API_KEYS',
    apiKeysSchema,
    'Generate long random keys, e.g. `openssl rand -hex 32`.',
    true,
  );
  const tenantId = read(
    'AZURE_TENANT_ID',
    tenantSchema,
    "Copy the Directory (tenant) ID from the app registration's overview page.",
  );
  const clientId = read(
    'AZURE_CLIENT_ID',
    clientIdSchema,
    "Copy the Application (client) ID from the app registration's overview page.",
  );
  const clientSecret = read('AZURE_CLIENT_SECRET', z.string(), '', true);
  const clientCertificatePath = read('AZURE_CLIENT_CERTIFICATE_PATH', z.string(), '');
  const authorityHost = read(
    'AZURE_AUTHORITY_HOST',
    rootUrlSchema(DEFAULT_AUTHORITY_HOST),
    `Use ${DEFAULT_AUTHORITY_HOST} (the default) or your emulator's root URL.`,
  );
  const graphUrl = read(
    'GRAPH_API_URL',
    rootUrlSchema(DEFAULT_GRAPH_API_URL),
    `Use ${DEFAULT_GRAPH_API_URL} (the default; /v1.0 is appended by the gateway) or your emulator's root URL.`,
  );

  const limits = readOperationLimits(read);
  const redisUrl = read(
    'REDIS_URL',
    redisUrlSchema,
    'Use redis://host:6379 (or rediss:// for TLS), or remove it.',
    true,
  );
  const host = read(
    'HOST',
    hostSchema,
    'Set HOST=127.0.0.1 (this machine only) or HOST=0.0.0.0 (every interface), or remove it.',
  );
  const metricsPort = read(
    'METRICS_PORT',
    portSchema,
    'Set METRICS_PORT to a free port such as 9464, or remove it to serve /metrics on PORT.',
  );
  const requiredScopes = read(
    'GATEWAY_REQUIRED_SCOPES',
    claimListSchema,
    'Name the delegated scopes your app registration exposes, e.g. access_as_user.',
  );
  const requiredRoles = read(
    'GATEWAY_REQUIRED_ROLES',
    claimListSchema,
    'Name the app roles your app registration defines, e.g. Gateway.Access.',
  );
  const allowedClientIds = read(
    'GATEWAY_ALLOWED_CLIENT_IDS',
    claimListSchema,
    'List the application (client) ids allowed to call with app-only tokens, or remove it.',
  );
  const cursorSecret = read(
    'GATEWAY_CURSOR_SECRET',
    cursorSecretSchema,
    'Generate one with `openssl rand -hex 32`, or remove it.',
    true,
  );
  const corsOrigins = read(
    'CORS_ORIGINS',
    corsOriginsSchema,
    'List the origins of your frontends, e.g. CORS_ORIGINS=https://app.contoso.com,http://localhost:5173, or remove it.',
  );

  const landingPage = read(
    'GATEWAY_LANDING_PAGE',
    onOffSchema,
    'Set GATEWAY_LANDING_PAGE=off to serve no browser page, or remove it.',
  );

  const mode = authMode ?? 'on-behalf-of';
  const isSet = (name: string) => (env[name] ?? '').trim() !== '';
  const embedded = !isSet('AZURE_TENANT_ID') && !isSet('AZURE_CLIENT_ID') && !isSet('GRAPH_API_URL');

  if (embedded) {
    for (const name of ['AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PATH', 'AZURE_AUTHORITY_HOST']) {
      if (isSet(name)) {
        problems.push(
          `${name} is set but AZURE_TENANT_ID, AZURE_CLIENT_ID and GRAPH_API_URL are not, ` +
            `so the embedded emulator would be used and ${name} ignored. ` +
            'Set AZURE_TENANT_ID and AZURE_CLIENT_ID too, or remove it.',
        );
      }
    }
  } else {
    const needsApp = mode !== 'passthrough';
    if (needsApp || isSet('AZURE_TENANT_ID') || isSet('AZURE_CLIENT_ID')) {
      const why = needsApp
        ? `GRAPH_AUTH_MODE=${mode} needs the app registration`
        : 'the app registration needs both ids';
      if (!isSet('AZURE_TENANT_ID')) {
        problems.push(
          `AZURE_TENANT_ID is missing: ${why}. Set it to the Directory (tenant) ID, ` +
            'or unset AZURE_CLIENT_ID and GRAPH_API_URL to use the embedded emulator.',
        );
      }
      if (!isSet('AZURE_CLIENT_ID')) {
        problems.push(
          `AZURE_CLIENT_ID is missing: ${why}. Set it to the Application (client) ID, ` +
            'or unset AZURE_TENANT_ID and GRAPH_API_URL to use the embedded emulator.',
        );
      }
    }
    if (needsApp && !isSet('AZURE_CLIENT_SECRET') && !isSet('AZURE_CLIENT_CERTIFICATE_PATH')) {
      problems.push(
        `AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH is missing: GRAPH_AUTH_MODE=${mode} ` +
          'signs in to Microsoft Entra as the app. Set AZURE_CLIENT_SECRET to a client secret of the app registration, ' +
          "or AZURE_CLIENT_CERTIFICATE_PATH to a PEM file with the app's certificate and private key.",
      );
    }
  }
  if (isSet('AZURE_CLIENT_SECRET') && isSet('AZURE_CLIENT_CERTIFICATE_PATH')) {
    problems.push('AZURE_CLIENT_SECRET and AZURE_CLIENT_CERTIFICATE_PATH are both set. Keep only one of them.');
  }
  if (clientCertificatePath !== undefined && !isReadableFile(clientCertificatePath)) {
    problems.push(
      `AZURE_CLIENT_CERTIFICATE_PATH points to '${clientCertificatePath}', which is not a readable file. ` +
        'Give the path of a PEM file holding the certificate and its private key.',
    );
  }
  if (apiKeys !== undefined && mode !== 'app') {
    problems.push(
      `GATEWAY_API_KEYS is set but GRAPH_AUTH_MODE is ${mode}; API keys are accepted only with GRAPH_AUTH_MODE=app. ` +
        'Set GRAPH_AUTH_MODE=app or remove GATEWAY_API_KEYS.',
    );
  }

  if (corsOrigins?.includes(ANY_ORIGIN) && !embedded) {
    // Outside embedded mode every caller holds a credential a browser page could be given (a user
    // token, an API key); the origin list is what keeps a page of any other website from using it.
    problems.push(
      `CORS_ORIGINS=* would let a page of any website call the gateway with the credentials its users hold ` +
        `(GRAPH_AUTH_MODE=${mode}). List the origins of your frontends instead, e.g. CORS_ORIGINS=https://app.contoso.com.`,
    );
  }

  if (metricsPort !== undefined && metricsPort !== 0 && metricsPort === (port ?? DEFAULT_PORT)) {
    problems.push(
      `METRICS_PORT is the same as PORT (${metricsPort}). Choose another port, or remove METRICS_PORT to serve /metrics on PORT.`,
    );
  }

  if (problems.length > 0) throw new ConfigError(problems);

  const app: AzureApp | null =
    tenantId !== undefined && clientId !== undefined
      ? {
          tenantId,
          clientId,
          ...(clientSecret !== undefined ? { clientSecret } : {}),
          ...(clientCertificatePath !== undefined ? { clientCertificatePath } : {}),
          authorityHost: authorityHost ?? DEFAULT_AUTHORITY_HOST,
        }
      : null;

  return {
    port: port ?? DEFAULT_PORT,
    logLevel: logLevel ?? 'info',
    authMode: mode,
    maxConcurrency: maxConcurrency ?? DEFAULT_MAX_CONCURRENCY,
    apiKeys: apiKeys ?? [],
    target: embedded ? { kind: 'embedded' } : { kind: 'external', graphUrl: graphUrl ?? DEFAULT_GRAPH_API_URL, app },
    limits,
    redisUrl: redisUrl ?? null,
    host: host ?? (embedded ? EMBEDDED_DEFAULT_HOST : null),
    authorization: {
      requiredScopes: requiredScopes ?? DEFAULT_REQUIRED_SCOPES,
      requiredRoles: requiredRoles ?? DEFAULT_REQUIRED_ROLES,
      allowedClientIds: allowedClientIds ?? null,
    },
    cursorSecret: cursorSecret ?? null,
    metricsPort: metricsPort ?? null,
    landingPage: landingPage ?? true,
    corsOrigins: corsOrigins ?? (embedded ? LOOPBACK_ORIGINS : []),
    pollIntervalMs: Math.round((pollIntervalSeconds ?? DEFAULT_POLL_INTERVAL_SECONDS) * 1000),
    notificationUrl: notificationUrl ?? null,
  };
}

function isReadableFile(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The process's settings: `.env` in the working directory (optional; `KEY=value` lines) under
 * the real environment, which wins.
 */
export function loadConfigFromProcess(envFile = '.env'): Config {
  return loadConfig({ ...readEnvFile(envFile), ...process.env });
}

function readEnvFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const values: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match || line.trimStart().startsWith('#')) continue;
    const [, name, rawValue] = match;
    values[name] = rawValue.replace(/^(['"])(.*)\1$/, '$2');
  }
  return values;
}
