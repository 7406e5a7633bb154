/**
 * In-process access to the Graph emulator for tests: no socket, a valid token by default.
 *
 *   const emu = createTestEmulator({ users: 30 });
 *   const res = await graphGet(emu, '/v1.0/users?$top=5');                 // app-only token
 *   const me = await graphGet(emu, '/v1.0/me', { token: 'user' });         // default user, delegated
 *   const as = await graphGet(emu, '/v1.0/me', { token: userToken(emu, id, ['User.Read']) });
 *   res.status; res.headers.get('request-id'); res.body.value;
 */
import { createEmulator, type Emulator, type InternalEmulatorOptions } from './index';

export type { Emulator } from './index';

/** The origin in-process requests use (every URL the emulator returns starts with it). */
export const TEST_ORIGIN = 'http://emulator.test';

export function createTestEmulator(options: InternalEmulatorOptions = {}): Emulator {
  return createEmulator({ seed: 1, ...options });
}

/**
 * `'app'`: app-only Graph token with the granted roles (the default). `'user'`: delegated Graph
 * token for the default user with every consented scope. `'none'`: no Authorization header.
 * Any other string is sent as the bearer token verbatim.
 */
export type TokenChoice = 'app' | 'user' | 'none' | (string & {});

export interface CallOptions {
  token?: TokenChoice;
  headers?: Record<string, string>;
  /** Serialised as JSON (with `Content-Type: application/json`) unless it is already a string. */
  body?: unknown;
  origin?: string;
}

export interface CallResult<T> {
  status: number;
  headers: Headers;
  /** Parsed JSON when the reply is JSON, the text otherwise, undefined when empty. */
  body: T;
  text: string;
}

/** An app-only Graph token; `roles` replaces the granted application permissions. */
export function appToken(emu: Emulator, roles?: string[]): string {
  return emu.mintAppToken(roles ? { roles } : {});
}

/** A delegated Graph token (what OBO would return) for a user, default: the default user with every consented scope. */
export function userToken(emu: Emulator, userId: string = emu.info.defaultUserId, scopes?: string[]): string {
  return emu.mintUserToken(userId, { audience: 'graph', ...(scopes ? { scopes } : {}) });
}

/** A user token for this API (the gateway's incoming bearer and OBO assertion). */
export function apiToken(emu: Emulator, userId: string = emu.info.defaultUserId): string {
  return emu.mintUserToken(userId, { audience: 'api' });
}

function bearer(emu: Emulator, token: TokenChoice | undefined): string | null {
  switch (token ?? 'app') {
    case 'none':
      return null;
    case 'app':
      return appToken(emu);
    case 'user':
      return userToken(emu);
    default:
      return token as string;
  }
}

// Test bodies are arbitrary Graph JSON; `any` keeps assertions on them short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function graphRequest<T = any>(
  emu: Emulator,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<CallResult<T>> {
  const headers = new Headers(options.headers);
  const token = bearer(emu, options.token);
  if (token !== null && !headers.has('authorization')) headers.set('Authorization', `Bearer ${token}`);
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    if (!headers.has('content-type')) headers.set('Content-Type', 'application/json');
  }
  const response = await emu.fetch(new Request(`${options.origin ?? TEST_ORIGIN}${path}`, { method, headers, body }));
  return readResult<T>(response);
}

/** A reply as `CallResult`: JSON parsed when the content type says JSON, the text otherwise. */
async function readResult<T>(response: Response): Promise<CallResult<T>> {
  const text = await response.text();
  const isJson = /json/i.test(response.headers.get('content-type') ?? '');
  const parsed: unknown = text === '' ? undefined : isJson ? JSON.parse(text) : text;
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function graphGet<T = any>(emu: Emulator, path: string, options: CallOptions = {}): Promise<CallResult<T>> {
  return graphRequest<T>(emu, 'GET', path, options);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function graphPost<T = any>(
  emu: Emulator,
  path: string,
  body: unknown,
  options: CallOptions = {},
): Promise<CallResult<T>> {
  return graphRequest<T>(emu, 'POST', path, { ...options, body });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function graphPatch<T = any>(
  emu: Emulator,
  path: string,
  body: unknown,
  options: CallOptions = {},
): Promise<CallResult<T>> {
  return graphRequest<T>(emu, 'PATCH', path, { ...options, body });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function graphDelete<T = any>(emu: Emulator, path: string, options: CallOptions = {}): Promise<CallResult<T>> {
  return graphRequest<T>(emu, 'DELETE', path, options);
}

export interface BatchStepRequest {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

export interface BatchStepAnswer {
  id: string;
  status: number;
  headers: Record<string, string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body?: any;
}

/** A batch reply: `responses` when the batch ran, `error` when the whole batch was refused. */
export interface BatchReply {
  responses: BatchStepAnswer[];
  error?: { code: string; message: string; innerError?: Record<string, string> };
}

/** `POST /v1.0/$batch`; `answers` maps ids to step answers (the emulator answers out of order). */
export async function graphBatch(
  emu: Emulator,
  requests: BatchStepRequest[],
  options: CallOptions = {},
): Promise<CallResult<BatchReply> & { answers: Map<string, BatchStepAnswer> }> {
  const result = await graphPost<BatchReply>(emu, '/v1.0/$batch', { requests }, options);
  const answers = new Map((result.body?.responses ?? []).map((answer) => [answer.id, answer] as const));
  return { ...result, answers };
}

/** Any emulator request (identity platform, `/_emulator/*`), answered as `CallResult`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function emulatorRequest<T = any>(
  emu: Emulator,
  method: string,
  path: string,
  init: { body?: string; headers?: Record<string, string> } = {},
): Promise<CallResult<T>> {
  const response = await emu.fetch(
    new Request(`${TEST_ORIGIN}${path}`, { method, headers: init.headers, body: init.body }),
  );
  return readResult<T>(response);
}
