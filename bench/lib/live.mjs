/**
 * `npm run bench -- --live`: what live data costs, against the gateway as `npm start` runs it in
 * embedded mode (the emulator in its process delivers Graph change notifications to the
 * gateway's loopback `/graph/notifications`; REST writes go to the emulator's own port):
 * - notification latency: from a REST write to a To Do list (`POST .../tasks`) to the
 *   `outlookTaskChanged` event at a graphql-ws subscriber, p50/p95 over N changes;
 * - polling: the Graph requests a polled plan (`plannerTaskChanged`) spends, counted from the
 *   emulator's stats over a window at a short `GRAPH_POLL_INTERVAL_SECONDS` and scaled to one hour
 *   at the default 30 s;
 * - the alternative: the example app's board query re-run every 30 s for the same freshness, its
 *   Graph requests counted once and scaled to one hour.
 */
import { performance } from 'node:perf_hooks';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { guardedNodeArgs, startProcess, stopProcess } from './processes.mjs';
import { clientCredentialsToken, json, ROOT_DIR } from './emulator.mjs';
import { percentile } from './measure.mjs';

const GATEWAY_BUILD = 'dist/src/main.js';
/** The product default of `GRAPH_POLL_INTERVAL_SECONDS`, which the hourly figures are scaled to. */
export const DEFAULT_POLL_SECONDS = 30;
const SECONDS_PER_HOUR = 3600;
const EVENT_TIMEOUT_MS = 10_000;

/** The example app's board (examples/web/src/operations.js `ME`), as a client would re-run it. */
const BOARD_QUERY = `query Me {
  me {
    id displayName mail jobTitle
    memberOf(first: 20) {
      nodes {
        id displayName
        owners(first: 3) { nodes { id ... on User { displayName } ... on Group { displayName } ... on OtherDirectoryObject { displayName } } }
        plannerPlans { id title tasks(first: 10) { nodes { id etag title percentComplete status } } }
      }
    }
  }
}`;

const OUTLOOK_SUBSCRIPTION = `subscription($listId: ID!) { outlookTaskChanged(listId: $listId) { changeType taskId } }`;
const PLANNER_SUBSCRIPTION = `subscription($planId: ID!) { plannerTaskChanged(planId: $planId) { changeType taskId } }`;

/** Bounded polling, as the tests wait. */
async function waitFor(condition, what, timeoutMs = EVENT_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The gateway in embedded mode, with its own emulator's URL and an app token for REST writes. */
async function startEmbeddedGateway({ tsx, pollSeconds, nodeArgs = [] }) {
  const main = tsx ? ['--import', 'tsx', 'src/main.ts'] : [GATEWAY_BUILD];
  const started = await startProcess({
    name: 'the gateway (embedded emulator)',
    command: process.execPath,
    args: guardedNodeArgs(...nodeArgs, ...main),
    cwd: ROOT_DIR,
    env: { PORT: '0', LOG_LEVEL: 'warn', NODE_ENV: 'production', GRAPH_POLL_INTERVAL_SECONDS: String(pollSeconds) },
    ready: /GraphQL API ready at http:\/\/localhost:(\d+)(\/\S*)[\s\S]*?Graph emulator \(embedded\) at (http:\/\/\S+)/,
  });
  const url = `http://127.0.0.1:${started.match[1]}${started.match[2]}`;
  const emulatorUrl = started.match[3];
  const info = await json(await fetch(`${emulatorUrl}/_emulator/info`), 'GET /_emulator/info');
  const token = await clientCredentialsToken(info);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  return {
    url,
    emulatorUrl,
    info,
    graph: async (method, path, body) =>
      json(
        await fetch(`${emulatorUrl}/v1.0${path}`, {
          method,
          headers,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
        `${method} ${path}`,
      ),
    query: async (query, variables = {}) => {
      const answer = await json(
        await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query, variables }),
        }),
        'the gateway',
      );
      if (answer.errors?.length) throw new Error(`the gateway answered errors: ${JSON.stringify(answer.errors)}`);
      return answer.data;
    },
    stats: async () => json(await fetch(`${emulatorUrl}/_emulator/stats`), 'GET /_emulator/stats'),
    resetStats: async () => json(await fetch(`${emulatorUrl}/_emulator/reset`, { method: 'POST' }), 'reset'),
    subscriptions: async () =>
      (await json(await fetch(`${emulatorUrl}/_emulator/subscriptions`), 'GET /_emulator/subscriptions')).subscriptions,
    stop: () => stopProcess(started.child),
  };
}

