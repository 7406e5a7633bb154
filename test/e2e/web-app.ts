/**
 * The example web app (`examples/web`, its dependencies installed by scripts/e2e.sh) as the e2e
 * suites drive it: the gateway started as a user starts it (`tsx src/main.ts`, embedded emulator),
 * the app built for the gateway's URL (`VITE_GRAPHQL_URL`) and served by `vite preview` on another
 * origin without Vite's proxy, so the browser calls the gateway cross-origin (CORS, and the
 * subscriptions' WebSocket); and headless Chromium (Debian's) with a fresh profile.
 *
 *   const app = await startWebApp({ GRAPH_POLL_INTERVAL_SECONDS: '0.2' });
 *   const page = await app.context.newPage();
 *   await page.goto(`${app.appOrigin}/`);
 *   await app.stop();
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { StatsSnapshot } from '@msgraph-graphql/emulator';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import {
  emulatorNotifications,
  freePort,
  gatewayEnv,
  ROOT,
  spawnGateway,
  stopProcess,
  waitFor,
  waitForOutput,
} from '../kit';

const WEB = join(ROOT, 'examples', 'web');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'test-artifacts');
const STARTUP_TIMEOUT_MS = 60_000;
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface EmulatorInfo {
  defaultUserId: string;
}

export interface WebApp {
  /** `http://127.0.0.1:<port>`: the gateway, serving `/graphql`. */
  gatewayOrigin: string;
  /** `http://localhost:<port>`: the app, another site than the gateway's. */
  appOrigin: string;
  /** The embedded emulator's base URL (its REST API and `/_emulator/...`). */
  emulatorUrl: string;
  info: EmulatorInfo;
  context: BrowserContext;
  /** Stops the gateway alone (SIGTERM), leaving the page open; resolves with its exit code. */
  stopGateway(): Promise<number | null>;
  /** Closes the browser and stops `vite preview` and the gateway. */
  stop(): Promise<void>;
}

/**
 * Starts the gateway with `gatewaySettings` on top of the defaults, builds and serves the app for
 * it, and opens Chromium with `chromiumArgs` added to its flags.
 */
export async function startWebApp({
  gatewaySettings = {},
  chromiumArgs = [],
}: { gatewaySettings?: NodeJS.ProcessEnv; chromiumArgs?: string[] } = {}): Promise<WebApp> {
  let gateway: ChildProcessWithoutNullStreams | undefined;
  let preview: ChildProcessWithoutNullStreams | undefined;
  let context: BrowserContext | undefined;
  let build: string | undefined;
  let profile: string | undefined;
  const stop = async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    if (build) rmSync(build, { recursive: true, force: true });
    await stopProcess(preview);
    await stopProcess(gateway);
  };
  try {
    gateway = spawnGateway({ env: gatewayEnv(gatewaySettings) });
    const [, gatewayPort, emulatorUrl] = await waitForOutput(
      gateway,
      /GraphQL API ready at http:\/\/localhost:(\d+)\/graphql[\s\S]*Graph emulator \(embedded\) at (http:\/\/127\.0\.0\.1:\d+)/,
      { timeoutMs: STARTUP_TIMEOUT_MS, what: 'npm start' },
    );
    const gatewayOrigin = `http://127.0.0.1:${gatewayPort}`;
    const info = (await (await fetch(`${emulatorUrl}/_emulator/info`)).json()) as EmulatorInfo;

    // Built for this gateway's URL: the page calls it directly, and `vite preview` proxies nothing.
    build = mkdtempSync(join(tmpdir(), 'web-e2e-build-'));
    const appEnv = gatewayEnv({ VITE_GRAPHQL_URL: `${gatewayOrigin}/graphql` });
    const vite = join(WEB, 'node_modules', 'vite', 'bin', 'vite.js');
    await promisify(execFile)(process.execPath, [vite, 'build', '--outDir', build, '--emptyOutDir'], {
      cwd: WEB,
      env: appEnv,
    });
    const previewPort = await freePort();
    preview = spawn(
      process.execPath,
      [vite, 'preview', '--outDir', build, '--host', '127.0.0.1', '--port', String(previewPort), '--strictPort'],
      { cwd: WEB, env: appEnv },
    );
    await waitForOutput(preview, new RegExp(`http://127\\.0\\.0\\.1:${previewPort}`), {
      timeoutMs: STARTUP_TIMEOUT_MS,
      what: 'vite preview',
    });
    // Another site than the gateway's (localhost, not 127.0.0.1), allowed as every loopback page is.
    const appOrigin = `http://localhost:${previewPort}`;

    profile = mkdtempSync(join(tmpdir(), 'web-e2e-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [...chromiumArgs, ...CHROMIUM_FLAGS],
    });
    const started = gateway;
    return { gatewayOrigin, appOrigin, emulatorUrl, info, context, stopGateway: () => stopProcess(started), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** An app-only Graph token for the REST oracle, from the emulator's token endpoint for tests. */
/** How long a change may take to reach the page: a notification or a poll and one read, on a busy machine. */
export const LIVE_TIMEOUT_MS = 20_000;

/** The page's `window`, with a marker set once the page has loaded: a reload would drop it. */
type MarkedWindow = typeof globalThis & { loadedOnce?: string };

/** What tells that a page stayed the document it was opened as. */
export interface LoadedPage {
  /** URLs the main frame navigated to since it was opened (the opening itself first). */
  navigations: string[];
  /** Whether the document opened is still the one shown (neither reloaded nor replaced). */
  stillLoaded(): Promise<boolean>;
}

/** Opens the app in `page`, marks the document, and waits until its live link is up. */
export async function openLivePage(page: Page, app: Pick<WebApp, 'appOrigin'>): Promise<LoadedPage> {
  const navigations: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations.push(frame.url());
  });
  await page.goto(`${app.appOrigin}/`);
  await page.evaluate(() => ((globalThis as MarkedWindow).loadedOnce = 'yes'));
  await page.locator('#live-status[data-status="live"]').waitFor({ timeout: LIVE_TIMEOUT_MS });
  return {
    navigations,
    stillLoaded: async () => (await page.evaluate(() => (globalThis as MarkedWindow).loadedOnce)) === 'yes',
  };
}

