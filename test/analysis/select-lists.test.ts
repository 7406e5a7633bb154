import type { GraphSelects } from '../../src/analysis';
import { analyse } from '../kit/analysis';

function plan(query: string, variables: Record<string, unknown> = {}): GraphSelects {
  return analyse(query, variables).selects;
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

describe('$select lists of an operation', () => {
  it('selects only id for users { nodes { id } }', () => {
    expect(plan('{ users { nodes { id } } }')).toEqual({
      user: ['id'],
      group: ['id'],
      directoryObject: ['id'],
      ...NO_TASK_FIELDS,
    });
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
    const selects = plan(
      '{ users { nodes { memberOf { nodes { displayName } } transitiveMemberOf { totalCount } } } }',
    );
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
    const selects = plan(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { givenName } ... on Group { groupTypes } } }',
    );
    expect(selects.user).toEqual(['id', 'givenName']);
    expect(selects.group).toEqual(['id', 'groupTypes']);
  });

  it('leaves out fields skipped by @skip and @include', () => {
    const query =
      'query($withMail: Boolean!) { me { displayName mail @include(if: $withMail) jobTitle @skip(if: true) } }';
    expect(plan(query, { withMail: false }).user).toEqual(['id', 'displayName']);
    expect(plan(query, { withMail: true }).user).toEqual(['id', 'displayName', 'mail']);
  });
});
