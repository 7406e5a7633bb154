/**
 * `/subscriptions` (subscription-post-subscriptions.md, subscription-list.md, subscription-get.md,
 * subscription-update.md, subscription-delete.md, subscription-reauthorize.md; graph-api.md
 * Part 2 §§3.1–3.5). An app sees the subscriptions it created; a delegated caller those its app
 * created for that user. Creating or changing a URL runs the validation handshake first.
 */
import { randomUUID } from 'node:crypto';
import { graphError } from '../../http/errors';
import { contextUrl } from '../../http/odata';
import { holdsAnyPermission, insufficientPrivileges } from '../../http/permissions';
import type { Caller, GraphReply, Route, RouteContext } from '../../http/types';
import type { ChangeType } from '../../tenant/changes';
import { ANY_SUBSCRIPTION_PERMISSION, parseResource, rulesOf, type WatchedResource } from './resources';
import { renderSubscription, subscriptionsOf, type Subscription, type SubscriptionService } from './service';
import { checkNotificationUrl, validateEndpoint } from './validation';

/** A requested expiry under 45 minutes away is raised to 45 minutes (subscription.md). */
const MIN_LIFETIME_MINUTES = 45;
/** clientState: 128 characters on subscription.md, 255 on changenotification.md; the longer is accepted. */
const MAX_CLIENT_STATE = 255;
const CHANGE_TYPES: readonly ChangeType[] = ['created', 'updated', 'deleted'];
const TLS_VERSIONS = ['v1_0', 'v1_1', 'v1_2', 'v1_3'];
/** Web Push fields (subscription.md, 2026): refused on webhook subscriptions. */
const WEB_PUSH_FIELDS = ['vapidPublicKey', 'webPushEncryptionP256dhPublicKey', 'webPushEncryptionSecret'];

const MINUTE_MS = 60_000;

function invalidRequest(message: string): GraphReply {
  return graphError(400, 'InvalidRequest', message);
}

function notFound(): GraphReply {
  return graphError(404, 'ResourceNotFound', 'The object was not found.');
}

function entity(ctx: RouteContext, subscription: Subscription, status: number): GraphReply {
  return {
    status,
    body: { '@odata.context': contextUrl(ctx.call, 'subscriptions/$entity'), ...renderSubscription(subscription) },
  };
}

/** Whether the caller sees the subscription: its own app's, and for a user only theirs. */
function owns(caller: Caller, subscription: Subscription): boolean {
  if (subscription.applicationId !== caller.appId) return false;
  return caller.kind === 'app' || subscription.creatorId === caller.userId;
}

/** The subscription `:subscriptionId` names, if the caller may manage it. */
function target(ctx: RouteContext): { service: SubscriptionService; subscription: Subscription } | GraphReply {
  const service = subscriptionsOf(ctx.tenant);
  const subscription = service.live(ctx.params.subscriptionId ?? '');
  if (!subscription || !owns(ctx.caller, subscription)) return notFound();
  if (!holdsAnyPermission(rulesOf(subscription.watched), ctx.caller)) return insufficientPrivileges();
  return { service, subscription };
}

function isReply(value: unknown): value is GraphReply {
  return typeof value === 'object' && value !== null && 'status' in value;
}

/** The expiry to store for a requested `expirationDateTime`, or Graph's 400. */
function expiryOf(
  value: unknown,
  watched: WatchedResource,
  service: SubscriptionService,
  verb: 'creation' | 'update',
): number | GraphReply {
  if (value === undefined || value === null)
    return invalidRequest(`expirationDateTime is a required property for subscription ${verb}.`);
  const requested = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(requested))
    return graphError(
      400,
      'BadRequest',
      `Cannot convert the literal '${String(value)}' to the expected type 'Edm.DateTimeOffset'.`,
    );
  const maxMinutes = Math.min(rulesOf(watched).maxMinutes, service.maxSubscriptionMinutes ?? Number.POSITIVE_INFINITY);
  const now = Date.now();
  if (requested > now + maxMinutes * MINUTE_MS)
    return invalidRequest(`Subscription expiration can only be ${maxMinutes} minutes in the future.`);
  return Math.max(requested, now + Math.min(MIN_LIFETIME_MINUTES, maxMinutes) * MINUTE_MS);
}