/** One graphql-ws connection (embedded mode: no credentials, the default user) and its events. */
function subscribe(gatewayUrl, query, variables) {
  const client = createClient({
    url: gatewayUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => undefined,
  });
  const events = [];
  let failure = null;
  client.subscribe(
    { query, variables },
    {
      next: (result) => events.push({ atMs: performance.now(), result }),
      error: (error) => {
        failure = error;
      },
      complete: () => undefined,
    },
  );
  return {
    events,
    failure: () => failure,
    dispose: () => client.dispose(),
  };
}

/** (a) REST write → `outlookTaskChanged` event, over the notification path. */
async function measureNotificationLatency(gateway, changes) {
  const me = gateway.info.defaultUserId;
  const lists = await gateway.graph('GET', `/users/${me}/todo/lists`);
  const listId = lists.value[0].id;
  const subscription = subscribe(gateway.url, OUTLOOK_SUBSCRIPTION, { listId });
  try {
    await waitFor(async () => (await gateway.subscriptions()).length === 1, 'the Graph subscription');
    // The baseline read follows the subscription; a change before it could be folded into the baseline.
    await waitFor(
      async () =>
        Object.keys((await gateway.stats()).byPath).some(
          (path) => path.startsWith('GET ') && path.includes('/todo/lists/') && path.endsWith('/tasks'),
        ),
      'the baseline read',
    );
    const tasksPath = `/users/${me}/todo/lists/${encodeURIComponent(listId)}/tasks`;
    const times = [];
    for (let i = 0; i < changes; i += 1) {
      const seen = subscription.events.length;
      const startMs = performance.now();
      const created = await gateway.graph('POST', tasksPath, { title: `Live bench ${i}` });
      await waitFor(() => subscription.failure() ?? subscription.events.length > seen, `the event of change ${i + 1}`);
      if (subscription.failure()) throw new Error(`the subscription failed: ${JSON.stringify(subscription.failure())}`);
      const event = subscription.events[seen];
      if (event.result.data?.outlookTaskChanged?.taskId !== created.id)
        throw new Error(`change ${i + 1}: expected task ${created.id}, got ${JSON.stringify(event.result)}`);
      times.push(event.atMs - startMs);
    }
    times.sort((a, b) => a - b);
    return { changes, p50Ms: round1(percentile(times, 0.5)), p95Ms: round1(percentile(times, 0.95)) };
  } finally {
    await subscription.dispose();
    // The gateway deletes its Graph subscription a grace period after the last subscriber left:
    // that DELETE must not be counted in the measurements that follow.
    await waitFor(async () => (await gateway.subscriptions()).length === 0, 'the Graph subscription deleted', 30_000);
  }
}

/** Waits until the poll count next goes up, and returns the stats and time seen then. */
async function waitForNextPoll(gateway, pollPath) {
  const before = (await gateway.stats()).byPath[pollPath] ?? 0;
  return waitFor(async () => {
    const stats = await gateway.stats();
    return (stats.byPath[pollPath] ?? 0) > before ? { stats, atMs: performance.now() } : null;
  }, 'the next poll');
}

/** (b) A polled plan's Graph requests over a window, scaled to an hour at the default interval. */
async function measurePolling(gateway, planId, { pollSeconds, windowSeconds }) {
  const subscription = subscribe(gateway.url, PLANNER_SUBSCRIPTION, { planId });
  try {
    const pollPath = `GET /planner/plans/${planId}/tasks`;
    const polls = async () => (await gateway.stats()).byPath[pollPath] ?? 0;
    // From one poll to another, so the window holds whole intervals; the subscription's start-up
    // reads are not the running cost.
    await waitFor(async () => (await polls()) >= 1, 'the first poll');
    const first = await waitForNextPoll(gateway, pollPath);
    const minimumMs = windowSeconds * 1000;
    await new Promise((resolve) => setTimeout(resolve, minimumMs));
    const last = await waitForNextPoll(gateway, pollPath);
    const elapsedSeconds = (last.atMs - first.atMs) / 1000;
    const requests = last.stats.httpRequests - first.stats.httpRequests;
    const pollRequests = (last.stats.byPath[pollPath] ?? 0) - (first.stats.byPath[pollPath] ?? 0);
    // A poller waits one interval after each poll has been answered: the measured period is the
    // interval plus a poll's own time, which is added to the default interval when scaling.
    const requestsPerPoll = requests / pollRequests;
    const pollOverheadSeconds = Math.max(0, elapsedSeconds / pollRequests - pollSeconds);
    const pollsPerHourAtDefault = SECONDS_PER_HOUR / (DEFAULT_POLL_SECONDS + pollOverheadSeconds);
    return {
      pollSeconds,
      windowSeconds: round1(elapsedSeconds),
      requests,
      pollRequests,
      requestsPerPoll: round2(requestsPerPoll),
      periodMs: round1((elapsedSeconds / pollRequests) * 1000),
      requestsPerHourAtDefault: Math.round(requestsPerPoll * pollsPerHourAtDefault),
    };
  } finally {
    await subscription.dispose();
  }
}

