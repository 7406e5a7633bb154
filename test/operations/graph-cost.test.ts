/**
 * What an operation costs Graph, as `extensions.graphStats` reports it: HTTP requests, `$batch`
 * sub-requests, round trips awaited one after another, and the resource units Graph charged
 * (`x-ms-resource-unit`, summed over answers and `$batch` steps); `/metrics` adds the resource
 * units of every operation up.
 */
import { graphStats, metricsText, sample, useGateway } from '../kit';

const gw = useGateway({ users: 40, serve: true });

const someUserWithManager = () => {
  const [userId] = [...gw.emulator.tenant.managerOf.keys()];
  return userId;
};

describe('the Graph cost of an operation', () => {
  it('reports one GET /me as 1 request, 1 round trip and 1 resource unit', async () => {
    const answer = await gw.post({ query: '{ me { id displayName } }' });

    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.extensions?.graphStats).toEqual(
      graphStats({ httpRequests: 1, batchRequests: 0, subRequests: 0, waves: 1, roundTrips: 1, resourceUnits: 1 }),
    );
  });

  it('reports user(id:) with its manager and groups as 1 $batch of 3 steps at 1 resource unit each', async () => {
    const answer = await gw.post({
      query: 'query($id: ID!) { user(id: $id) { displayName manager { id } memberOf(first: 25) { nodes { id } } } }',
      variables: { id: someUserWithManager() },
    });

    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.extensions?.graphStats).toEqual(
      graphStats({ httpRequests: 1, batchRequests: 1, subRequests: 3, waves: 1, roundTrips: 1, resourceUnits: 3 }),
    );
  });

  it('reports groups with their members as 2 round trips, members at 1 resource unit each (3, $select -1, $top under 20 -1)', async () => {
    const answer = await gw.post({
      query: '{ groups(first: 5) { nodes { id members(first: 10) { nodes { id } } } } }',
    });

    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.extensions?.graphStats).toEqual(
      graphStats({ httpRequests: 2, batchRequests: 1, subRequests: 5, waves: 2, roundTrips: 2, resourceUnits: 6 }),
    );
  });

  it('reports 30 users read by id as 2 id in (...) reads of 15, at 1 resource unit each', async () => {
    const ids = [...gw.emulator.tenant.users.keys()].slice(0, 30);
    const query = `{ ${ids.map((id, index) => `u${index}: user(id: "${id}") { displayName }`).join(' ')} }`;
    const answer = await gw.post({ query });

    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.extensions?.graphStats).toEqual(
      graphStats({ httpRequests: 1, batchRequests: 1, subRequests: 2, waves: 1, roundTrips: 1, resourceUnits: 2 }),
    );
  });

  it('adds the resource units of every operation to graph_resource_units_total at /metrics', async () => {
    const before = await metricsText(gw.origin);
    const first = await gw.post({ query: '{ me { id } }' });
    const second = await gw.post({
      query: '{ groups(first: 5) { nodes { id members(first: 10) { nodes { id } } } } }',
    });
    const after = await metricsText(gw.origin);

    const spent = [first, second].map((answer) => answer.body.extensions?.graphStats?.resourceUnits as number);
    expect(spent).toEqual([1, 6]);
    const series = 'graph_resource_units_total';
    expect(sample(after, series) - sample(before, series)).toBe(7);
    expect(after).toContain('# TYPE graph_resource_units_total counter');
  });
});
