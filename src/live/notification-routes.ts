/**
 * `POST /graph/notifications` and `POST /graph/lifecycle`: where Graph delivers change and
 * lifecycle notifications (graph-api.md Part 2 §§3.2, 3.6–3.8). Graph sends no credentials, so
 * these routes take none; instead every item must name a live subscription and carry its secret
 * `clientState` (checked in `graph-subscriptions.ts`). They answer the validation handshake at
 * once, and a delivery with `202` before processing it, well inside Graph's 3 s; a body too large
 * or not shaped like a notification collection is refused without touching any subscription.
 */
import express, { type ErrorRequestHandler, type Router } from 'express';
import { z } from 'zod';
import type { Logger } from '../logger';
import {
  LIFECYCLE_PATH,
  NOTIFICATIONS_PATH,
  type GraphSubscriptions,
  type NotificationItem,
} from './graph-subscriptions';

/** Graph batches notifications; basic ones (no resource data) are a few hundred bytes each. */
export const MAX_NOTIFICATION_BODY_BYTES = 1024 * 1024;
const MAX_ITEMS = 1000;

const Item = z.object({
  subscriptionId: z.string().min(1).max(100),
  clientState: z.string().max(255).nullish(),
  changeType: z.string().max(50).optional(),
  lifecycleEvent: z.string().max(50).optional(),
  resource: z.string().max(2000).optional(),
  resourceData: z
    .object({ id: z.string().max(1000).optional(), '@odata.etag': z.string().max(1000).optional() })
    .optional(),
});

const Collection = z.object({ value: z.array(z.unknown()).max(MAX_ITEMS) });

/** The token as text: Graph sends it URL-encoded and wants it back decoded; escaped in case it is ever not opaque. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function notificationRoutes(subscriptions: GraphSubscriptions, logger: Logger): Router {
  const router = express.Router();
  for (const path of [NOTIFICATIONS_PATH, LIFECYCLE_PATH]) {
    router.post(
      path,
      (req, res, next) => {
        const token = req.query.validationToken;
        if (token === undefined) {
          next();
          return;
        }
        if (typeof token !== 'string' || token.length > 4096) {
          res.status(400).type('text/plain').send('validationToken must be one string.');
          return;
        }
        res.status(200).set('x-content-type-options', 'nosniff').type('text/plain').send(escapeHtml(token));
      },
      express.json({ limit: MAX_NOTIFICATION_BODY_BYTES, type: () => true }),
      (req, res) => {
        const collection = Collection.safeParse(req.body);
        if (!collection.success) {
          res.status(400).type('text/plain').send('The body must be a notification collection: {"value": [...]}.');
          return;
        }
        res.status(202).end();
        // After the answer: Graph counts a reply slower than 3 s as a failure.
        setImmediate(() => {
          const items: NotificationItem[] = [];
          for (const raw of collection.data.value) {
            const item = Item.safeParse(raw);
            if (item.success) items.push(item.data);
          }
          subscriptions.dropMalformed(collection.data.value.length - items.length);
          try {
            subscriptions.receive(items);
          } catch (error) {
            logger.error('Processing Graph notifications failed', {
              message: error instanceof Error ? error.message : String(error),
            });
          }
        });
      },
    );
  }
  const refuse: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
    const status =
      typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number'
        ? error.status
        : 500;
    res
      .status(status === 413 ? 413 : 400)
      .type('text/plain')
      .send(status === 413 ? 'The body is too large.' : 'The body is not JSON.');
  };
  router.use([NOTIFICATIONS_PATH, LIFECYCLE_PATH], refuse);
  return router;
}
