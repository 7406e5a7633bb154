/**
 * The tenant's subscriptions and what they deliver. It listens to the change log and, for each
 * live subscription watching the changed resource, sends a change notification
 * (changenotification.md; graph-api.md Part 2 §3.6) to its `notificationUrl`. Lifecycle
 * notifications (§3.8) go to its `lifecycleNotificationUrl`. An expired subscription is gone, as
 * Graph deletes it; a subscription that was sent `reauthorizationRequired` delivers nothing
 * until it is renewed or reauthorized (changes in between are lost, as in Graph).
 */
import type { Tenant } from '../../tenant/model';
import { changeLog, type Change, type ChangeType } from '../../tenant/changes';
import {
  DEFAULT_DELIVERY_TIMINGS,
  Notifier,
  type DeliveryStats,
  type DeliveryTimings,
  type Outgoing,
} from './delivery';
import { notifiedChangeType, watches, type WatchedResource } from './resources';
import { VALIDATION_TIMEOUT_MS } from './validation';

export type LifecycleEvent = 'reauthorizationRequired' | 'missed' | 'subscriptionRemoved';
export const LIFECYCLE_EVENTS: readonly LifecycleEvent[] = ['reauthorizationRequired', 'missed', 'subscriptionRemoved'];

export interface SubscriptionOptions {
  /** Caps every resource's longest lifetime (and the 45-minute floor) at this many minutes. */
  maxSubscriptionMinutes?: number;
  validationTimeoutMs?: number;
  delivery?: Partial<DeliveryTimings>;
}

export interface Subscription {
  id: string;
  resource: string;
  applicationId: string;
  changeType: string;
  clientState: string | null;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  expiresAt: number;
  creatorId: string;
  latestSupportedTlsVersion: string;
  notificationUrlAppId: string | null;
  watched: WatchedResource;
  changeTypes: ReadonlySet<ChangeType>;
  /** Sent `reauthorizationRequired` and not yet renewed or reauthorized. */
  paused: boolean;
}

/** The subscription resource as Graph shows it (subscription.md), in Graph's property order. */
export function renderSubscription(subscription: Subscription): Record<string, unknown> {
  return {
    id: subscription.id,
    resource: subscription.resource,
    applicationId: subscription.applicationId,
    changeType: subscription.changeType,
    clientState: subscription.clientState,
    notificationUrl: subscription.notificationUrl,
    notificationQueryOptions: null,
    lifecycleNotificationUrl: subscription.lifecycleNotificationUrl,
    expirationDateTime: new Date(subscription.expiresAt).toISOString(),
    creatorId: subscription.creatorId,
    includeResourceData: null,
    latestSupportedTlsVersion: subscription.latestSupportedTlsVersion,
    encryptionCertificate: null,
    encryptionCertificateId: null,
    notificationUrlAppId: subscription.notificationUrlAppId,
  };
}

function isLifecycle(notification: Outgoing): boolean {
  return 'lifecycleEvent' in notification.item;
}

export class SubscriptionService {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly notifier: Notifier;
  private suppressed = 0;
  readonly maxSubscriptionMinutes: number | undefined;
  readonly validationTimeoutMs: number;

  constructor(
    private readonly tenant: Tenant,
    options: SubscriptionOptions = {},
  ) {
    this.maxSubscriptionMinutes = options.maxSubscriptionMinutes;
    this.validationTimeoutMs = options.validationTimeoutMs ?? VALIDATION_TIMEOUT_MS;
    this.notifier = new Notifier(
      { ...DEFAULT_DELIVERY_TIMINGS, ...options.delivery },
      {
        stillWanted: (notification) => isLifecycle(notification) || this.live(notification.subscriptionId) !== null,
        dropped: (notifications) => this.reportMissed(notifications),
      },
    );
    changeLog(tenant).onChange((change) => this.notify(change));
  }

  /** The subscription if it exists and has not expired (an expired one is deleted on the way). */
  live(id: string): Subscription | null {
    const subscription = this.subscriptions.get(id.toLowerCase());
    if (!subscription) return null;
    if (subscription.expiresAt <= Date.now()) {
      this.subscriptions.delete(subscription.id);
      return null;
    }
    return subscription;
  }

  all(): Subscription[] {
    return [...this.subscriptions.keys()].map((id) => this.live(id)).filter((s): s is Subscription => s !== null);
  }

  add(subscription: Subscription): void {
    this.subscriptions.set(subscription.id, subscription);
  }

  remove(id: string): boolean {
    return this.subscriptions.delete(id.toLowerCase());
  }