function changeTypesOf(value: unknown, watched: WatchedResource, resource: string): Set<ChangeType> | GraphReply {
  if (typeof value !== 'string' || value.trim() === '')
    return invalidRequest('changeType is a required property for subscription creation.');
  const allowed = rulesOf(watched).changeTypes;
  const types = new Set<ChangeType>();
  for (const raw of value.split(',')) {
    const name = raw.trim().toLowerCase() as ChangeType;
    if (!CHANGE_TYPES.includes(name)) return invalidRequest(`'${raw.trim()}' is not a valid changeType.`);
    if (!allowed.includes(name))
      return invalidRequest(`The changeType '${name}' is not supported for the resource '${resource}'.`);
    types.add(name);
  }
  return types;
}

function objectBody(ctx: RouteContext): Record<string, unknown> | GraphReply {
  const body = ctx.call.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return graphError(400, 'BadRequest', 'Empty Payload. JSON content expected.');
  return body as Record<string, unknown>;
}

/** The optional properties of a create request, checked. */
function optionalProperties(
  body: Record<string, unknown>,
): Pick<Subscription, 'clientState' | 'latestSupportedTlsVersion' | 'notificationUrlAppId'> | GraphReply {
  const clientState = body.clientState ?? null;
  if (clientState !== null && (typeof clientState !== 'string' || clientState.length > MAX_CLIENT_STATE))
    return invalidRequest(`clientState must be a string of at most ${MAX_CLIENT_STATE} characters.`);
  const tls = body.latestSupportedTlsVersion ?? 'v1_2';
  if (typeof tls !== 'string' || !TLS_VERSIONS.includes(tls))
    return invalidRequest(`latestSupportedTlsVersion must be one of ${TLS_VERSIONS.join(', ')}.`);
  if (body.includeResourceData === true)
    return invalidRequest(
      `Rich notifications (includeResourceData) are not supported for the resource '${String(body.resource)}'.`,
    );
  const webPush = WEB_PUSH_FIELDS.find((name) => body[name] !== undefined && body[name] !== null);
  if (webPush) return invalidRequest(`The property '${webPush}' is only valid on Web Push subscriptions.`);
  return {
    clientState: clientState as string | null,
    latestSupportedTlsVersion: tls,
    notificationUrlAppId: typeof body.notificationUrlAppId === 'string' ? body.notificationUrlAppId : null,
  };
}

/** A create request checked in Graph's order: the subscription to store once its URLs pass the handshake. */
function subscriptionFrom(ctx: RouteContext, body: Record<string, unknown>): Subscription | GraphReply {
  const { caller } = ctx;
  if (typeof body.resource !== 'string' || body.resource.trim() === '')
    return invalidRequest('resource is a required property for subscription creation.');
  const watched = parseResource(ctx.tenant, caller, body.resource);
  if (isReply(watched)) return watched;
  if (!holdsAnyPermission(rulesOf(watched), caller)) return insufficientPrivileges();
  if (watched.kind === 'todoTasks' && caller.userId !== watched.ownerId)
    return graphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');

  const changeTypes = changeTypesOf(body.changeType, watched, body.resource);
  if (isReply(changeTypes)) return changeTypes;
  if (body.notificationUrl === undefined || body.notificationUrl === null)
    return invalidRequest('notificationUrl is a required property for subscription creation.');
  const notificationUrl = checkNotificationUrl('notificationUrl', body.notificationUrl);
  if (isReply(notificationUrl)) return notificationUrl;
  let lifecycleUrl: URL | null = null;
  if (body.lifecycleNotificationUrl !== undefined && body.lifecycleNotificationUrl !== null) {
    const checked = checkNotificationUrl('lifecycleNotificationUrl', body.lifecycleNotificationUrl);
    if (isReply(checked)) return checked;
    lifecycleUrl = checked;
  }
  const expiresAt = expiryOf(body.expirationDateTime, watched, subscriptionsOf(ctx.tenant), 'creation');
  if (isReply(expiresAt)) return expiresAt;
  const optional = optionalProperties(body);
  if (isReply(optional)) return optional;
  return {
    id: randomUUID(),
    resource: body.resource,
    applicationId: caller.appId,
    changeType: [...changeTypes].join(','),
    notificationUrl: notificationUrl.href,
    lifecycleNotificationUrl: lifecycleUrl?.href ?? null,
    expiresAt,
    creatorId: (caller.kind === 'app' ? caller.servicePrincipalId : caller.userId) ?? caller.appId,
    ...optional,
    watched,
    changeTypes,
    paused: false,
  };
}

