/**
 * To Do's error bodies. To Do is served from the user's Exchange mailbox and reports Exchange
 * errors: a generic code and message, with the Exchange code inside `innerError` (observed in
 * microsoft-graph-docs-contrib#2486 for renaming a built-in list).
 */
import { graphError } from '../../../http/errors';
import type { GraphReply } from '../../../http/types';

function wrapped(status: number, code: string, message: string, innerCode: string, innerMessage: string): GraphReply {
  return { status, body: { error: { code, message, innerError: { code: innerCode, message: innerMessage } } } };
}

/** Unknown list or task id in the mailbox (also one deleted earlier). */
export function todoNotFound(): GraphReply {
  return wrapped(
    404,
    'itemNotFound',
    'Item not found',
    'ErrorItemNotFound',
    'The specified object was not found in the store.',
  );
}

export function builtInListNotRenamable(): GraphReply {
  return wrapped(
    400,
    'invalidRequest',
    'Invalid request',
    'ErrorInvalidRequest',
    "Your request can't be completed. A default task folder can't be renamed.",
  );
}

export function builtInListNotDeletable(): GraphReply {
  return wrapped(
    400,
    'invalidRequest',
    'Invalid request',
    'ErrorInvalidRequest',
    "Your request can't be completed. A default task folder can't be deleted.",
  );
}

/** A delegated caller asking for another user's mailbox. */
export function mailboxAccessDenied(): GraphReply {
  return graphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
}

export function invalidUser(idOrUpn: string): GraphReply {
  return graphError(404, 'ErrorInvalidUser', `The requested user '${idOrUpn}' is invalid.`);
}

/** Exchange's answer to a dateTimeTimeZone whose zone it does not know. */
export function timeZoneNotSupported(timeZone: string): GraphReply {
  return graphError(
    400,
    'TimeZoneNotSupportedException',
    `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${timeZone}'.`,
  );
}

/** A body the OData layer cannot read into a todoTask or todoTaskList. */
export function todoBadRequest(message: string): GraphReply {
  return graphError(400, 'BadRequest', message);
}

export function unknownTodoProperty(name: string, type: string): GraphReply {
  return todoBadRequest(
    `The property '${name}' does not exist on type 'microsoft.graph.${type}'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
  );
}