/** (c) The board query re-run every 30 s: one run's Graph requests, times 120. */
async function measureRerunning(gateway) {
  await gateway.query(BOARD_QUERY); // warm-up: token exchange and caches, as a running client has them
  await gateway.resetStats();
  const data = await gateway.query(BOARD_QUERY);
  const stats = await gateway.stats();
  const runsPerHour = SECONDS_PER_HOUR / DEFAULT_POLL_SECONDS;
  const plans = data.me.memberOf.nodes.flatMap((group) => group.plannerPlans ?? []);
  return {
    plans: plans.length,
    httpRequests: stats.httpRequests,
    subRequests: stats.subRequests,
    httpRequestsPerHour: stats.httpRequests * runsPerHour,
    subRequestsPerHour: stats.subRequests * runsPerHour,
    firstPlanId: plans[0]?.id ?? null,
  };
}

function round1(value) {
  return Math.round(value * 10) / 10;
}

function round2(value) {
  return Math.round(value * 100) / 100;
}

/** Runs the three measurements; `quick` shortens the counts and the window. */
export async function runLiveBench({ quick, tsx, samples }) {
  const pollSeconds = 0.2;
  const gateway = await startEmbeddedGateway({ tsx, pollSeconds });
  try {
    const latency = await measureNotificationLatency(gateway, samples ?? (quick ? 10 : 50));
    const rerun = await measureRerunning(gateway);
    if (!rerun.firstPlanId) throw new Error("the board query found no plan of the default user's groups");
    const polling = await measurePolling(gateway, rerun.firstPlanId, { pollSeconds, windowSeconds: quick ? 3 : 10 });
    return { latency, polling, rerun };
  } finally {
    await gateway.stop();
  }
}

export function renderLiveMarkdown(report) {
  const { latency, polling, rerun } = report.live;
  const machine = report.machine;
  return [
    `Measured ${report.generatedAt.slice(0, 10)} on ${machine.nproc} × ${machine.cpuModel.split(' ').slice(0, 2).join(' ')}, Node ${machine.node}; the gateway ${report.settings.gatewayRuntime}, in embedded mode (its emulator delivers change notifications to its loopback address, 0 ms injected latency); load average ${machine.loadAverageAtStart} at the start.`,
    '',
    '| what | measured | Graph cost at the default 30 s |',
    '| --- | --- | --- |',
    `| change notification → subscriber (\`outlookTaskChanged\`, REST write to the event) | p50 ${latency.p50Ms} ms, p95 ${latency.p95Ms} ms over ${latency.changes} changes | no requests while nothing changes (one renewal every ~35 hours) |`,
    `| one polled plan (\`plannerTaskChanged\`), per identity scope (each user in delegated mode), any number of subscribers | ${polling.requests} Graph requests (${polling.pollRequests} polls) in ${polling.windowSeconds} s at a ${polling.pollSeconds} s interval (a poll every ${polling.periodMs} ms): requests per poll ${polling.requestsPerPoll} | **${polling.requestsPerHourAtDefault}** requests an hour |`,
    `| the board's ${rerun.plans} plans polled for one user, however many of their clients watch them | ${rerun.plans} × the row above | **${rerun.plans * polling.requestsPerHourAtDefault}** requests an hour |`,
    `| re-running the board query every 30 s instead (the example app's \`Me\`), per client | ${rerun.httpRequests} HTTP requests (${rerun.subRequests} \`$batch\` sub-requests) a run | **${rerun.httpRequestsPerHour}** HTTP requests (${rerun.subRequestsPerHour} sub-requests, each counted by Graph's throttling) an hour, for every client |`,
  ].join('\n');
}
