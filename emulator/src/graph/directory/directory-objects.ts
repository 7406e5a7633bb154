/** `/directoryObjects/{id}` and `POST /directoryObjects/getByIds`. */
import { graphError, resourceNotFound } from '../../http/errors';
import { contextUrl } from '../../http/odata';
import type { GraphReply, Route, RouteContext } from '../../http/types';
import type { DirectoryObjectKind } from '../../tenant/model';
import { findObject } from './lookup';
import { READ_DIRECTORY_OBJECTS } from './permissions';
import { directoryEntity } from './query';
import { MIXED_RELATIONSHIP } from './relationships';
import { serializeObject } from './serialize';

/** getByIds accepts at most this many ids (directoryobject-getbyids). */
const MAX_IDS = 1000;

/** Directory types `types` may name; only some of them exist in the emulated tenant. */
const KNOWN_TYPES = new Set([
  'user',
  'group',
  'device',
  'serviceprincipal',
  'orgcontact',
  'directoryrole',
  'application',
  'administrativeunit',
  'directoryobjectpartnerreference',
]);

function badRequest(message: string): GraphReply {
  return graphError(400, 'Request_BadRequest', message);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function getByIds(ctx: RouteContext): GraphReply {
  const body = ctx.call.body;
  if (typeof body !== 'object' || body === null || !isStringArray((body as { ids?: unknown }).ids)) {
    return badRequest("The request body must be a JSON object whose 'ids' property is an array of object ids.");
  }
  const { ids, types } = body as { ids: string[]; types?: unknown };
  if (ids.length > MAX_IDS)
    return badRequest(`The 'ids' array holds ${ids.length} ids; at most ${MAX_IDS} are allowed.`);
  if (types !== undefined && types !== null && !isStringArray(types)) {
    return badRequest(
      'The \'types\' property must be an array of directory object type names, such as ["user", "group"].',
    );
  }
  const wantedKinds = new Set<string>();
  for (const type of types ?? []) {
    const name = type.replace(/^#?microsoft\.graph\./i, '').toLowerCase();
    if (!KNOWN_TYPES.has(name)) return badRequest(`Invalid type '${type}' in 'types'.`);
    wantedKinds.add(name);
  }
  const seen = new Set<string>();
  const value: Record<string, unknown>[] = [];
  for (const id of ids) {
    const object = findObject(ctx.tenant, id);
    if (!object || seen.has(object.record.id)) continue;
    if (wantedKinds.size > 0 && !wantedKinds.has(object.kind.toLowerCase() as Lowercase<DirectoryObjectKind>)) continue;
    seen.add(object.record.id);
    value.push(serializeObject(object, null, { withType: true }));
  }
  return { status: 200, body: { '@odata.context': contextUrl(ctx.call, 'directoryObjects'), value } };
}

export const directoryObjectRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/directoryObjects/getByIds',
    permissions: READ_DIRECTORY_OBJECTS,
    handler: getByIds,
  },
  {
    method: 'GET',
    pattern: '/directoryObjects/:id',
    permissions: READ_DIRECTORY_OBJECTS,
    handler: (ctx) => {
      const object = findObject(ctx.tenant, ctx.params.id ?? '');
      return object ? directoryEntity(ctx, object, MIXED_RELATIONSHIP) : resourceNotFound(ctx.params.id ?? '');
    },
  },
];
