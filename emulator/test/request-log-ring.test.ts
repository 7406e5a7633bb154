import { RequestLog } from '../src/request-log';

describe('RequestLog', () => {
  it('keeps the last entries, oldest first, once it has wrapped around', () => {
    const log = new RequestLog(3);
    for (const n of [1, 2, 3, 4, 5]) log.add({ kind: 'http', method: 'GET', url: `/v1.0/users/${n}` });
    expect(log.lines()).toEqual(['GET /v1.0/users/3', 'GET /v1.0/users/4', 'GET /v1.0/users/5']);
    log.clear();
    log.add({ kind: 'batchStep', method: 'GET', url: 'users/6' });
    expect(log.entries()).toEqual([{ kind: 'batchStep', method: 'GET', url: 'users/6' }]);
  });
});
