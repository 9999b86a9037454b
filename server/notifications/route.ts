/**
 * `POST /internal/rgw-events/<NOTIFICATION_SECRET>`: the HTTP push endpoint of the RGW topic that
 * `traydrop-server notifications install` creates. Registered only when NOTIFICATION_SECRET is set;
 * a wrong secret gets the same 404 as any unknown path. RGW pushes synchronously, inside the S3
 * request that caused the event, so the answer is immediate (200 after validation, 400 for a body that
 * is not an S3 event batch) and the index is updated afterwards, one event at a time, in order.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { badRequest } from '../errors.ts';
import { parseObjectKey } from '../../common/share-key.ts';
import { purgeLink } from '../cache/purge.ts';
import { applyEvent } from './apply.ts';
import { EventShapeError, type IndexEvent, parseEventBatch } from './events.ts';
import { ERROR_HEADERS } from '../http/safety-headers.ts';

export const NOTIFICATION_PATH = '/internal/rgw-events/';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Constant-time: compares fixed-length digests. */
export function secretMatches(given: string, secret: string): boolean {
  return timingSafeEqual(digest(given), digest(secret));
}

export function registerNotificationRoute(app: FastifyInstance, ctx: AppContext, secret: string): void {
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (events: IndexEvent[]): void => {
    queue = queue.then(async () => {
      for (const event of events) {
        try {
          const outcome = await applyEvent(ctx, event);
          app.log.info({ event: event.kind, ...outcome }, 'bucket notification');
          if (outcome.result === 'removed') await purgeLink(ctx, parseObjectKey(event.key)?.shareId ?? '', app.log);
        } catch (error) {
          app.log.error({ err: error, key: event.key }, 'bucket notification not applied; reconcile will catch it');
        }
      }
    });
  };
  app.addHook('onClose', async () => {
    await queue;
  });

  app.post<{ Params: { secret: string } }>(`${NOTIFICATION_PATH}:secret`, async (request, reply) => {
    if (!secretMatches(request.params.secret, secret))
      return reply.code(404).headers(ERROR_HEADERS).type('text/plain; charset=utf-8').send('Not found.\n');
    let events: IndexEvent[];
    try {
      events = parseEventBatch(request.body, ctx.now());
    } catch (error) {
      if (error instanceof EventShapeError) throw badRequest(`not an S3 event batch: ${error.message}`);
      throw error;
    }
    enqueue(events);
    return { accepted: events.length };
  });
}
