/**
 * A link's thumbnail (server/thumbnails/), made on demand when it was not yet:
 * - `GET /v1/files/:shareId/thumbnail` for its owner (device token; another user's id is 404 like a missing one),
 *   for the dashboard and the app's history, whatever the link's password or limits;
 * - `GET /<shareId>/<name>/thumbnail` on the share gateway for anyone, but only for public links (no password, no
 *   max downloads, not expired: 404 otherwise, as for no link at all), on the hosts that serve the link.
 * A link that has no thumbnail (not an image or video, or ffmpeg failed) is 404; one another instance is making
 * still after the wait is 503 with Retry-After.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SHARE_ID_PATTERN } from '../../common/share-key.ts';
import { deviceOf } from '../auth/device-auth.ts';
import type { AppContext } from '../context.ts';
import { findUploadByShareId } from '../db/uploads.ts';
import { HttpError, notFound } from '../errors.ts';
import { ownUpload } from '../files/file-entry.ts';
import { ERROR_HEADERS } from '../http/safety-headers.ts';
import { shareIdParams } from '../schemas/files.ts';
import { hostScope, scopeAllows } from '../share/host-scope.ts';
import { bytesCacheControl } from '../share/serve-bytes.ts';
import { THUMBNAIL_SUFFIX } from '../thumbnails/og-image.ts';
import { isPublicLink } from '../thumbnails/public-thumbnail.ts';
import { sendThumbnail } from '../thumbnails/send-thumbnail.ts';
import type { Thumbnailer } from '../thumbnails/thumbnailer.ts';

export const THUMBNAIL_API = '/v1/files/:shareId/thumbnail';

const RETRY_SECONDS = 5;

/** The owner's thumbnail (inside the /v1 scope, behind the device token). */
export function registerThumbnailApi(app: FastifyInstance, ctx: AppContext, thumbnails: Thumbnailer): void {
  app.get<{ Params: { shareId: string } }>(
    THUMBNAIL_API,
    { schema: { params: shareIdParams } },
    async (request, reply) => {
      const upload = await ownUpload(ctx, deviceOf(request).userId, request.params.shareId);
      const row = await thumbnails.ensure(upload);
      if (!row) {
        reply.header('retry-after', String(RETRY_SECONDS));
        throw new HttpError(503, 'thumbnail_pending', 'the thumbnail is being made; try again shortly');
      }
      if (row.state !== 'done') throw notFound(`no thumbnail for this file: ${row.detail ?? row.state}`);
      if (!(await sendThumbnail(ctx, request, reply, row, 'private, max-age=300')))
        throw notFound('no thumbnail for this file: it was deleted');
      return reply;
    },
  );
}

/** A status in one line, kept by no shared cache (as the gateway's other status answers). */
function plain(reply: FastifyReply, status: number, text: string): FastifyReply {
  return reply
    .code(status)
    .headers({ ...ERROR_HEADERS, 'cache-control': 'private, no-cache' })
    .type('text/plain; charset=utf-8')
    .send(text);
}

async function publicThumbnail(
  ctx: AppContext,
  thumbnails: Thumbnailer,
  request: FastifyRequest<{ Params: { shareId: string } }>,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const scope = await hostScope(ctx, request);
  const { shareId } = request.params;
  const upload =
    scope.kind !== 'none' && SHARE_ID_PATTERN.test(shareId) ? await findUploadByShareId(ctx.db, shareId) : null;
  if (!upload || !scopeAllows(scope, upload.userId) || !isPublicLink(upload, ctx.now()))
    return plain(reply, 404, 'No thumbnail.\n');
  const row = await thumbnails.ensure(upload);
  if (!row) return plain(reply.header('retry-after', String(RETRY_SECONDS)), 503, 'The thumbnail is being made.\n');
  if (row.state !== 'done' || !(await sendThumbnail(ctx, request, reply, row, bytesCacheControl(upload, ctx.now()))))
    return plain(reply, 404, 'No thumbnail.\n');
  return reply;
}

/** The public path, beside the share routes. */
export function registerPublicThumbnail(app: FastifyInstance, ctx: AppContext, thumbnails: Thumbnailer): void {
  app.route<{ Params: { shareId: string } }>({
    method: ['GET', 'HEAD'],
    url: `/:shareId/:name${THUMBNAIL_SUFFIX}`,
    exposeHeadRoute: false,
    handler: (request, reply) => publicThumbnail(ctx, thumbnails, request, reply),
  });
}
