/**
 * `/metrics` labels operation names that callers choose: over real HTTP against a separately
 * started emulator, one caller inventing names cannot crowd out the names of real clients.
 */
import { MAX_NAMES_PER_CALLER } from '../../src/observability/metrics';
import { metricsText, post, sample, startTestGateway, type TestGateway } from '../kit';

let gw: TestGateway;
let url: string;
beforeAll(async () => {
  gw = await startTestGateway({ users: 12, external: {} });
  url = await gw.listen();
});
afterAll(() => gw.close());

it('counts a real client under its own name after one caller sent 105 made-up operation names', async () => {
  const [attacker, client] = [...gw.emulator.tenant.users.values()].slice(1, 3);
  const attackerToken = gw.emulator.mintUserToken(attacker?.id ?? '');
  const clientToken = gw.emulator.mintUserToken(client?.id ?? '');

  for (let index = 0; index < 105; index += 1) {
    const answer = await post(
      url,
      { query: `query Flood${index} { me { id } }` },
      { headers: { authorization: `Bearer ${attackerToken}` } },
    );
    expect(answer.status).toBe(200);
  }
  // Failing operations with fresh names never get a series, whoever sends them.
  await post(
    url,
    { query: 'query Failing { users(first: 0) { nodes { id } } }' },
    { headers: { authorization: `Bearer ${clientToken}` } },
  );
  const real = await post(
    url,
    { query: 'query TeamDashboard { me { displayName } }' },
    { headers: { authorization: `Bearer ${clientToken}` } },
  );
  expect(real.body.errors).toBeUndefined();

  const text = await metricsText(gw.origin);
  expect(sample(text, 'graphql_operations_total{type="query",name="TeamDashboard"}')).toBe(1);
  expect(sample(text, 'graphql_operations_total{type="query",name="Failing"}')).toBe(0);
  expect(sample(text, `graphql_operations_total{type="query",name="Flood${MAX_NAMES_PER_CALLER - 1}"}`)).toBe(1);
  expect(sample(text, `graphql_operations_total{type="query",name="Flood${MAX_NAMES_PER_CALLER}"}`)).toBe(0);
  expect(sample(text, 'graphql_operations_total{type="query",name="other"}')).toBe(105 - MAX_NAMES_PER_CALLER + 1);
}, 60_000);