  /** Sends a lifecycle notification; `subscriptionRemoved` also deletes the subscription. */
  sendLifecycle(subscription: Subscription, event: LifecycleEvent): void {
    if (subscription.lifecycleNotificationUrl === null) return;
    this.notifier.send(subscription.lifecycleNotificationUrl, {
      subscriptionId: subscription.id,
      item: {
        subscriptionId: subscription.id,
        subscriptionExpirationDateTime: new Date(subscription.expiresAt).toISOString(),
        tenantId: this.tenant.tenantId,
        clientState: subscription.clientState,
        lifecycleEvent: event,
      },
    });
    if (event === 'reauthorizationRequired') subscription.paused = true;
    if (event === 'subscriptionRemoved') this.remove(subscription.id);
  }

  deliveryStats(): DeliveryStats & { suppressed: number } {
    return { ...this.notifier.stats(), suppressed: this.suppressed };
  }

  close(): void {
    this.notifier.close();
  }

  private notify(change: Change): void {
    for (const subscription of this.all()) {
      if (!watches(subscription.watched, change)) continue;
      const changeType = notifiedChangeType(subscription.watched, change);
      if (!subscription.changeTypes.has(changeType)) continue;
      if (subscription.paused) {
        this.suppressed += 1;
        continue;
      }
      this.notifier.send(subscription.notificationUrl, {
        subscriptionId: subscription.id,
        item: this.changeNotification(subscription, change, changeType),
      });
    }
  }

  private changeNotification(
    subscription: Subscription,
    change: Change,
    changeType: ChangeType,
  ): Record<string, unknown> {
    const { resource, resourceData } = this.resourceOf(change);
    return {
      subscriptionId: subscription.id,
      subscriptionExpirationDateTime: new Date(subscription.expiresAt).toISOString(),
      clientState: subscription.clientState,
      changeType,
      resource,
      tenantId: this.tenant.tenantId,
      resourceData,
    };
  }

  /** `resource` and `resourceData` as Graph writes them: PascalCase types and entity sets for directory objects. */
  private resourceOf(change: Change): { resource: string; resourceData: Record<string, unknown> } {
    if (change.kind === 'todoTask') {
      const resource = `Users/${change.ownerId ?? ''}/todo/lists/${change.parentId ?? ''}/tasks/${change.id}`;
      const task = this.tenant.todoTasksOf.get(change.parentId ?? '')?.find((candidate) => candidate.id === change.id);
      const resourceData: Record<string, unknown> = {
        '@odata.type': '#Microsoft.Graph.todoTask',
        '@odata.id': resource,
      };
      if (task && change.changeType !== 'deleted') resourceData['@odata.etag'] = task.etag;
      resourceData.id = change.id;
      return { resource, resourceData };
    }
    const set = change.kind === 'group' ? 'Groups' : 'Users';
    const resource = `${set}/${change.id}`;
    const resourceData: Record<string, unknown> = {
      '@odata.type': change.kind === 'group' ? '#Microsoft.Graph.Group' : '#Microsoft.Graph.User',
      '@odata.id': resource,
      id: change.id,
      organizationId: this.tenant.tenantId,
    };
    if (change.member) {
      const member = this.tenant.directoryObjects.get(change.member.id);
      const ref: Record<string, unknown> = {
        '@odata.type': `#microsoft.graph.${member?.kind ?? 'user'}`,
        id: change.member.id,
      };
      if (!change.member.added) ref['@removed'] = { reason: 'deleted' };
      resourceData['members@delta'] = [ref];
    }
    return { resource, resourceData };
  }

  /** Change notifications given up on: each subscription concerned is sent `missed` (if it has a lifecycle URL). */
  private reportMissed(notifications: readonly Outgoing[]): void {
    const ids = new Set(notifications.filter((n) => !isLifecycle(n)).map((n) => n.subscriptionId));
    for (const id of ids) {
      const subscription = this.live(id);
      if (subscription) this.sendLifecycle(subscription, 'missed');
    }
  }
}

const services = new WeakMap<Tenant, SubscriptionService>();

/** Creates the tenant's subscription service (once, when the emulator is built). */
export function startSubscriptions(tenant: Tenant, options: SubscriptionOptions = {}): SubscriptionService {
  const existing = services.get(tenant);
  if (existing) return existing;
  const service = new SubscriptionService(tenant, options);
  services.set(tenant, service);
  return service;
}

/** The tenant's subscription service (default options when the emulator did not start one). */
export function subscriptionsOf(tenant: Tenant): SubscriptionService {
  return services.get(tenant) ?? startSubscriptions(tenant);
}
