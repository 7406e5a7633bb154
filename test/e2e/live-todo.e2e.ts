/**
 * The example web app's live To Do list in headless Chromium (set up as in web.e2e.ts: built for
 * the gateway's URL, served on another origin): the picked list subscribes to `outlookTaskChanged`
 * over the gateway's WebSocket, and the gateway follows the list through a Graph change-notification
 * subscription, which the embedded emulator delivers to the gateway's loopback address. Changes
 * made by a second client (plain HTTP GraphQL mutations from the test) reach the open page without
 * a reload: a task completed elsewhere shows completed, a task created elsewhere appears, a task
 * deleted elsewhere disappears. Nothing is polled during the test (a one-day
 * `GRAPH_POLL_INTERVAL_SECONDS`, and the list's tasks are read no more after the gateway's
 * baseline): only Graph's notifications move the page. Saves test-artifacts/live-todo-e2e.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { GraphCollection } from '../kit';
import {
  ARTIFACTS,
  graphAppToken,
  LIVE_TIMEOUT_MS,
  openLivePage,
  secondClient,
  startWebApp,
  todoListWatched,
  todoTaskReads,
  type EmulatorInfo,
  type WebApp,
} from './web-app';

interface TodoTask {
  id: string;
  title: string;
  status: string;
  importance: string;
  dueDateTime: string | null;
}

describe('the example web app’s To Do list, live', () => {
  let app: WebApp | undefined;
  let page: Page;
  let info: EmulatorInfo;

  beforeAll(async () => {
    app = await startWebApp({ gatewaySettings: { GRAPH_POLL_INTERVAL_SECONDS: '86400' } });
    ({ info } = app);
    page = await app.context.newPage();
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
  });

  /** The default user's To Do through the emulator's REST API (the oracle). */
  async function graph<T>(path: string): Promise<T> {
    const token = await graphAppToken(app!.emulatorUrl);
    const response = await fetch(`${app!.emulatorUrl}/v1.0/users/${info.defaultUserId}/todo${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  }

  it('shows a task completed, a task created and a task deleted by a second client without reloading, driven by Graph change notifications', async () => {
    const loaded = await openLivePage(page, app!);

    // The picker offers the user's lists, the built-in "Tasks" list picked; the test picks another.
    const lists =
      await graph<GraphCollection<{ id: string; displayName: string; wellknownListName: string }>>('/lists');
    const defaultList = lists.value.find((list) => list.wellknownListName === 'defaultList')!;
    const listId = lists.value.find((list) => list.wellknownListName === 'none')!.id;
    const picker = page.locator('#todo-list');
    await page.locator(`.todo-tasks[data-list-id="${defaultList.id}"] li.todo-task`).first().waitFor();
    expect({
      options: await picker.locator('option').allTextContents(),
      picked: await picker.inputValue(),
    }).toEqual({ options: lists.value.map((list) => list.displayName), picked: defaultList.id });
    await picker.selectOption(listId);
    const shown = page.locator(`.todo-tasks[data-list-id="${listId}"]`);
    await shown.locator('li.todo-task').first().waitFor();
    const stored = await graph<GraphCollection<{ title: string; status: string }>>(
      `/lists/${encodeURIComponent(listId)}/tasks?$select=title,status`,
    );
    expect(await shown.locator('li.todo-task .task-title').allTextContents()).toEqual(
      stored.value.map((task) => task.title),
    );

    // Changes are notified from the gateway's Graph subscription on, and reported against its baseline read.
    await todoListWatched(app!, listId);
    const readsWatched = await todoTaskReads(app!.emulatorUrl, listId);

    // UPDATED: completed by the second client.
    const openTask = shown.locator('li.todo-task:not([data-status="COMPLETED"])').first();
    const taskId = (await openTask.getAttribute('data-task-id')) ?? '';
    const completed = await secondClient<{ updateOutlookTask: { task: TodoTask } }>(
      app!,
      'mutation($input: UpdateOutlookTaskInput!) { updateOutlookTask(input: $input) { task { id status } } }',
      { input: { listId, id: taskId, status: 'COMPLETED' } },
    );
    expect(completed.updateOutlookTask.task).toEqual({ id: taskId, status: 'COMPLETED' });
    const row = shown.locator(`li.todo-task[data-task-id="${taskId}"][data-status="COMPLETED"]`);
    await row.waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect({
      done: await row.locator('.task-done').textContent(),
      buttons: await row.getByRole('button').count(),
    }).toEqual({ done: '✓ completed', buttons: 0 });

    // CREATED: appended to the list, with its importance and due day.
    const title = `Added live ${Date.now()}`;
    const created = await secondClient<{ createOutlookTask: { task: TodoTask } }>(
      app!,
      'mutation($input: CreateOutlookTaskInput!) { createOutlookTask(input: $input) { task { id title status importance dueDateTime } } }',
      { input: { listId, title, importance: 'HIGH', dueDateTime: '2030-01-15T00:00:00Z' } },
    );
    const newId = created.createOutlookTask.task.id;
    expect(created.createOutlookTask.task).toEqual({
      id: newId,
      title,
      status: 'NOT_STARTED',
      importance: 'HIGH',
      dueDateTime: '2030-01-15T00:00:00.000Z',
    });
    const newRow = shown.locator(`li.todo-task[data-task-id="${newId}"]`);
    await newRow.waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect({
      title: await newRow.locator('.task-title').textContent(),
      importance: await newRow.locator('.task-importance').textContent(),
      due: await newRow.locator('.task-due').textContent(),
      status: await newRow.getAttribute('data-status'),
      statusShown: await newRow.locator('.task-status').textContent(),
      last: await shown.locator('li.todo-task').last().getAttribute('data-task-id'),
    }).toEqual({
      title,
      importance: 'high',
      due: 'due 2030-01-15',
      status: 'NOT_STARTED',
      statusShown: 'not started',
      last: newId,
    });

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'live-todo-e2e.png'), fullPage: true });

    // DELETED: gone from the list.
    await secondClient<{ deleteOutlookTask: { id: string } }>(
      app!,
      'mutation($input: DeleteOutlookTaskInput!) { deleteOutlookTask(input: $input) { id } }',
      { input: { listId, id: newId } },
    );
    await newRow.waitFor({ state: 'detached', timeout: LIVE_TIMEOUT_MS });

    // The same page all along, and no read of the list since the baseline: each change came as a notification.
    expect(await loaded.stillLoaded()).toBe(true);
    expect(loaded.navigations).toEqual([`${app!.appOrigin}/`]);
    expect(await page.locator('#live-status').getAttribute('data-status')).toBe('live');
    expect(await todoTaskReads(app!.emulatorUrl, listId)).toBe(readsWatched);
  }, 120_000);

  it('marks a task complete from the page, as To Do then stores it', async () => {
    const shown = page.locator('.todo-tasks');
    const openTask = shown.locator('li.todo-task:not([data-status="COMPLETED"])').first();
    const taskId = (await openTask.getAttribute('data-task-id')) ?? '';
    const listId = (await shown.getAttribute('data-list-id')) ?? '';
    await openTask.getByRole('button', { name: 'Mark complete' }).click();
    await shown.locator(`li.todo-task[data-task-id="${taskId}"][data-status="COMPLETED"]`).waitFor();
    const stored = await graph<{ status: string; completedDateTime: unknown }>(
      `/lists/${encodeURIComponent(listId)}/tasks/${encodeURIComponent(taskId)}`,
    );
    expect(stored.status).toBe('completed');
    expect(stored.completedDateTime).not.toBeNull();
  }, 60_000);
});
