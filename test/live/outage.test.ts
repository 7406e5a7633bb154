/**
 * A Graph outage while a plan is polled: the failed polls are logged and retried at the next
 * interval with the last baseline kept, so a change made during the outage is delivered (once)
 * when Graph answers again, and the subscription stays open throughout. The changes one poll finds
 * resolve together, in one `$batch`.
 */
import { liveClient, useGateway, waitFor, type GraphCollection, type RestPlannerTask } from '../kit';

const POLL_MS = 100;

describe('polling through a Graph outage', () => {
  let outage = false;
  let refusedPolls = 0;
  const gw = useGateway({
    users: 20,
    serve: true,
    logLevel: 'warn',
    graphRetry: { maxRetries: 0 },
    live: { pollIntervalMs: POLL_MS, topicGraceMs: 50 },
    // Graph answers 503 to the gateway's polls while `outage` holds; the test's own REST calls go straight through.
    graphFetch: async (request) => {
      if (outage && new URL(request.url).pathname.endsWith('/tasks')) {
        refusedPolls += 1;
        return new Response(JSON.stringify({ error: { code: 'serviceNotAvailable', message: 'Down for a test.' } }), {
          status: 503,
          headers: { 'content-type': 'application/json' },
        });
      }
      return fetch(request);
    },
  });

  it('delivers a change made during the outage once Graph answers again', async () => {
    const me = gw.emulator.info.defaultUserId;
    const planId = (await gw.rest<GraphCollection<RestPlannerTask>>(`/users/${me}/planner/tasks`)).value[0].planId;
    const client = liveClient(gw.url);
    try {
      gw.resetTraffic();
      const run = client.subscribe<{ plannerTaskChanged: { changeType: string; taskId: string } }>(
        'subscription($planId: ID!) { plannerTaskChanged(planId: $planId) { changeType taskId } }',
        { planId },
      );
      await waitFor(() => gw.graphLines().some((line) => line.includes(`/planner/plans/${planId}/tasks?`)), {
        what: "the plan's baseline read",
      });

      outage = true;
      await waitFor(() => refusedPolls >= 1, { what: 'a refused poll' });
      const response = await fetch(`${gw.emulatorUrl}/v1.0/planner/tasks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${gw.emulator.mintAppToken()}`, 'content-type': 'application/json' },
        body: JSON.stringify({ planId, title: 'Made during the outage' }),
      });
      const { id } = (await response.json()) as { id: string };
      const refusedBefore = refusedPolls;
      await waitFor(() => refusedPolls >= refusedBefore + 2, { what: 'two more refused polls' });
      expect(run.results).toEqual([]);
      outage = false;

      await waitFor(() => run.results.length >= 1, { what: 'the CREATED event' });
      // Two more polls, so that a change reported again (a baseline not moved on) would show.
      const polls = () => gw.graphLines().filter((line) => line.includes(`/planner/plans/${planId}/tasks?`)).length;
      const pollsBefore = polls();
      await waitFor(() => polls() >= pollsBefore + 2, { what: 'two polls after the event' });
      expect(run.results).toEqual([{ data: { plannerTaskChanged: { changeType: 'CREATED', taskId: id } } }]);
      expect(run.errors).toBeNull();
      expect(run.completed).toBe(false);
      expect(
        gw.logEntries().filter((entry) => entry.msg === 'Polling a plan failed; trying again at the next interval')
          .length,
      ).toBeGreaterThanOrEqual(3);
    } finally {
      await client.dispose();
    }
  });

  it('resolves the changes one poll finds together: their tasks are read in one $batch', async () => {
    const me = gw.emulator.info.defaultUserId;
    const planId = (await gw.rest<GraphCollection<RestPlannerTask>>(`/users/${me}/planner/tasks`)).value[0].planId;
    const client = liveClient(gw.url);
    try {
      gw.resetTraffic();
      const run = client.subscribe<{ plannerTaskChanged: { taskId: string; task: { title: string } } }>(
        'subscription($planId: ID!) { plannerTaskChanged(planId: $planId) { taskId task { title } } }',
        { planId },
      );
      await waitFor(() => gw.graphLines().some((line) => line.includes(`/planner/plans/${planId}/tasks?`)), {
        what: "the plan's baseline read",
      });
      // Polls refused while three tasks are created: the next poll that succeeds finds all three.
      outage = true;
      const ids: string[] = [];
      for (const title of ['One', 'Two', 'Three']) {
        const response = await fetch(`${gw.emulatorUrl}/v1.0/planner/tasks`, {
          method: 'POST',
          headers: { authorization: `Bearer ${gw.emulator.mintAppToken()}`, 'content-type': 'application/json' },
          body: JSON.stringify({ planId, title }),
        });
        ids.push(((await response.json()) as { id: string }).id);
      }
      const refusedBefore = refusedPolls;
      await waitFor(() => refusedPolls > refusedBefore, { what: 'a refused poll after the writes' });
      gw.resetTraffic();
      outage = false;

      await waitFor(() => run.results.length >= 3, { what: 'the three events' });
      expect(run.results.map((result) => result.data?.plannerTaskChanged)).toEqual([
        { taskId: ids[0], task: { title: 'One' } },
        { taskId: ids[1], task: { title: 'Two' } },
        { taskId: ids[2], task: { title: 'Three' } },
      ]);
      const reads = gw.graphLines().filter((line) => !line.includes(`/planner/plans/${planId}/tasks?`));
      expect(gw.emulator.stats().batchRequests).toBe(1);
      expect(reads).toEqual(['POST /v1.0/$batch', ...ids.map((id) => `GET /planner/tasks/${id}?$select=id,title`)]);
    } finally {
      await client.dispose();
    }
  });
});
