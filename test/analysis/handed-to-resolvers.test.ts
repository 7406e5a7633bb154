/** The limits plugin analyses an operation once, before execution, and the resolvers read that analysis. */
import type { OperationAnalysis } from '../../src/analysis';
import { useGateway } from '../kit';

const gw = useGateway({ users: 10 });

it('hands the resolvers the analysis the limits plugin made, without walking the operation again', async () => {
  const context = await gw.prepared.contextFactory({ req: { headers: {} } });
  const recorded: OperationAnalysis[] = [];
  const read = new Set<OperationAnalysis>();
  const { record, of } = context.analysis;
  context.analysis = {
    record: (operation, analysis) => {
      recorded.push(analysis);
      record(operation, analysis);
    },
    of: (info) => {
      const analysis = of(info);
      read.add(analysis);
      return analysis;
    },
  };
  const response = await gw.prepared.gateway.apollo.executeOperation(
    { query: '{ users(first: 2) { totalCount nodes { id } } me { manager { id } } }' },
    { contextValue: context },
  );
  expect(response.body.kind === 'single' && response.body.singleResult.errors).toBeUndefined();
  expect(recorded).toHaveLength(1);
  expect(read.size).toBe(1);
  expect(read.has(recorded[0])).toBe(true);
});
