import { parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { planSelects, type GraphSelects } from '../../src/selection/plan-selects';
import { buildGatewaySchema } from '../../src/server';

const schema = buildGatewaySchema();

function plan(query: string, variableValues: Record<string, unknown> = {}): GraphSelects {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  if (!operation) throw new Error('no operation');
  const fragments = Object.fromEntries(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition')
      .map((fragment) => [fragment.name.value, fragment]),
  );
  return planSelects({ schema, operation, fragments, variableValues });
}

/** What an operation without Planner or To Do fields selects of them: only their id. */
const NO_TASK_FIELDS = {
  plannerPlan: ['id'],
  plannerBucket: ['id'],
  plannerTask: ['id'],
  plannerTaskDetails: ['id'],
  todoTaskList: ['id'],
  todoTask: ['id'],
};

describe('planSelects', () => {
  it('selects only id for users { nodes { id } }', () => {
    expect(plan('{ users { nodes { id } } }')).toEqual({ user: ['id'], group: ['id'], directoryObject: ['id'], ...NO_TASK_FIELDS });
  });

  it('collects user properties from every place a user appears, in canonical order', () => {
    const selects = plan(`{
      me { mail manager { displayName } }
      users { edges { node { jobTitle directReports { nodes { surname } } } } }
    }`);
    expect(selects.user).toEqual(['id', 'displayName', 'surname', 'mail', 'jobTitle']);
    expect(selects.group).toEqual(['id']);
  });

  it('asks nothing of relationship fields but the parent id', () => {
    const selects = plan('{ users { nodes { memberOf { nodes { displayName } } transitiveMemberOf { totalCount } } } }');
    expect(selects.user).toEqual(['id']);
    expect(selects.group).toEqual(['id', 'displayName']);
  });

  it('follows aliases, named fragments and inline fragments on the DirectoryObject interface', () => {
    const selects = plan(`
      query Members {
        g: group(id: "x") {
          label: displayName
          members { nodes { ...Member } }
          owners { nodes { id ... on User { phone: mobilePhone } } }
        }
      }
      fragment Member on DirectoryObject {
        id
        ... on User { userPrincipalName }
        ... on Group { mailNickname }
        ... on OtherDirectoryObject { odataType displayName }
      }`);
    expect(selects).toEqual({
      user: ['id', 'userPrincipalName', 'mobilePhone'],
      group: ['id', 'displayName', 'mailNickname'],
      directoryObject: ['id', 'userPrincipalName', 'mobilePhone', 'displayName', 'mailNickname'],
      ...NO_TASK_FIELDS,
    });
  });

  it('applies a type condition only to the types it names', () => {
    const selects = plan('{ group(id: "x") { members { nodes { ... on Group { mail } } } } }');
    expect(selects.user).toEqual(['id']);
    expect(selects.group).toEqual(['id', 'mail']);
  });

  it('covers federation entity fetches through _entities', () => {
    const selects = plan('query($r: [_Any!]!) { _entities(representations: $r) { ... on User { givenName } ... on Group { groupTypes } } }');
    expect(selects.user).toEqual(['id', 'givenName']);
    expect(selects.group).toEqual(['id', 'groupTypes']);
  });

  it('leaves out fields skipped by @skip and @include', () => {
    const query = 'query($withMail: Boolean!) { me { displayName mail @include(if: $withMail) jobTitle @skip(if: true) } }';
    expect(plan(query, { withMail: false }).user).toEqual(['id', 'displayName']);
    expect(plan(query, { withMail: true }).user).toEqual(['id', 'displayName', 'mail']);
  });
});
