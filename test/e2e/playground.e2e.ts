/**
 * The browser playground in headless Chromium against `npm start` (compiled `dist/`, embedded
 * emulator), with every host but loopback blocked, as on a machine without internet: the
 * landing page at `/graphql` gives up Apollo Sandbox as soon as its CDN request fails and shows
 * GraphiQL served by the gateway, which runs an example operation; `/graphiql` does the same
 * directly; when the CDN answers (a stand-in script), Sandbox stays. Saves
 * test-artifacts/playground-e2e.png.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { EXAMPLE_OPERATIONS } from '../../src/plugins/example-operations';
import { gatewayEnv, ROOT, spawnGateway, stopProcess, waitForOutput } from '../kit';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test-artifacts');
/** `npm start` may compile `dist/` first. */
const STARTUP_TIMEOUT_MS = 120_000;
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'];
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

interface Visit {
  page: Page;
  /** Every request Chromium was refused because it left the machine. */
  blocked: string[];
  /** Every loopback request. */
  served: string[];
  /** Console errors and uncaught exceptions, without the refused requests' own "failed to load" lines. */
  problems: string[];
}

describe('the playground in headless Chromium with every outside host blocked', () => {
  let gateway: ChildProcessWithoutNullStreams | undefined;
  let browser: Browser | undefined;
  let origin: string;
  let defaultUserName: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    gateway = spawnGateway({ via: 'npm-start', env: gatewayEnv() });
    const [, port, upn] = await waitForOutput(
      gateway,
      /GraphQL API ready at http:\/\/localhost:(\d+)\/graphql[\s\S]*default signed-in user: (\S+) \(id/,
      { timeoutMs: STARTUP_TIMEOUT_MS, what: 'npm start' },
    );
    origin = `http://127.0.0.1:${port}`;
    const me = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { displayName userPrincipalName } }' }),
    });
    const answer = (await me.json()) as { data: { me: { displayName: string; userPrincipalName: string } } };
    expect(answer.data.me.userPrincipalName).toBe(upn);
    defaultUserName = answer.data.me.displayName;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  }, STARTUP_TIMEOUT_MS + 30_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await stopProcess(gateway);
  });

  /**
   * Opens `path` with outside requests refused at once, or (`unanswered`) left without an answer,
   * as a firewall dropping packets does; `sandboxStub` answers Sandbox's CDN request with this script.
   */
  async function visitOffline(
    path: string,
    { unanswered = false, sandboxStub }: { unanswered?: boolean; sandboxStub?: string } = {},
  ): Promise<Visit> {
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const visit: Visit = { page: await context.newPage(), blocked: [], served: [], problems: [] };
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (LOOPBACK_HOSTS.has(url.hostname)) {
        visit.served.push(url.pathname);
        await route.continue();
      } else {
        visit.blocked.push(url.href);
        if (sandboxStub !== undefined && url.hostname === 'embeddable-sandbox.cdn.apollographql.com') {
          await route.fulfill({ contentType: 'text/javascript', body: sandboxStub });
        } else if (!unanswered) {
          await route.abort('internetdisconnected');
        }
      }
    });
    visit.page.on('pageerror', (error) => visit.problems.push(`uncaught: ${error.message}`));
    visit.page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().includes('net::ERR_INTERNET_DISCONNECTED')) {
        visit.problems.push(message.text());
      }
    });
    await visit.page.goto(`${origin}${path}`, { waitUntil: 'domcontentloaded' });
    return visit;
  }

  /** Runs the preloaded `Me` operation with GraphiQL's run button and waits for its result (whitespace collapsed). */
  async function runMe(page: Page): Promise<string> {
    await page.getByRole('button', { name: 'Execute query (Ctrl-Enter)' }).click();
    // Three operations are preloaded: GraphiQL asks which one to run.
    await page.getByRole('menuitem', { name: 'Me' }).click();
    const response = page.locator('.graphiql-response');
    await response.getByText(defaultUserName).first().waitFor();
    // Monaco draws spaces as no-break spaces: the text as JSON would print it.
    return ((await response.textContent()) ?? '').replace(/\s+/g, ' ');
  }

  it('switches the landing page to GraphiQL as soon as Apollo Sandbox cannot load, and runs a query there', async () => {
    const { page, blocked, served, problems } = await visitOffline('/graphql');

    await page.locator('body[data-playground="graphiql"]').waitFor();
    // The CDN request failed and the page said so at once: not after a timeout.
    expect(blocked).toEqual([expect.stringMatching(/^https:\/\/embeddable-sandbox\.cdn\.apollographql\.com\//)]);
    expect(await page.locator('#playground-status').getAttribute('data-state')).toBe('fallback');
    expect(await page.locator('#playground-status').textContent()).toBe(
      "Apollo Sandbox could not be loaded from Apollo's CDN (the request failed): this is GraphiQL, served by the gateway itself.",
    );

    const result = await runMe(page);
    expect(result).toContain(`"displayName": "${defaultUserName}"`);
    expect(result).not.toContain('"errors"');
    // GraphiQL, its styles and its editor workers all came from the gateway.
    expect(served).toEqual(
      expect.arrayContaining([
        '/graphiql/assets/playground.js',
        '/graphiql/assets/graphiql.css',
        '/graphiql/assets/graphiql.js',
        '/graphiql/assets/editor.worker.js',
        '/graphiql/assets/graphql.worker.js',
        '/graphql',
      ]),
    );
    expect(blocked).toHaveLength(1);
    expect(problems).toEqual([]);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'playground-e2e.png') });
  }, 90_000);

  it('keeps Apollo Sandbox when its CDN answers, with the example operations and this endpoint', async () => {
    // Stands in for Sandbox's embed script: records what the page hands it.
    const sandboxStub =
      'window.EmbeddedSandbox = function (options) { window.sandboxOptions = options; document.querySelector(options.target).textContent = "Sandbox"; };';
    const { page, served, problems } = await visitOffline('/graphql', { sandboxStub });

    await page.locator('body[data-playground="sandbox"]').waitFor();
    expect(await page.locator('#sandbox').textContent()).toBe('Sandbox');
    expect(await page.locator('#playground-status').isHidden()).toBe(true);
    const options = (await page.evaluate('window.sandboxOptions')) as {
      initialEndpoint: string;
      initialState: { document: string };
      endpointIsEditable: boolean;
    };
    expect(options.initialEndpoint).toBe(`${origin}/graphql`);
    expect(options.initialState.document).toBe(EXAMPLE_OPERATIONS);
    expect(options.endpointIsEditable).toBe(false);
    expect(served).not.toContain('/graphiql/assets/graphiql.js');
    expect(problems).toEqual([]);
  }, 90_000);

  it('gives Apollo Sandbox up after its timeout when the CDN does not answer at all', async () => {
    const { page, blocked, problems } = await visitOffline('/graphql', { unanswered: true });

    await page.locator('body[data-playground="graphiql"]').waitFor({ timeout: 15_000 });
    expect(blocked).toEqual([expect.stringMatching(/^https:\/\/embeddable-sandbox\.cdn\.apollographql\.com\//)]);
    expect(await page.locator('#playground-status').textContent()).toBe(
      "Apollo Sandbox could not be loaded from Apollo's CDN (no answer within 5000 ms): this is GraphiQL, served by the gateway itself.",
    );
    expect(await runMe(page)).toContain(`"displayName": "${defaultUserName}"`);
    expect(problems).toEqual([]);
  }, 90_000);

  it('serves GraphiQL directly at /graphiql, with no request leaving the machine', async () => {
    const { page, blocked, problems } = await visitOffline('/graphiql');

    await page.locator('body[data-playground="graphiql"]').waitFor();
    const result = await runMe(page);
    expect(result).toContain(`"displayName": "${defaultUserName}"`);
    expect(await page.locator('#playground-status').isHidden()).toBe(true);
    expect(blocked).toEqual([]);
    expect(problems).toEqual([]);
  }, 90_000);
});