/**
 * A GraphQL operation over HTTP to the app's gateway, as a second client of the same (embedded
 * mode's default) user: the page must learn of its writes through the live subscriptions only.
 */
export async function secondClient<T>(
  app: Pick<WebApp, 'gatewayOrigin'>,
  query: string,
  variables: Record<string, unknown>,
): Promise<T> {
  const response = await fetch(`${app.gatewayOrigin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (response.status !== 200 || body.errors !== undefined || body.data === undefined)
    throw new Error(`The second client's operation failed (${response.status}): ${JSON.stringify(body.errors)}`);
  return body.data;
}

export async function graphAppToken(emulatorUrl: string): Promise<string> {
  const response = await fetch(`${emulatorUrl}/_emulator/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'app', audience: 'graph' }),
  });
  if (!response.ok) throw new Error(`POST /_emulator/token answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** The emulator's request counters (`GET /_emulator/stats`). */
export async function emulatorStats(emulatorUrl: string): Promise<StatsSnapshot> {
  const response = await fetch(`${emulatorUrl}/_emulator/stats`);
  if (!response.ok) throw new Error(`GET /_emulator/stats answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as StatsSnapshot;
}

/** How often the emulator answered `GET /me/todo/lists/{listId}/tasks` (pages' reads and the gateway's). */
export async function todoTaskReads(emulatorUrl: string, listId: string): Promise<number> {
  return (await emulatorStats(emulatorUrl)).byPath[`GET /me/todo/lists/${listId}/tasks`] ?? 0;
}

/**
 * Resolves once the gateway watches the To Do list `listId` for an open page: Graph holds the
 * subscription on the list's tasks, and the gateway read the tasks once more after the page's own
 * `pageReads` (its baseline, read only once the subscription is in place). A change made from then
 * on is notified to the gateway.
 */
export async function todoListWatched(
  { emulatorUrl }: Pick<WebApp, 'emulatorUrl'>,
  listId: string,
  pageReads = 1,
): Promise<void> {
  const resource = `/me/todo/lists/${encodeURIComponent(listId)}/tasks`;
  const notifications = emulatorNotifications({ emulatorUrl });
  await waitFor(async () => (await notifications.subscriptions()).some((held) => held.resource === resource), {
    timeoutMs: STARTUP_TIMEOUT_MS,
    intervalMs: 100,
    what: `the Graph subscription on ${resource}`,
  });
  await waitFor(async () => (await todoTaskReads(emulatorUrl, listId)) > pageReads, {
    timeoutMs: STARTUP_TIMEOUT_MS,
    intervalMs: 100,
    what: `the gateway's baseline read of ${resource}`,
  });
}
