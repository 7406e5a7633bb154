/**
 * `PATCH /users/{id | userPrincipalName}` (user-update.md): writes the given properties and
 * answers 204 No Content; the change is recorded for delta queries and change notifications.
 */
import { graphError, resourceNotFound } from '../../http/errors';
import type { GraphReply, Route, RouteContext } from '../../http/types';
import type { UserRecord } from '../../tenant/model';
import { recordChange } from '../../tenant/changes';
import { findUser } from '../directory/lookup';
import { forbidOthersWithSelfOnlyPermission } from '../directory/permissions';
import { UPDATE_USER } from './permissions';

type ValueShape = 'string' | 'boolean' | 'strings';

/** The properties user-update.md lists as updatable that the emulator's users carry. */
const WRITABLE: Readonly<Record<string, ValueShape>> = {
  accountEnabled: 'boolean',
  businessPhones: 'strings',
  city: 'string',
  companyName: 'string',
  country: 'string',
  department: 'string',
  displayName: 'string',
  employeeId: 'string',
  employeeType: 'string',
  givenName: 'string',
  jobTitle: 'string',
  mailNickname: 'string',
  mobilePhone: 'string',
  officeLocation: 'string',
  otherMails: 'strings',
  postalCode: 'string',
  preferredLanguage: 'string',
  state: 'string',
  streetAddress: 'string',
  surname: 'string',
  usageLocation: 'string',
  userPrincipalName: 'string',
};

/** Properties that exist on a user but that no client may write. */
const READ_ONLY = new Set(['id', 'createdDateTime', 'deletedDateTime', 'mail', 'userType', 'creationType']);

/** Properties Graph refuses to clear. */
const NOT_NULLABLE = new Set(['accountEnabled', 'displayName', 'mailNickname', 'userPrincipalName']);

const WRITABLE_BY_LOWER_NAME = new Map(Object.keys(WRITABLE).map((name) => [name.toLowerCase(), name]));

function badRequest(code: string, message: string): GraphReply {
  return graphError(400, code, message);
}

function fitsShape(value: unknown, shape: ValueShape): boolean {
  if (shape === 'string') return typeof value === 'string';
  if (shape === 'boolean') return typeof value === 'boolean';
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** The validated changes of a PATCH body (canonical names), or Graph's 400. */
function changesIn(body: unknown, user: UserRecord, ctx: RouteContext): Map<string, unknown> | GraphReply {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return badRequest('BadRequest', 'Empty Payload. JSON content expected.');
  const changes = new Map<string, unknown>();
  for (const [given, value] of Object.entries(body as Record<string, unknown>)) {
    if (given.startsWith('@odata.')) continue;
    if (READ_ONLY.has(given))
      return badRequest('Request_BadRequest', `Property '${given}' is read-only and cannot be set.`);
    const name = WRITABLE_BY_LOWER_NAME.get(given.toLowerCase());
    if (name === undefined) {
      return badRequest(
        'BadRequest',
        `The property '${given}' does not exist on type 'microsoft.graph.user'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
      );
    }
    const shape = WRITABLE[name] as ValueShape;
    if (value === null ? NOT_NULLABLE.has(name) : !fitsShape(value, shape))
      return badRequest('Request_BadRequest', `Invalid value specified for property '${name}' of resource 'User'.`);
    changes.set(name, value);
  }
  const upn = changes.get('userPrincipalName');
  if (typeof upn === 'string') {
    const holder = findUser(ctx.tenant, upn);
    if (holder && holder.id !== user.id) {
      return badRequest(
        'Request_BadRequest',
        'Another object with the same value for property userPrincipalName already exists.',
      );
    }
  }
  return changes;
}

function updateUser(ctx: RouteContext): GraphReply {
  const user = findUser(ctx.tenant, ctx.params.id ?? '');
  if (!user) return resourceNotFound(ctx.params.id ?? '');
  // `User.ReadWrite` is the signed-in user's own profile only.
  const forbidden = forbidOthersWithSelfOnlyPermission(ctx, UPDATE_USER, user.id, 'User.ReadWrite');
  if (forbidden) return forbidden;
  const changes = changesIn(ctx.call.body, user, ctx);
  if (!(changes instanceof Map)) return changes;
  if (changes.size === 0) return { status: 204 };

  const record = user as unknown as Record<string, unknown>;
  const upn = changes.get('userPrincipalName');
  if (typeof upn === 'string' && upn.toLowerCase() !== user.userPrincipalName.toLowerCase()) {
    ctx.tenant.userIdsByUpn.delete(user.userPrincipalName.toLowerCase());
    ctx.tenant.userIdsByUpn.set(upn.toLowerCase(), user.id);
  }
  for (const [name, value] of changes) record[name] = Array.isArray(value) ? [...(value as string[])] : value;
  recordChange(ctx.tenant, { kind: 'user', changeType: 'updated', id: user.id, properties: [...changes.keys()] });
  return { status: 204 };
}

export const userWriteRoutes: Route[] = [
  { method: 'PATCH', pattern: '/users/:id', permissions: UPDATE_USER, handler: updateUser },
];
