/**
 * An upload's deletion URL (/delete/<shareId>/<token>, made by uploads/deletion-link.ts): GET shows a page
 * asking to confirm, its button POSTs back, DELETE deletes at once (scripts). Deleting is what
 * DELETE /v1/files/:id does: the object, the row and its statistics, then every cache drops the link. A wrong
 * token, a deleted link or a host that may not serve the link answer 404, as an unknown link does.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SHARE_ID_PATTERN } from '../../common/share-key.ts';
import { purgeLink } from '../cache/purge.ts';
import type { AppContext } from '../context.ts';
import { serverSecret } from '../db/settings.ts';
import { findUploadByShareId, type StoredUpload } from '../db/uploads.ts';
import { deleteFile } from '../files/delete-file.ts';
import { confirmDeletionPage, deletedPage } from '../share/page/deletion-page.ts';
import { NOT_FOUND } from '../share/page/status-page.ts';
import { hostScope, scopeAllows } from '../share/host-scope.ts';
import { sendPage, sendStatus } from '../share/respond.ts';
import { DELETION_SECRET_NAME, deletionPath, deletionTokenMatches } from '../uploads/deletion-link.ts';

type DeletionRequest = FastifyRequest<{ Params: { shareId: string; token: string } }>;

export async function registerUploadDeletionRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const secret = await serverSecret(ctx.db, DELETION_SECRET_NAME);
  // the confirmation form posts an empty urlencoded body
  app.addContentTypeParser('application/x-www-form-urlencoded', { bodyLimit: 1024 }, (_request, payload, done) => {
    payload.resume();
    payload.on('end', () => done(null, {}));
    payload.on('error', done);
  });

  async function target(request: DeletionRequest): Promise<StoredUpload | null> {
    const { shareId, token } = request.params;
    if (!SHARE_ID_PATTERN.test(shareId) || !deletionTokenMatches(secret, shareId, token)) return null;
    const upload = await findUploadByShareId(ctx.db, shareId);
    return upload && scopeAllows(await hostScope(ctx, request), upload.userId) ? upload : null;
  }

  async function remove(request: DeletionRequest, upload: StoredUpload): Promise<void> {
    await deleteFile(ctx, upload);
    await purgeLink(ctx, upload.shareId, request.log); // no cache serves it a moment longer
  }

  const url = deletionPath(':shareId', ':token');
  app.get(url, async (request: DeletionRequest, reply: FastifyReply) => {
    const upload = await target(request);
    if (!upload) return sendStatus(request, reply, NOT_FOUND);
    const action = deletionPath(upload.shareId, request.params.token);
    return sendPage(request, reply, 200, (nonce) => confirmDeletionPage(upload, action, nonce), 'no-store');
  });
  app.post(url, async (request: DeletionRequest, reply: FastifyReply) => {
    const upload = await target(request);
    if (!upload) return sendStatus(request, reply, NOT_FOUND);
    await remove(request, upload);
    return sendPage(request, reply, 200, (nonce) => deletedPage(upload.name, nonce), 'no-store');
  });
  app.delete(url, async (request: DeletionRequest, reply: FastifyReply) => {
    const upload = await target(request);
    if (!upload) return reply.code(404).send({ error: 'not_found', message: 'no such link, or a wrong deletion URL' });
    await remove(request, upload);
    return { deleted: true };
  });
}
