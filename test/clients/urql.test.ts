/**
 * urql (`@urql/core`) with its defaults: queries over GET (`preferGetMethod: 'within-url-limit'`,
 * no content type), mutations over POST, against `npm start` and against on-behalf-of mode.
 */
import { Client, fetchExchange } from '@urql/core';
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

describe.each(CLIENT_SETUPS)('urql against $name', (setup) => {
  const gw = useGateway(setup.options);
  const sent: SentRequest[] = [];
  const client = () =>
    new Client({
      url: gw.url,
      exchanges: [fetchExchange],
      fetch: recordingFetch(sent),
      fetchOptions: () => ({ headers: setup.headers(gw) }),
    });

  beforeEach(() => {
    sent.length = 0;
  });

  it('runs a query over GET without a content type', async () => {
    const result = await client().query<{ me: { id: string; displayName: string } }>(ME_QUERY, {}).toPromise();
    expect(result.error).toBeUndefined();
    const me = await gw.rest<{ id: string; displayName: string }>(
      `/users/${gw.emulator.info.defaultUserId}?$select=id,displayName`,
    );
    expect(result.data).toEqual({ me: { id: me.id, displayName: me.displayName } });
    const authorization = Object.keys(setup.headers(gw)).length > 0;
    expect(sent).toEqual([{ method: 'GET', contentType: null, authorization }]);
  });

  it('runs a mutation over POST', async () => {
    const urql = client();
    const read = await urql.query<MyTask>(MY_TASK_QUERY, {}).toPromise();
    const [task] = read.data?.me.plannerTasks.nodes ?? [];
    const renamed = await urql
      .mutation(RENAME_TASK, { id: task.id, etag: task.etag, title: 'Renamed by urql' })
      .toPromise();
    expect(renamed.error).toBeUndefined();
    expect(renamed.data).toEqual({ updatePlannerTask: { task: { id: task.id, title: 'Renamed by urql' } } });
    expect(sent.map((request) => [request.method, request.contentType])).toEqual([
      ['GET', null],
      ['POST', 'application/json'],
    ]);
  });
});
