/**
 * SIGTERM with live subscriptions: the gateway as `npm run dev` starts it (embedded emulator, a
 * child process) completes every subscription with a `complete` message, closes the connection
 * with 1001, and exits 0.
 */
import { exitCode, gatewayEnv, gatewayUrl, liveClient, post, spawnGateway, waitFor, type LiveClient } from '../kit';

interface Change {
  changeType: string;
  taskId: string;
}

it('completes subscriptions and closes their connections with 1001 on SIGTERM, then exits 0', async () => {
  const child = spawnGateway({ env: gatewayEnv({ GRAPH_POLL_INTERVAL_SECONDS: '0.1' }) });
  const exited = exitCode(child);
  let client: LiveClient | null = null;
  try {
    const url = (await gatewayUrl(child)).replace('localhost', '127.0.0.1');
    const mine = await post<{ me: { plannerTasks: { nodes: Array<{ plan: { id: string } }> } } }>(
      url,
      '{ me { plannerTasks(first: 1) { nodes { plan { id } } } } }',
    );
    const planId = mine.body.data!.me.plannerTasks.nodes[0].plan.id;
    client = liveClient(url);
    const runs = [0, 1].map(() =>
      client!.subscribe<{ plannerTaskChanged: Change }>(
        'subscription($planId: ID!) { plannerTaskChanged(planId: $planId) { changeType taskId } }',
        { planId },
      ),
    );
    // A change seen by both: the subscriptions are live. Created until seen, since the first
    // poll (the baseline) may come after the first creation.
    for (let attempt = 1; attempt <= 20 && runs.some((run) => run.results.length === 0); attempt += 1) {
      await post(url, {
        query: 'mutation($input: CreatePlannerTaskInput!) { createPlannerTask(input: $input) { task { id } } }',
        variables: { input: { planId, title: `Before shutdown ${attempt}` } },
      });
      await waitFor(() => runs.every((run) => run.results.length > 0), { timeoutMs: 1_000 }).catch(() => undefined);
    }
    expect(runs.map((run) => run.results.length > 0)).toEqual([true, true]);

    child.kill('SIGTERM');
    await waitFor(() => client!.closes.length > 0, { what: 'the connection to close' });
    expect(runs.map(({ completed, errors }) => ({ completed, errors }))).toEqual([
      { completed: true, errors: null },
      { completed: true, errors: null },
    ]);
    expect(client.closes).toEqual([{ code: 1001, reason: 'The server is shutting down.' }]);
    expect(await exited).toBe(0);
  } finally {
    await client?.dispose();
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}, 90_000);
