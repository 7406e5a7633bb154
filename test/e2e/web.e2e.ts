/**
 * The example web app (`examples/web`, its dependencies installed by scripts/e2e.sh) in headless
 * Chromium, against `npm start` (`tsx src/main.ts`, embedded emulator), served by `vite preview`
 * on another origin without Vite's proxy: built with `VITE_GRAPHQL_URL` naming the gateway, so the
 * browser calls it cross-origin (CORS). The signed-in user, their groups with owners (a fragment
 * on `DirectoryObject`: the served possibleTypes), plans and tasks, their To Do list, "load more" through the users
 * connection, and completing a task, checked against the emulator's REST API. A page of an origin
 * the gateway does not allow reads nothing. Saves test-artifacts/web-e2e.png.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { StatsSnapshot } from '@msgraph-graphql/emulator';
import type { Page } from 'playwright-core';
import {
  ARTIFACTS,
  emulatorStats,
  graphAppToken,
  startWebApp,
  todoListWatched,
  type EmulatorInfo,
  type WebApp,
} from './web-app';

/** A website the gateway does not allow (`CORS_ORIGINS`), resolved to a page server on loopback. */
const FOREIGN_HOST = 'foreign.example';

/**
 * Graph requests other than the task board's live polls (`GET /planner/plans/{id}/tasks`, which
 * the open app's subscriptions cause every `GRAPH_POLL_INTERVAL_SECONDS`).
 */
function requestsBesidesPolls(stats: StatsSnapshot): number {
  return Object.entries(stats.byPath)
    .filter(([path]) => !/^GET \/planner\/plans\/[^/]+\/tasks$/.test(path))
    .reduce((sum, [, count]) => sum + count, 0);
}

/** Serves one HTML page on 127.0.0.1:0 (the foreign website). */
async function servePage(html: string): Promise<Server> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe('the example web app in headless Chromium', () => {
  let app: WebApp | undefined;
  let page: Page;
  let emulatorUrl: string;
  let info: EmulatorInfo;
  let gatewayOrigin: string;
  let appOrigin: string;
  let foreignSite: Server | undefined;

  beforeAll(async () => {
    app = await startWebApp({ chromiumArgs: [`--host-resolver-rules=MAP ${FOREIGN_HOST} 127.0.0.1`] });
    ({ emulatorUrl, info, gatewayOrigin, appOrigin } = app);
    foreignSite = await servePage('<!doctype html><title>Another website</title><p>Not allowed by the gateway.</p>');
    page = await app.context.newPage();
  }, 180_000);

  afterAll(async () => {
    // The browser first: the foreign site's server closes once Chromium's connections to it are gone.
    await app?.stop();
    await new Promise((resolve) => (foreignSite ? foreignSite.close(resolve) : resolve(undefined)));
  });

  it('shows the signed-in user, their groups with owners, plans and tasks, their To Do list, pages users with "load more", and completes a task, calling the gateway cross-origin', async () => {
    const calls: { url: string; allowOrigin: string | null }[] = [];
    page.on('response', (response) => {
      if (['fetch', 'xhr'].includes(response.request().resourceType())) {
        calls.push({ url: response.url(), allowOrigin: response.headers()['access-control-allow-origin'] ?? null });
      }
    });
    await page.goto(`${appOrigin}/`);
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
    // Owners come through `... on DirectoryObject`: kept by the cache only with possibleTypes.
    const groupIds = await graph<{ value: { id: string }[] }>(
      `/users/${info.defaultUserId}/memberOf/microsoft.graph.group?$select=id&$top=20`,
    );
    const owners = await graph<{ value: { displayName: string }[] }>(
      `/groups/${groupIds.value[0].id}/owners?$select=displayName&$top=3`,
    );
    const firstGroup = page.locator('#groups > li.group').first();
    expect(owners.value.length).toBeGreaterThan(0);
    expect(await firstGroup.locator('.owners').textContent()).toBe(
      `Owners: ${owners.value.map((owner) => owner.displayName).join(', ')}`,
    );

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

    // The To Do view: the built-in list picked, its tasks in To Do's order.
    const todoTitles = page.locator('.todo-tasks li.todo-task .task-title');
    await todoTitles.first().waitFor();
    const todoListId = await page.locator('#todo-list').inputValue();
    const todo = await graph<{ value: { title: string }[] }>(
      `/users/${info.defaultUserId}/todo/lists/${encodeURIComponent(todoListId)}/tasks?$select=title`,
    );
    expect(await todoTitles.allTextContents()).toEqual(todo.value.map((task) => task.title));
    // Its live updates set up now (a Graph subscription, then a read), not during the next test's count.
    await todoListWatched(app!, todoListId);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'web-e2e.png'), fullPage: true });

    // Every call went to the gateway's origin (no proxy), and the gateway allowed the app's origin.
    expect(calls.length).toBeGreaterThan(3);
    for (const call of calls) {
      expect({ url: new URL(call.url).origin, allowOrigin: call.allowOrigin }).toEqual({
        url: gatewayOrigin,
        allowOrigin: appOrigin,
      });
    }
    expect(calls.map((call) => new URL(call.url).pathname)).toContain('/possible-types.json');
  }, 120_000);

  it('lets a page of an origin the gateway does not allow read nothing, and runs nothing for it', async () => {
    const stats = async () => requestsBesidesPolls(await emulatorStats(emulatorUrl));
    const before = await stats();
    const foreign = await app!.context.newPage();
    await foreign.goto(`http://${FOREIGN_HOST}:${(foreignSite!.address() as AddressInfo).port}/`);
    const outcomes = await foreign.evaluate(async (url) => {
      const attempt = async (init: RequestInit, target = url) => {
        try {
          const response = await fetch(target, init);
          return `read ${response.type} ${response.status}: ${await response.text()}`;
        } catch (error) {
          return `failed: ${(error as Error).name}`;
        }
      };
      return {
        simpleGet: await attempt({}, `${url}?query=${encodeURIComponent('{ me { displayName } }')}`),
        jsonPost: await attempt({
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ me { displayName } }' }),
        }),
        noCors: await attempt({ mode: 'no-cors' }, `${url}?query=${encodeURIComponent('{ me { displayName } }')}`),
        possibleTypes: await attempt({}, new URL('/possible-types.json', url).href),
      };
    }, `${gatewayOrigin}/graphql`);
    await foreign.close();
    expect(outcomes).toEqual({
      simpleGet: 'failed: TypeError',
      jsonPost: 'failed: TypeError',
      // An opaque answer: no status, no body for the page.
      noCors: 'read opaque 0: ',
      possibleTypes: 'failed: TypeError',
    });
    // The simple GETs were refused before they ran, the POST never left the browser (its preflight found no CORS);
    // the first page, still open, keeps polling its plans (its live task board), which is not counted.
    expect(await stats()).toBe(before);
  }, 60_000);
});
