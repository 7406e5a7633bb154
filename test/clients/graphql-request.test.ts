/**
 * graphql-request with POST (its default) and with `method: 'GET'` (queries over GET without a
 * content type; mutations still over POST), against `npm start` and against on-behalf-of mode.
 */
import type * as GraphQLRequest from 'graphql-request' with { 'resolution-mode': 'import' };
import { useGateway } from '../kit';
import {
  CLIENT_SETUPS,
  ME_QUERY,
  MY_TASK_QUERY,
  recordingFetch,
  RENAME_TASK,
  type MyTask,
  type SentRequest,
} from './gateways';

// graphql-request declares only ES module types; jest runs its CommonJS build (`exports.require`).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { GraphQLClient } = require('graphql-request') as typeof GraphQLRequest;

describe.each(CLIENT_SETUPS)('graphql-request against $name', (setup) => {
  const gw = useGateway(setup.options);
  const sent: SentRequest[] = [];
  const client = (method?: 'GET' | 'POST') =>
    new GraphQLClient(gw.url, {
      fetch: recordingFetch(sent),
      headers: () => setup.headers(gw),
      ...(method ? { method } : {}),
    });

  beforeEach(() => {
    sent.length = 0;
  });

  it.each(['POST', 'GET'] as const)('runs a query over %s', async (method) => {
    const data = await client(method === 'POST' ? undefined : method).request<{ me: { id: string } }>(ME_QUERY);
    expect(data.me.id).toBe(gw.emulator.info.defaultUserId);
    expect(sent.map((request) => request.method)).toEqual([method]);
  });

  it('sends a mutation over POST, also in GET mode (the server would refuse it over GET)', async () => {
    const read = await client('GET').request<MyTask>(MY_TASK_QUERY);
    const [task] = read.me.plannerTasks.nodes;
    const variables = { id: task.id, etag: task.etag, title: 'Renamed by graphql-request' };
    const renamed = await client('GET').request(RENAME_TASK, variables);
    expect(renamed).toEqual({ updatePlannerTask: { task: { id: task.id, title: 'Renamed by graphql-request' } } });
    expect(sent.map((request) => [request.method, request.contentType])).toEqual([
      ['GET', null],
      ['POST', 'application/json'],
    ]);
    const stored = await gw.rest<{ title: string }>(`/planner/tasks/${task.id}`);
    expect(stored.title).toBe('Renamed by graphql-request');
  });
});
