/**
 * `CreateOutlookTaskInput` / `UpdateOutlookTaskInput` → To Do's todoTask body: enums in Graph's
 * spelling, instants as `{dateTime, timeZone: "UTC"}`, notes as a text itemBody, and whose To Do
 * it is (`/me` needs a signed-in user, so app-only callers must name the user).
 */
import type { CreateOutlookTaskInput, UpdateOutlookTaskInput } from '../../__generated__/resolvers-types';
import type { Context } from '../../context';
import { SIGNED_IN_USER, type TodoTaskChanges, type UserRef } from '../../graph/client';
import { todoDateTimeFromUtc } from '../../graph/todo-date-time';
import { badUserInput } from '../../errors';
import { importanceToGraph, statusToGraph } from './enums';

export function taskOwnerOf(userId: string | null | undefined, { graphIdentity }: Context, mutation: string): UserRef {
  if (userId != null) return userId;
  if (graphIdentity === 'app') {
    throw badUserInput(
      `${mutation} needs to know whose To Do to change, but this gateway calls Microsoft Graph with an app-only token ` +
        '(GRAPH_AUTH_MODE=app), which has no signed-in user. Pass input.userId.',
      { argument: 'userId' },
    );
  }
  return SIGNED_IN_USER;
}

type DateInputs = Pick<UpdateOutlookTaskInput, 'dueDateTime' | 'startDateTime' | 'reminderDateTime'>;

function dateChanges(input: DateInputs, changes: TodoTaskChanges): void {
  for (const name of ['dueDateTime', 'startDateTime', 'reminderDateTime'] as const) {
    const value = input[name];
    if (value === undefined) continue;
    changes[name] = value === null ? null : todoDateTimeFromUtc(value, name);
  }
}

function commonChanges(input: CreateOutlookTaskInput | UpdateOutlookTaskInput, changes: TodoTaskChanges): void {
  if (input.body != null) changes.body = { content: input.body, contentType: 'text' };
  if (input.importance != null) changes.importance = importanceToGraph(input.importance);
  if (input.status != null) changes.status = statusToGraph(input.status);
  if (input.isReminderOn != null) changes.isReminderOn = input.isReminderOn;
  if (input.categories != null) changes.categories = [...input.categories];
  dateChanges(input, changes);
}

export function newTodoTaskBody(input: CreateOutlookTaskInput): TodoTaskChanges & { title: string } {
  if (input.title.trim() === '') throw badUserInput('title must not be empty.', { argument: 'title' });
  const body: TodoTaskChanges & { title: string } = { title: input.title };
  commonChanges(input, body);
  return body;
}

export function todoTaskChangesBody(input: UpdateOutlookTaskInput): TodoTaskChanges {
  const changes: TodoTaskChanges = {};
  if (input.title !== undefined) {
    if (input.title === null || input.title.trim() === '')
      throw badUserInput('title must not be empty; leave it out to keep the current title.', { argument: 'title' });
    changes.title = input.title;
  }
  for (const name of ['body', 'importance', 'status', 'isReminderOn', 'categories'] as const) {
    if (input[name] === null)
      throw badUserInput(`${name} cannot be null; leave it out to keep the current value.`, { argument: name });
  }
  commonChanges(input, changes);
  if (Object.keys(changes).length === 0) {
    throw badUserInput('updateOutlookTask needs at least one change besides userId, listId and id.', {
      argument: 'input',
    });
  }
  return changes;
}
