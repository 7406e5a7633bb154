/**
 * The retired beta Outlook tasks API (`/me/outlook/tasks`, `/users/{id}/outlook/tasks`, task
 * folders and task groups). It "stopped returning data on August 20, 2022": the emulator
 * answers its collections on beta with an empty page (never invented tasks), and on v1.0,
 * which never had it, with Graph's unknown-segment error. Outlook's tasks live in To Do.
 */
import { graphError } from '../../http/errors';
import { contextUrl } from '../../http/odata';
import type { GraphReply, Route, RouteContext } from '../../http/types';
import { OUTLOOK_TASKS_READ } from './permissions';
import { openMailbox } from './todo/mailbox';

function retiredCollection(segment: string): (ctx: RouteContext) => GraphReply {
  return (ctx) => {
    if (ctx.call.version !== 'beta')
      return graphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
    const mailbox = openMailbox(ctx);
    if (!mailbox.ok) return mailbox.reply;
    return {
      status: 200,
      body: {
        '@odata.context': contextUrl(ctx.call, `users('${mailbox.value.ownerId}')/outlook/${segment}`),
        value: [],
      },
    };
  };
}

export const outlookTaskRoutes: Route[] = ['tasks', 'taskFolders', 'taskGroups'].map((segment) => ({
  method: 'GET' as const,
  pattern: `/users/:id/outlook/${segment}`,
  permissions: OUTLOOK_TASKS_READ,
  handler: retiredCollection(segment),
}));