async function createSubscription(ctx: RouteContext): Promise<GraphReply> {
  const body = objectBody(ctx);
  if (isReply(body)) return body;
  const subscription = subscriptionFrom(ctx, body);
  if (isReply(subscription)) return subscription;
  const service = subscriptionsOf(ctx.tenant);
  // Graph validates the notification URL, then the lifecycle URL, before creating anything.
  for (const url of [subscription.notificationUrl, subscription.lifecycleNotificationUrl]) {
    if (url === null) continue;
    const failed = await validateEndpoint(url, service.validationTimeoutMs);
    if (failed) return failed;
  }
  service.add(subscription);
  return entity(ctx, subscription, 201);
}

function listSubscriptions(ctx: RouteContext): GraphReply {
  const visible = subscriptionsOf(ctx.tenant)
    .all()
    .filter((subscription) => owns(ctx.caller, subscription));
  return {
    status: 200,
    body: { '@odata.context': contextUrl(ctx.call, 'subscriptions'), value: visible.map(renderSubscription) },
  };
}

function getSubscription(ctx: RouteContext): GraphReply {
  const found = target(ctx);
  return isReply(found) ? found : entity(ctx, found.subscription, 200);
}

async function updateSubscription(ctx: RouteContext): Promise<GraphReply> {
  const found = target(ctx);
  if (isReply(found)) return found;
  const { service, subscription } = found;
  const body = objectBody(ctx);
  if (isReply(body)) return body;
  if (
    body.lifecycleNotificationUrl !== undefined &&
    body.lifecycleNotificationUrl !== subscription.lifecycleNotificationUrl
  )
    return invalidRequest(
      'lifecycleNotificationUrl cannot be changed on an existing subscription: delete the subscription and create it again.',
    );
  const hasExpiry = body.expirationDateTime !== undefined && body.expirationDateTime !== null;
  const hasUrl = body.notificationUrl !== undefined && body.notificationUrl !== null;
  if (!hasExpiry && !hasUrl)
    return invalidRequest(
      "Subscription must contain either the 'expirationDateTime' or 'notificationUrl' property and its value.",
    );
  let expiresAt = subscription.expiresAt;
  if (hasExpiry) {
    const renewed = expiryOf(body.expirationDateTime, subscription.watched, service, 'update');
    if (isReply(renewed)) return renewed;
    expiresAt = renewed;
  }
  let notificationUrl = subscription.notificationUrl;
  if (hasUrl) {
    const checked = checkNotificationUrl('notificationUrl', body.notificationUrl);
    if (isReply(checked)) return checked;
    if (checked.href !== subscription.notificationUrl) {
      const failed = await validateEndpoint(checked.href, service.validationTimeoutMs);
      if (failed) return failed;
    }
    notificationUrl = checked.href;
  }
  // The handshake may have taken a while: the subscription may have gone meanwhile.
  if (service.live(subscription.id) === null) return notFound();
  subscription.expiresAt = expiresAt;
  subscription.notificationUrl = notificationUrl;
  // Renewing also reauthorizes (change-notifications-lifecycle-events.md).
  subscription.paused = false;
  return entity(ctx, subscription, 200);
}

function deleteSubscription(ctx: RouteContext): GraphReply {
  const found = target(ctx);
  if (isReply(found)) return found;
  found.service.remove(found.subscription.id);
  return { status: 204 };
}

function reauthorizeSubscription(ctx: RouteContext): GraphReply {
  const found = target(ctx);
  if (isReply(found)) return found;
  found.subscription.paused = false;
  return { status: 204 };
}

const permissions = ANY_SUBSCRIPTION_PERMISSION;

export const subscriptionRoutes: Route[] = [
  { method: 'GET', pattern: '/subscriptions', permissions, handler: listSubscriptions },
  { method: 'POST', pattern: '/subscriptions', permissions, handler: createSubscription },
  { method: 'GET', pattern: '/subscriptions/:subscriptionId', permissions, handler: getSubscription },
  { method: 'PATCH', pattern: '/subscriptions/:subscriptionId', permissions, handler: updateSubscription },
  { method: 'DELETE', pattern: '/subscriptions/:subscriptionId', permissions, handler: deleteSubscription },
  {
    method: 'POST',
    pattern: '/subscriptions/:subscriptionId/reauthorize',
    permissions,
    handler: reauthorizeSubscription,
  },
];
