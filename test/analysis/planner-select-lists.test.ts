import type { GraphSelects } from '../../src/analysis';
import { analyse } from '../kit/analysis';

function plan(query: string, variables: Record<string, unknown> = {}): GraphSelects {
  return analyse(query, variables).selects;
}

describe('$select for Planner and To Do', () => {
  it('asks a derived field for the property it comes from, once, and a relationship for its id property', () => {
    const selects = plan(`{
      me { plannerTasks { nodes { status percentComplete etag plan { title group { displayName } } bucket { name } assignees { mail } details { description } } } }
    }`);

    expect(selects.plannerTask).toEqual(['id', 'percentComplete', 'planId', 'bucketId', 'assignments']);
    expect(selects.plannerPlan).toEqual(['id', 'title', 'container']);
    expect(selects.plannerBucket).toEqual(['id', 'name']);
    expect(selects.plannerTaskDetails).toEqual(['id', 'description']);
    expect(selects.user).toEqual(['id', 'mail']);
    expect(selects.group).toEqual(['id', 'displayName']);
  });

  it('collects To Do list and task properties from lists, tasks across lists and a mutation payload', () => {
    const selects = plan(`mutation {
      updateOutlookTask(input: { listId: "l", id: "t", status: COMPLETED }) { task { completedDateTime list { wellknownListName } } }
    }`);

    expect(selects.todoTask).toEqual(['id', 'completedDateTime']);
    expect(selects.todoTaskList).toEqual(['id', 'wellknownListName']);
  });

  it('covers Planner entities fetched through _entities', () => {
    const selects = plan(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on PlannerTask { dueDateTime } ... on PlannerPlan { createdBy { id } } } }',
    );

    expect(selects.plannerTask).toEqual(['id', 'dueDateTime']);
    expect(selects.plannerPlan).toEqual(['id', 'createdBy']);
  });
});
