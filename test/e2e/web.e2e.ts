/**
 * The example web app (`examples/web`, built by scripts/e2e.sh) in headless Chromium, against
 * `npm start` (`tsx src/main.ts`, embedded emulator) behind `vite preview`: the signed-in user,
 * their groups with plans and tasks, "load more" through the users connection, and completing a
 * task, checked against the emulator's REST API. Saves test-artifacts/web-e2e.png.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { freePort, gatewayEnv, ROOT, spawnGateway, stopProcess, waitForOutput } from '../kit';

const WEB = join(ROOT, 'examples', 'web');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test-artifacts');
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

interface EmulatorInfo {
  defaultUserId: string;
}

/** An app-only Graph token for the REST oracle, from the emulator's token endpoint for tests. */
async function graphAppToken(emulatorUrl: string): Promise<string> {
  const response = await fetch(`${emulatorUrl}/_emulator/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'app', audience: 'graph' }),
  });
  if (!response.ok) throw new Error(`POST /_emulator/token answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

describe('the example web app in headless Chromium', () => {
  let gateway: ChildProcessWithoutNullStreams | undefined;
  let preview: ChildProcessWithoutNullStreams | undefined;
  let context: BrowserContext | undefined;
  let profile: string | undefined;
  let page: Page;
  let emulatorUrl: string;
  let info: EmulatorInfo;

  beforeAll(async () => {
    gateway = spawnGateway();
    const ready = waitForOutput(
      gateway,
      /GraphQL API ready at http:\/\/localhost:(\d+)\/graphql[\s\S]*Graph emulator \(embedded\) at (http:\/\/127\.0\.0\.1:\d+)/,
      {
        timeoutMs: STARTUP_TIMEOUT_MS,
        what: 'npm start',
      },
    );
    const [, gatewayPort, emulator] = await ready;
    emulatorUrl = emulator;
    info = (await (await fetch(`${emulatorUrl}/_emulator/info`)).json()) as EmulatorInfo;

    const previewPort = await freePort();
    preview = spawn(
      process.execPath,
      [
        join(WEB, 'node_modules', 'vite', 'bin', 'vite.js'),
        'preview',
        '--host',
        '127.0.0.1',
        '--port',
        String(previewPort),
        '--strictPort',
      ],
      {
        cwd: WEB,
        env: gatewayEnv({ GATEWAY_URL: `http://127.0.0.1:${gatewayPort}` }),
      },
    );
    await waitForOutput(preview, new RegExp(`http://127\\.0\\.0\\.1:${previewPort}`), {
      timeoutMs: STARTUP_TIMEOUT_MS,
      what: 'vite preview',
    });

    profile = mkdtempSync(join(tmpdir(), 'web-e2e-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
    });
    page = await context.newPage();
    await page.goto(`http://127.0.0.1:${previewPort}/`);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await stopProcess(preview);
    await stopProcess(gateway);
  });

  it('shows the signed-in user, their groups, plans and tasks, pages users with "load more", and completes a task', async () => {
    const token = await graphAppToken(emulatorUrl);
    const graph = async <T>(path: string): Promise<T> =>
      (await (
        await fetch(`${emulatorUrl}/v1.0${path}`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as T;
    const me = await graph<{ displayName: string }>(`/users/${info.defaultUserId}?$select=displayName`);

    await page.locator('#me-name').waitFor();
    expect(await page.locator('#me-name').textContent()).toBe(me.displayName);
    const groups = await graph<{ value: { displayName: string }[] }>(
      `/users/${info.defaultUserId}/memberOf/microsoft.graph.group?$select=displayName&$top=20`,
    );
    const shownGroups = await page.locator('#groups > li.group > h3').allTextContents();
    expect(shownGroups).toEqual(groups.value.map((group) => group.displayName));

    const openTask = page.locator('li.task[data-status="NOT_STARTED"], li.task[data-status="IN_PROGRESS"]').first();
    await openTask.waitFor();
    expect(await page.locator('.plan h4').count()).toBeGreaterThan(0);

    await page.locator('#user-list > li').nth(4).waitFor();
    expect(await page.locator('#user-list > li').count()).toBe(5);
    await page.locator('#load-more').click();
    await page.locator('#user-list > li').nth(9).waitFor();
    expect(await page.locator('#user-list > li').count()).toBe(10);
    const firstTen = await graph<{ value: { displayName: string }[] }>('/users?$select=displayName&$top=10');
    const shownUsers = await page
      .locator('#user-list > li')
      .evaluateAll((items) => items.map((item) => item.firstChild?.textContent ?? ''));
    expect(shownUsers).toEqual(firstTen.value.map((user) => user.displayName));

    const taskId = (await openTask.getAttribute('data-task-id')) ?? '';
    const row = page.locator(`li.task[data-task-id="${taskId}"]`).first();
    await row.getByRole('button', { name: 'Mark complete' }).click();
    await page.locator(`li.task[data-task-id="${taskId}"][data-status="COMPLETED"]`).first().waitFor();
    const stored = await graph<{ percentComplete: number; completedDateTime: string | null }>(
      `/planner/tasks/${taskId}`,
    );
    expect(stored.percentComplete).toBe(100);
    expect(stored.completedDateTime).not.toBeNull();

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'web-e2e.png'), fullPage: true });
  }, 120_000);
});
