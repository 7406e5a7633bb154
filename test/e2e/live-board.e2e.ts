/**
 * The example web app's live task board in headless Chromium (set up as in web.e2e.ts: built for
 * the gateway's URL, served on another origin): each plan subscribes to `plannerTaskChanged` over
 * the gateway's WebSocket, and changes made by a second client (plain HTTP GraphQL mutations from
 * the test) reach the open page without a reload: a task completed elsewhere shows completed, a
 * task created elsewhere appears, a task deleted elsewhere disappears; the connection indicator
 * says `live`, then `reconnecting…` once the gateway stops. The gateway polls Planner every 0.2 s
 * here (`GRAPH_POLL_INTERVAL_SECONDS`). Saves test-artifacts/live-board-e2e.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { waitFor } from '../kit';
import {
  ARTIFACTS,
  emulatorStats,
  LIVE_TIMEOUT_MS,
  openLivePage,
  secondClient,
  startWebApp,
  type WebApp,
} from './web-app';

interface BoardTask {
  id: string;
  etag: string;
  title: string;
  percentComplete: number;
  status: string;
}

describe('the example web app’s task board, live', () => {
  let app: WebApp | undefined;
  let page: Page;

  beforeAll(async () => {
    app = await startWebApp({ gatewaySettings: { GRAPH_POLL_INTERVAL_SECONDS: '0.2' } });
    page = await app.context.newPage();
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
  });

  /** How often the emulator answered `GET /planner/plans/{id}/tasks` (the page's query and the polls). */
  async function planTaskReads(planId: string): Promise<number> {
    const stats = await emulatorStats(app!.emulatorUrl);
    return stats.byPath[`GET /planner/plans/${planId}/tasks`] ?? 0;
  }

  it('shows a task completed, a task created and a task deleted by a second client without reloading, and says reconnecting once the gateway stops', async () => {
    const loaded = await openLivePage(page, app!);

    const openTask = page.locator('li.task[data-status="NOT_STARTED"], li.task[data-status="IN_PROGRESS"]').first();
    await openTask.waitFor();
    const taskId = (await openTask.getAttribute('data-task-id')) ?? '';
    const board = page.locator('section.plan', { has: page.locator(`li.task[data-task-id="${taskId}"]`) });
    const planId = (await board.getAttribute('data-plan-id')) ?? '';
    expect({ taskId: taskId.length, planId: planId.length }).toEqual({ taskId: 28, planId: 28 });

    // Events start after the gateway's first read of the plan (its baseline): wait for a poll
    // after the page's own read, so the change below is one the gateway sees as a change.
    const readsShown = await planTaskReads(planId);
    await waitFor(async () => (await planTaskReads(planId)) > readsShown, {
      timeoutMs: LIVE_TIMEOUT_MS,
      what: "the gateway's first poll of the plan",
    });

    // UPDATED: completed by the second client.
    const { plannerTask } = await secondClient<{ plannerTask: BoardTask }>(
      app!,
      'query($id: ID!) { plannerTask(id: $id) { id etag title percentComplete status } }',
      { id: taskId },
    );
    const completed = await secondClient<{ updatePlannerTask: { task: BoardTask } }>(
      app!,
      'mutation($id: ID!, $etag: String!) { updatePlannerTask(input: { id: $id, etag: $etag, percentComplete: 100 }) { task { id status } } }',
      { id: taskId, etag: plannerTask.etag },
    );
    expect(completed.updatePlannerTask.task).toEqual({ id: taskId, status: 'COMPLETED' });
    const row = board.locator(`li.task[data-task-id="${taskId}"][data-status="COMPLETED"]`);
    await row.waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await row.locator('.task-progress').textContent()).toBe('100%');
    expect(await row.locator('.task-done').textContent()).toBe('✓ completed');

    // CREATED: appended to the plan's board.
    const title = `Added live ${Date.now()}`;
    const created = await secondClient<{ createPlannerTask: { task: BoardTask } }>(
      app!,
      'mutation($input: CreatePlannerTaskInput!) { createPlannerTask(input: $input) { task { id etag title percentComplete status } } }',
      { input: { planId, title } },
    );
    const newId = created.createPlannerTask.task.id;
    const newRow = board.locator(`li.task[data-task-id="${newId}"]`);
    await newRow.waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect({
      title: await newRow.locator('.task-title').textContent(),
      status: await newRow.getAttribute('data-status'),
      last: await board.locator('li.task').last().getAttribute('data-task-id'),
    }).toEqual({ title, status: 'NOT_STARTED', last: newId });

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'live-board-e2e.png'), fullPage: true });

    // DELETED: gone from the board.
    await secondClient<{ deletePlannerTask: { id: string } }>(
      app!,
      'mutation($id: ID!, $etag: String!) { deletePlannerTask(input: { id: $id, etag: $etag }) { id } }',
      { id: newId, etag: created.createPlannerTask.task.etag },
    );
    await newRow.waitFor({ state: 'detached', timeout: LIVE_TIMEOUT_MS });

    // The same page all along: loaded once, never reloaded.
    expect(await loaded.stillLoaded()).toBe(true);
    expect(loaded.navigations).toEqual([`${app!.appOrigin}/`]);
    expect(await page.locator('#live-status').getAttribute('data-status')).toBe('live');

    // The gateway going away (SIGTERM closes the socket with 1001) shows as reconnecting.
    expect(await app!.stopGateway()).toBe(0);
    await page.locator('#live-status[data-status="reconnecting"]').waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await page.locator('#live-status').textContent()).toBe('● reconnecting…');
  }, 120_000);
});
